package feeds_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/signpost-directory/signpost/site/feeds"
	"github.com/signpost-directory/signpost/site/synth"
)

// rpdeItem and rpdePage are what the tests read of the OpenActive feed.
type rpdeItem struct {
	State    string          `json:"state"`
	Kind     string          `json:"kind"`
	ID       string          `json:"id"`
	Modified json.Number     `json:"modified"`
	Data     json.RawMessage `json:"data"`
}

type rpdePage struct {
	Next    string     `json:"next"`
	Items   []rpdeItem `json:"items"`
	License string     `json:"license"`
}

// rpdeWalk follows an RPDE feed as a consumer does: from the page at
// first (a path under dir), each page's next, until an empty page whose
// next is itself. It checks RPDE's rules on the way (every field there,
// modified an integer, items in order of modified then id, each item
// once, deleted items without data) and returns the items in the order
// read and the pages visited, by path.
func rpdeWalk(t *testing.T, dir, base, first string) ([]rpdeItem, []string) {
	t.Helper()
	var items []rpdeItem
	var pages []string
	seen := map[string]bool{}
	rel := first
	var lastModified int64 = -1
	lastID := ""
	for range 100000 {
		if slices.Contains(pages, rel) {
			t.Fatalf("%s is visited twice", rel)
		}
		pages = append(pages, rel)
		var page rpdePage
		dec := json.NewDecoder(bytes.NewReader(readFile(t, dir, rel)))
		dec.UseNumber()
		if err := dec.Decode(&page); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if page.License == "" || page.Items == nil || page.Next == "" {
			t.Errorf("%s lacks license, items or next", rel)
		}
		next, ok := strings.CutPrefix(page.Next, base)
		if !ok {
			t.Fatalf("%s: next %q is not under %s", rel, page.Next, base)
		}
		for _, it := range page.Items {
			m, err := it.Modified.Int64()
			if err != nil {
				t.Errorf("%s: item %s: modified %q is not an integer", rel, it.ID, it.Modified)
			}
			if m < lastModified || m == lastModified && it.ID <= lastID {
				t.Errorf("%s: item (%d, %s) comes after (%d, %s): not in order of modified, then id", rel, m, it.ID, lastModified, lastID)
			}
			lastModified, lastID = m, it.ID
			if seen[it.ID] {
				t.Errorf("%s: item %s is in the feed twice", rel, it.ID)
			}
			seen[it.ID] = true
			if it.Kind != "SessionSeries" || it.ID == "" {
				t.Errorf("%s: item %+v: kind or id wrong", rel, it)
			}
			switch it.State {
			case "updated":
				if len(it.Data) == 0 {
					t.Errorf("%s: updated item %s has no data", rel, it.ID)
				}
			case "deleted":
				if len(it.Data) != 0 {
					t.Errorf("%s: deleted item %s has data", rel, it.ID)
				}
			default:
				t.Errorf("%s: item %s has state %q", rel, it.ID, it.State)
			}
			items = append(items, it)
		}
		if len(page.Items) == 0 {
			if next != rel {
				t.Errorf("the empty page %s names %s as next, not itself", rel, next)
			}
			return items, pages
		}
		if next == rel {
			t.Fatalf("%s has items and names itself as next: a consumer would never finish", rel)
		}
		rel = next
	}
	t.Fatal("the feed does not end")
	return nil, nil
}

// openActiveFiles are the files under dir/openactive, by path from dir.
func openActiveFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for rel := range tree(t, filepath.Join(dir, "openactive")) {
		out = append(out, "openactive/"+rel)
	}
	sort.Strings(out)
	return out
}

