package check_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/signpost-directory/signpost/site/check"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// today is fixed so staleness and "in the past" never depend on when the
// tests run.
var today = schedule.Date{Year: 2026, Month: 11, Day: 21}

// base is a small valid directory; each case changes one file.
func base() map[string]string {
	return map[string]string{
		"directory.yaml": `name: Test Directory
base_url: https://example.org/test/
timezone: Europe/London
country: GB
stale_after: 6 months
`,
		"organizations/ramblers.yaml": `name: Ramblers
description: |
  We walk every week.

  Everyone is welcome.
phone: "01632 960123"
`,
		"venues/hall.yaml": `name: Village Hall
address: [1 Main Street]
town: Testville
postcode: TV1 2AB
accessibility: [step-free]
lat: 52.6003
lon: -1.9011
`,
		"listings/walk.md": `---
title: Walking Group
organization: ramblers
summary: A gentle walk.
categories: [movement]
needs: [loneliness]
venue: hall
schedule:
  - every Tuesday 10:00-11:30
cost: free
audience: { min_age: 18, groups: [carers] }
referral: self
status: active
verified: 2026-10-02
---
A flat walk along the river.
`,
	}
}

func run(t testing.TB, files map[string]string) (*content.Directory, diag.List) {
	t.Helper()
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	return runWith(t, ck, files)
}

