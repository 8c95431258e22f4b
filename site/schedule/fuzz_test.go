package schedule

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"every Tuesday 10:00-11:30",
	"every Monday, Wednesday and Friday 10:00-11:00",
	"every tues and THURSDAYS 10am to 11:30am",
	"every other Wednesday 14:00-16:00 from 2026-01-07",
	"every other Sunday 2-4pm from 2026-03-10 until 2026-12-31",
	"first Saturday of the month 09:30-12:00",
	"first and third Monday of the month 14:00-16:00",
	"last Friday of the month 19:00-21:00",
	"1st, 2nd and last Thu of each month 7pm-9pm",
	"weekdays 9:00-17:00",
	"every weekday 09:00-17:00",
	"daily 07:00-08:00",
	"every day noon-2",
	"on 2026-03-14 10:00-15:00",
	"on Saturday 2026-03-14 10am-3pm",
	"by appointment",
	"by appointment only",
	"every Monday 18:00-20:00 from 2026-01-12 until 2026-03-23",
	"every Monday from 10am to 12pm",
	"Every Tuesday, 10:00–11:30",
	"every Monday 10-12pm",
	"every Tuesdy 10:00-11:30",
	"every Monday 25:00-26:00",
	"every Monday 11:30-10:00",
	"every other Monday 10:00-11:00",
	"every Monday 10:00-11:00 from 2026-02-01 until 2026-01-01",
	"on 2026-02-30 10:00-11:00",
	"on 14 March 2026 10:00-11:00",
	"second last Friday of the month 10:00-11:00",
	"every Monday 10:00-11:00 please call first",
	"every Monday 10.30-11:30",
	"",
	"\xff\xfe every",
	// the did-you-mean hints
	"fortnightly Tuesday 10:00-11:00",
	"every second Tuesday 10:00-11:00",
	"every first Monday of the month 10:00-11:00",
	"the first Monday of the month 10:00-11:00",
	"fifth Monday of the month 10:00-11:00",
	"first Monday of teh month 10:00-11:00",
	"on Monday 10:00-11:00",
	"on Friday 2026-03-14 10:00-11:00",
	"on 14/03/2026 10:00-11:00",
	"every Monday 10-11",
	"every Monday 14pm-15pm",
	"every Monday 1030-1130",
	"every Monday Wednesday 10:00-11:00",
	"every Monday 10:00-11:00 and 14:00-15:00",
	"every Monday 10:00-11:00 from 2026-01-05 to 2026-02-01",
	"by appointment, call Sue",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	// Sentences of the documented grammar reach every form and word.
	g, rnd := docGrammar(f), rand.New(rand.NewPCG(5, 6))
	for range 100 {
		f.Add(g.sentence(rnd, "Rule"))
	}
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		f.Fatal(err)
	}
	after := time.Date(2026, 3, 1, 12, 0, 0, 0, loc)
	f.Fuzz(func(t *testing.T, text string) {
		r, err := Parse(text)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if e.Offset < 0 || e.Length < 0 || e.Offset+e.Length > len(text) {
				t.Fatalf("error span %d+%d outside text of length %d", e.Offset, e.Length, len(text))
			}
			if e.Message == "" {
				t.Fatal("empty message")
			}
			if !utf8.ValidString(e.Message) || !utf8.ValidString(e.Suggestion) {
				t.Fatalf("message or suggestion is not valid UTF-8: %q %q", e.Message, e.Suggestion)
			}
			for _, c := range e.Message {
				if c == '\n' || c == '\r' {
					t.Fatalf("message is not one line: %q", e.Message)
				}
			}
			if !reflect.DeepEqual(r, Rule{}) {
				t.Fatalf("non-zero rule with error: %#v", r)
			}
			return
		}
		c := r.Canonical()
		again, err := Parse(c)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but Parse(Canonical %q): %v", text, c, err)
		}
		if !reflect.DeepEqual(again, r) {
			t.Fatalf("Parse(%q) = %#v\nParse(Canonical %q) = %#v", text, r, c, again)
		}
		if r.Kind != ByAppointment && r.End <= r.Start {
			t.Fatalf("Parse(%q): end %v not after start %v", text, r.End, r.Start)
		}
		_ = r.String()
		_ = r.RRULE()
		_ = r.RRULEIn(loc)
		_, _ = r.FirstStart(loc)
		if o, ok := r.Next(after, loc); ok && o.Start.Before(after) {
			t.Fatalf("Next(%v) = %v, before after", after, o)
		}
		_ = r.Between(after, after.AddDate(0, 2, 0), loc)
	})
}
