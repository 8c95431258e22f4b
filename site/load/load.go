// Package load reads a content folder from disk. It finds the files signpost
// knows, splits Markdown front matter from the body and parses YAML into
// nodes that keep every value's line and column. It refuses input that is
// unsafe or pointless to parse (symbolic links and special files, which it
// never opens; too large, not UTF-8, NUL bytes, control characters and
// bidirectional overrides, YAML anchors and aliases)
// with a message for that file, and always goes on to the other files.
package load

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/diag"
)

// Kind says what a content file describes.
type Kind int

const (
	DirectoryFile Kind = iota
	TaxonomyFile
	OrganizationFile
	VenueFile
	ListingFile
	TranslationFile
	// PlacesFile is content/places.yaml, the named places.
	PlacesFile
	// PostcodesFile is content/postcodes.csv. It can be large, so Read
	// does not read it: Open streams it.
	PostcodesFile
)

func (k Kind) String() string {
	return [...]string{"directory settings", "vocabularies", "organization", "venue", "listing", "translation",
		"places", "postcodes"}[k]
}

// MaxFileSize is the largest content file signpost reads. Real listings are
// a few kilobytes; anything near this is a mistake or an attack.
const MaxFileSize = 1 << 20

// MaxPostcodesSize is the largest postcodes.csv signpost reads. Every
// postcode of the United Kingdom (about 2.7 million, with positions) is
// under 100 MB; a directory's own area is a small part of that.
const MaxPostcodesSize = 100 << 20

// File is one parsed content file.
type File struct {
	Kind Kind
	// ID is the file name without extensions.
	ID string
	// Lang is the language code of a translation (walk.pl.md → "pl").
	Lang   string
	Source *diag.Source
	// Data is the top-level mapping, with positions relative to the whole
	// file. It is nil when the file could not be read or parsed; the file
	// is still listed so that its id counts as taken and references to it
	// do not report a second, misleading problem.
	Data *yaml.Node
	// Markdown is set for .md files, whose Body follows the front matter.
	Markdown   bool
	Body       string
	BodyOffset int // byte offset of Body in Source.Text
}

// ErrNotFound is returned when the content folder does not exist.
var ErrNotFound = errors.New("content folder not found")

// Folder is a content folder whose files have been found but not yet read,
// so a caller can read and check each file in one pass.
type Folder struct {
	fsys fs.FS
	// Dir is the folder as the user named it, used in messages.
	Dir     string
	Entries []Entry
	// Messages are problems with the folder's layout: misplaced files,
	// a missing directory.yaml.
	Messages diag.List
}

// Entry is one file signpost will read.
type Entry struct {
	Path string // relative to the folder, with forward slashes
	Kind Kind
}

