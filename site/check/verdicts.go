package check

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/signpost-directory/signpost/site/atomicfile"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/program"
)

// Verdicts remembers, from one run to the next, the files in which the
// checks that read nothing but the file itself (the JSON Schema, the
// numbers, the safety of the Markdown) found nothing at all, so that a
// large directory is not validated again file by file when one listing
// changed, and the tree their YAML parsed into (load.EncodeTree), so that
// it is not parsed again either. A file is known by a hash of its path,
// kind and text, and of the signpost program itself, so a new version of
// signpost (new schemas, new checks, a new YAML parser) starts afresh.
// Everything else (references, vocabularies, schedules, staleness) is
// checked on every run, for every file, from the tree.
//
// The cache folder must be as trusted as the program: a verdicts file
// can make a check skip the checks of a file, and its trees can make it
// see what the file does not say. Its checksum catches damage, not
// forgery. The workflows keep it in the Actions cache from the published
// builds of the main branch only; a pull request restores it but cannot
// write what other runs read.
//
// A Verdicts is safe for use by the goroutines of one run.
type Verdicts struct {
	path    string
	program [sha256.Size]byte
	// known is what the last run saved: each clean file's encoded tree,
	// or "" when none was kept. It is not changed during a run.
	known map[[sha256.Size]byte]string

	mu sync.Mutex
	// clean is what this run found (or took from known) for the files it
	// saw, which is what Save keeps: files gone since are forgotten.
	clean map[[sha256.Size]byte]string
	// changed is set when this run found a file clean, or kept a tree,
	// that known did not hold.
	changed bool
}

// verdict is what Verdicts knows of one file.
type verdict struct {
	key [sha256.Size]byte
	// clean is set when an earlier run found nothing in the file's own checks.
	clean bool
	// tree is the file's encoded tree, when clean and one was kept.
	tree string
}

// verdictsMagic starts a verdicts file. The format is the magic, the
// program's hash, then for each clean file, in the order of their hashes,
// the hash, the length of its encoded tree as a varint (0 for none) and
// the tree; last, a CRC-32C (Castagnoli) of all before it, big-endian.
const verdictsMagic = "signpost check verdicts 2\n"

// verdictsFile is the name of the file in the cache folder.
const verdictsFile = "verdicts"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

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
		known: map[[sha256.Size]byte]string{}, clean: map[[sha256.Size]byte]string{}}
	data, err := os.ReadFile(v.path)
	if err != nil || len(data) < crc32.Size {
		return v, nil
	}
	body, sum := data[:len(data)-crc32.Size], data[len(data)-crc32.Size:]
	if crc32.Checksum(body, castagnoli) != binary.BigEndian.Uint32(sum) {
		return v, nil
	}
	// The file is tens of megabytes at 100,000 listings (56 MB measured);
	// it is read as a string without a copy, since nothing writes to data
	// again.
	if known, ok := parseVerdicts(unsafe.String(unsafe.SliceData(body), len(body)), program); ok {
		v.known = known
	}
	return v, nil
}

// parseVerdicts reads the body of a verdicts file (without its checksum)
// whole, or reports false. The encoded trees are parts of body, which the
// Verdicts keeps until it is saved; the nodes taken back from them do
// not (their strings are parts of each file's text, or copies).
func parseVerdicts(body string, program [sha256.Size]byte) (map[[sha256.Size]byte]string, bool) {
	rest, ok := strings.CutPrefix(body, verdictsMagic)
	if !ok || !strings.HasPrefix(rest, string(program[:])) {
		return nil, false
	}
	known := map[[sha256.Size]byte]string{}
	for rest = rest[sha256.Size:]; rest != ""; {
		if len(rest) < sha256.Size {
			return nil, false
		}
		key := [sha256.Size]byte([]byte(rest[:sha256.Size]))
		rest = rest[sha256.Size:]
		n, size := binary.Uvarint([]byte(rest[:min(len(rest), binary.MaxVarintLen64)]))
		if size <= 0 || n > uint64(len(rest)-size) {
			return nil, false
		}
		known[key] = rest[size : size+int(n)]
		rest = rest[size+int(n):]
	}
	return known, true
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

// lookup returns what an earlier run found in the file f, read but not
// yet parsed.
func (v *Verdicts) lookup(f *load.File) verdict {
	if v == nil {
		return verdict{}
	}
	key := v.key(f)
	tree, clean := v.known[key]
	return verdict{key: key, clean: clean, tree: tree}
}

// record keeps for the next run that the file known by key had nothing
// wrong with it, and its encoded tree ("" for none).
func (v *Verdicts) record(key [sha256.Size]byte, tree string) {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.clean[key] = tree
	if known, ok := v.known[key]; !ok || known != tree {
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
	keys := slices.SortedFunc(maps.Keys(v.clean), func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	size := len(verdictsMagic) + sha256.Size + crc32.Size
	for _, k := range keys {
		size += sha256.Size + binary.MaxVarintLen64 + len(v.clean[k])
	}
	data := make([]byte, 0, size)
	data = append(data, verdictsMagic...)
	data = append(data, v.program[:]...)
	for _, k := range keys {
		data = append(data, k[:]...)
		data = binary.AppendUvarint(data, uint64(len(v.clean[k])))
		data = append(data, v.clean[k]...)
	}
	data = binary.BigEndian.AppendUint32(data, crc32.Checksum(data, castagnoli))
	if err := os.MkdirAll(filepath.Dir(v.path), 0o755); err != nil {
		return fmt.Errorf("saving what the check found: %w", err)
	}
	if err := atomicfile.Write(v.path, data); err != nil {
		return fmt.Errorf("saving what the check found: %w", err)
	}
	return nil
}
