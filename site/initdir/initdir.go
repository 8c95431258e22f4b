// Package initdir writes a new directory repository, as `signpost init`
// does: the content folder with its settings explained and one example of
// each kind of file, the GitHub workflows that call signpost's reusable
// ones at a released version, issue forms, a CODEOWNERS example, and a
// README and CONTRIBUTING for the people who run and update it.
//
// Everything it writes is embedded (skeleton/), so a released binary needs
// nothing else on disk.
package initdir

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/signpost-directory/signpost/site/scaffold"
)

// SignpostVersion is the signpost release the workflows of a new directory
// call, and the one the reusable workflows download by default. It is
// bumped to the next tag, in the same commit as the default
// signpost-version of .github/workflows/directory-*.yml, just before
// tagging: the release workflow refuses a tag that differs.
const SignpostVersion = "v0.1.0"

// The examples, one of each kind; they fail `signpost check` until every
// TODO in them is replaced.
const (
	ExampleListing      = "example-activity"
	ExampleOrganization = "example-organization"
	ExampleVenue        = "example-venue"
)

//go:embed all:skeleton
var skeleton embed.FS

// Options say where and for which repository.
type Options struct {
	// Dir is the folder to create; it must not exist or be empty.
	Dir string
	// Repository is the GitHub repository as owner/name, or "" to leave a
	// TODO in directory.yaml.
	Repository string
	// Version is the signpost version the workflows call (default
	// SignpostVersion).
	Version string
}

// ErrNotEmpty is returned when the folder already holds files.
var ErrNotEmpty = errors.New("is not empty")

var (
	repositoryName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$`)
	versionName    = regexp.MustCompile(`^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$`)
)

// Write creates the directory repository and returns the files it wrote,
// relative to opts.Dir with forward slashes, in order. It never
// overwrites: the folder must be new or empty.
func Write(opts Options) ([]string, error) {
	if opts.Version == "" {
		opts.Version = SignpostVersion
	}
	if !versionName.MatchString(opts.Version) {
		return nil, fmt.Errorf("%q is not a signpost version like %s", opts.Version, SignpostVersion)
	}
	opts.Repository = strings.TrimSuffix(strings.TrimPrefix(opts.Repository, "https://github.com/"), "/")
	if opts.Repository != "" && !repositoryName.MatchString(opts.Repository) {
		return nil, fmt.Errorf("%q is not a GitHub repository like your-org/your-directory", opts.Repository)
	}
	files, err := Files(opts)
	if err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(opts.Dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s %w: signpost init starts a new directory in a new or empty folder, and never overwrites files", opts.Dir, ErrNotEmpty)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading %s: %w", opts.Dir, err)
	}
	var written []string
	for _, f := range files {
		target := filepath.Join(opts.Dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return written, fmt.Errorf("creating %s: %w", filepath.Dir(target), err)
		}
		out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return written, fmt.Errorf("creating %s: %w", target, err)
		}
		_, werr := out.Write(f.Data)
		if cerr := out.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return written, fmt.Errorf("writing %s: %w", target, werr)
		}
		written = append(written, f.Path)
	}
	return written, nil
}

// File is one file init writes.
type File struct {
	Path string // relative, with forward slashes
	Data []byte
}

// Files are the files of a new directory, without writing them.
func Files(opts Options) ([]File, error) {
	if opts.Version == "" {
		opts.Version = SignpostVersion
	}
	title := filepath.Base(filepath.Clean(opts.Dir))
	if title == "." || title == string(filepath.Separator) {
		title = "Community directory"
	}
	data := map[string]string{"Version": opts.Version, "Repository": opts.Repository, "Title": title}
	var files []File
	err := fs.WalkDir(skeleton, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := skeleton.ReadFile(p)
		if err != nil {
			return err
		}
		// [[ ]] rather than {{ }}, which GitHub's workflows use.
		t, err := template.New(p).Delims("[[", "]]").Option("missingkey=error").Parse(string(raw))
		if err != nil {
			return fmt.Errorf("template %s: %w", p, err)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return fmt.Errorf("template %s: %w", p, err)
		}
		files = append(files, File{Path: strings.TrimPrefix(p, "skeleton/"), Data: b.Bytes()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	examples, err := exampleFiles()
	if err != nil {
		return nil, err
	}
	return append(files, examples...), nil
}

// exampleFiles are signpost new's templates for one listing, organization
// and venue, marked as examples and pointing at each other.
func exampleFiles() ([]File, error) {
	var files []File
	for _, ex := range []struct{ kind, id, file, intro string }{
		{"organization", ExampleOrganization, "content/organizations/" + ExampleOrganization + ".yaml", "# A new organization."},
		{"venue", ExampleVenue, "content/venues/" + ExampleVenue + ".yaml", "# A new venue."},
		{"listing", ExampleListing, "content/listings/" + ExampleListing + ".md", "# A new listing."},
	} {
		text, err := scaffold.Render(ex.kind, ex.id, "")
		if err != nil {
			return nil, fmt.Errorf("the example %s (signpost new's template): %w", ex.kind, err)
		}
		// The template's introduction, up to "then run: signpost check".
		start := strings.Index(text, ex.intro)
		end := strings.Index(text, "then run: signpost check\n")
		if start < 0 || end < start {
			return nil, fmt.Errorf("the %s template no longer starts with %q", ex.kind, ex.intro)
		}
		header := fmt.Sprintf("# AN EXAMPLE %s, made by signpost init. Make it a real one: replace every\n"+
			"# TODO with real details and rename the file after it (lowercase, with\n"+
			"# hyphens), or delete the file. Add more with: signpost new %s <id>\n"+
			"# (or copy a file in %s/). Then run: signpost check",
			strings.ToUpper(ex.kind), ex.kind, path.Dir(ex.file))
		text = text[:start] + header + text[end+len("then run: signpost check"):]
		if ex.kind == "listing" {
			text = strings.Replace(text, "\norganization: TODO\n", "\norganization: "+ExampleOrganization+"\n", 1)
			text = strings.Replace(text, "\nvenue: TODO\n", "\nvenue: "+ExampleVenue+"\n", 1)
		}
		files = append(files, File{Path: ex.file, Data: []byte(text)})
	}
	return files, nil
}