// Scan finds the files of the content folder fsys. dir is how the user
// named the folder (e.g. "content"); file paths in messages start with it.
// The error is for problems with the folder itself.
func Scan(fsys fs.FS, dir string) (*Folder, error) {
	if _, err := fs.Stat(fsys, "."); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotFound)
	}
	folder := &Folder{fsys: fsys, Dir: dir}
	msgs := &folder.Messages
	var hidden []string              // dot-files, said once at the end
	lowerCase := map[string]string{} // lower-case path → path, for names that differ only in case
	refusedSettings := false         // directory.yaml is there, but a link
	err := fs.WalkDir(fsys, ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Unreadable,
				Text: fmt.Sprintf("%s cannot be read: %v", display(dir, rel), unwrapPathError(err))})
			return nil
		}
		if rel == "." {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || (!d.IsDir() && EditorFile(name)) {
			if strings.HasPrefix(name, ".") && !toolFile(name) {
				shown := display(dir, rel)
				if d.IsDir() {
					shown += "/"
				}
				hidden = append(hidden, shown)
			}
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if windowsReserved(name) {
			msgs.Add(reservedName(dir, rel, d.IsDir()))
		}
		if other, clash := lowerCase[strings.ToLower(rel)]; clash {
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.CaseClash,
				Text: fmt.Sprintf("%s and %s differ only in capital letters", display(dir, other), display(dir, rel)),
				Hint: "Windows and macOS treat them as the same name, so one would replace the other there.\n" +
					"Rename or delete one of them."})
		} else {
			lowerCase[strings.ToLower(rel)] = rel
		}
		// The entry's type comes from the folder listing, without following
		// links, so a link or a named pipe is refused without being opened.
		if !d.IsDir() && !d.Type().IsRegular() {
			msgs.Add(notRegular(display(dir, rel), d.Type()))
			refusedSettings = refusedSettings || rel == "directory.yaml"
			return nil
		}
		if d.IsDir() {
			switch rel {
			case "organizations", "venues", "listings":
				return nil
			}
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.MisplacedFile,
				Text: fmt.Sprintf("%s/ is a folder signpost does not read", display(dir, rel)), Hint: misplacedHint})
			return fs.SkipDir
		}
		kind, problem := classify(rel)
		if problem != "" {
			msgs.Add(misplaced(dir, rel, problem))
			return nil
		}
		if (kind == ListingFile || kind == TranslationFile) && listingID(name) == "index" {
			// Hugo reads listings/index.md as the folder's own page and
			// every other listing as a file of it: no listing page at all.
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.ReservedName,
				Location: &diag.Location{File: display(dir, rel), Line: 1, Column: 1},
				Text:     fmt.Sprintf("%s has a name the website keeps for its own list of activities", display(dir, rel)),
				Hint:     "Rename it after the activity, like walking-group.md (and change any translations' names to match)."})
			return nil
		}
		if kind >= 0 {
			folder.Entries = append(folder.Entries, Entry{Path: rel, Kind: kind})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	if len(hidden) > 0 {
		msgs.Add(hiddenFiles(hidden))
	}
	if !refusedSettings && !slices.ContainsFunc(folder.Entries, func(e Entry) bool { return e.Kind == DirectoryFile }) {
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.MissingDirectory,
			Text: display(dir, "directory.yaml") + " is missing",
			Hint: "Every directory needs a directory.yaml with at least its name, base_url and timezone:\n\n" +
				"  name: Riverside Community Directory\n  base_url: https://example.org/riverside/\n  timezone: Europe/London"})
	}
	return folder, nil
}

// Read reads and parses one entry. It always returns a File, whose Data is
// nil when the messages explain why it could not be parsed. A
// PostcodesFile is not YAML and may be large: Read returns it unread, with
// no Data and no messages; Open streams it.
func (f *Folder) Read(e Entry) (*File, diag.List) {
	file, msgs, parse := f.ReadText(e)
	if parse {
		msgs.Extend(Parse(file))
	}
	return file, msgs
}

// ReadText reads one entry and checks its text (size, encoding, invisible
// characters, the file name) without parsing it. parse is set when the
// file is fit to parse, with Parse or UseTree; when it is not, the
// messages say why.
func (f *Folder) ReadText(e Entry) (file *File, msgs diag.List, parse bool) {
	if e.Kind == PostcodesFile {
		return &File{Kind: e.Kind, ID: "postcodes", Source: diag.NewSource(display(f.Dir, e.Path), "")}, nil, false
	}
	return readFile(f.fsys, f.Dir, e.Path, e.Kind)
}

// Parse parses the YAML of a file ReadText found fit to parse (the front
// matter of a Markdown file) into Data, and splits off the Body.
func Parse(f *File) diag.List {
	yamlText, lineOffset := f.Source.Text, 0
	if f.Markdown {
		var ok bool
		var m diag.Message
		yamlText, lineOffset, f.Body, f.BodyOffset, ok, m = splitFrontMatter(f.Source)
		if !ok {
			return diag.List{m}
		}
	}
	node, msgs := parseYAML(f.Source, yamlText, lineOffset)
	f.Data = node
	return msgs
}

// UseTree gives a file ReadText found fit to parse the tree an earlier
// Parse of the same text made (kept with EncodeTree), instead of parsing
// it again. It reports false, leaving f as it was, when the text does not
// split as it did then; the caller then parses it.
func UseTree(f *File, root *yaml.Node) bool {
	if f.Markdown {
		_, _, body, bodyOffset, ok, _ := splitFrontMatter(f.Source)
		if !ok {
			return false
		}
		f.Body, f.BodyOffset = body, bodyOffset
	}
	f.Data = root
	return true
}

// Stamp identifies one version of an entry's file on disk (its size and
// modification time), so a caller can tell whether it changed since it was
// last read without reading it.
func (f *Folder) Stamp(e Entry) (stamp string, modified time.Time, ok bool) {
	info, err := fs.Lstat(f.fsys, e.Path)
	if err != nil || !info.Mode().IsRegular() {
		return "", time.Time{}, false
	}
	return fmt.Sprintf("%d/%d", info.Size(), info.ModTime().UnixNano()), info.ModTime(), true
}

