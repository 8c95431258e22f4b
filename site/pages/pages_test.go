package pages

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/synth"
)

// sample checks the bundled sample directory, as a build would.
func sample(t *testing.T) *content.Directory {
	t.Helper()
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	folder, err := load.Scan(os.DirFS("../../content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	d, msgs := ck.Run(context.Background(), folder, check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}})
	if msgs.HasErrors() {
		t.Fatalf("sample has errors: %+v", msgs)
	}
	return d
}

var now = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

func frontMatter[T any](t *testing.T, p *Project, path string) (T, string) {
	t.Helper()
	var fm T
	data, ok := p.Files[path]
	if !ok {
		t.Fatalf("no file %s", path)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&fm); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	rest := data[dec.InputOffset():]
	// A listing's detail is in files of its own, which the page template
	// reads.
	if l, ok := any(&fm).(*Listing); ok {
		detail, ok := p.Files[l.Detail+".json"]
		if !ok {
			t.Fatalf("%s: no detail file %s.json", path, l.Detail)
		}
		if err := json.Unmarshal(detail, &l.ListingDetail); err != nil {
			t.Fatalf("%s: detail: %v", path, err)
		}
		l.JSONLD = string(p.Files[l.Detail+".jsonld"])
	}
	return fm, strings.TrimSpace(string(rest))
}

func TestListingFrontMatter(t *testing.T) {
	p, err := Build(context.Background(), sample(t), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	l, body := frontMatter[Listing](t, p, "content/listings/riverside-walking-group.md")
	if l.Title != "Riverside Walking Group" || !strings.HasPrefix(body, "<p>The Tuesday walk is flat") {
		t.Errorf("title %q, body %q", l.Title, body[:min(len(body), 40)])
	}
	// Hugo holds every page's front matter for the whole build: what only
	// the listing's page shows is in files of its own.
	raw, _ := frontMatter[map[string]any](t, p, "content/listings/riverside-walking-group.md")
	for _, key := range []string{"schedule", "venue", "organization", "contact", "category_terms", "accessibility", "translations", "jsonld"} {
		if _, ok := raw[key]; ok {
			t.Errorf("the front matter holds %s, not the detail file", key)
		}
	}
	if raw["detail"] != "detail/listings/riverside-walking-group" || raw["detail_version"] == "" {
		t.Errorf("detail = %v, version %v", raw["detail"], raw["detail_version"])
	}
	if strings.Join(l.Schedule, " | ") != "Every Tuesday, 10:00–11:30 | First Saturday of the month, 09:30–12:00" {
		t.Errorf("schedule = %q", l.Schedule)
	}
	// 21 November 2026 is a Saturday: the next session is Tuesday the 24th.
	if l.Next == nil || l.Next.Text != "Tuesday 24 November 2026, 10:00–11:30" || l.Next.Start != "2026-11-24T10:00:00Z" {
		t.Errorf("next = %+v", l.Next)
	}
	if l.Cost.Text != "Free" || l.Audience.Text != "Adults (18+)" || l.Referral.Label != "Anyone can join" {
		t.Errorf("cost %q, audience %q, referral %q", l.Cost.Text, l.Audience.Text, l.Referral.Label)
	}
	if l.Contact == nil || l.Contact.TelURL != "tel:+447700900123" {
		t.Errorf("contact = %+v", l.Contact)
	}
	if l.Venue == nil || l.Venue.URL != "venues/wend-riverside-park/" || !strings.HasPrefix(l.Venue.MapURL, "https://www.openstreetmap.org/?mlat=") {
		t.Errorf("venue = %+v", l.Venue)
	}
	if strings.Join(l.Filters.Days, " ") != "tue sat" || strings.Join(l.Filters.Times, " ") != "morning" ||
		l.Filters.Cost != "free" || l.Filters.Area != "millbrook" {
		t.Errorf("filters = %+v", l.Filters)
	}
	if l.Links.SuggestEdit != "https://github.com/signpost-directory/signpost/edit/main/content/listings/riverside-walking-group.md" {
		t.Errorf("suggest edit = %q", l.Links.SuggestEdit)
	}
	// Reporting by email needs no account: the listing is named in the subject and body.
	mail, err := url.Parse(l.Links.EmailProblem)
	if err != nil || mail.Scheme != "mailto" || mail.Opaque != "directory@example.org" ||
		mail.Query().Get("subject") != "Problem with Riverside Walking Group" ||
		mail.Query().Get("body") != "Listing: Riverside Walking Group (riverside-walking-group)\r\nPage: https://example.org/millbrook/listings/riverside-walking-group/\r\n\r\nWhat is wrong or out of date:\r\n" ||
		strings.Contains(l.Links.EmailProblem, "+") {
		t.Errorf("report by email = %q (%v)", l.Links.EmailProblem, err)
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(l.JSONLD), &ld); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	if ld["@type"] != "EventSeries" || ld["url"] != "https://example.org/millbrook/listings/riverside-walking-group/" {
		t.Errorf("JSON-LD = %s", l.JSONLD)
	}
	sched := ld["eventSchedule"].([]any)
	if first := sched[0].(map[string]any); first["repeatFrequency"] != "P1W" || first["byDay"].([]any)[0] != "https://schema.org/Tuesday" ||
		first["startTime"] != "10:00" || first["scheduleTimezone"] != "Europe/London" {
		t.Errorf("first schedule = %v", first)
	}
	if second := sched[1].(map[string]any); second["repeatFrequency"] != "P1M" || second["byMonthWeek"].([]any)[0] != 1.0 {
		t.Errorf("second schedule = %v", second)
	}
}

func TestTranslationsAndLanguages(t *testing.T) {
	p, err := Build(context.Background(), sample(t), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := frontMatter[Listing](t, p, "content/listings/polish-cafe.md")
	if len(l.Translations) != 1 || l.Translations[0].Lang != "pl" || l.Translations[0].LanguageName != "Polish (polski)" {
		t.Errorf("translations = %+v", l.Translations)
	}
	a, _ := frontMatter[Listing](t, p, "content/listings/arabic-womens-group.md")
	if a.Languages[0].Name != "Arabic (العربية)" {
		t.Errorf("languages = %+v", a.Languages)
	}
	u, _ := frontMatter[Listing](t, p, "content/listings/ukrainian-support-group.md")
	if u.Lang != "uk" || u.Direction != "ltr" {
		t.Errorf("lang %q dir %q", u.Lang, u.Direction)
	}
	if direction("ar") != "rtl" || direction("ur-PK") != "rtl" || direction("pl") != "ltr" {
		t.Error("direction")
	}
}

func TestCostAudienceAndPhone(t *testing.T) {
	two, sixteen, twentyfive := 2.0, 16, 25
	tests := []struct{ got, want string }{
		{cost(content.Cost{Amount: 3.5, Per: "session"}, "GBP").Text, "£3.50 a session"},
		{cost(content.Cost{Amount: two, Per: "course"}, "GBP").Text, "£2 for the course"},
		{cost(content.Cost{Amount: 12, Per: "term"}, "EUR").Text, "€12 a term"},
		{cost(content.Cost{Amount: 5}, "SEK").Text, "SEK 5"},
		{audience(content.Audience{MinAge: &sixteen, MaxAge: &twentyfive}, content.BuiltinTaxonomy().Audience, "en").Text, "Ages 16 to 25"},
		{audience(content.Audience{MinAge: &sixteen}, content.BuiltinTaxonomy().Audience, "en").Text, "Ages 16 and over"},
		{telURL("01632 960123", "GB"), "tel:+441632960123"},
		{telURL("+44 (0)1632 960123", "GB"), "tel:+4401632960123"},
		{telURL("555-0100", "US"), "tel:5550100"},
		{slug("Little Ashton"), "little-ashton"},
		{languageName("bfi"), "British Sign Language"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestBrowsePages(t *testing.T) {
	d := sample(t)
	p, err := Build(context.Background(), d, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	movement, _ := frontMatter[TermPage](t, p, "content/categories/movement/_index.md")
	if movement.Kind != "category" || movement.Title != "Movement and exercise" || movement.Count == 0 {
		t.Errorf("movement = %+v", movement)
	}
	var days *Facet
	for i := range movement.Facets {
		if movement.Facets[i].Name == "days" {
			days = &movement.Facets[i]
		}
	}
	if days == nil || days.Options[0].Value != "mon" && days.Options[0].Value != "tue" {
		t.Fatalf("days facet = %+v", days)
	}
	home, _ := frontMatter[Home](t, p, "content/_index.md")
	if len(home.Needs) != 13 || len(home.Categories) != 12 || len(home.Recent) != 8 || home.Listings < 50 {
		t.Errorf("home: %d needs, %d categories, %d recent, %d listings", len(home.Needs), len(home.Categories), len(home.Recent), home.Listings)
	}
	for _, n := range home.Needs {
		if (n.Count == 0) != (n.URL == "") {
			t.Errorf("need %s: count %d but url %q", n.ID, n.Count, n.URL)
		}
	}
	org, body := frontMatter[TermPage](t, p, "content/organizations/millbrook-food-bank/_index.md")
	if org.Organization == nil || org.Organization.TelURL != "tel:+441632960105" || !strings.Contains(body, "emergency food") {
		t.Errorf("organization page = %+v / %q", org.Organization, body)
	}
	if _, ok := p.Files["content/venues/wend-riverside-park/_index.md"]; !ok {
		t.Error("no venue page")
	}
}

func TestDeterministic(t *testing.T) {
	d := sample(t)
	a, _ := Build(context.Background(), d, Options{Now: now})
	b, _ := Build(context.Background(), d, Options{Now: now})
	for path, data := range a.Files {
		if !bytes.Equal(data, b.Files[path]) {
			t.Errorf("%s differs between two builds", path)
		}
	}
}

func TestJSONLDIsSafeInScript(t *testing.T) {
	d := sample(t)
	d.Listings[0].Title = "</script><script>alert(1)</script>"
	p, err := Build(context.Background(), d, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := frontMatter[Listing](t, p, "content/listings/"+d.Listings[0].ID+".md")
	if strings.Contains(l.JSONLD, "</script>") || !strings.Contains(l.JSONLD, `\u003c/script\u003e`) {
		t.Errorf("JSON-LD not escaped: %s", l.JSONLD)
	}
}

func BenchmarkBuild10k(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, 10000); err != nil {
		b.Fatal(err)
	}
	ck, _ := check.New()
	folder, _ := load.Scan(os.DirFS(dir), "content")
	d, _ := ck.Run(context.Background(), folder, check.Options{Today: schedule.Date{Year: 2026, Month: 11, Day: 21}})
	for b.Loop() {
		if _, err := Build(context.Background(), d, Options{Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}

// The live preview re-renders the pages whose files changed; a change to
// what only the detail file holds must change the page file too.
func TestPageFileChangesWithItsDetail(t *testing.T) {
	d := sample(t)
	const path = "content/listings/riverside-walking-group.md"
	before, err := Build(context.Background(), d, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	d.Listing("riverside-walking-group").FirstVisit = "Look for the yellow umbrella."
	after, err := Build(context.Background(), d, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	stem := "detail/listings/riverside-walking-group"
	if bytes.Equal(before.Files[stem+".json"], after.Files[stem+".json"]) {
		t.Fatal("the detail file did not change")
	}
	if bytes.Equal(before.Files[path], after.Files[path]) {
		t.Error("the page file stayed the same when its detail changed: the live preview would not re-render it")
	}
}

// TestCapacityOnListingPages: a listing's places and waiting time reach
// its detail file in words, with the date; a listing without has none.
func TestCapacityOnListingPages(t *testing.T) {
	d := sample(t)
	p, err := Build(context.Background(), d, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, l := range d.Listings {
		fm, _ := frontMatter[Listing](t, p, "content/listings/"+l.ID+".md")
		c := l.Capacity
		if c == nil || l.Status == "ended" {
			if fm.Capacity != nil {
				t.Errorf("%s: capacity %+v, want none", l.ID, fm.Capacity)
			}
			continue
		}
		shown++
		if fm.Capacity == nil || fm.Capacity.Places != c.PlacesText() || fm.Capacity.Wait != c.WaitText() ||
			fm.Capacity.Note != c.Note || fm.Capacity.Updated != c.UpdatedText ||
			fm.Capacity.AsOf != "As of "+content.LongDate(c.Updated) {
			t.Errorf("%s: capacity %+v for %+v", l.ID, fm.Capacity, c)
		}
	}
	if shown < 2 {
		t.Errorf("only %d sample listings show places", shown)
	}
	course, _ := frontMatter[Listing](t, p, "content/listings/mindfulness-course.md")
	if course.Capacity == nil || course.Capacity.Places != "4 places left of 10" || course.Capacity.Wait != "" {
		t.Errorf("the mindfulness course's places: %+v", course.Capacity)
	}
	// The numbers are in its JSON-LD too, as an Event's capacities.
	var ld map[string]any
	if err := json.Unmarshal([]byte(course.JSONLD), &ld); err != nil {
		t.Fatal(err)
	}
	if ld["remainingAttendeeCapacity"] != 4.0 || ld["maximumAttendeeCapacity"] != 10.0 {
		t.Errorf("JSON-LD capacities %v and %v, want 4 and 10", ld["remainingAttendeeCapacity"], ld["maximumAttendeeCapacity"])
	}
}