func runWith(t testing.TB, ck *check.Checker, files map[string]string) (*content.Directory, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	folder, err := load.Scan(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	d, msgs := ck.Run(context.Background(), folder, check.Options{Today: today})
	// Tools match on codes: every one emitted is declared in diag/codes.go,
	// with the severity it has there.
	for _, m := range msgs {
		if info, ok := diag.Lookup(m.Code); !ok || info.Severity != m.Severity {
			t.Errorf("%s with code %q, which site/diag/codes.go does not declare with that severity: %s", m.Severity, m.Code, m.Text)
		}
	}
	return d, msgs
}

func TestBaseIsClean(t *testing.T) {
	d, msgs := run(t, base())
	if len(msgs) > 0 {
		var b strings.Builder
		diag.WriteText(&b, msgs, diag.TextOptions{})
		t.Fatalf("base fixture has problems:\n%s", b.String())
	}
	if len(d.Listings) != 1 || len(d.Organizations) != 1 || len(d.Venues) != 1 {
		t.Fatalf("got %d listings, %d organizations, %d venues", len(d.Listings), len(d.Organizations), len(d.Venues))
	}
	l := d.Listings[0]
	if l.Title != "Walking Group" || l.Description != "A flat walk along the river." || !l.Cost.Free ||
		l.Verified != (schedule.Date{Year: 2026, Month: 10, Day: 2}) || l.Lang != "en" || *l.Audience.MinAge != 18 {
		t.Errorf("listing decoded wrongly: %+v", l)
	}
	if len(l.Schedule) != 1 || l.Schedule[0].String() != "Every Tuesday, 10:00–11:30" {
		t.Errorf("schedule = %+v", l.Schedule)
	}
	if d.Organization("ramblers") == nil || d.Venue("hall") == nil || d.Listing("walk") == nil {
		t.Error("lookups fail")
	}
}

// want is one expected finding.
type want struct {
	file       string
	line, col  int
	severity   diag.Severity
	code       diag.Code
	text       string // the message must contain this
	suggestion string
}

func TestFindings(t *testing.T) {
	listing := base()["listings/walk.md"]
	replace := func(old, new string) string {
		if !strings.Contains(listing, old) {
			panic("fixture does not contain " + old)
		}
		return strings.Replace(listing, old, new, 1)
	}
	const walk = "content/listings/walk.md"
	unplaced := strings.Replace(base()["venues/hall.yaml"], "lat: 52.6003\nlon: -1.9011\n", "", 1)
	tests := []struct {
		name  string
		files map[string]string // changes to base(); "" deletes a file
		want  []want
	}{
		{"unknown field with did-you-mean",
			map[string]string{"listings/walk.md": replace("summary:", "sumary:")},
			[]want{{walk, 4, 1, diag.Error, "unknown-field", `Unknown field "sumary"`, "summary"}}},
		{"unknown field in a group",
			map[string]string{"listings/walk.md": replace("audience: { min_age: 18", "audience: { minage: 18")},
			[]want{{walk, 11, 13, diag.Error, "unknown-field", `Unknown field "audience.minage"`, "min_age"}}},
		{"unknown category",
			map[string]string{"listings/walk.md": replace("categories: [movement]", "categories: [movment]")},
			[]want{{walk, 5, 14, diag.Error, "unknown-term", `Unknown category "movment"`, "movement"}}},
		{"unknown need",
			map[string]string{"listings/walk.md": replace("needs: [loneliness]", "needs: [lonelyness]")},
			[]want{{walk, 6, 9, diag.Error, "unknown-term", `Unknown need "lonelyness"`, "loneliness"}}},
		{"unknown audience group",
			map[string]string{"listings/walk.md": replace("groups: [carers]", "groups: [carer]")},
			[]want{{walk, 11, 35, diag.Error, "unknown-term", `Unknown audience group "carer"`, "carers"}}},
		{"unknown accessibility term in a venue",
			map[string]string{"venues/hall.yaml": strings.Replace(base()["venues/hall.yaml"], "[step-free]", "[step-free, hearing-lop]", 1)},
			[]want{{"content/venues/hall.yaml", 5, 28, diag.Error, "unknown-term", `Unknown accessibility term "hearing-lop"`, "hearing-loop"}}},
		{"missing required field",
			map[string]string{"listings/walk.md": replace("referral: self\n", "")},
			[]want{{walk, 1, 1, diag.Error, "missing-field", `The required field "referral" is missing`, ""}}},
		{"list written as a single value",
			map[string]string{"listings/walk.md": replace("categories: [movement]", "categories: movement")},
			[]want{{walk, 5, 13, diag.Error, "wrong-type", `"categories" should be a list, not text`, ""}}},
		{"empty value",
			map[string]string{"listings/walk.md": replace("venue: hall", "venue:")},
			[]want{{walk, 7, 1, diag.Error, "wrong-type", `"venue" is empty`, ""}}},
		{"phone number without quotes",
			map[string]string{"organizations/ramblers.yaml": strings.Replace(base()["organizations/ramblers.yaml"], `"01632 960123"`, "01632960123", 1)},
			[]want{{"content/organizations/ramblers.yaml", 6, 8, diag.Error, "wrong-type", `"phone" must be text: put it in quotes`, `"01632960123"`}}},
		{"title too long",
			map[string]string{"listings/walk.md": replace("title: Walking Group", "title: "+strings.Repeat("Walking ", 11))},
			[]want{{walk, 2, 8, diag.Error, "too-long", `"title" is 87 characters long; the limit is 80`, ""}}},
		{"bad email",
			map[string]string{"listings/walk.md": replace("referral: self", "referral: self\ncontact: { email: sue.example.org }")},
			[]want{{walk, 13, 19, diag.Error, "bad-format", `"sue.example.org" is not an email address`, ""}}},
		{"email with a quoted part that adds hidden recipients",
			map[string]string{"listings/walk.md": replace("referral: self", `referral: self
contact: { email: '"help@advice.example.org?bcc=spy@evil.example&x="@example.org' }`)},
			[]want{{walk, 13, 19, diag.Error, "bad-format", `is not an email address`, ""}}},
		{"email at an IP address",
			map[string]string{"organizations/ramblers.yaml": base()["organizations/ramblers.yaml"] + "email: a@[127.0.0.1]\n"},
			[]want{{"content/organizations/ramblers.yaml", 7, 8, diag.Error, "bad-format", `"a@[127.0.0.1]" is not an email address`, ""}}},
		{"email at a name without a dot",
			map[string]string{"directory.yaml": base()["directory.yaml"] + "contact: { email: a@example }\n"},
			[]want{{"content/directory.yaml", 6, 19, diag.Error, "bad-format", `"a@example" is not an email address`, ""}}},
		{"email with a question mark",
			map[string]string{"organizations/ramblers.yaml": base()["organizations/ramblers.yaml"] + "email: help?subject=x@example.org\n"},
			[]want{{"content/organizations/ramblers.yaml", 7, 8, diag.Error, "bad-format", `is not an email address`, ""}}},
		{"plain email addresses are fine",
			map[string]string{
				"organizations/ramblers.yaml": base()["organizations/ramblers.yaml"] + "email: o'brien+walks@mail.example.co.uk\n",
				"directory.yaml":              base()["directory.yaml"] + "contact: { email: HELLO.team_1@xn--bcher-kva.example }\n"},
			nil},
		{"web address without https",
			map[string]string{"organizations/ramblers.yaml": base()["organizations/ramblers.yaml"] + "website: www.example.org\n"},
			[]want{{"content/organizations/ramblers.yaml", 7, 10, diag.Error, "bad-format", "is not a web address starting with https://", "https://www.example.org"}}},
		{"website with a user name that hides the real site",
			map[string]string{"organizations/ramblers.yaml": base()["organizations/ramblers.yaml"] + "website: https://nhs.uk@evil.example/\n"},
			[]want{{"content/organizations/ramblers.yaml", 7, 10, diag.Error, "bad-format", "contains a user name or password", ""}}},
		{"website at an address written as one number",
			map[string]string{"organizations/ramblers.yaml": base()["organizations/ramblers.yaml"] + "website: http://2130706433/\n"},
			[]want{{"content/organizations/ramblers.yaml", 7, 10, diag.Error, "bad-format", "hides which address it is", ""}}},
		{"online_url on this computer",
			map[string]string{"listings/walk.md": replace("venue: hall", "venue: online\nonline_url: http://LOCALHOST.:8080/join")},
			[]want{{walk, 8, 13, diag.Error, "bad-format", "is on this computer", ""}}},
		{"online_url with a port that is not one",
			map[string]string{"listings/walk.md": replace("venue: hall", "venue: online\nonline_url: https://meet.example.org:70000/j/1")},
			[]want{{walk, 8, 13, diag.Error, "bad-format", "the port 70000", ""}}},
		{"meeting links keep their ?query and #part",
			map[string]string{"listings/walk.md": replace("venue: hall", "venue: online\nonline_url: https://us02web.zoom.us/j/123?pwd=abc.1#success")},
			nil},
		{"impossible date",
			map[string]string{"listings/walk.md": replace("verified: 2026-10-02", "verified: 2026-13-02")},
			[]want{{walk, 14, 11, diag.Error, "bad-format", `"2026-13-02" is not a date written as year-month-day, like 2026-11-21`, ""}}},
		{"verified in the future",
			map[string]string{"listings/walk.md": replace("verified: 2026-10-02", "verified: 2027-01-02")},
			[]want{{walk, 14, 11, diag.Error, "future-date", "The verified date 2027-01-02 is in the future", "2026-11-21"}}},
		{"verified in the year 0000",
			map[string]string{"listings/walk.md": replace("verified: 2026-10-02", "verified: 0000-01-01")},
			[]want{{walk, 14, 11, diag.Error, "date-out-of-range", "The verified date 0000-01-01 is before the year 2000", "2026-11-21"}}},
		{"one-off far in the future",
			map[string]string{"listings/walk.md": replace("every Tuesday 10:00-11:30", "on 2062-06-02 10:00-11:30")},
			[]want{{walk, 9, 8, diag.Error, "date-out-of-range", "The date 2062-06-02 is more than 10 years ahead", ""}}},
		{"course ending far in the future",
			map[string]string{"listings/walk.md": replace("every Tuesday 10:00-11:30", "every Tuesday 10:00-11:30 until 2037-01-01")},
			[]want{{walk, 9, 37, diag.Error, "date-out-of-range", "The date 2037-01-01 is more than 10 years ahead", ""}}},
		{"course starting before 2000",
			map[string]string{"listings/walk.md": replace("every Tuesday 10:00-11:30", "every Tuesday 10:00-11:30 from 1926-01-01")},
			[]want{{walk, 9, 36, diag.Error, "date-out-of-range", "The date 1926-01-01 is before the year 2000", ""}}},
		{"session at a time the clocks skip",
			map[string]string{"listings/walk.md": replace("every Tuesday 10:00-11:30", "every Sunday 01:30-02:30")},
			[]want{{walk, 9, 5, diag.Warning, "skipped-time", "On Sunday 28 March 2027 the clocks go forward at 01:00, so 01:30 does not exist that day", ""}}},
		{"stale listing is a warning",
			map[string]string{"listings/walk.md": replace("verified: 2026-10-02", "verified: 2026-05-20")},
			[]want{{walk, 14, 11, diag.Warning, "stale", "Last checked on 20 May 2026, more than 6 months ago", ""}}},
		{"schedule with a misspelt day",
			map[string]string{"listings/walk.md": replace("every Tuesday 10:00-11:30", "every Tusday 10:00-11:30")},
			[]want{{walk, 9, 11, diag.Error, "bad-schedule", `"Tusday" is not a day of the week`, "Tuesday"}}},
		{"schedule in quotes still points at the right column",
			map[string]string{"listings/walk.md": replace("- every Tuesday 10:00-11:30", `- "every Tuesday 25:00-26:00"`)},
			[]want{{walk, 9, 20, diag.Error, "bad-schedule", "25:00", ""}}},
		{"every session in the past",
			map[string]string{"listings/walk.md": replace("every Tuesday 10:00-11:30", "on 2026-03-01 10:00-11:30")},
			[]want{{walk, 9, 3, diag.Warning, "all-past", "Every session on this schedule is in the past", ""}}},
		{"unknown organization",
			map[string]string{"listings/walk.md": replace("organization: ramblers", "organization: ramblrs")},
			[]want{{walk, 3, 15, diag.Error, "unknown-reference", `There is no organization "ramblrs"`, "ramblers"}}},
		{"unknown venue",
			map[string]string{"listings/walk.md": replace("venue: hall", "venue: halls")},
			[]want{{walk, 7, 8, diag.Error, "unknown-reference", `There is no venue "halls"`, "hall"}}},
		{"online without online_url",
			map[string]string{"listings/walk.md": replace("venue: hall", "venue: online")},
			[]want{{walk, 7, 8, diag.Error, "missing-field", "An online activity needs an online_url", ""}}},
		{"a broken organization does not also break its listings",
			map[string]string{"organizations/ramblers.yaml": "name: Ramblers\n"},
			[]want{{"content/organizations/ramblers.yaml", 1, 1, diag.Error, "missing-field", `"description" is missing`, ""}}},
		{"raw HTML in the body",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A flat walk.\n\nBring <b>boots</b>.")},
			[]want{
				{walk, 18, 7, diag.Error, "markdown-html", "HTML is not allowed in descriptions", ""},
				{walk, 18, 15, diag.Error, "markdown-html", "HTML is not allowed in descriptions", ""},
			}},
		{"HTML block in the body",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "<script>alert(1)</script>")},
			[]want{{walk, 16, 1, diag.Error, "markdown-html", "HTML is not allowed in descriptions", ""}}},
		{"javascript link",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [walk](javascript:alert(1)).")},
			[]want{{walk, 16, 10, diag.Error, "markdown-link", `Links starting with "javascript:" are not allowed`, ""}}},
		{"obfuscated data link",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [walk](&#100;ata:text/html,x).")},
			[]want{{walk, 16, 10, diag.Error, "markdown-link", `Links starting with "data:" are not allowed`, ""}}},
		{"search-ms link", // opens Windows search on a share of another computer
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", `A [walk](search-ms:query=x&crumb=location:\\evil.example\share).`)},
			[]want{{walk, 16, 10, diag.Error, "markdown-link", `Links cannot contain a backslash`, ""}}},
		{"search-ms link without a backslash",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [walk](search-ms:query=x&crumb=location:evil.example).")},
			[]want{{walk, 16, 10, diag.Error, "markdown-link", `Links starting with "search-ms:" are not allowed`, ""}}},
		{"ms-officecmd link",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [walk](ms-officecmd:%7B%22id%22:3%7D).")},
			[]want{{walk, 16, 10, diag.Error, "markdown-link", `Links starting with "ms-officecmd:" are not allowed`, ""}}},
		{"ms-word link",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [form](ms-word:ofe|u|https://evil.example/x.docx).")},
			[]want{{walk, 16, 10, diag.Error, "markdown-link", `Links starting with "ms-word:" are not allowed`, ""}}},
		{"smb link",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [leaflet](smb://evil.example/share/x.exe).")},
			[]want{{walk, 16, 13, diag.Error, "markdown-link", `Links starting with "smb:" are not allowed`, ""}}},
		{"UNC path",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", `A [leaflet](\\evil.example\share\x.exe).`)},
			[]want{{walk, 16, 13, diag.Error, "markdown-link", `Links cannot contain a backslash`, ""}}},
		{"intent link",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [app](intent://scan/#Intent;scheme=zxing;end).")},
			[]want{{walk, 16, 9, diag.Error, "markdown-link", `Links starting with "intent:" are not allowed`, ""}}},
		{"blob link",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [map](blob:https://evil.example/1234).")},
			[]want{{walk, 16, 9, diag.Error, "markdown-link", `Links starting with "blob:" are not allowed`, ""}}},
		{"ftp autolink",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "See <ftp://evil.example/x.exe>.")},
			[]want{{walk, 16, 6, diag.Error, "markdown-link", `Links starting with "ftp:" are not allowed`, ""}}},
		{"protocol-relative link",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [map](//evil.example/x).")},
			[]want{{walk, 16, 9, diag.Error, "markdown-link", "Links cannot start with //", "https://evil.example/x"}}},
		{"link with a user name that hides the site",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [form](https://nhs.uk@evil.example/form).")},
			[]want{{walk, 16, 10, diag.Error, "markdown-link", "hides the site it goes to", ""}}},
		{"scheme hidden by a tab and an entity",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A [walk](<s&#109;b\t://evil.example/x>).")},
			[]want{{walk, 16, 11, diag.Error, "markdown-link", `Links starting with "smb:" are not allowed`, ""}}},
		{"email link with a hidden bcc",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "[Email us](mailto:help@advice.example.org?subject=Hi&%62cc=spy@evil.example).")},
			[]want{{walk, 16, 12, diag.Error, "markdown-link", "adds recipients", ""}}},
		{"email link to two addresses",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "[Email us](mailto:help@advice.example.org,spy@evil.example).")},
			[]want{{walk, 16, 12, diag.Error, "markdown-link", "more than one address", ""}}},
		{"email link with a quoted address",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", `[Email us](<mailto:"help@advice.example.org?bcc=spy@evil.example&x="@example.org>).`)},
			[]want{{walk, 16, 13, diag.Error, "markdown-link", "more than one address", ""}}},
		{"web, email, phone and site links are fine",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.",
				"[a](https://example.org/a?b=c#d) [b](HTTP://example.org) [c](mailto:sue@example.org) [c2](mailto:Sue@Example.org?Subject=Walk&body=Hello%20there) [d](tel:+441632960123) "+
					"[e](/listings/walk/) [f](../other/) [g](#top) [h](?page=2) [i](./a:b) [j](www.example.org) "+
					"<https://example.org/> www.example.com sue@example.org")},
			nil},
		{"image",
			map[string]string{"listings/walk.md": replace("A flat walk along the river.", "A walk. ![map](https://tracker.example.com/map.png)")},
			[]want{{walk, 16, 16, diag.Error, "markdown-image", "Images cannot be shown in descriptions", ""}}},
		{"HTML in a YAML description points into the block",
			map[string]string{"organizations/ramblers.yaml": strings.Replace(base()["organizations/ramblers.yaml"], "Everyone is welcome.", "Everyone is <i>welcome</i>.", 1)},
			[]want{
				{"content/organizations/ramblers.yaml", 5, 15, diag.Error, "markdown-html", "HTML is not allowed", ""},
				{"content/organizations/ramblers.yaml", 5, 25, diag.Error, "markdown-html", "HTML is not allowed", ""},
			}},
		{"description in front matter and body",
			map[string]string{"listings/walk.md": replace("cost: free", "cost: free\ndescription: Twice.")},
			[]want{{walk, 11, 1, diag.Error, "duplicate-field", "A .md file has its description below the details", ""}}},
		{"two files with the same id",
			map[string]string{"listings/walk.yaml": strings.ReplaceAll(strings.Trim(strings.Replace(listing, "---\nA flat", "description: A flat", 1), "-\n"), "", "") + "\n"},
			[]want{{"content/listings/walk.yaml", 1, 1, diag.Error, "duplicate-id", `Two files have the id "walk"`, ""}}},
		{"field given twice",
			map[string]string{"listings/walk.md": replace("cost: free", "cost: free\ncost: free")},
			[]want{{walk, 11, 1, diag.Error, "duplicate-field", `"cost" is given twice`, ""}}},
		{"item listed twice",
			map[string]string{"listings/walk.md": replace("needs: [loneliness]", "needs: [loneliness, anxiety, loneliness]")},
			[]want{{walk, 6, 30, diag.Error, "duplicate-item", `"loneliness" is listed twice in "needs"`, ""}}},
		{"YAML alias",
			map[string]string{"listings/walk.md": replace("needs: [loneliness]", "needs: &n [loneliness]\ntags: *n")},
			[]want{{walk, 6, 8, diag.Error, "yaml-alias", "YAML anchors and aliases (& and *) are not allowed", ""}}},
		{"colon in an unquoted value",
			map[string]string{"listings/walk.md": replace("summary: A gentle walk.", "summary: Walk: then tea.")},
			[]want{{walk, 4, 1, diag.Error, "yaml-syntax", "A value contains a colon followed by a space", ""}}},
		{"tab indentation",
			map[string]string{"listings/walk.md": replace("  - every Tuesday", "\t- every Tuesday")},
			[]want{{walk, 9, 2, diag.Error, "yaml-syntax", "(often a tab)", ""}}},
		{"missing front matter",
			map[string]string{"listings/walk.md": "title: Walking Group\n"},
			[]want{{walk, 1, 1, diag.Error, "front-matter", "A listing must start with a line of three dashes (---)", ""}}},
		{"front matter never closed",
			map[string]string{"listings/walk.md": strings.Replace(listing, "---\nA flat", "A flat", 1)},
			[]want{{walk, 1, 1, diag.Error, "front-matter", "never closed", ""}}},
		{"NUL byte",
			map[string]string{"listings/walk.md": replace("A flat walk", "A flat\x00walk")},
			[]want{{walk, 16, 7, diag.Error, "encoding", "NUL byte", ""}}},
		{"not UTF-8",
			map[string]string{"listings/walk.md": replace("summary: A gentle walk.", "summary: Caf\xe9 walk.")},
			[]want{{walk, 4, 13, diag.Error, "encoding", "not saved as UTF-8", ""}}},
		{"terminal escape sequence in a summary",
			map[string]string{"listings/walk.md": replace("summary: A gentle walk.", "summary: A gentle\x1b]0;owned\x07 walk.")},
			[]want{
				{walk, 4, 18, diag.Error, "control-character", "invisible control character (U+001B)", ""},
				{walk, 4, 27, diag.Error, "control-character", "invisible control character (U+0007)", ""},
			}},
		{"C1 control in the description",
			map[string]string{"listings/walk.md": replace("A flat walk", "A flat\u009b2J walk")},
			[]want{{walk, 16, 7, diag.Error, "control-character", "(U+009B)", ""}}},
		{"right-to-left override in a title",
			map[string]string{"listings/walk.md": replace("title: Walking Group", "title: Walking \u202egnp.exe")},
			[]want{{walk, 2, 16, diag.Error, "control-character", "reorders text (U+202E RIGHT-TO-LEFT OVERRIDE)", ""}}},
		{"isolate in an organization's website",
			map[string]string{"organizations/ramblers.yaml": base()["organizations/ramblers.yaml"] + "website: https://example.org/\u2066x\u2069\n"},
			[]want{
				{"content/organizations/ramblers.yaml", 7, 30, diag.Error, "control-character", "(U+2066 LEFT-TO-RIGHT ISOLATE)", ""},
				{"content/organizations/ramblers.yaml", 7, 32, diag.Error, "control-character", "(U+2069 POP DIRECTIONAL ISOLATE)", ""},
			}},
		{"right-to-left override written as an escape in quotes",
			map[string]string{"listings/walk.md": replace("title: Walking Group", `title: "Walking \u202Egnp.exe"`)},
			[]want{{walk, 2, 8, diag.Error, "control-character", "reorders text (U+202E RIGHT-TO-LEFT OVERRIDE), written as an escape", ""}}},
		{"bell written as an escape in quotes",
			map[string]string{"listings/walk.md": replace("summary: A gentle walk.", `summary: "A gentle\a walk."`)},
			[]want{{walk, 4, 10, diag.Error, "control-character", "(U+0007), written as an escape", ""}}},
		{"right-to-left override written as a character reference in the description",
			map[string]string{"listings/walk.md": replace("A flat walk", "A flat &#x202E;klaw")},
			[]want{{walk, 16, 8, diag.Error, "control-character", "(U+202E RIGHT-TO-LEFT OVERRIDE), written as &#x202E;", ""}}},
		{"form feed in directory.yaml",
			map[string]string{"directory.yaml": base()["directory.yaml"] + "\f\n"},
			[]want{{"content/directory.yaml", 6, 1, diag.Error, "control-character", "(U+000C)", ""}}},
		{"right-to-left marks, tabs and CRLF line ends are fine",
			map[string]string{"listings/walk.md": strings.ReplaceAll(replace("A flat walk along the river.", "مشي\u200f (walk)\u200e.\tTea after."), "\n", "\r\n")},
			nil},
		{"huge file",
			map[string]string{"listings/walk.md": listing + strings.Repeat("Long text. ", 100_000)},
			[]want{{walk, 1, 1, diag.Error, "too-large", "is larger than 1024 KB", ""}}},
		{"file name that is not an id",
			map[string]string{"listings/Walk Group.md": listing},
			[]want{
				{"content/listings/Walk Group.md", 1, 1, diag.Error, "bad-id", `The file name "Walk Group" is not a valid id`, ""},
				{walk, 2, 8, diag.Warning, "duplicate-title", `Another listing has the same title "Walking Group"`, ""},
			}},
		{".yml file",
			map[string]string{"venues/park.yml": "name: Park\n"},
			[]want{{"", 0, 0, diag.Error, "misplaced-file", "content/venues/park.yml is named .yml: rename it to end in .yaml", ""}}},
		{"bad postcode",
			map[string]string{"venues/hall.yaml": strings.Replace(base()["venues/hall.yaml"], "TV1 2AB", "tv12ab", 1)},
			[]want{{"content/venues/hall.yaml", 4, 11, diag.Error, "bad-postcode", `"tv12ab" is not a postcode in GB`, "TV1 2AB"}}},
		{"Eircode without its space",
			map[string]string{
				"directory.yaml":   strings.Replace(base()["directory.yaml"], "country: GB", "country: IE", 1),
				"venues/hall.yaml": strings.Replace(base()["venues/hall.yaml"], "TV1 2AB", "d02x285", 1)},
			[]want{{"content/venues/hall.yaml", 4, 11, diag.Error, "bad-postcode", `"d02x285" is not a postcode in IE`, "D02 X285"}}},
		{"bad time zone",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "Europe/Londn", 1)},
			[]want{{"content/directory.yaml", 3, 11, diag.Error, "bad-timezone", `"Europe/Londn" is not a time zone`, ""}}},
		{"time zone read from the posix copies",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "posix/Europe/London", 1)},
			[]want{{"content/directory.yaml", 3, 11, diag.Error, "bad-timezone", `"posix/Europe/London" is not a time zone`, "Europe/London"}}},
		{"time zone with leap seconds",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "right/Europe/London", 1)},
			[]want{{"content/directory.yaml", 3, 11, diag.Error, "bad-timezone", `"right/Europe/London" is not a time zone`, "Europe/London"}}},
		{"time zone written as a path",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "./Europe/London", 1)},
			[]want{{"content/directory.yaml", 3, 11, diag.Error, "bad-timezone", `"./Europe/London" is not a time zone`, "Europe/London"}}},
		{"time zone with two slashes",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "Europe//London", 1)},
			[]want{{"content/directory.yaml", 3, 11, diag.Error, "bad-timezone", `"Europe//London" is not a time zone`, "Europe/London"}}},
		{"time zone Factory",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "Factory", 1)},
			[]want{{"content/directory.yaml", 3, 11, diag.Error, "bad-timezone", `"Factory" is not a time zone`, ""}}},
		{"time zone posixrules",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "posixrules", 1)},
			[]want{{"content/directory.yaml", 3, 11, diag.Error, "bad-timezone", `"posixrules" is not a time zone`, ""}}},
		{"time zone outside the zone files",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "Europe/../../../etc/localtime", 1)},
			[]want{{"content/directory.yaml", 3, 11, diag.Error, "bad-timezone", `is not a time zone`, ""}}},
		{"time zone with three parts",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "America/Argentina/Buenos_Aires", 1)},
			nil},
		{"time zone UTC",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "UTC", 1)},
			nil},
		{"time zone Etc",
			map[string]string{"directory.yaml": strings.Replace(base()["directory.yaml"], "Europe/London", "Etc/GMT+5", 1)},
			nil},
		{"missing directory.yaml",
			map[string]string{"directory.yaml": ""},
			[]want{{"", 0, 0, diag.Error, "missing-directory", "content/directory.yaml is missing", ""}}},
		{"cost per something unknown",
			map[string]string{"listings/walk.md": replace("cost: free", "cost: { amount: 2, per: sesion }")},
			[]want{{walk, 10, 25, diag.Error, "not-allowed", `"sesion" is not allowed for "cost.per"`, "session"}}},
		{"cost written as text",
			map[string]string{"listings/walk.md": replace("cost: free", "cost: £2 a session")},
			[]want{{walk, 10, 7, diag.Error, "not-allowed", `The cost "£2 a session" is not free or an amount`, ""}}},
		{"cost of nothing",
			map[string]string{"listings/walk.md": replace("cost: free", "cost: { amount: 0 }")},
			[]want{{walk, 10, 17, diag.Error, "out-of-range", `0 is out of range for "cost.amount"`, ""}}},
		{"age with a leading zero, which YAML reads as octal",
			map[string]string{"listings/walk.md": replace("min_age: 18,", "min_age: 017,")},
			[]want{{walk, 11, 22, diag.Error, "yaml-number", "Write the number 017 without leading zeros", "17"}}},
		{"amount with a leading zero",
			map[string]string{"listings/walk.md": replace("cost: free", "cost: { amount: 010 }")},
			[]want{{walk, 10, 17, diag.Error, "yaml-number", "Write the number 010 without leading zeros", "10"}}},
		{"amount with leading zeros and a decimal point",
			map[string]string{"listings/walk.md": replace("cost: free", "cost: { amount: 003.50 }")},
			[]want{{walk, 10, 17, diag.Error, "yaml-number", "Write the number 003.50 without leading zeros", "3.50"}}},
		{"latitude with a leading zero that is not octal",
			map[string]string{"venues/hall.yaml": unplaced + "lat: 052.5\nlon: -01.5\n"},
			[]want{
				{"content/venues/hall.yaml", 6, 6, diag.Error, "yaml-number", "Write the number 052.5 without leading zeros", "52.5"},
				{"content/venues/hall.yaml", 7, 6, diag.Error, "yaml-number", "Write the number -01.5 without leading zeros", "-1.5"},
			}},
		{"age with an exponent",
			map[string]string{"listings/walk.md": replace("min_age: 18,", "min_age: 1e1,")},
			[]want{{walk, 11, 22, diag.Error, "yaml-number", "Write the number 1e1 with plain digits", "10"}}},
		{"amount with an exponent",
			map[string]string{"listings/walk.md": replace("cost: free", "cost: { amount: 2.5E-1 }")},
			[]want{{walk, 10, 17, diag.Error, "yaml-number", "Write the number 2.5E-1 with plain digits", "0.25"}}},
		{"whole number written with a decimal point",
			map[string]string{"listings/walk.md": replace("min_age: 18,", "min_age: 18.0,")},
			[]want{{walk, 11, 22, diag.Error, "yaml-number", "18.0 is a whole number here", "18"}}},
		{"whole number with a leading zero and a decimal point",
			map[string]string{"listings/walk.md": replace("min_age: 18,", "min_age: 018.0,")},
			[]want{{walk, 11, 22, diag.Error, "yaml-number", "Write the number 018.0 without leading zeros", "18"}}},
		{"zero, a fraction under one and an amount with two decimals are fine",
			map[string]string{"listings/walk.md": replace("min_age: 18,", "min_age: 0,"),
				"venues/hall.yaml": unplaced + "lat: 0.5\nlon: -0.25\n"},
			nil},
		{"phone number with a leading zero is still told to use quotes",
			map[string]string{"listings/walk.md": replace("referral: self", "referral: self\ncontact: { phone: 01632960123 }")},
			[]want{{walk, 13, 19, diag.Error, "wrong-type", `"contact.phone" must be text: put it in quotes`, `"01632960123"`}}},
		{"octal-looking phone number is still told to use quotes",
			map[string]string{"organizations/ramblers.yaml": strings.Replace(base()["organizations/ramblers.yaml"], `"01632 960123"`, "016327", 1)},
			[]want{{"content/organizations/ramblers.yaml", 6, 8, diag.Error, "wrong-type", `"phone" must be text: put it in quotes`, `"016327"`}}},
		{"ages the wrong way round",
			map[string]string{"listings/walk.md": replace("min_age: 18,", "min_age: 18, max_age: 16,")},
			[]want{{walk, 11, 35, diag.Error, "out-of-range", "max_age 16 is below min_age 18", ""}}},
		{"activity not in the OpenActive list",
			map[string]string{"listings/walk.md": replace("status: active", "activity: walking footbal\nstatus: active")},
			[]want{{walk, 13, 11, diag.Error, "not-allowed", `"walking footbal" is not allowed for "activity"`, "Walking Football"}}},
		{"status with a capital",
			map[string]string{"listings/walk.md": replace("status: active", "status: Active")},
			[]want{{walk, 13, 9, diag.Error, "not-allowed", `"Active" is not allowed for "status"`, "active"}}},
		{"translation of a listing that does not exist",
			map[string]string{"listings/wlak.pl.md": "---\ntitle: Spacer\nsummary: Spacer.\n---\nSpacer.\n"},
			[]want{{"content/listings/wlak.pl.md", 1, 1, diag.Error, "unknown-reference", `listing "wlak" that does not exist`, "walk.pl.md"}}},
		{"translation with a field only listings have",
			map[string]string{"listings/walk.pl.md": "---\ntitle: Spacer\nsummary: Spacer.\nvenue: hall\n---\nSpacer.\n"},
			[]want{{"content/listings/walk.pl.md", 4, 1, diag.Error, "unknown-field", `Unknown field "venue"`, ""}}},
		{"placeholder left from the template",
			map[string]string{"listings/walk.md": replace("summary: A gentle walk.", "summary: TODO one or two sentences")},
			[]want{{walk, 4, 10, diag.Error, "placeholder", `"summary" is still a placeholder from the template`, ""}}},
		{"duplicate title is a warning",
			map[string]string{"listings/walk-two.md": listing},
			[]want{{"content/listings/walk-two.md", 2, 8, diag.Warning, "duplicate-title", `Another listing has the same title "Walking Group"`, ""}}},
		{"only one of lat and lon",
			map[string]string{"venues/hall.yaml": unplaced + "lat: 52.1\n"},
			[]want{{"content/venues/hall.yaml", 1, 1, diag.Warning, "half-position", "Only one of lat and lon is given", ""}}},
		{"capacity with places and a wait is fine",
			map[string]string{"listings/walk.md": withCapacity(listing, "  places_left: 3\n  total_places: 12\n  wait_weeks: 0\n  note: Room on Thursdays.\n  updated: 2026-11-20")},
			nil},
		{"more places left than there are",
			map[string]string{"listings/walk.md": withCapacity(listing, "  places_left: 13\n  total_places: 12\n  updated: 2026-11-20")},
			[]want{{walk, 15, 16, diag.Error, "out-of-range", "places_left 13 is more than total_places 12", ""}}},
		{"capacity updated in the future",
			map[string]string{"listings/walk.md": withCapacity(listing, "  places_left: 3\n  updated: 2026-12-20")},
			[]want{{walk, 16, 12, diag.Error, "future-date", "The capacity's updated date 2026-12-20 is in the future", "2026-11-21"}}},
		{"capacity updated before 2000",
			map[string]string{"listings/walk.md": withCapacity(listing, "  places_left: 3\n  updated: 1926-11-20")},
			[]want{{walk, 16, 12, diag.Error, "date-out-of-range", "The capacity's updated date 1926-11-20 is before the year 2000", "2026-11-21"}}},
		{"capacity older than stale_after is a warning",
			map[string]string{"listings/walk.md": withCapacity(listing, "  wait_weeks: 4\n  updated: 2026-05-01")},
			[]want{{walk, 16, 12, diag.Warning, "capacity-stale", "last updated on 1 May 2026, more than 6 months ago", ""}}},
		{"capacity updated written day first",
			map[string]string{"listings/walk.md": withCapacity(listing, "  places_left: 3\n  updated: 20/11/2026")},
			[]want{{walk, 16, 12, diag.Error, "bad-format", `"20/11/2026" is not a date written as year-month-day, like 2026-11-20`, "2026-11-20"}}},
		{"capacity without updated",
			map[string]string{"listings/walk.md": withCapacity(listing, "  places_left: 3")},
			[]want{{walk, 14, 1, diag.Error, "missing-field", `The required field "capacity.updated" is missing`, ""}}},
		{"capacity that says only when",
			map[string]string{"listings/walk.md": withCapacity(listing, "  updated: 2026-11-20")},
			[]want{{walk, 14, 1, diag.Error, "empty", "says when it was updated, but nothing about places or waiting", ""}}},
		{"misspelt capacity field",
			map[string]string{"listings/walk.md": withCapacity(listing, "  places_lft: 3\n  updated: 2026-11-20")},
			[]want{{walk, 15, 3, diag.Error, "unknown-field", `Unknown field "capacity.places_lft"`, "places_left"}}},
		{"a waiting time of years",
			map[string]string{"listings/walk.md": withCapacity(listing, "  wait_weeks: 260\n  updated: 2026-11-20")},
			[]want{{walk, 15, 15, diag.Error, "out-of-range", `260 is out of range for "capacity.wait_weeks"`, ""}}},
		{"places left on a full activity",
			map[string]string{"listings/walk.md": strings.Replace(withCapacity(listing, "  places_left: 2\n  updated: 2026-11-20"), "status: active", "status: full", 1)},
			[]want{{walk, 15, 16, diag.Warning, "capacity-mismatch", "The status is full, but places_left says 2", ""}}},
		{"no places left on an active activity",
			map[string]string{"listings/walk.md": withCapacity(listing, "  places_left: 0\n  wait_weeks: 6\n  updated: 2026-11-20")},
			[]want{{walk, 13, 9, diag.Warning, "capacity-mismatch", "No places are left, but the status is active", "full"}}},
		{"a full activity with its waiting time is fine",
			map[string]string{"listings/walk.md": strings.Replace(withCapacity(listing, "  places_left: 0\n  wait_weeks: 6\n  updated: 2026-11-20"), "status: active", "status: full", 1)},
			nil},
		{"capacity on an ended activity",
			map[string]string{"listings/walk.md": strings.Replace(withCapacity(listing, "  wait_weeks: 6\n  updated: 2026-11-20"), "status: active", "status: ended", 1)},
			[]want{{walk, 14, 1, diag.Warning, "capacity-mismatch", "An ended activity has places and a waiting time", ""}}},
		{"venue without a position",
			map[string]string{"venues/hall.yaml": unplaced},
			[]want{{"content/venues/hall.yaml", 1, 7, diag.Warning, "no-position", "cannot be sorted by distance", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := base()
			for name, text := range tt.files {
				if text == "" {
					delete(files, name)
					continue
				}
				files[name] = text
			}
			_, msgs := run(t, files)
			// `check` and `build` run a Checker once, which skips what
			// only serves checking again: it must find the same.
			once, err := check.NewForOneRun()
			if err != nil {
				t.Fatal(err)
			}
			if _, onceMsgs := runWith(t, once, files); !reflect.DeepEqual(onceMsgs, msgs) {
				t.Errorf("a Checker for one run found:\n%s\nwant:\n%s", render(onceMsgs), render(msgs))
			}
			if len(msgs) != len(tt.want) {
				t.Errorf("got %d findings, want %d:\n%s", len(msgs), len(tt.want), render(msgs))
			}
			for i, w := range tt.want {
				if i >= len(msgs) {
					break
				}
				m := msgs[i]
				got := want{severity: m.Severity, code: m.Code, suggestion: m.Suggestion}
				if m.Location != nil {
					got.file, got.line, got.col = m.Location.File, m.Location.Line, m.Location.Column
				}
				if got.file != w.file || got.line != w.line || got.col != w.col || got.severity != w.severity ||
					got.code != w.code || got.suggestion != w.suggestion || !strings.Contains(m.Text, w.text) {
					t.Errorf("finding %d:\n got %s:%d:%d %s %s %q (suggestion %q)\nwant %s:%d:%d %s %s %q (suggestion %q)",
						i, got.file, got.line, got.col, got.severity, got.code, m.Text, got.suggestion,
						w.file, w.line, w.col, w.severity, w.code, w.text, w.suggestion)
				}
				if m.Severity == diag.Error && m.Hint == "" && m.Code != "duplicate-item" {
					t.Errorf("finding %d (%s) has no hint", i, m.Code)
				}
			}
		})
	}
}