// Open opens an entry's file for reading as a stream, for postcodes.csv,
// which is too large to read whole. It refuses what Read refuses about the
// file itself (a link or special file, one larger than MaxPostcodesSize,
// one that cannot be opened) with a message; the caller checks the text.
// The reader ends after MaxPostcodesSize+1 bytes, so a file that grew
// since it was opened is never read further than that.
func (f *Folder) Open(e Entry) (io.ReadCloser, diag.List) {
	name := display(f.Dir, e.Path)
	fail := func(code diag.Code, text, hint string) (io.ReadCloser, diag.List) {
		return nil, diag.List{{Severity: diag.Error, Code: code, Text: text, Hint: hint,
			Location: &diag.Location{File: name, Line: 1, Column: 1}}}
	}
	if info, err := fs.Lstat(f.fsys, e.Path); err == nil && !info.Mode().IsRegular() {
		return nil, diag.List{notRegular(name, info.Mode().Type())}
	}
	fh, err := f.fsys.Open(e.Path)
	if err != nil {
		return fail(diag.Unreadable, fmt.Sprintf("%s cannot be read: %v", name, unwrapPathError(err)), "")
	}
	info, err := fh.Stat()
	switch {
	case err != nil:
		fh.Close()
		return fail(diag.Unreadable, fmt.Sprintf("%s cannot be read: %v", name, unwrapPathError(err)), "")
	case !info.Mode().IsRegular():
		fh.Close()
		return nil, diag.List{notRegular(name, info.Mode().Type())}
	case info.Size() > MaxPostcodesSize:
		fh.Close()
		return fail(diag.TooLarge, fmt.Sprintf("%s is larger than %d MB", name, MaxPostcodesSize>>20),
			"It needs only the postcodes of the directory's own area: see \"Places\" in the README.")
	}
	return limitedFile{io.LimitReader(fh, MaxPostcodesSize+1), fh}, nil
}

