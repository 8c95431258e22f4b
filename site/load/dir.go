package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/signpost-directory/signpost/site/regularfile"
)

// Dir is the content folder at path on disk, as os.DirFS gives it, for
// Scan. Its files are read with the fewest system calls the system
// offers (regularfile: at 100,000 listings, os.Open's were a quarter of
// the time a check took when it remembered the rest), with the same
// refusals: a file that is not an ordinary file when it is read (a link
// or a named pipe put there since the folder was listed) is never
// followed or waited for.
func Dir(path string) fs.FS {
	return dirFS{FS: os.DirFS(path), path: path}
}

type dirFS struct {
	fs.FS
	path string
}

// readRegular reads the ordinary file rel of fsys, up to limit+1 bytes,
// and refuses any other with its type. handled is false when fsys is not
// a Dir, which it cannot read.
func readRegular(fsys fs.FS, rel string, limit int) (data []byte, notRegular fs.FileMode, handled bool, err error) {
	dir, ok := fsys.(dirFS)
	if !ok || !fs.ValidPath(rel) {
		return nil, 0, false, nil
	}
	// Localize refuses what is not a local name on this system (on
	// Windows, a backslash or a colon), as os.DirFS does.
	local, err := filepath.Localize(rel)
	if err != nil {
		return nil, 0, true, err
	}
	data, err = regularfile.ReadAll(filepath.Join(dir.path, local), limit)
	if irregular, isIrregular := errors.AsType[*regularfile.NotRegularError](err); isIrregular {
		return nil, irregular.Type, true, nil
	}
	return data, 0, true, err
}