func render(msgs diag.List) string {
	var b strings.Builder
	for _, m := range msgs {
		loc := "-"
		if m.Location != nil {
			loc = m.Location.String()
		}
		fmt.Fprintf(&b, "  %s %s %s %q suggestion=%q\n", loc, m.Severity, m.Code, m.Text, m.Suggestion)
	}
	return b.String()
}

func TestTaxonomyExtendsVocabularies(t *testing.T) {
	files := base()
	files["taxonomy.yaml"] = `categories:
  sea-swimming:
    label: Sea swimming
    description: Swimming in the sea with others.
    translations:
      cy: { label: Nofio yn y môr }
needs:
  loneliness:
    label: Feeling lonely
`
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "[movement]", "[movement, sea-swimming]", 1)
	d, msgs := run(t, files)
	if len(msgs) > 0 {
		t.Fatalf("unexpected findings:\n%s", render(msgs))
	}
	if got := d.Taxonomy.Categories.Label("sea-swimming", "cy"); got != "Nofio yn y môr" {
		t.Errorf("Welsh label = %q", got)
	}
	if got := d.Taxonomy.Needs.Label("loneliness", "en"); got != "Feeling lonely" {
		t.Errorf("relabelled need = %q", got)
	}
	if got := d.Taxonomy.Needs.Term("loneliness").Description; got == "" {
		t.Error("relabelling lost the built-in description")
	}
}