// limitedFile reads a file no further than MaxPostcodesSize+1 bytes, so
// a caller can tell a file that grew while it was read.
type limitedFile struct {
	io.Reader
	io.Closer
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// EditorFile reports whether a file name is one an editor keeps next to the
// file being edited: a backup (name~), an Emacs auto-save (#name#, .#name),
// a vim swap file (.name.swp) or vim's probe file (4913). They are never
// content, and a local preview must not stop at them.
func EditorFile(name string) bool {
	return strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasPrefix(name, ".#") || (len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) ||
		name == "4913"
}

// toolFile reports whether a name starting with a dot is one that tools
// keep in any folder (git, macOS, editors), which nobody means to publish.
func toolFile(name string) bool {
	switch name {
	case ".git", ".github", ".gitkeep", ".keep", ".gitignore", ".gitattributes", ".editorconfig",
		".DS_Store", ".localized", ".Spotlight-V100", ".Trashes", ".fseventsd", ".TemporaryItems",
		".directory", ".vscode", ".idea":
		return true
	}
	// ._name holds macOS file details on drives formatted for Windows;
	// GNOME and LibreOffice keep short-lived files while saving or editing.
	return strings.HasPrefix(name, "._") || strings.HasPrefix(name, ".goutputstream-") ||
		strings.HasPrefix(name, ".~lock.") || EditorFile(name)
}

// hiddenFiles says, once for the whole folder, which files are ignored
// because their names start with a dot: such files are hidden on most
// computers, so a draft saved that way is easily forgotten.
func hiddenFiles(paths []string) diag.Message {
	m := diag.Message{Severity: diag.Warning, Code: diag.HiddenFile,
		Hint: "Names starting with a dot are hidden on most computers, so these are easy to forget.\n" +
			"To publish one, remove the dot from its name. To keep a draft out of the site, start its\n" +
			"name with _ instead (like _draft.md): signpost ignores those without a warning."}
	if len(paths) == 1 {
		m.Text = paths[0] + " is ignored because its name starts with a dot"
	} else {
		m.Text = fmt.Sprintf("%d files are ignored because their names start with a dot", len(paths))
		m.Hint = "  " + strings.Join(paths, "\n  ") + "\n\n" + m.Hint
	}
	if !strings.HasSuffix(paths[0], "/") {
		m.Location = &diag.Location{File: paths[0], Line: 1, Column: 1}
	}
	return m
}

// windowsReserved reports whether Windows refuses a file name: CON, PRN,
// AUX, NUL, COM0-9 and LPT0-9 (and their superscript forms), in any case
// and with any extension. A repository holding one cannot be checked out
// on Windows at all.
func windowsReserved(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	stem = strings.ToLower(strings.TrimRight(stem, " "))
	switch stem {
	case "con", "prn", "aux", "nul", "conin$", "conout$":
		return true
	}
	if rest, ok := strings.CutPrefix(stem, "com"); ok {
		stem = rest
	} else if rest, ok := strings.CutPrefix(stem, "lpt"); ok {
		stem = rest
	} else {
		return false
	}
	switch stem {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}

func reservedName(dir, rel string, isDir bool) diag.Message {
	name := path.Base(rel)
	stem, ext, _ := strings.Cut(name, ".")
	if ext != "" {
		ext = "." + ext
	}
	word := map[string]string{"listings/": "activity", "organizations/": "organization", "venues/": "venue"}[path.Dir(rel)+"/"]
	m := diag.Message{Severity: diag.Error, Code: diag.ReservedName,
		Text: fmt.Sprintf("%s has a name Windows cannot use", display(dir, rel)),
		Hint: fmt.Sprintf("CON, PRN, AUX, NUL, COM1 to COM9 and LPT1 to LPT9 are reserved on Windows, with any extension,\n"+
			"so the repository could not be downloaded there.\nRename it, like %s-%s%s (and change any references to it).",
			strings.ToLower(stem), cmp.Or(word, "file"), ext)}
	if !isDir {
		m.Location = &diag.Location{File: display(dir, rel), Line: 1, Column: 1}
	}
	return m
}

func display(dir, rel string) string { return path.Join(dir, rel) }

// listingID is the id a listing or translation file name gives: the name
// up to its first dot (walk.pl.md → walk).
func listingID(name string) string {
	id, _, _ := strings.Cut(name, ".")
	return id
}

// notRegular explains why signpost does not read a symbolic link or a
// special file (a named pipe, a device, a socket) in the content folder. A
// link could publish, or print in a message, any file on the computer that
// runs the check, and it arrives with a pull request like any other file;
// opening a named pipe would wait for ever.
func notRegular(name string, mode fs.FileMode) diag.Message {
	m := diag.Message{Severity: diag.Error, Code: diag.NotAFile, Location: &diag.Location{File: name, Line: 1, Column: 1},
		Hint: "signpost reads only ordinary files in the content folder. Delete it, or move it out of the content folder."}
	switch {
	case mode&fs.ModeSymlink != 0:
		m.Text = name + " is a symbolic link (a shortcut to another file or folder)"
		m.Hint = "signpost reads only ordinary files in the content folder, so that no change can publish a file\n" +
			"from elsewhere. Replace the link with a copy of what it points to, or delete it."
	case mode&fs.ModeNamedPipe != 0:
		m.Text = name + " is a named pipe, not an ordinary file"
	case mode&fs.ModeSocket != 0:
		m.Text = name + " is a socket, not an ordinary file"
	case mode&fs.ModeDevice != 0:
		m.Text = name + " is a device, not an ordinary file"
	default:
		m.Text = name + " is not an ordinary file"
	}
	return m
}

const misplacedHint = "signpost reads directory.yaml, taxonomy.yaml, places.yaml and postcodes.csv, organizations/<id>.yaml,\n" +
	"venues/<id>.yaml and listings/<id>.md (or <id>.yaml, or <id>.<language>.md for a translation).\n" +
	"Move or rename it, or start its name with _ to have it ignored."

func misplaced(dir, rel, problem string) diag.Message {
	return diag.Message{Severity: diag.Error, Code: diag.MisplacedFile,
		Text: fmt.Sprintf("%s is %s", display(dir, rel), problem), Hint: misplacedHint}
}

// classify says what a file at rel is. A kind of -1 with no problem means
// the file is ignored (a README or licence next to the content).
func classify(rel string) (Kind, string) {
	folder, name := path.Split(rel)
	ext := path.Ext(name)
	if ext == ".yml" {
		return -1, "named .yml: rename it to end in .yaml"
	}
	switch folder {
	case "":
		switch name {
		case "directory.yaml":
			return DirectoryFile, ""
		case "taxonomy.yaml":
			return TaxonomyFile, ""
		case "places.yaml":
			return PlacesFile, ""
		case "postcodes.csv":
			return PostcodesFile, ""
		}
		upper := strings.ToUpper(name)
		if strings.HasPrefix(upper, "README") || strings.HasPrefix(upper, "LICENSE") || strings.HasPrefix(upper, "LICENCE") {
			return -1, ""
		}
		return -1, "not a file signpost reads"
	case "organizations/":
		if ext != ".yaml" {
			return -1, "not a .yaml file: organizations are written in YAML"
		}
		return OrganizationFile, ""
	case "venues/":
		if ext != ".yaml" {
			return -1, "not a .yaml file: venues are written in YAML"
		}
		return VenueFile, ""
	case "listings/":
		if ext != ".md" && ext != ".yaml" {
			return -1, "not a .md or .yaml file"
		}
		if strings.Contains(strings.TrimSuffix(name, ext), ".") {
			return TranslationFile, ""
		}
		return ListingFile, ""
	}
	return -1, "in a folder signpost does not read"
}

func readFile(fsys fs.FS, dir, rel string, kind Kind) (*File, diag.List, bool) {
	var msgs diag.List
	name := display(dir, rel)
	base := path.Base(rel)
	ext := path.Ext(base)
	f := &File{Kind: kind, ID: strings.TrimSuffix(base, ext), Markdown: ext == ".md", Source: diag.NewSource(name, "")}
	if kind == TranslationFile {
		f.ID, f.Lang, _ = strings.Cut(f.ID, ".")
	}
	fail := func(code diag.Code, text, hint string) (*File, diag.List, bool) {
		msgs.Add(diag.Message{Severity: diag.Error, Code: code, Text: text, Hint: hint,
			Location: &diag.Location{File: name, Line: 1, Column: 1}})
		return f, msgs, false
	}
	// Scan refused links and special files from the folder listing; look
	// again, without following links, in case the file was replaced since.
	data, irregular, handled, err := readRegular(fsys, rel, MaxFileSize)
	if !handled {
		data, irregular, err = readThrough(fsys, rel, MaxFileSize)
	}
	if irregular != 0 {
		msgs.Add(notRegular(name, irregular))
		return f, msgs, false
	}
	if err != nil {
		return fail(diag.Unreadable, fmt.Sprintf("%s cannot be read: %v", name, unwrapPathError(err)), "")
	}
	if len(data) > MaxFileSize {
		return fail(diag.TooLarge, fmt.Sprintf("%s is larger than %d KB", name, MaxFileSize/1024),
			"Content files are a few kilobytes. Is this the right file?")
	}

	// A UTF-8 byte order mark is harmless; some Windows editors add one.
	text := strings.TrimPrefix(string(data), "\uFEFF")
	f.Source = diag.NewSource(name, text)
	if i := strings.IndexByte(text, 0); i >= 0 {
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Encoding, Location: f.Source.AtOffset(i, 0),
			Text: "This file contains a NUL byte, so it is not a text file",
			Hint: "Content files must be plain text. Was a binary file (an image or a document) saved with this name?"})
		return f, msgs, false
	}
	if !utf8.ValidString(text) {
		i := firstInvalidUTF8(text)
		loc := f.Source.AtOffset(i, 0)
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.Encoding, Location: loc,
			Text: "This file is not saved as UTF-8 text",
			Hint: "Save the file with UTF-8 encoding (in most editors: File › Save with Encoding › UTF-8)."})
		return f, msgs, false
	}

	if controls := controlMessages(f.Source); len(controls) > 0 {
		msgs.Extend(controls)
		return f, msgs, false
	}

	if kind != DirectoryFile && kind != TaxonomyFile && kind != PlacesFile {
		if !schema.IDPattern.MatchString(f.ID) {
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.BadID,
				Location: &diag.Location{File: name, Line: 1, Column: 1},
				Text:     fmt.Sprintf("The file name %q is not a valid id", f.ID),
				Hint: "File names are ids: lowercase letters, digits and single hyphens, like riverside-walking-group" + ext + "." +
					suggestID(f.ID, ext)})
		}
		if kind == TranslationFile && !schema.LanguagePattern.MatchString(f.Lang) {
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.BadID,
				Location: &diag.Location{File: name, Line: 1, Column: 1},
				Text:     fmt.Sprintf("%q in the file name is not a language code", f.Lang),
				Hint:     "A translation is named <listing id>.<language code>.md, like walking-group.pl.md."})
		}
	}

	return f, msgs, true
}

