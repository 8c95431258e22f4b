// Package render runs Hugo (github.com/gohugoio/hugo, pinned in go.mod) in
// process to turn a generated Hugo project and a theme into HTML. It is the
// only package that imports Hugo: the rest of the pipeline hands it files
// and gets a folder of HTML back.
//
// The wiring follows Hugo's own commands/commandeer.go: allconfig.LoadConfig,
// hugofs.NewFromSourceAndDestination, hugolib.NewHugoSites, Build, Close.
// Everything Hugo reads lives in an in-memory file system; only the output
// folder is on disk, so no lock or cache files are left in the repository.
package render

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
)

// workingDir is the project's folder inside the in-memory file system.
const workingDir = "/site"

const themeName = "signpost"

// Options describe one render.
type Options struct {
	// Files is the Hugo project (content/…), by slash path.
	Files map[string][]byte
	// Config is Hugo configuration (the keys of hugo.toml).
	Config map[string]any
	// Theme is the built-in theme.
	Theme fs.FS
	// ThemeOverrides are folders on disk laid over the theme, first one
	// winning: any file in them replaces the theme's file of the same path.
	ThemeOverrides []string
	// OutDir is the folder to write the site into. It should be empty:
	// Hugo never deletes anything there.
	OutDir string
	// Log receives Hugo's warnings and errors, one per line.
	Log io.Writer
}

// Error is a failed render, with the errors Hugo logged along the way.
type Error struct {
	Err    error
	Logged []string
}

func (e *Error) Error() string {
	if len(e.Logged) == 0 {
		return e.Err.Error()
	}
	return e.Err.Error() + ":\n  " + strings.Join(e.Logged, "\n  ")
}

func (e *Error) Unwrap() error { return e.Err }

// Render builds the site into opts.OutDir.
func Render(ctx context.Context, opts Options) error {
	outDir, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	cacheDir, err := os.MkdirTemp("", "signpost-hugo-cache-")
	if err != nil {
		return fmt.Errorf("creating Hugo's cache folder: %w", err)
	}
	defer os.RemoveAll(cacheDir)

	src := afero.NewMemMapFs()
	for name, data := range opts.Files {
		if err := afero.WriteFile(src, path.Join(workingDir, name), data, 0o644); err != nil {
			return fmt.Errorf("preparing %s: %w", name, err)
		}
	}
	var themes []string
	for i, dir := range opts.ThemeOverrides {
		name := fmt.Sprintf("override-%d", i)
		if err := copyFS(src, path.Join(workingDir, "themes", name), os.DirFS(dir)); err != nil {
			return fmt.Errorf("reading theme folder %s: %w", dir, err)
		}
		themes = append(themes, name)
	}
	if err := copyFS(src, path.Join(workingDir, "themes", themeName), opts.Theme); err != nil {
		return fmt.Errorf("preparing the built-in theme: %w", err)
	}
	themes = append(themes, themeName)

	// Flags are Hugo's highest-priority configuration, as on its command line.
	flags := config.New()
	for k, v := range opts.Config {
		flags.Set(k, v)
	}
	flags.Set("workingDir", workingDir)
	flags.Set("publishDir", outDir)
	flags.Set("cacheDir", cacheDir)
	flags.Set("theme", themes)
	// Otherwise Hugo takes a lock file on the real disk in workingDir.
	flags.Set("noBuildLock", true)

	logs := &logCapture{w: opts.Log}
	defer logs.flush()
	logger := loggers.New(loggers.Options{
		Level: logg.LevelWarn, DistinctLevel: logg.LevelWarn, StdOut: logs, StdErr: logs,
	})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs: src, Flags: flags, Logger: logger, Environment: "production",
		// Never empty: an empty Environ makes Hugo read os.Environ(), and
		// HUGO_* variables would then override our configuration.
		Environ:      []string{"SIGNPOST=1"},
		SkipNpmCheck: true,
	})
	if err != nil {
		return &Error{Err: fmt.Errorf("hugo configuration: %w", err), Logged: logs.errors()}
	}
	flags.Set("publishDir", configs.Base.PublishDir)
	flags.Set("publishDirStatic", configs.Base.PublishDir)
	flags.Set("publishDirDynamic", configs.Base.PublishDir)

	h, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  configs,
		Fs:       hugofs.NewFromSourceAndDestination(src, afero.NewOsFs(), flags),
		StdOut:   logs,
		StdErr:   logs,
		LogLevel: logg.LevelWarn,
	})
	if err != nil {
		return &Error{Err: fmt.Errorf("hugo: %w", err), Logged: logs.errors()}
	}
	defer h.Close()
	// Hugo's Build takes no context: cancellation is honoured before it starts.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := h.Build(hugolib.BuildCfg{NoBuildLock: true}); err != nil {
		return &Error{Err: fmt.Errorf("hugo: %w", err), Logged: logs.errors()}
	}
	if errs := logs.errors(); len(errs) > 0 {
		return &Error{Err: errors.New("hugo reported problems with the theme"), Logged: errs}
	}
	return nil
}

// copyFS copies every file of src into dst under dir.
func copyFS(dst afero.Fs, dir string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := path.Join(dir, p)
		if d.IsDir() {
			return dst.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return afero.WriteFile(dst, target, b, 0o644)
	})
}

// logCapture forwards Hugo's log lines and keeps the ones that mean the
// site is broken. It removes the colour codes and terminal progress
// sequences Hugo writes when the process runs in a terminal.
type logCapture struct {
	mu   sync.Mutex
	w    io.Writer
	buf  bytes.Buffer
	errs []string
}

func (c *logCapture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf.Write(p)
	for {
		i := bytes.IndexByte(c.buf.Bytes(), '\n')
		if i < 0 {
			break
		}
		c.line(stripANSI(strings.TrimRight(string(c.buf.Next(i+1)), "\n")))
	}
	return len(p), nil
}

func (c *logCapture) line(l string) {
	if strings.TrimSpace(l) == "" {
		return
	}
	switch {
	case strings.HasPrefix(l, "ERROR "):
		c.errs = append(c.errs, strings.TrimSpace(strings.TrimPrefix(l, "ERROR ")))
	// A missing layout renders an empty page without failing the build.
	case strings.HasPrefix(l, "WARN ") && strings.Contains(l, "found no layout file"):
		c.errs = append(c.errs, strings.TrimSpace(strings.TrimPrefix(l, "WARN ")))
	}
	fmt.Fprintln(c.w, "hugo: "+l)
}

func (c *logCapture) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.line(stripANSI(c.buf.String()))
	c.buf.Reset()
}

func (c *logCapture) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errs...)
}

// stripANSI removes CSI colour sequences and OSC sequences such as Hugo's
// terminal progress report ("\x1b]9;4;…\x07").
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	var b strings.Builder
	r := bufio.NewReader(strings.NewReader(s))
	for {
		c, err := r.ReadByte()
		if err != nil {
			break
		}
		if c != 0x1b {
			b.WriteByte(c)
			continue
		}
		switch n, _ := r.ReadByte(); n {
		case '[':
			for {
				c, err := r.ReadByte()
				if err != nil || (c >= 0x40 && c <= 0x7e) {
					break
				}
			}
		case ']':
			for {
				c, err := r.ReadByte()
				if err != nil || c == 0x07 {
					break
				}
			}
		}
	}
	return b.String()
}