func TestTaxonomySynonyms(t *testing.T) {
	files := base()
	files["taxonomy.yaml"] = `categories:
  sea-swimming:
    label: Sea swimming
    synonyms: [open water, wild swimming]
needs:
  loneliness:
    label: Loneliness and isolation
    synonyms: [Cut off]
  low-mood:
    label: Low mood
    synonyms: [lonely, feeling  blue]
`
	d, msgs := run(t, files)
	// "lonely" is a built-in synonym of loneliness: one error, at the word.
	if got := render(msgs); len(msgs) != 1 || msgs[0].Code != diag.DuplicateSynonym ||
		msgs[0].Location.String() != "content/taxonomy.yaml:11:16" ||
		msgs[0].Text != `"lonely" is already a word for the needs term "loneliness"` ||
		!strings.Contains(msgs[0].Hint, "one of signpost's own words") {
		t.Fatalf("findings:\n%s", got)
	}
	lonely := d.Taxonomy.Needs.Term("loneliness").Synonyms
	if !slices.Contains(lonely, "Cut off") || !slices.Contains(lonely, "isolated") {
		t.Errorf("taxonomy.yaml synonyms are added to the built-in ones: %q", lonely)
	}
	if got := d.Taxonomy.Categories.Term("sea-swimming").Synonyms; !slices.Equal(got, []string{"open water", "wild swimming"}) {
		t.Errorf("a new term's synonyms: %q", got)
	}
}