// readThrough is readRegular for any fs.FS: it reads the regular file rel,
// up to limit+1 bytes, and refuses any other with its type.
func readThrough(fsys fs.FS, rel string, limit int) (data []byte, notRegular fs.FileMode, err error) {
	if info, err := fs.Lstat(fsys, rel); err == nil && !info.Mode().IsRegular() {
		return nil, info.Mode().Type(), nil
	}
	fh, err := fsys.Open(rel)
	if err != nil {
		return nil, 0, err
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err == nil && !info.Mode().IsRegular() {
		return nil, info.Mode().Type(), nil
	}
	// Size the buffer from the file's own size when it is known, so a
	// typical listing is read with one allocation: ReadFrom grows a buffer
	// with less than bytes.MinRead free before it reads again, even when
	// that read would only find the end of the file.
	size := bytes.MinRead
	if err == nil && info.Size() > 0 {
		size = int(min(info.Size(), int64(limit))) + bytes.MinRead
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if _, err := buf.ReadFrom(io.LimitReader(fh, int64(limit)+1)); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), 0, nil
}

// bidiNames names the bidirectional formatting characters that are refused.
var bidiNames = map[rune]string{
	0x202a: "LEFT-TO-RIGHT EMBEDDING", 0x202b: "RIGHT-TO-LEFT EMBEDDING", 0x202c: "POP DIRECTIONAL FORMATTING",
	0x202d: "LEFT-TO-RIGHT OVERRIDE", 0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
}

// controlMessages reports, anywhere in a file, the characters no content
// needs and that make text mean something other than it shows: control
// characters other than tab and line breaks (C0, DEL and C1), which are
// invisible and can make a terminal showing the text run commands, and
// the bidirectional overrides and isolates, which reorder the text shown
// after them (a title, or a web address, that reads differently from what
// it holds). The marks right-to-left text uses (U+200E, U+200F, U+061C)
// are allowed. It reports the first few, enough to find the rest.
func controlMessages(src *diag.Source) diag.List {
	var msgs diag.List
	for i, r := range src.Text {
		if r >= ' ' && r < 0x7f || r == '\n' {
			continue // most characters, looked at first: this loop sees every character of every file
		}
		text, hint, bad := InvisibleCharacter(r, "This file contains")
		if !bad {
			continue
		}
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.ControlCharacter,
			Location: src.AtOffset(i, utf8.RuneLen(r)), Text: text, Hint: hint})
		if len(msgs) == 10 {
			break
		}
	}
	return msgs
}

