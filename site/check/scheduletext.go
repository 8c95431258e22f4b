package check

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
)

// This file explains two schedule mistakes the schedule grammar cannot
// see, because by the time a rule reaches it the mistake has changed the
// rule: a rule indented under the one above (YAML joins the two), and
// times written as people say them (10am-12 noon), which the grammar
// reads up to where they stop making sense.

// overIndented finds the first line of a plain schedule rule's value that
// starts with "- " further right than the rule's own dash: YAML read it
// as more words of the rule, not as a rule of its own.
func overIndented(src *diag.Source, node *yaml.Node) *diag.Message {
	if node.Style != 0 {
		return nil
	}
	first := src.LineText(node.Line)
	if node.Column-1 > len([]rune(first)) {
		return nil
	}
	dash := strings.TrimRight(string([]rune(first)[:node.Column-1]), " \t")
	if !strings.HasSuffix(dash, "-") {
		return nil
	}
	indent := indentOf(first)
	for n := node.Line + 1; n <= src.Lines(); n++ {
		line := src.LineText(n)
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || indentOf(line) <= indent {
			return nil
		}
		if strings.HasPrefix(trimmed, "- ") {
			fixed := first[:indent] + trimmed
			return &diag.Message{Severity: diag.Error, Code: diag.BadSchedule,
				Location:   src.At(n, 1, utf8.RuneCountInString(line)),
				Text:       "This line is indented further than the rule above, so it is read as part of that rule",
				Suggestion: fixed,
				Hint: "Start each rule with its dash exactly under the dash of the rule above, like:\n\n" +
					"  schedule:\n    - every Tuesday 10:00-11:30\n    - every Friday 10:00-12:00"}
		}
	}
	return nil
}

func indentOf(line string) int { return len(line) - len(strings.TrimLeft(line, " \t")) }

// A time as people write it: 10, 10am, 10.30, 10:30 p.m., 12 noon, midday.
const spokenTime = `(?:\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:noon|midday))?|noon|midday)`

// spokenRange matches two such times with a dash or "to" between them.
var spokenRange = regexp.MustCompile(`(?i)\b(` + spokenTime + `)\s*(?:-|–|—|\bto\b)\s*(` + spokenTime + `)`)

// spokenClock reads one time written as people write it: the hour on a
// 12-hour or 24-hour clock, the minutes, and whether am or pm was said.
type spokenClock struct {
	h, m int
	mer  string // "am", "pm" or "" when not said
}

func readSpoken(s string) (spokenClock, bool) {
	low := strings.ToLower(strings.ReplaceAll(s, ".", ":"))
	if strings.Contains(low, "noon") || strings.Contains(low, "midday") {
		return spokenClock{h: 12, mer: "pm"}, strings.Trim(low, "12 adimnoy") == ""
	}
	var c spokenClock
	switch {
	case strings.Contains(low, "a"):
		c.mer = "am"
	case strings.Contains(low, "p"):
		c.mer = "pm"
	}
	digits := strings.TrimRight(low, "apm: ")
	hs, ms, _ := strings.Cut(digits, ":")
	h, err := strconv.Atoi(strings.TrimSpace(hs))
	if err != nil || h > 23 || (c.mer != "" && (h < 1 || h > 12)) {
		return c, false
	}
	c.h = h
	if ms != "" {
		if c.m, err = strconv.Atoi(ms); err != nil || c.m > 59 {
			return c, false
		}
	}
	return c, true
}

// minutes is the time of day in minutes, reading the hour with mer.
func (c spokenClock) minutes(mer string) int {
	h := c.h
	switch {
	case mer == "pm" && h < 12:
		h += 12
	case mer == "am" && h == 12:
		h = 0
	}
	return h*60 + c.m
}

// spokenRangeText rewrites a range of spoken times as HH:MM-HH:MM. A side
// that does not say am or pm takes the other side's, unless that would
// make the session end before it starts (11-1pm is 11:00-13:00). With
// neither side saying it, hours alone are too ambiguous to guess (2-4).
func spokenRangeText(from, to string) (string, bool) {
	a, okA := readSpoken(from)
	b, okB := readSpoken(to)
	if !okA || !okB || (a.mer == "" && b.mer == "" && !strings.ContainsAny(from+to, ":.")) {
		return "", false
	}
	start, end := a.minutes(a.mer), b.minutes(b.mer)
	if a.mer == "" && b.mer != "" {
		if start = a.minutes(b.mer); start >= end {
			start = a.minutes("am")
		}
	}
	if b.mer == "" && a.mer != "" {
		if end = b.minutes(a.mer); end <= start {
			end = b.minutes("pm")
		}
	}
	if end <= start {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", start/60, start%60, end/60, end%60), true
}

// spokenTimes explains a rule the grammar refused whose times are written
// as people say them, when writing them as HH:MM-HH:MM makes the rule one
// the grammar reads.
func spokenTimes(f *load.File, node *yaml.Node) *diag.Message {
	for _, m := range spokenRange.FindAllStringSubmatchIndex(node.Value, -1) {
		fixed, ok := spokenRangeText(node.Value[m[2]:m[3]], node.Value[m[4]:m[5]])
		if !ok {
			continue
		}
		rewritten := node.Value[:m[0]] + fixed + node.Value[m[1]:]
		if _, err := schedule.Parse(rewritten); err != nil {
			continue
		}
		written := node.Value[m[0]:m[1]]
		return &diag.Message{Severity: diag.Error, Code: diag.BadSchedule,
			Location:   offsetLocation(f.Source, node, m[0], len(written)),
			Text:       fmt.Sprintf("The times %q cannot be read", written),
			Suggestion: fixed,
			Hint: "Write the start and end time with hours and minutes and a dash between them, like 10:00-12:00\n" +
				"(24-hour clock), or with am or pm on both, like 10am-12pm. Write 12 noon as 12:00."}
	}
	return nil
}