// TestTaxonomyRemoveSynonyms: a directory takes a misleading built-in
// synonym from a term (and may then give it to another); a word that is not
// the term's synonym is refused at its line; a new term named like another
// term's synonym is refused too.
func TestTaxonomyRemoveSynonyms(t *testing.T) {
	files := base()
	files["taxonomy.yaml"] = `categories:
  faith-and-culture:
    label: Faith and culture
    remove_synonyms: [Church, community  centre]
  community-centres:
    label: Community centres
    synonyms: [community centre]
`
	d, msgs := run(t, files)
	if len(msgs) != 0 {
		t.Fatalf("findings:\n%s", render(msgs))
	}
	faith := d.Taxonomy.Categories.Term("faith-and-culture").Synonyms
	if slices.Contains(faith, "church") || slices.Contains(faith, "community centre") || !slices.Contains(faith, "mosque") {
		t.Errorf("faith-and-culture's synonyms after removing two: %q", faith)
	}
	if builtin := content.BuiltinTaxonomy().Categories.Term("faith-and-culture").Synonyms; !slices.Contains(builtin, "church") {
		t.Error("removing changed the built-in vocabulary itself")
	}

	files["taxonomy.yaml"] = `categories:
  faith-and-culture:
    label: Faith and culture
    remove_synonyms: [chruch]
  gardening-club:
    label: Gardening
`
	_, msgs = run(t, files)
	got := render(msgs)
	if len(msgs) != 2 || msgs[0].Code != diag.UnknownSynonym || msgs[0].Location.String() != "content/taxonomy.yaml:4:23" ||
		msgs[1].Code != diag.DuplicateSynonym || msgs[1].Location.String() != "content/taxonomy.yaml:6:12" ||
		!strings.Contains(msgs[1].Hint, "remove_synonyms: [Gardening]") {
		t.Fatalf("findings:\n%s", got)
	}
}