// InvisibleCharacter says what is wrong with r, when it is a control
// character or one that reorders text, which no content file may hold
// however it is written; the text starts with what, such as "This file
// contains".
func InvisibleCharacter(r rune, what string) (text, hint string, bad bool) {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return "", "", false
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return fmt.Sprintf("%s an invisible control character (U+%04X)", what, r),
			"Delete it: content never needs one, and some make a terminal that shows the text run commands.\n" +
				"They usually come with text copied from another program; if you cannot see it, retype the text around it.", true
	case r >= 0x202a && r <= 0x2069 && bidiNames[r] != "": // the range first: a map lookup per character was a tenth of reading a file
		return fmt.Sprintf("%s an invisible character that reorders text (U+%04X %s)", what, r, bidiNames[r]),
			"Delete it: it makes the text after it show in another order than it is written, so what people\n" +
				"read is not what the file says. Right-to-left text (Arabic, Hebrew, Urdu) shows correctly without it.", true
	}
	return "", "", false
}

// escapedControlMessage refuses a control or reordering character that a
// double-quoted value writes as an escape ("\a", "\x1b", "\u202E"): the
// file's text is clean, but the value is not.
func escapedControlMessage(src *diag.Source, n *yaml.Node) *diag.Message {
	if n.Kind != yaml.ScalarNode || n.Style&yaml.DoubleQuotedStyle == 0 {
		return nil
	}
	for _, r := range n.Value {
		text, hint, bad := InvisibleCharacter(r, "This value contains")
		if !bad {
			continue
		}
		return &diag.Message{Severity: diag.Error, Code: diag.ControlCharacter,
			Location: src.At(n.Line, n.Column, 1), Text: text + ", written as an escape",
			Hint: hint + "\nIn quotes, it is written with a backslash, like \\u202E or \\a: delete that."}
	}
	return nil
}

