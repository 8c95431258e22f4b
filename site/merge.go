package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/signpost-directory/signpost/site/scratch"
)

// MergeOptions say which parts of a split build to put together, and where.
type MergeOptions struct {
	// Parts are the output folders of every part (signpost build --part).
	Parts []string
	// OutDir is replaced, as a whole, by the merged site when the merge
	// succeeds, and left as it was when it fails.
	OutDir string
}

// notMerged are the files each part writes about itself, which a merged
// site has once: the marker is written again, and the report of a split
// build is each part's (kept in its own folder).
var notMerged = map[string]bool{markerFile: true, "report.json": true}

// Merge puts the folders of a split build together into one site: every
// file of every part, where a file that several parts made (the shared
// stylesheets and scripts) must be byte for byte the same in each. The
// result is the site a one-shot build makes, but for report.json.
func Merge(ctx context.Context, opts MergeOptions) error {
	if len(opts.Parts) == 0 {
		return errors.New("no parts to merge")
	}
	out, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", opts.OutDir, err)
	}
	for _, p := range opts.Parts {
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		if abs == out || strings.HasPrefix(abs+string(filepath.Separator), out+string(filepath.Separator)) {
			return fmt.Errorf("%s is inside the output folder %s, which the merge replaces: merge into another folder", p, opts.OutDir)
		}
		if _, err := os.Stat(filepath.Join(abs, markerFile)); err != nil {
			return fmt.Errorf("%s is not the output of signpost build --part (it has no %s)", p, markerFile)
		}
	}
	// The parts are outside out (checked above), so this checks only that
	// out is empty or signpost's.
	if err := safeToReplace(out, opts.Parts[0]); err != nil {
		return err
	}
	stagePrefix := "." + filepath.Base(out) + ".new-"
	scratch.Sweep(filepath.Dir(out), stagePrefix)
	stage, err := scratch.Make(filepath.Dir(out), stagePrefix)
	if err != nil {
		return fmt.Errorf("creating a folder next to %s: %w", out, err)
	}
	defer scratch.Remove(stage)
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	from := map[string]string{} // file → the part it came from
	for _, part := range opts.Parts {
		err := filepath.WalkDir(part, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			rel, err := filepath.Rel(part, path)
			if err != nil || rel == "." || notMerged[rel] {
				return err
			}
			target := filepath.Join(stage, rel)
			switch {
			case d.IsDir():
				return os.MkdirAll(target, 0o755)
			case !d.Type().IsRegular():
				return fmt.Errorf("%s is a link or a special file: a part holds plain files only", path)
			}
			if first, ok := from[rel]; ok {
				same, err := sameBytes(path, target)
				if err != nil {
					return err
				}
				if !same {
					return fmt.Errorf("%s differs between %s and %s: the parts come from different content or signpost versions", rel, first, part)
				}
				return nil
			}
			from[rel] = part
			return copyFile(path, target)
		})
		if err != nil {
			return fmt.Errorf("merging %s: %w", part, err)
		}
	}
	if err := os.WriteFile(filepath.Join(stage, markerFile), []byte("This folder is replaced by every signpost build.\n"), 0o644); err != nil {
		return err
	}
	if err := scratch.Unmark(stage); err != nil {
		return err
	}
	if err := swap(stage, out); err != nil {
		return fmt.Errorf("publishing to %s: %w", out, err)
	}
	// The stage now holds the old site, if there was one: mark it, so that
	// a kill while it is deleted (on the way out) leaves it to be swept.
	scratch.Mark(stage)
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func sameBytes(a, b string) (bool, error) {
	x, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	y, err := os.ReadFile(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(x, y), nil
}
