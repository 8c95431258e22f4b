package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

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
var notMerged = map[string]bool{markerFile: true, "report.json": true, partFile: true}

// partFile, in a part's folder, says which part of which build it is
// (partManifest), so that merge takes exactly the parts of one build.
const partFile = ".signpost-part"

// partManifest is what a part of a split build says about itself. Parts
// merge only when they are parts 1 to Of of builds that agree on
// everything else: the same address, the same day (pages show the next
// session from it) and the same signpost.
type partManifest struct {
	Part     int    `json:"part"`
	Of       int    `json:"of"`
	BaseURL  string `json:"base_url"`
	Today    string `json:"today"`
	Signpost string `json:"signpost"`
}

func writePartManifest(dir string, opts BuildOptions) error {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	m := partManifest{Part: opts.Part.N, Of: opts.Part.Of, BaseURL: opts.BaseURL,
		Today: now.UTC().Format(time.DateOnly), Signpost: signpostVersion()}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, partFile), append(data, '\n'), 0o644)
}

// signpostVersion names the signpost that built a part: its module version
// and, in a checkout, its commit.
func signpostVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			v += " " + s.Key + "=" + s.Value
		}
	}
	return v
}

// checkParts reads each part's manifest and refuses a set that is not
// parts 1 to M of one build, each once.
func checkParts(folders []string) error {
	var first partManifest
	seen := map[int]string{}
	for i, folder := range folders {
		data, err := os.ReadFile(filepath.Join(folder, partFile))
		if err != nil {
			return fmt.Errorf("%s is not the output of signpost build --part (it has no %s)", folder, partFile)
		}
		var m partManifest
		if err := json.Unmarshal(data, &m); err != nil || m.Of < 1 || m.Part < 1 || m.Part > m.Of {
			return fmt.Errorf("%s: %s is damaged", folder, partFile)
		}
		if i == 0 {
			first = m
		}
		switch {
		case m.Of != first.Of:
			return fmt.Errorf("%s is a part of %d and %s a part of %d: they come from different splits", folders[0], first.Of, folder, m.Of)
		case m.Today != first.Today:
			return fmt.Errorf("%s was built for %s and %s for %s: build every part with the same --today", folders[0], first.Today, folder, m.Today)
		case m.BaseURL != first.BaseURL:
			return fmt.Errorf("%s was built for %q and %s for %q: build every part with the same --base-url", folders[0], first.BaseURL, folder, m.BaseURL)
		case m.Signpost != first.Signpost:
			return fmt.Errorf("%s and %s were built by different versions of signpost (%s, %s)", folders[0], folder, first.Signpost, m.Signpost)
		}
		if other, ok := seen[m.Part]; ok {
			return fmt.Errorf("%s and %s are both part %d of %d", other, folder, m.Part, m.Of)
		}
		seen[m.Part] = folder
	}
	var missing []string
	for n := 1; n <= first.Of; n++ {
		if seen[n] == "" {
			missing = append(missing, strconv.Itoa(n))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("part %s of %d is missing: merge needs every part", strings.Join(missing, ", "), first.Of)
	}
	return nil
}

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
		if within(abs, out) {
			return fmt.Errorf("%s is inside the output folder %s, which the merge replaces: merge into another folder", p, opts.OutDir)
		}
		if within(out, abs) {
			return fmt.Errorf("the output folder %s is inside the part %s: merge into another folder", opts.OutDir, p)
		}
		// WalkDir does not follow a link at the top: a linked part would add nothing.
		if info, err := os.Lstat(abs); err != nil || !info.IsDir() {
			return fmt.Errorf("%s is not a folder (a link to one will not do: name the folder itself)", p)
		}
	}
	if err := checkParts(opts.Parts); err != nil {
		return err
	}
	// The parts are outside out (checked above), so this checks only that
	// out is empty or signpost's.
	if err := safeToReplace(out, opts.Parts[0]); err != nil {
		return err
	}
	stage, err := makeStage(out)
	if err != nil {
		return err
	}
	defer scratch.Remove(stage)
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
	if err := os.WriteFile(filepath.Join(stage, markerFile), []byte(markerText), 0o644); err != nil {
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
