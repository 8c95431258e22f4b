package check

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/program"
)

// Verdicts remembers, from one run to the next, the files in which the
// checks that read nothing but the file itself (the JSON Schema, the
// numbers, the safety of the Markdown) found nothing at all, so that a
// large directory is not validated again file by file when one listing
// changed. A file is known by a hash of its path, kind and text, and of
// the signpost program itself, so a new version of signpost (new schemas,
// new checks) starts afresh. Everything else (references, vocabularies,
// schedules, staleness) is checked on every run, for every file.
//
// A Verdicts is safe for use by the goroutines of one run.
type Verdicts struct {
	path    string
	program [sha256.Size]byte
	// known is what the last run saved; it is not changed during a run.
	known map[[sha256.Size]byte]bool

	mu sync.Mutex
	// clean is what this run found (or took from known) for the files it
	// saw, which is what Save keeps: files gone since are forgotten.
	clean map[[sha256.Size]byte]bool
	// changed is set when this run found a file clean that known did
	// not hold.
	changed bool
}

// verdictsMagic starts a verdicts file; the format is the magic, the
// program's hash, then the sorted hashes of the clean files.
const verdictsMagic = "signpost check verdicts 1\n"

// verdictsFile is the name of the file in the cache folder.
const verdictsFile = "verdicts"

// LoadVerdicts reads what earlier runs saved in dir (which need not
// exist). A file that cannot be read, is damaged or was written by
// another signpost program is ignored: the run then checks every file.
// The error says only that the program's own identity could not be read,
// in which case nothing can be remembered safely.
func LoadVerdicts(dir string) (*Verdicts, error) {
	program, err := programIdentity()
	if err != nil {
		return nil, err
	}
	v := &Verdicts{path: filepath.Join(dir, verdictsFile), program: program,
		known: map[[sha256.Size]byte]bool{}, clean: map[[sha256.Size]byte]bool{}}
	data, err := os.ReadFile(v.path)
	if err != nil {
		return v, nil
	}
	rest, ok := bytes.CutPrefix(data, []byte(verdictsMagic))
	if !ok || len(rest) < sha256.Size || !bytes.Equal(rest[:sha256.Size], program[:]) ||
		(len(rest)-sha256.Size)%sha256.Size != 0 {
		return v, nil
	}
	for rest = rest[sha256.Size:]; len(rest) > 0; rest = rest[sha256.Size:] {
		v.known[[sha256.Size]byte(rest[:sha256.Size])] = true
	}
	return v, nil
}

// programIdentity is program.Identity as the bytes a verdicts file holds.
func programIdentity() ([sha256.Size]byte, error) {
	id, err := program.Identity()
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256([]byte(id)), nil
}

// key is what a file is known by.
func (v *Verdicts) key(f *load.File) [sha256.Size]byte {
	h := sha256.New()
	h.Write(v.program[:])
	fmt.Fprintf(h, "%s\x00%d\x00%t\x00%d\x00", f.Source.Path, f.Kind, f.Markdown, len(f.Source.Text))
	io.WriteString(h, f.Source.Text)
	return [sha256.Size]byte(h.Sum(nil))
}

// lookup returns the key of f and whether an earlier run found nothing
// in its own checks; if so, that is kept for the next run.
func (v *Verdicts) lookup(f *load.File) (key [sha256.Size]byte, clean bool) {
	if v == nil {
		return key, false
	}
	key = v.key(f)
	if clean = v.known[key]; clean {
		v.record(key)
	}
	return key, clean
}

// record keeps for the next run that the file known by key had nothing
// wrong with it.
func (v *Verdicts) record(key [sha256.Size]byte) {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.clean[key] = true
	if !v.known[key] {
		v.changed = true
	}
}

// Save writes what this run found for the next one, when it differs from
// what was read. The file is replaced whole, so a run stopped while
// saving leaves the previous one.
func (v *Verdicts) Save() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.changed && len(v.clean) == len(v.known) {
		return nil
	}
	keys := make([][sha256.Size]byte, 0, len(v.clean))
	for k := range v.clean {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	data := make([]byte, 0, len(verdictsMagic)+sha256.Size*(len(keys)+1))
	data = append(data, verdictsMagic...)
	data = append(data, v.program[:]...)
	for _, k := range keys {
		data = append(data, k[:]...)
	}
	if err := os.MkdirAll(filepath.Dir(v.path), 0o755); err != nil {
		return fmt.Errorf("saving what the check found: %w", err)
	}
	if err := atomicfile.Write(v.path, data); err != nil {
		return fmt.Errorf("saving what the check found: %w", err)
	}
	return nil
}
