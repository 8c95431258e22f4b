package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/signpost-directory/signpost/site/feeds/ical"
	"github.com/signpost-directory/signpost/site/schedule"
)

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tea, cake; chat", `tea\, cake\; chat`},
		{`back\slash`, `back\\slash`},
		{"two\nlines", `two\nlines`},
		{"windows\r\nline", `windows\nline`},
		{"old mac\rline", `old mac\nline`},
		{"tab\tkept, bell\a dropped", "tab\tkept\\, bell dropped"},
		{"Café – £3", "Café – £3"},
	}
	for _, tt := range tests {
		if got := ical.EscapeText(tt.in); got != tt.want {
			t.Errorf("EscapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFolding(t *testing.T) {
	tests := []struct {
		name, value string
	}{
		{"short", "Walk"},
		{"exactly 75 octets", strings.Repeat("a", 75-len("SUMMARY:"))},
		{"76 octets", strings.Repeat("a", 76-len("SUMMARY:"))},
		{"long ASCII", strings.Repeat("walk by the river ", 30)},
		{"multi-byte characters across the fold", strings.Repeat("é", 100)},
		{"four-byte characters", strings.Repeat("🌳 ", 60)},
		{"Ukrainian text", strings.Repeat("Просто приходьте до кімнати ", 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e ical.Encoder
			e.Text("SUMMARY", tt.value)
			out := string(e.Bytes())
			if !strings.HasSuffix(out, "\r\n") {
				t.Fatalf("no CRLF at the end: %q", out)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
			for i, l := range lines {
				if len(l) > 75 {
					t.Errorf("line %d has %d octets: %q", i, len(l), l)
				}
				if !utf8.ValidString(l) {
					t.Errorf("line %d splits a character: %q", i, l)
				}
				if i > 0 && !strings.HasPrefix(l, " ") {
					t.Errorf("continuation line %d does not start with a space: %q", i, l)
				}
				if strings.ContainsAny(l, "\r\n") {
					t.Errorf("bare line break in line %d", i)
				}
			}
			// Unfolding (RFC 5545 section 3.1) gives the line back.
			unfolded := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", "")
			if want := "SUMMARY:" + ical.EscapeText(tt.value); unfolded != want {
				t.Errorf("unfolded = %q, want %q", unfolded, want)
			}
		})
	}
}

func TestPropParams(t *testing.T) {
	var e ical.Encoder
	e.Prop("DTSTART", "20261006T100000", ical.Param{Name: "TZID", Value: "Europe/London"})
	e.Text("LOCATION", "Hall", ical.Param{Name: "ALTREP", Value: "https://example.org/a;b"})
	want := "DTSTART;TZID=Europe/London:20261006T100000\r\nLOCATION;ALTREP=\"https://example.org/a;b\":Hall\r\n"
	if got := string(e.Bytes()); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestOffset(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{{0, "+0000"}, {3600, "+0100"}, {-5 * 3600, "-0500"}, {5*3600 + 1800, "+0530"}, {-(3600 + 15*60 + 30), "-011530"}}
	for _, tt := range tests {
		if got := ical.Offset(tt.in); got != tt.want {
			t.Errorf("Offset(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTimezoneLondon pins the exact form of the most common case: two
// observances with yearly rules, as calendar programs write them.
func TestTimezoneLondon(t *testing.T) {
	loc := load(t, "Europe/London")
	var e ical.Encoder
	e.Timezone(loc, 2026, 2036)
	want := strings.Join([]string{
		"BEGIN:VTIMEZONE",
		"TZID:Europe/London",
		"X-LIC-LOCATION:Europe/London",
		"BEGIN:STANDARD",
		"DTSTART:20251026T020000",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0000",
		"TZNAME:GMT",
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		"END:STANDARD",
		"BEGIN:DAYLIGHT",
		"DTSTART:20260329T010000",
		"TZOFFSETFROM:+0000",
		"TZOFFSETTO:+0100",
		"TZNAME:BST",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		"END:DAYLIGHT",
		"END:VTIMEZONE",
		"",
	}, "\r\n")
	if got := string(e.Bytes()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestTimezoneAgainstGo parses generated VTIMEZONEs with an independent
// iCalendar parser, expands their rules with an independent RRULE library,
// and checks that the offset they give matches Go's time zone database at
// every hour of the span, for zones with regular rules (both hemispheres,
// half-hour and 45-minute offsets), without daylight saving time, and with
// irregular changes that need RDATEs.
func TestTimezoneAgainstGo(t *testing.T) {
	const first, last = 2025, 2032
	tests := []struct {
		zone  string
		rules bool // whether every observance should be a yearly RRULE
	}{
		{"Europe/London", true},
		{"Europe/Berlin", true},
		{"America/New_York", true},
		{"America/St_Johns", true},
		{"Australia/Sydney", true},
		{"Australia/Lord_Howe", true},
		{"Pacific/Chatham", true},
		{"Asia/Tokyo", false},
		{"Asia/Kolkata", false},
		{"UTC", false},
		{"Africa/Casablanca", false},
		{"Asia/Jerusalem", false},
		{"America/Santiago", false},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc := load(t, tt.zone)
			var e ical.Encoder
			e.Begin("VCALENDAR")
			e.Prop("VERSION", "2.0")
			e.Prop("PRODID", "-//signpost//test//EN")
			e.Timezone(loc, first, last)
			e.End("VCALENDAR")
			cal, err := goical.NewDecoder(bytes.NewReader(e.Bytes())).Decode()
			if err != nil {
				t.Fatalf("parsing:\n%s\n%v", e.Bytes(), err)
			}
			var tz *goical.Component
			for _, c := range cal.Children {
				if c.Name == goical.CompTimezone {
					tz = c
				}
			}
			if tz == nil {
				t.Fatal("no VTIMEZONE")
			}
			if id, _ := tz.Props.Text(goical.PropTimezoneID); id != tt.zone {
				t.Errorf("TZID = %q, want %q", id, tt.zone)
			}
			onsets := expand(t, tz, time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC), tt.rules)
			start := time.Date(first, 1, 1, 0, 0, 0, 0, loc)
			stop := time.Date(last+1, 1, 1, 0, 0, 0, 0, loc)
			for at := start; at.Before(stop); at = at.Add(time.Hour) {
				_, want := at.In(loc).Zone()
				got, ok := offsetAt(onsets, at)
				if !ok {
					t.Fatalf("%s: before every observance", at.UTC())
				}
				if got != want {
					t.Fatalf("%s: VTIMEZONE gives offset %d, Go gives %d\n%s", at.UTC(), got, want, e.Bytes())
				}
			}
		})
	}
}

type onset struct {
	at     time.Time
	offset int
}

// expand lists every onset of every observance of tz up to stop, working
// from the parsed properties only.
func expand(t *testing.T, tz *goical.Component, stop time.Time, wantRules bool) []onset {
	t.Helper()
	var out []onset
	for _, o := range tz.Children {
		if o.Name != goical.CompTimezoneStandard && o.Name != goical.CompTimezoneDaylight {
			t.Errorf("unexpected sub-component %s", o.Name)
			continue
		}
		from := parseOffset(t, o.Props.Get(goical.PropTimezoneOffsetFrom).Value)
		to := parseOffset(t, o.Props.Get(goical.PropTimezoneOffsetTo).Value)
		// DTSTART and RDATE are local times with no zone: read them as
		// UTC, then move them by TZOFFSETFROM.
		dtstart, err := o.Props.DateTime(goical.PropDateTimeStart, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		locals := []time.Time{dtstart}
		ropt, err := o.Props.RecurrenceRule()
		if err != nil {
			t.Fatal(err)
		}
		if wantRules && ropt == nil {
			t.Errorf("%s observance from %s has no RRULE", o.Name, dtstart)
		}
		if ropt != nil {
			ropt.Dtstart = dtstart
			r, err := rrule.NewRRule(*ropt)
			if err != nil {
				t.Fatal(err)
			}
			locals = r.Between(dtstart, stop, true)
			if len(locals) == 0 || !locals[0].Equal(dtstart) {
				t.Errorf("%s: DTSTART %s is not the rule's first occurrence", o.Name, dtstart)
			}
		}
		for _, p := range o.Props.Values(goical.PropRecurrenceDates) {
			d, err := p.DateTime(time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			locals = append(locals, d)
		}
		for _, l := range locals {
			out = append(out, onset{at: l.Add(-time.Duration(from) * time.Second), offset: to})
		}
	}
	return out
}

func offsetAt(onsets []onset, at time.Time) (int, bool) {
	var best onset
	found := false
	for _, o := range onsets {
		if !o.at.After(at) && (!found || o.at.After(best.at)) {
			best, found = o, true
		}
	}
	return best.offset, found
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 {
		t.Fatalf("bad offset %q", s)
	}
	n := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	secs := n(1)*3600 + n(3)*60
	if len(s) == 7 {
		secs += n(5)
	}
	if s[0] == '-' {
		secs = -secs
	}
	return secs
}

func load(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s is not available here: %v", name, err)
	}
	return loc
}

// TestTransitionsFarAhead covers spans past the years where Go's
// ZoneBounds stops moving forward (Europe/London at 2040-12-31), which once
// made a one-off session in 2031 hang the build. Every change an hourly
// walk through the span sees must be found, and nothing else.
func TestTransitionsFarAhead(t *testing.T) {
	const first, last = 2026, 2070
	for _, zone := range []string{"Europe/London", "America/New_York", "Australia/Sydney",
		"America/Santiago", "Africa/Casablanca", "Asia/Tokyo"} {
		t.Run(zone, func(t *testing.T) {
			loc := load(t, zone)
			done := make(chan []schedule.Transition, 1)
			go func() { done <- schedule.Transitions(loc, first, last) }()
			var got []schedule.Transition
			select {
			case got = <-done:
			case <-time.After(time.Minute):
				t.Fatalf("Transitions(%s, %d, %d) did not return", zone, first, last)
			}
			var want []time.Time
			stop := time.Date(last+1, 1, 1, 0, 0, 0, 0, loc)
			prev := time.Date(first, 1, 1, 0, 0, 0, 0, loc)
			for at := prev.Add(time.Hour); at.Before(stop); prev, at = at, at.Add(time.Hour) {
				n0, o0 := prev.Zone()
				n1, o1 := at.Zone()
				if n0 != n1 || o0 != o1 || prev.IsDST() != at.IsDST() {
					want = append(want, at)
				}
			}
			// The first transition returned may be the one in force at the start.
			if len(got) > 0 && got[0].At.Before(time.Date(first, 1, 1, 0, 0, 0, 0, loc)) {
				got = got[1:]
			}
			if len(got) != len(want) {
				t.Fatalf("%d changes, an hourly walk sees %d", len(got), len(want))
			}
			for i, c := range got {
				if c.At.After(want[i]) || !c.At.After(want[i].Add(-time.Hour)) {
					t.Errorf("change %d at %s, the hourly walk sees it by %s", i, c.At, want[i].UTC())
				}
				if _, off := c.At.In(loc).Zone(); off != c.To {
					t.Errorf("change %d at %s: To = %d, the zone says %d", i, c.At, c.To, off)
				}
			}
		})
	}
}