func firstInvalidUTF8(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(s)
}

func suggestID(id, ext string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	if b.Len() == 0 || b.String() == id || windowsReserved(b.String()) {
		return "" // for con, the reserved-name message suggests a name
	}
	return "\nRename it to " + b.String() + ext + " (and change any references to it)."
}

// splitFrontMatter separates "---\n<yaml>\n---\n<body>". It returns the
// YAML text, the number of lines before it, the body and its offset.
func splitFrontMatter(src *diag.Source) (yamlText string, lineOffset int, body string, bodyOffset int, ok bool, m diag.Message) {
	text := src.Text
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t\r") != "---" {
		return "", 0, "", 0, false, diag.Message{Severity: diag.Error, Code: diag.FrontMatter,
			Location: src.At(1, 1, len([]rune(first))),
			Text:     "A listing must start with a line of three dashes (---)",
			Hint: "A .md listing has its details between two lines of three dashes, then the description:\n\n" +
				"  ---\n  title: Riverside Walking Group\n  ...\n  ---\n  The walk is flat and about two miles..."}
	}
	start := len(first) + 1
	if start > len(text) {
		start = len(text)
	}
	offset := start
	for line := range strings.Lines(rest) {
		if strings.TrimRight(line, " \t\r\n") == "---" {
			yamlText = text[start:offset]
			bodyOffset = offset + len(line)
			return yamlText, 1, text[bodyOffset:], bodyOffset, true, diag.Message{}
		}
		offset += len(line)
	}
	return "", 0, "", 0, false, diag.Message{Severity: diag.Error, Code: diag.FrontMatter,
		Location: src.At(1, 1, 3),
		Text:     "The details are never closed with a line of three dashes (---)",
		Hint:     "Add a line with just --- after the last detail (such as verified:) and before the description."}
}

var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses one YAML document into its top-level mapping node, with
// line numbers shifted by lineOffset so they count from the top of the file.
// The node is nil when the messages say why the file cannot be used.
func parseYAML(src *diag.Source, text string, lineOffset int) (*yaml.Node, diag.List) {
	root, m := parseMapping(src, text, lineOffset)
	if m != nil {
		return nil, diag.List{*m}
	}
	msgs, usable := checkNodes(src, root)
	if !usable {
		return nil, msgs
	}
	return root, msgs
}

func parseMapping(src *diag.Source, text string, lineOffset int) (*yaml.Node, *diag.Message) {
	if root, ok := parseSimple(text, lineOffset); ok {
		return root, nil
	}
	return parseMappingFully(src, text, lineOffset)
}

// parseMappingFully is parseMapping with yaml.v3 for every file, which
// also explains what is wrong.
func parseMappingFully(src *diag.Source, text string, lineOffset int) (*yaml.Node, *diag.Message) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		return nil, &diag.Message{Severity: diag.Error, Code: diag.Empty, Location: src.At(lineOffset+1, 1, 0),
			Text: "There are no details here", Hint: "Fill in the details, one per line, like: title: Riverside Walking Group"}
	}
	if err != nil {
		return nil, yamlSyntaxMessage(src, text, err, lineOffset)
	}
	shiftLines(&doc, lineOffset)
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		shiftLines(&extra, lineOffset)
		return nil, &diag.Message{Severity: diag.Error, Code: diag.YAMLSyntax, Location: src.At(extra.Line, 1, 3),
			Text: "This file holds more than one YAML document",
			Hint: "Remove the extra line of three dashes (---): each file describes one thing."}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlSyntaxMessage(src, text, err, lineOffset)
	}
	if len(doc.Content) == 0 {
		return nil, &diag.Message{Severity: diag.Error, Code: diag.Empty, Location: src.At(lineOffset+1, 1, 0),
			Text: "There are no details here", Hint: "Fill in the details, one per line, like: title: Riverside Walking Group"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &diag.Message{Severity: diag.Error, Code: diag.YAMLSyntax, Location: src.At(root.Line, root.Column, 0),
			Text: "Expected details written as \"name: value\" lines",
			Hint: "Each line starts with a field name, a colon and a space, like: title: Riverside Walking Group"}
	}
	if m := refuseAliases(src, root); m != nil {
		return nil, m
	}
	return root, nil
}