// TestOpenActiveFeed follows the sample's OpenActive feed from its first
// page and checks which listings are in it, and how.
func TestOpenActiveFeed(t *testing.T) {
	d := sample(t)
	dir := written(t)
	base := d.Config.SiteURL("")
	items, pages := rpdeWalk(t, dir, base, "openactive/session-series.json")
	if files := openActiveFiles(t, dir); !slices.Equal(files, slices.Sorted(slices.Values(pages))) {
		t.Errorf("the feed's pages are %v, but openactive/ holds %v", pages, files)
	}
	byID := map[string]rpdeItem{}
	for _, it := range items {
		byID[it.ID] = it
	}
	// Physical activities, named by their title or tags; the paused tea
	// dance is deleted; no choir, advice or online group is in it.
	for id, want := range map[string][]string{
		"riverside-walking-group":       {"Walking"},
		"walking-football":              {"Walking Football"},
		"gentle-chair-yoga":             {"Chair Yoga", "Chair Based Exercise"},
		"inclusive-boccia":              {"Boccia"},
		"steady-steps":                  {"Falls and Exercise Management"},
		"community-allotment-plot":      {"Gardening"},
		"little-ashton-move-and-mingle": {"Chair Based Exercise"},
	} {
		it, ok := byID[id]
		if !ok || it.State != "updated" {
			t.Errorf("%s is not an updated item of the feed", id)
			continue
		}
		var data struct {
			Activity []struct {
				ID       string `json:"@id"`
				Label    string `json:"prefLabel"`
				InScheme string `json:"inScheme"`
			} `json:"activity"`
			Offers []struct {
				Price         *float64 `json:"price"`
				PriceCurrency string   `json:"priceCurrency"`
			} `json:"offers"`
		}
		if err := json.Unmarshal(it.Data, &data); err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, a := range data.Activity {
			labels = append(labels, a.Label)
			if a.InScheme != "https://openactive.io/activity-list" || !strings.HasPrefix(a.ID, "https://openactive.io/activity-list#") {
				t.Errorf("%s: activity %+v is not a concept of the activity list", id, a)
			}
		}
		if !slices.Equal(labels, want) {
			t.Errorf("%s: activities %q, want %q", id, labels, want)
		}
		if len(data.Offers) != 1 || data.Offers[0].Price == nil || data.Offers[0].PriceCurrency != "GBP" {
			t.Errorf("%s: offers %+v, want one with a numeric price in GBP", id, data.Offers)
		}
	}
	if it := byID["walking-football"]; !bytes.Contains(it.Data, []byte(`"price":3.5,`)) {
		t.Errorf("walking football's price is not the number 3.5: %s", it.Data)
	}
	if it, ok := byID["wendbridge-tea-dance"]; !ok || it.State != "deleted" {
		t.Errorf("the paused tea dance is %+v, want a deleted item", it)
	}
	for _, id := range []string{"community-choir", "money-and-benefits-advice", "anxiety-peer-support-online", "mindfulness-course"} {
		if _, ok := byID[id]; ok {
			t.Errorf("%s is in the OpenActive feed, but is not a physical activity", id)
		}
	}
	// modified is the day the listing was verified.
	for _, it := range items {
		m, _ := it.Modified.Int64()
		if want := d.Listing(it.ID).Verified.Time(nil).Unix(); m != want {
			t.Errorf("%s: modified %d, want %d (its verified date)", it.ID, m, want)
		}
	}
	t.Logf("%d items on %d pages", len(items), len(pages))
}

