package csvfile

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/importer"
	"github.com/signpost-directory/signpost/site/schedule"
)

// splitRules splits a schedule cell into rules: one a line, or by ";".
func splitRules(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var (
	// dotTime is 10.30, as times are often typed.
	dotTime = regexp.MustCompile(`\b(\d{1,2})\.(\d{2})\b`)
	// plural days: "Tuesdays" means every Tuesday.
	pluralDay = regexp.MustCompile(`(?i)^(mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)\b`)
	// pluralDays are the other plural days of a list: "Tuesdays and Thursdays".
	pluralDays = regexp.MustCompile(`(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s\b`)
	// bareRange is "10-12" or "2:30-4": hours without am/pm.
	bareRange = regexp.MustCompile(`\b(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$`)
)

// readRule reads one rule of free text with the schedule grammar, after
// mending what people commonly type. guessed says that hours without
// am/pm were read as afternoon ones, which a person should confirm.
func readRule(s string) (rule string, guessed, ok bool) {
	if r, err := schedule.Parse(s); err == nil {
		return r.Canonical(), false, true
	}
	t := strings.NewReplacer("–", "-", "—", "-", " to ", "-", "noon", "12pm", "midday", "12pm").Replace(s)
	t = dotTime.ReplaceAllString(t, "$1:$2")
	t = strings.ReplaceAll(t, "&", "and")
	if m := pluralDay.FindString(t); m != "" {
		t = "every " + strings.TrimSuffix(m, "s") + t[len(m):]
		t = pluralDays.ReplaceAllString(t, "$1")
	}
	if m := bareRange.FindStringSubmatchIndex(t); m != nil && !strings.ContainsAny(strings.ToLower(t[m[0]:]), "apm") {
		var hours string
		hours, guessed = clockRange(t[m[2]:m[3]], sub(t, m, 4), t[m[6]:m[7]], sub(t, m, 8))
		t = t[:m[0]] + hours
	}
	r, err := schedule.Parse(t)
	if err != nil {
		return "", false, false
	}
	return r.Canonical(), guessed, true
}

func sub(s string, m []int, i int) string {
	if m[i] < 0 {
		return "00"
	}
	return s[m[i]:m[i+1]]
}

// clockRange writes hours without am/pm as 24-hour times: an hour before
// 8 is taken as afternoon (nobody meets at 2 at night), and so is an end
// before its start ("9-5").
func clockRange(h1, m1, h2, m2 string) (string, bool) {
	a, _ := strconv.Atoi(h1)
	b, _ := strconv.Atoi(h2)
	guessed := false
	if a < 8 {
		a, guessed = a+12, true
	}
	if b < a && b+12 <= 24 {
		b, guessed = b+12, true
	}
	return fmt.Sprintf("%02d:%s-%02d:%s", a, m1, b, m2), guessed
}

var costPattern = regexp.MustCompile(`(?i)^[£$€]?\s*(\d+(?:[.,]\d{1,2})?)\s*(?:(?:per|a|an|/|each)\s*(session|week|month|term|course|year|class))?$`)

// readCost reads "free", "£3.50", "3.50 per session" or "£5 a week".
func readCost(s string) (content.Cost, bool) {
	low := strings.ToLower(strings.TrimSpace(s))
	if low == "free" || low == "0" || low == "£0" || low == "no charge" || low == "none" {
		return content.Cost{Free: true}, true
	}
	m := costPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return content.Cost{}, false
	}
	amount, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	if err != nil {
		return content.Cost{}, false
	}
	if amount == 0 {
		return content.Cost{Free: true}, true
	}
	per := strings.ToLower(m[2])
	if per == "class" {
		per = "session"
	}
	return content.Cost{Amount: amount, Per: per}, true
}

var dayFirst = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`)

// isoDate reads 31/12/2026 (day first, as in the UK) or 2026-12-31;
// anything else is kept as it is, for check to name.
func isoDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if _, err := schedule.Parse("on " + s + " 10:00-11:00"); err == nil && len(s) == 10 && s[4] == '-' {
		return s, true
	}
	m := dayFirst.FindStringSubmatch(s)
	if m == nil {
		return s, false
	}
	d, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	iso := fmt.Sprintf("%s-%02d-%02d", m[3], mo, d)
	if _, err := schedule.Parse("on " + iso + " 10:00-11:00"); err != nil {
		return s, false
	}
	return iso, true
}

// terms reads a list of vocabulary words: "Peer support, Music" becomes
// [peer-support, music], as the vocabularies name them.
func terms(s string) []string {
	var out []string
	for _, w := range words(s) {
		out = appendNew(out, importer.Slug(w, w))
	}
	return out
}

// words splits a list cell on commas, semicolons and line breaks.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if w = strings.TrimSpace(w); w != "" {
			out = appendNew(out, w)
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// addressLines splits an address cell: one line a line, or by commas
// when it is all on one line.
func addressLines(s string) []string {
	sep := ","
	if strings.Contains(s, "\n") {
		sep = "\n"
	}
	var out []string
	for _, line := range strings.Split(s, sep) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