func shiftLines(n *yaml.Node, offset int) {
	if offset == 0 {
		return
	}
	n.Line += offset
	for _, c := range n.Content {
		shiftLines(c, offset)
	}
}

// refuseAliases rejects anchors (&a) and aliases (*a). Volunteers never need
// them, and expanding them is how "billion laughs" documents blow up.
func refuseAliases(src *diag.Source, n *yaml.Node) *diag.Message {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return &diag.Message{Severity: diag.Error, Code: diag.YAMLAlias, Location: src.At(n.Line, n.Column, 1),
			Text: "YAML anchors and aliases (& and *) are not allowed",
			Hint: "Write the value out in full. If the text really starts with & or *, put it in quotes."}
	}
	for _, c := range n.Content {
		if m := refuseAliases(src, c); m != nil {
			return m
		}
	}
	return nil
}

// yamlSyntaxMessage explains a parser error in text, whose first line is
// line lineOffset+1 of src. The parser often notices a quoting mistake
// lines after it was made, so the quote marks are looked at first.
func yamlSyntaxMessage(src *diag.Source, text string, err error, lineOffset int) *diag.Message {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := lineOffset + 1
	errLine := strings.Count(text, "\n") + 1 // no line given: anywhere
	if m := yamlErrorLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		// The parser (unlike the scanner) gives its line counted from 0,
		// so it pointed at the line before the one it could not read.
		if parserError(m[2]) {
			n++
		}
		line, msg, errLine = n+lineOffset, m[2], n
	}
	if q, ok := findQuoteProblem(text, errLine); ok {
		return quoteMessage(src, q, lineOffset)
	}
	if col, value, inner, ok := curlyValueOnLine(src.LineText(line)); ok {
		return curlyMessage(src.At(line, col, utf8.RuneCountInString(value)), inner)
	}
	if m := colonSpaceMessage(src, text, errLine, lineOffset); m != nil {
		return m
	}
	explained, hint := explainYAMLError(msg)
	loc := src.At(line, 1, 0)
	// Point at the first character that is not indentation.
	loc.Column = len([]rune(loc.LineText)) - len([]rune(strings.TrimLeft(loc.LineText, " \t"))) + 1
	return &diag.Message{Severity: diag.Error, Code: diag.YAMLSyntax, Location: loc, Text: explained, Hint: hint}
}

// parserError reports whether a YAML error comes from the parser rather
// than the scanner (go.yaml.in/yaml/v3 parserc.go).
func parserError(msg string) bool {
	for _, p := range []string{"did not find expected key", "did not find expected '-' indicator",
		"did not find expected node content", "did not find expected ',' or", "did not find expected <",
		"found duplicate %", "found incompatible YAML document", "found undefined tag handle"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// explainYAMLError turns the YAML parser's wording into advice.
func explainYAMLError(msg string) (string, string) {
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		return "A value contains a colon followed by a space",
			"Put the whole value in double quotes, like: summary: \"Walk, talk: tea after\""
	case strings.Contains(msg, "found character that cannot start any token"), strings.Contains(msg, "found a tab character"):
		return "This line has a character YAML cannot read here (often a tab)",
			"Indent with spaces, not tabs. If the value starts with @ or `, put it in quotes."
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"):
		return "The indentation of this line does not match the lines around it",
			"Line details up under each other with spaces. Items of a list start with \"- \" at the same indentation."
	case strings.Contains(msg, "could not find expected ':'"):
		return "A line is missing the colon after its field name",
			"Each detail is written as \"name: value\", with a colon and a space."
	case strings.Contains(msg, "did not find expected node content"), strings.Contains(msg, "did not find expected ',' or ']'"),
		strings.Contains(msg, "did not find expected ',' or '}'"):
		return "A list in square brackets or a group in curly brackets is not closed properly",
			"Check the brackets: [tea, riverside] or { name: Sue, phone: \"07700 900123\" }. Quote values that contain commas."
	case strings.Contains(msg, "found unexpected end of stream"), strings.Contains(msg, "found unknown escape character"),
		strings.Contains(msg, "did not find expected end"):
		return "A quoted value is not closed",
			"Check that every value which starts with a quote mark ends with the same quote mark."
	case strings.Contains(msg, "exceeded max depth"):
		return "The details are nested far too deeply", "Content files need at most three levels of indentation."
	}
	return "This is not valid YAML: " + msg, "Compare the file with a working one, or with the template `signpost new` writes."
}