// TestBuiltinSynonymsAreDistinct: no word is the label or synonym of two
// built-in terms of one vocabulary, ignoring capitals.
func TestBuiltinSynonymsAreDistinct(t *testing.T) {
	for _, v := range content.BuiltinTaxonomy().Vocabularies() {
		owner := map[string]string{}
		for _, term := range v.Terms {
			for _, w := range append([]string{term.Label}, term.Synonyms...) {
				k := strings.ToLower(w)
				if other, ok := owner[k]; ok && other != term.ID {
					t.Errorf("%s: %q is a word for both %s and %s", v.Name, w, other, term.ID)
				}
				owner[k] = term.ID
			}
		}
	}
	for _, v := range []*content.Vocabulary{content.BuiltinTaxonomy().Needs, content.BuiltinTaxonomy().Categories} {
		for _, term := range v.Terms {
			if len(term.Synonyms) < 5 {
				t.Errorf("%s %s has %d synonyms", v.Name, term.ID, len(term.Synonyms))
			}
		}
	}
}

func TestTranslationsAttach(t *testing.T) {
	files := base()
	files["listings/walk.uk.md"] = "---\ntitle: Прогулянка\nsummary: Спокійна прогулянка.\n---\nРівна прогулянка вздовж річки.\n"
	d, msgs := run(t, files)
	if len(msgs) > 0 {
		t.Fatalf("unexpected findings:\n%s", render(msgs))
	}
	tr := d.Listing("walk").Translations["uk"]
	if tr == nil || tr.Title != "Прогулянка" || tr.Description != "Рівна прогулянка вздовж річки." {
		t.Errorf("translation = %+v", tr)
	}
}