// TestOpenActivePagesSplitBigDays builds the sample with every listing
// verified on the same day and pages of five items, so that the day is
// split, and follows the whole feed; then a generated directory of 1,000
// listings with pages of one item.
func TestOpenActivePagesSplitBigDays(t *testing.T) {
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	sameDay := regexp.MustCompile(`(?m)^verified: .*$`)
	files, err := filepath.Glob(filepath.Join(src, "listings", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err == nil {
			err = os.WriteFile(path, sameDay.ReplaceAll(data, []byte("verified: 2026-11-02")), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	synthetic := t.TempDir()
	if err := synth.Write(synthetic, 1000); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		src  string
		size int
	}{{"one day", src, 5}, {"generated", synthetic, 1}} {
		d := checkDir(t, tt.src)
		dir := t.TempDir()
		if _, err := feeds.Write(context.Background(), d, dir, feeds.Options{OpenActivePageSize: tt.size}); err != nil {
			t.Fatal(err)
		}
		items, pages := rpdeWalk(t, dir, d.Config.SiteURL(""), "openactive/session-series.json")
		if files := openActiveFiles(t, dir); !slices.Equal(files, slices.Sorted(slices.Values(pages))) {
			t.Errorf("%s: %d pages followed, but openactive/ holds %d files", tt.name, len(pages), len(files))
		}
		days := map[string]int{}
		for _, it := range items {
			days[it.Modified.String()]++
		}
		// A day of n items takes ceil(n/size) pages; all but its first are
		// named after-<T>-<id>.json.
		split, want := 0, 0
		for _, p := range pages {
			if strings.Count(filepath.Base(p), "-") > 1 {
				split++
			}
		}
		for _, n := range days {
			want += (n - 1) / tt.size
		}
		if split != want || want == 0 || len(pages) != len(days)+want+1 {
			t.Errorf("%s: %d items over %d days on %d pages: %d pages continue a day, want %d", tt.name,
				len(items), len(days), len(pages), split, want)
		}
		t.Logf("%s: %d items, %d days, %d pages", tt.name, len(items), len(days), len(pages))
	}
}

// TestOpenActivePollingAfterAnEdit is a consumer that has read the whole
// feed and polls its last page. A volunteer then confirms a walking group
// (a later verified date) and ends another listing: after the next build,
// the page the consumer polls is still there and gives both changes, the
// walk as updated and the ended listing as deleted.
func TestOpenActivePollingAfterAnEdit(t *testing.T) {
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	before := t.TempDir()
	d := checkDir(t, src)
	base := d.Config.SiteURL("")
	if _, err := writeFeeds(t, d, before); err != nil {
		t.Fatal(err)
	}
	_, pages := rpdeWalk(t, before, base, "openactive/session-series.json")
	polled := pages[len(pages)-1]

	edit := func(id, old, new string) {
		path := filepath.Join(src, "listings", id+".md")
		data := readFile(t, src, "listings/"+id+".md")
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q", id, old)
		}
		if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	confirmed := "verified: " + today.String() + "\n# was: "
	edit("northfield-health-walk", "verified: ", confirmed)
	edit("inclusive-boccia", "status: active", "status: ended")
	edit("inclusive-boccia", "verified: ", confirmed)

	after := t.TempDir()
	if _, err := writeFeeds(t, checkDir(t, src), after); err != nil {
		t.Fatal(err)
	}
	items, _ := rpdeWalk(t, after, base, polled)
	var got []string
	for _, it := range items {
		got = append(got, it.ID+" "+it.State)
	}
	if want := []string{"inclusive-boccia deleted", "northfield-health-walk updated"}; !slices.Equal(got, want) {
		t.Errorf("polling %s after the edit gives %q, want %q", polled, got, want)
	}
}

// TestOpenActiveListingNamesItsActivity: a listing that says `activity:`
// is in the feed with that activity, even when it is not in the movement
// category.
func TestOpenActiveListingNamesItsActivity(t *testing.T) {
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(src, "listings", "community-choir.md")
	data := readFile(t, src, "listings/community-choir.md")
	data = bytes.Replace(data, []byte("\nstatus: "), []byte("\nactivity: Line Dancing\nstatus: "), 1)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	d := checkDir(t, src)
	dir := t.TempDir()
	if _, err := writeFeeds(t, d, dir); err != nil {
		t.Fatal(err)
	}
	items, _ := rpdeWalk(t, dir, d.Config.SiteURL(""), "openactive/session-series.json")
	i := slices.IndexFunc(items, func(it rpdeItem) bool { return it.ID == "community-choir" })
	if i < 0 {
		t.Fatal("the choir that names its activity is not in the feed")
	}
	if !bytes.Contains(items[i].Data, []byte(`"prefLabel":"Line Dancing"`)) {
		t.Errorf("the choir's data does not name Line Dancing: %s", items[i].Data)
	}
}

// openActiveValidator is the directory of the npm package
// @openactive/data-model-validator, named by $OPENACTIVE_VALIDATOR, which
// .ci/run installs; without it the validator tests skip.
func openActiveValidator(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OPENACTIVE_VALIDATOR")
	if dir == "" {
		t.Skip("OPENACTIVE_VALIDATOR is not set: set it to an installed @openactive/data-model-validator " +
			"(bash .ci/run installs it into .ci/node/node_modules/) to validate the OpenActive feed")
	}
	return dir
}

type oaResult struct {
	Severity string `json:"severity"`
	Type     string `json:"type"`
	Message  string `json:"message"`
	Path     string `json:"path"`
}

// runOpenActiveValidator validates each file with the official validator
// (testdata/openactive/validate.mjs) and returns its results, by file.
func runOpenActiveValidator(t *testing.T, files []string) map[string][]oaResult {
	t.Helper()
	validator := openActiveValidator(t)
	args := append([]string{"testdata/openactive/validate.mjs", validator, "../activity/activity-list.jsonld"}, files...)
	cmd := exec.Command("node", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node validate.mjs: %v\n%s", err, stderr.Bytes())
	}
	if stderr.Len() > 0 {
		t.Errorf("the validator asked for something it was not given:\n%s", stderr.Bytes())
	}
	results := map[string][]oaResult{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var line struct {
			File    string     `json:"file"`
			Results []oaResult `json:"results"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("validate.mjs printed %q: %v", sc.Text(), err)
		}
		results[line.File] = line.Results
	}
	if len(results) != len(files) {
		t.Fatalf("validate.mjs gave results for %d of %d files", len(results), len(files))
	}
	return results
}

// TestOpenActiveValidatorRejects shows that the set-up checks what it
// should: an item whose price is text, with no activity and offers not in
// a list, fails.
func TestOpenActiveValidatorRejects(t *testing.T) {
	openActiveValidator(t)
	dir := written(t)
	var page, broken map[string]any
	for _, rel := range openActiveFiles(t, dir) {
		if err := json.Unmarshal(readFile(t, dir, rel), &page); err != nil {
			t.Fatal(err)
		}
		for _, it := range page["items"].([]any) {
			if it := it.(map[string]any); it["state"] == "updated" && broken == nil {
				broken = it["data"].(map[string]any)
			}
		}
		if broken != nil {
			break
		}
	}
	if broken == nil {
		t.Fatal("the feed has no updated item")
	}
	delete(broken, "activity")
	offer := broken["offers"].([]any)[0].(map[string]any)
	offer["price"] = "£3.50"
	broken["offers"] = offer
	path := filepath.Join(t.TempDir(), "broken.json")
	data, _ := json.Marshal(page)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	failures := map[string]bool{}
	for _, r := range runOpenActiveValidator(t, []string{path})[path] {
		if r.Severity == "failure" {
			failures[r.Path] = true
		}
	}
	if len(failures) < 2 {
		t.Errorf("the broken item fails only at %v", failures)
	}
}

// TestOpenActiveConformance validates every page of the sample's feed with
// OpenActive's own validator (which validates each item's data as the
// OpenActive Modelling Specification 2.0 says): no failures. Then the same
// for a copy of the sample whose walking group has one rule of every other
// kind (a one-off, weekdays, daily, the last Friday of the month and a
// course), which the sample's physical activities do not use. Warnings and
// notices are logged, counted by message; site/README.md says why each
// remains.
func TestOpenActiveConformance(t *testing.T) {
	openActiveValidator(t)
	src := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(src, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	walk := filepath.Join(src, "listings", "riverside-walking-group.md")
	data := bytes.Replace(readFile(t, src, "listings/riverside-walking-group.md"), []byte("schedule:\n"), []byte(`schedule:
  - on 2027-03-28 01:00-03:00
  - weekdays 09:00-10:00
  - daily 07:00-08:00
  - last Friday of the month 19:00-21:00
  - every Monday 18:00-20:00 from 2027-01-11 until 2027-03-22
`), 1)
	if err := os.WriteFile(walk, data, 0o644); err != nil {
		t.Fatal(err)
	}
	every := t.TempDir()
	if _, err := writeFeeds(t, checkDir(t, src), every); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, dir := range []string{written(t), every} {
		for _, rel := range openActiveFiles(t, dir) {
			files = append(files, filepath.Join(dir, filepath.FromSlash(rel)))
		}
	}
	others := map[string]int{}
	for file, results := range runOpenActiveValidator(t, files) {
		var page rpdePage
		if err := json.Unmarshal(readFile(t, file, ""), &page); err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			// RPDE requires "items": [] on the last page; the validator's
			// rule against empty lists does not except it.
			if len(page.Items) == 0 && r.Type == "field_is_empty" && r.Path == "$.items" {
				others["known conflict: the last page's empty items ("+r.Severity+")"]++
				continue
			}
			if r.Severity == "failure" {
				t.Errorf("%s: %s at %s: %s", filepath.Base(file), r.Type, r.Path, r.Message)
				continue
			}
			others[fmt.Sprintf("%s %s: %s", r.Severity, r.Type, firstLine(r.Message))]++
		}
	}
	for _, k := range slices.Sorted(maps.Keys(others)) {
		t.Logf("%4d × %s", others[k], k)
	}
	if everyKind := readFile(t, every, "openactive/session-series/after-1790812800.json"); !bytes.Contains(everyKind, []byte(`"byDay":["-1FR"]`)) ||
		!bytes.Contains(everyKind, []byte(`"@type":"ScheduledSession"`)) || !bytes.Contains(everyKind, []byte(`"repeatFrequency":"P1D"`)) {
		t.Errorf("the walking group with every kind of rule lacks some of them:\n%s", everyKind)
	}
	t.Logf("validated %d pages", len(files))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
