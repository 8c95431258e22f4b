package load

import (
	"io/fs"
	"slices"

	"github.com/signpost-directory/signpost/site/diag"
)

// content is every file the tests read from a content folder.
type content struct {
	Files []*File // in the order Scan lists them
}

// readAll reads a content folder through the package's entry points, as
// site.Check does: Scan finds the files, then Read reads each in turn. The
// messages are the folder's, then each file's.
func readAll(fsys fs.FS, dir string) (*content, diag.List, error) {
	folder, err := Scan(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	c := &content{}
	msgs := slices.Clone(folder.Messages)
	for _, e := range folder.Entries {
		f, fileMsgs := folder.Read(e)
		c.Files = append(c.Files, f)
		msgs.Extend(fileMsgs)
	}
	return c, msgs, nil
}