// TestRecheckSeesEdits checks twice with the same Checker, as the live
// preview does: an edit must be seen even when it keeps the file's size
// and lands within the same second, and unchanged files must give the
// same results.
func TestRecheckSeesEdits(t *testing.T) {
	dir := t.TempDir()
	for name, text := range base() {
		path := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte(text), 0o644)
	}
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	checkDir := func() (*content.Directory, diag.List) {
		folder, err := load.Scan(os.DirFS(dir), "content")
		if err != nil {
			t.Fatal(err)
		}
		return ck.Run(context.Background(), folder, check.Options{Today: today})
	}
	d, msgs := checkDir()
	if len(msgs) > 0 || d.Listing("walk").Title != "Walking Group" {
		t.Fatalf("first run: %v", msgs)
	}
	listing := filepath.Join(dir, "listings", "walk.md")
	text, _ := os.ReadFile(listing)
	info, _ := os.Stat(listing)
	// Same size, same modification time: only the content differs.
	edited := strings.Replace(string(text), "title: Walking Group", "title: Walking Grove", 1)
	os.WriteFile(listing, []byte(edited), 0o644)
	os.Chtimes(listing, info.ModTime(), info.ModTime())
	d, msgs = checkDir()
	if len(msgs) > 0 || d.Listing("walk").Title != "Walking Grove" {
		t.Errorf("the edit was not seen: title %q, %v", d.Listing("walk").Title, msgs)
	}
	os.WriteFile(listing, []byte(strings.Replace(edited, "[movement]", "[movment]", 1)), 0o644)
	_, msgs = checkDir()
	if len(msgs) != 1 || msgs[0].Code != "unknown-term" {
		t.Errorf("the broken edit: %v", msgs)
	}
	os.Remove(listing)
	d, _ = checkDir()
	if d.Listing("walk") != nil {
		t.Error("a deleted listing is still there")
	}
}

// TestLinkFindingsPointAtTheAddress: a refused link or image is reported
// where its address is written, also when the address is in a reference
// definition further down ([text][r1] … [r1]: javascript:…), when the link
// text holds an image, and for autolinks after another one.
func TestLinkFindingsPointAtTheAddress(t *testing.T) {
	const walk = "content/listings/walk.md"
	tests := []struct {
		name string
		body string // from line 16 of the listing
		want []want
	}{
		{"reference link after a valid link",
			"See [the map](https://example.org/map) and [the form][r1].\n\n[r1]: javascript:alert(1)\n",
			[]want{{walk, 18, 7, diag.Error, "markdown-link", `Links starting with "javascript:" are not allowed`, ""}}},
		{"collapsed and shortcut reference links",
			"[Form][] and [form].\n\n[FORM]:\n  <javascript:alert(1)>\n",
			[]want{
				{walk, 19, 4, diag.Error, "markdown-link", `"javascript:"`, ""},
				{walk, 19, 4, diag.Error, "markdown-link", `"javascript:"`, ""},
			}},
		{"reference image",
			"A [walk](https://example.org/) ![map][m]\n\n[m]: https://tracker.example.com/map.png\n",
			[]want{{walk, 18, 6, diag.Error, "markdown-image", "Images cannot be shown", ""}}},
		{"image inside a javascript link",
			"[![map](https://example.org/m.png)](javascript:alert(1))\n",
			[]want{
				{walk, 16, 9, diag.Error, "markdown-image", "Images cannot be shown", ""},
				{walk, 16, 37, diag.Error, "markdown-link", `"javascript:"`, ""},
			}},
		{"autolink after another",
			"Go to <https://example.org/> or <javascript:alert(1)>.\n",
			[]want{{walk, 16, 34, diag.Error, "markdown-link", `"javascript:"`, ""}}},
		{"link inside a quote and a list",
			"> - [x][q]\n>\n> [q]: vbscript:msgbox\n",
			[]want{{walk, 18, 8, diag.Error, "markdown-link", `"vbscript:"`, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := base()
			files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "A flat walk along the river.\n", tt.body, 1)
			_, msgs := run(t, files)
			// `check` and `build` run a Checker once, which skips what
			// only serves checking again: it must find the same.
			once, err := check.NewForOneRun()
			if err != nil {
				t.Fatal(err)
			}
			if _, onceMsgs := runWith(t, once, files); !reflect.DeepEqual(onceMsgs, msgs) {
				t.Errorf("a Checker for one run found:\n%s\nwant:\n%s", render(onceMsgs), render(msgs))
			}
			if len(msgs) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(msgs), len(tt.want), render(msgs))
			}
			for i, w := range tt.want {
				m := msgs[i]
				if m.Location == nil || m.Location.File != w.file || m.Location.Line != w.line || m.Location.Column != w.col ||
					m.Code != w.code || !strings.Contains(m.Text, w.text) {
					t.Errorf("finding %d: got\n%s want %s:%d:%d %s %q", i, render(diag.List{m}), w.file, w.line, w.col, w.code, w.text)
				}
			}
		})
	}
}

// TestBaseURLMustBeAPlainWebAddress: base_url goes into every page, feed
// and QR code, so the schema's pattern is not enough: it must parse, name a
// site, and hold no quotes, angle brackets, password, ?query or #part.
func TestBaseURLMustBeAPlainWebAddress(t *testing.T) {
	const dir = "content/directory.yaml"
	tests := []struct {
		value string
		text  string // "" when the address is fine
	}{
		{"https://example.org/riverside/", ""},
		{"http://example.org", ""},
		{"https://example.org:8443/a/b/", ""},
		{"https://example.org/%C3%A9t%C3%A9/", ""},
		{`'https://example.org/"onmouseover="alert(1)'`, "contains a quote mark"},
		{`https://example.org/<script>`, `contains "<"`},
		{`https://example.org/a\b`, `contains "\\"`},
		{"https://user:secret@example.org/", "user name or password"},
		{"https://example.org/?page=1", "must not have a ? or # part"},
		{"https://example.org/#top", "must not have a ? or # part"},
		{"http://[::1]", "is on this computer"},
		{"http://[2001:db8::1]/", "IPv6 address"},
		{"http://localhost:1313/", "is on this computer"},
		{"https://example.org/%zz/", "is not a web address"},
		{"https://:80/", "no site name"},
		{"https://Example.ORG./riverside/", ""},
		{"https://93.184.216.34/", ""},
		{"https://LOCALHOST/", "is on this computer"},
		{"https://localhost./", "is on this computer"},
		{"https://www.LocalHost/", "is on this computer"},
		{"https://0.0.0.0/", "is on this computer"},
		{"https://127.0.0.2/", "is on this computer"},
		{"https://127.1/", "hides which address it is"},
		{"https://2130706433/", "hides which address it is"},
		{"https://0x7f.0.0.1/", "hides which address it is"},
		{"https://example.017/", "hides which address it is"},
		{"https://[::]/", "is on this computer"},
		{"https://example.org:0/", "the port 0, which is not a port number"},
		{"https://example.org:99999/", "the port 99999, which is not a port number"},
		{"https://example.org:/", "a colon after the site name but no port number"},
		{"https://-.org/", "starts or ends with -"},
		{"https://example-.org/", "starts or ends with -"},
		{"https://a..example.org/", "two dots in a row"},
		{"https://a!b.example.org/", "a character a site name cannot hold"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			files := base()
			files["directory.yaml"] = strings.Replace(files["directory.yaml"], "https://example.org/test/", tt.value, 1)
			_, msgs := run(t, files)
			if tt.text == "" {
				if len(msgs) > 0 {
					t.Errorf("unexpected findings:\n%s", render(msgs))
				}
				return
			}
			if len(msgs) != 1 {
				t.Fatalf("got %d findings, want 1:\n%s", len(msgs), render(msgs))
			}
			m := msgs[0]
			if m.Location == nil || m.Location.File != dir || m.Location.Line != 2 || m.Location.Column != 11 ||
				m.Code != "bad-format" || !strings.Contains(m.Text, tt.text) || !strings.Contains(m.Hint, "base_url: https://") {
				t.Errorf("got\n%swant %s:2:11 bad-format %q", render(msgs), dir, tt.text)
			}
		})
	}

	files := base()
	files["directory.yaml"] += "repository: https://token@github.com/OWNER/REPO\n"
	_, msgs := run(t, files)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "user name or password") || msgs[0].Location.Line != 6 {
		t.Errorf("repository with a token:\n%s", render(msgs))
	}
}

