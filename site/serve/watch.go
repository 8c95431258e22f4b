package serve

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/signpost-directory/signpost/site/load"
)

// watcher watches folders recursively: folders created later are added as
// they appear, and a root that disappears (a renamed content folder) is
// watched again when it comes back.
type watcher struct {
	fs    *fsnotify.Watcher
	roots []string
}

func newWatcher(roots []string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watching for changes: %w", err)
	}
	w := &watcher{fs: fw, roots: roots}
	for _, r := range roots {
		w.addTree(r)
	}
	return w, nil
}

func (w *watcher) Close() error { return w.fs.Close() }

// addTree watches dir and every folder below it. Errors are ignored: a
// folder that cannot be watched is picked up again by the next rescan.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			w.fs.Add(p)
		}
		return nil
	})
}

// rescan re-adds roots that were removed and came back.
func (w *watcher) rescan() {
	watched := w.fs.WatchList()
	for _, r := range w.roots {
		if _, err := os.Stat(r); err == nil && !slices.Contains(watched, r) {
			w.addTree(r)
		}
	}
}

// batches delivers the paths changed in each burst of events, once nothing
// has happened for the debounce time: editors save with several events
// (write a temporary file, rename it over the original, change attributes),
// and this turns them into one rebuild. The channel closes when the
// watcher does.
func (w *watcher) batches(debounce time.Duration) <-chan []string {
	out := make(chan []string)
	go func() {
		defer close(out)
		var changed []string
		var quiet <-chan time.Time
		rescan := time.NewTicker(time.Second)
		defer rescan.Stop()
		for {
			select {
			case ev, ok := <-w.fs.Events:
				if !ok {
					return
				}
				if ignored(ev.Name) {
					continue
				}
				if ev.Has(fsnotify.Create) {
					if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
						w.addTree(ev.Name)
					}
				}
				if !slices.Contains(changed, ev.Name) {
					changed = append(changed, ev.Name)
				}
				quiet = time.After(debounce)
			case _, ok := <-w.fs.Errors:
				if !ok {
					return
				}
			case <-rescan.C:
				before := len(w.fs.WatchList())
				w.rescan()
				if len(w.fs.WatchList()) != before {
					changed = append(changed, w.roots[0])
					quiet = time.After(debounce)
				}
			case <-quiet:
				out <- changed
				changed, quiet = nil, nil
			}
		}
	}()
	return out
}

// ignored skips editors' swap and backup files, which are not content.
func ignored(p string) bool { return load.EditorFile(filepath.Base(p)) }