// TestLongDescriptionsAreRefusedUnread: Markdown readers slow down badly on
// some long texts (a run of 100,000 quote marks took minutes with
// typographic quotes), so a description over the limit is refused before
// it is parsed, and one just under it, of the worst kind known, is read.
func TestLongDescriptionsAreRefusedUnread(t *testing.T) {
	files := base()
	walk := files["listings/walk.md"]
	files["listings/walk.md"] = walk + strings.Repeat(`"`, content.MaxDescription+1)
	_, msgs := run(t, files)
	var found bool
	for _, m := range msgs {
		found = found || m.Code == diag.TooLong && strings.Contains(m.Text, "The description is 20030 characters long; the limit is 20000")
	}
	if !found {
		t.Errorf("no too-long message for the description: %v", msgs)
	}
	files["listings/walk.md"] = walk + strings.Repeat(`[a](`, (content.MaxDescription-100)/4)
	if _, msgs := run(t, files); msgs.HasErrors() {
		t.Errorf("a description under the limit was refused: %v", msgs)
	}
}

// manyUnknownFields is the sample listing with n unknown fields added.
func manyUnknownFields(n int) map[string]string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d: v\n", i)
	}
	files := base()
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "cost: free\n", "cost: free\n"+b.String(), 1)
	return files
}

// TestManyProblemsInOneFileAreCapped: a front matter of 60,000 unknown
// fields gives the first few messages and one that says how many more there
// are. (How long it takes is BenchmarkManyUnknownFields's business.)
func TestManyProblemsInOneFileAreCapped(t *testing.T) {
	_, msgs := run(t, manyUnknownFields(60_000))
	if len(msgs) != 21 {
		t.Fatalf("got %d findings, want 20 and a summary", len(msgs))
	}
	for i, m := range msgs[:20] {
		if m.Code != diag.UnknownField || m.Location.Line != 11+i {
			t.Errorf("finding %d: %s", i, render(diag.List{m}))
		}
	}
	last := msgs[20]
	if last.Code != diag.TooManyProblems || last.Severity != diag.Error || last.Text != "…and 59980 more problems in this file" ||
		last.Location == nil || last.Location.Line != 31 || last.Hint == "" {
		t.Errorf("summary: %s", render(diag.List{last}))
	}

	// A file with many warnings and no error is not summed up as an error.
	files := base()
	var rules strings.Builder
	for range 20 {
		rules.WriteString("  - every Sunday 01:30-02:30\n")
	}
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "  - every Tuesday 10:00-11:30\n", rules.String(), 1)
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "verified: 2026-10-02", "verified: 2026-01-02", 1)
	_, msgs = run(t, files)
	if len(msgs) <= 20 || msgs.HasErrors() {
		t.Errorf("warnings only: got %d findings:\n%s", len(msgs), render(msgs))
	}
}

// TestHiddenProblemsSaysHowManyAreNotShown: the message that sums up a
// file's other problems says how many it stands for, so a count of the
// run's problems can be honest.
func TestHiddenProblemsSaysHowManyAreNotShown(t *testing.T) {
	var b strings.Builder
	for i := range 100 {
		fmt.Fprintf(&b, "k%d: v\n", i)
	}
	files := base()
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "cost: free\n", "cost: free\n"+b.String(), 1)
	_, msgs := run(t, files)
	hidden := 0
	for _, m := range msgs {
		n := check.HiddenProblems(m)
		if (n > 0) != (m.Code == diag.TooManyProblems) {
			t.Errorf("HiddenProblems is %d for %s", n, render(diag.List{m}))
		}
		hidden += n
	}
	if hidden != 80 {
		t.Errorf("%d problems not shown, want 80 (100 unknown fields, 20 shown)", hidden)
	}
}

// BenchmarkManyUnknownFields checks a listing with many unknown fields:
// finding each one's line once made this quadratic (15 s at 60,000; about
// 1 s since). Compare the ns/op of the two sizes: ten times the fields
// should take about ten times as long.
func BenchmarkManyUnknownFields(b *testing.B) {
	for _, n := range []int{6_000, 60_000} {
		files := manyUnknownFields(n)
		b.Run(fmt.Sprintf("fields=%d", n), func(b *testing.B) {
			for b.Loop() {
				run(b, files)
			}
		})
	}
}

// TestLikelyDuplicateOrganizations: an organization entered twice (the same
// charity number, or the same phone written another way) is a warning at the
// second, pointing at the first; different numbers are not.
func TestLikelyDuplicateOrganizations(t *testing.T) {
	files := base()
	files["organizations/ramblers.yaml"] = "name: Ramblers\ndescription: We walk.\nphone: \"01632 960123\"\ncharity_number: \"1234567\"\n"
	files["organizations/the-ramblers.yaml"] = "name: The Ramblers\ndescription: We walk too.\nphone: \"01632 960 123\"\ncharity_number: \"1234567\"\n"
	files["organizations/choir.yaml"] = "name: Choir\ndescription: We sing.\nphone: \"01632 960999\"\ncharity_number: \"7654321\"\n"
	_, msgs := run(t, files)
	var got []string
	for _, m := range msgs {
		if m.Code == diag.LikelyDuplicate {
			got = append(got, m.Location.String()+" "+m.Text)
			if len(m.Notes) != 1 || !strings.HasPrefix(m.Notes[0].Location.String(), "content/organizations/ramblers.yaml:") {
				t.Errorf("the note should point at the first organization: %+v", m.Notes)
			}
		}
	}
	want := []string{
		"content/organizations/the-ramblers.yaml:3:8 The Ramblers has the same phone number as Ramblers",
		"content/organizations/the-ramblers.yaml:4:17 The Ramblers has the same charity number as Ramblers",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s\nall:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), render(msgs))
	}
}

// TestStaleAroundMonthEnds: check warns by content.Period.Stale. A listing
// verified on 1 March with stale_after 6 months is fresh on 30 and 31
// August and on 1 September (six months on), and stale from 2 September.
func TestStaleAroundMonthEnds(t *testing.T) {
	ck, err := check.New()
	if err != nil {
		t.Fatal(err)
	}
	files := base()
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "verified: 2026-10-02", "verified: 2026-03-01", 1)
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	folder, err := load.Scan(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	for day, want := range map[int]bool{28: false, 29: false, 30: false, 31: false, 32: false, 33: true, 34: true} {
		d := schedule.DateOf(time.Date(2026, 8, day, 0, 0, 0, 0, time.UTC))
		_, msgs := ck.Run(context.Background(), folder, check.Options{Today: d})
		stale := slices.ContainsFunc(msgs, func(m diag.Message) bool { return m.Code == diag.Stale })
		if stale != want {
			t.Errorf("on %s: stale %v, want %v", d, stale, want)
		}
	}
}

// withCapacity adds a capacity block, whose lines are given, after the
// listing's status (line 13), so the block starts on line 14.
func withCapacity(listing, lines string) string {
	if !strings.Contains(listing, "status: active\n") {
		panic("fixture has no status: active")
	}
	return strings.Replace(listing, "status: active\n", "status: active\ncapacity:\n"+lines+"\n", 1)
}

func TestCapacityIsInTheModel(t *testing.T) {
	files := base()
	files["listings/walk.md"] = withCapacity(files["listings/walk.md"],
		"  places_left: 0\n  total_places: 12\n  wait_weeks: 3\n  note: Ask about Thursdays.\n  updated: 2026-05-01")
	files["listings/walk.md"] = strings.Replace(files["listings/walk.md"], "status: active", "status: full", 1)
	d, _ := run(t, files)
	l := d.Listing("walk")
	if l == nil || l.Capacity == nil {
		t.Fatalf("listing or its capacity missing: %+v", l)
	}
	c := l.Capacity
	if c.PlacesLeft == nil || *c.PlacesLeft != 0 || c.TotalPlaces == nil || *c.TotalPlaces != 12 ||
		c.WaitWeeks == nil || *c.WaitWeeks != 3 || c.Note != "Ask about Thursdays." ||
		c.Updated != (schedule.Date{Year: 2026, Month: 5, Day: 1}) || !c.Stale {
		t.Errorf("capacity decoded wrongly: %+v", c)
	}
	if got, want := c.Text(), "No places left of 12. Waiting time about 3 weeks. Ask about Thursdays. As of 1 May 2026."; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	if d2, _ := run(t, base()); d2.Listing("walk").Capacity != nil {
		t.Error("a listing without capacity has one in the model")
	}
}
