package check

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/load"
	"github.com/signpost-directory/signpost/site/schedule"
	"github.com/signpost-directory/signpost/site/suggest"
)

// directory checks directory.yaml and keeps its settings for the other files.
func (r *checker) directory(f *load.File) diag.List {
	var msgs diag.List
	if !r.validate(f, schema.Directory, &msgs) {
		return msgs
	}
	var cfg content.Config
	if !r.decode(f, &cfg, &msgs) {
		return msgs
	}
	// The schema's pattern lets through addresses that would break the
	// pages and feeds they are written into, or publish a password.
	for _, field := range []struct{ name, example string }{
		{"base_url", "https://example.org/riverside/"}, {"repository", "https://github.com/OWNER/REPO"},
	} {
		node, ok := fieldValue(f.Data, field.name)
		if !ok || node.Kind != yaml.ScalarNode {
			continue
		}
		use := settingAddress
		if field.name == "base_url" {
			use = siteAddress
		}
		if text, bad := webAddressProblem(node.Value, use); bad {
			msgs.Add(diag.Message{Severity: diag.Error, Code: diag.BadFormat, Location: valueLocation(f.Source, node),
				Text: text,
				Hint: fmt.Sprintf("Write %s as the full address, starting with https:// and without quotes, spaces,\n"+
					"a user name or password, or a ? or # part, like:\n\n  %s: %s", field.name, field.name, field.example)})
		}
	}
	cfg.BaseURL = cfg.SiteURL("")
	if len(cfg.Languages) == 0 {
		cfg.Languages = []string{"en"}
	}
	if loc, ok := loadZone(cfg.Timezone); ok {
		cfg.Location = loc
	} else {
		m := diag.Message{Severity: diag.Error, Code: diag.BadTimezone,
			Location: fieldLocation(f.Source, f.Data, "timezone"),
			Text:     fmt.Sprintf("%q is not a time zone", cfg.Timezone),
			Hint:     "Use an IANA time zone name such as Europe/London, Europe/Dublin or America/New_York."}
		// posix/Europe/London, right/Europe/London, ./Europe/London and
		// Europe//London are read from the same files as Europe/London.
		fixed := path.Clean(strings.TrimPrefix(strings.TrimPrefix(cfg.Timezone, "posix/"), "right/"))
		if _, ok := loadZone(fixed); ok && fixed != cfg.Timezone {
			m.Suggestion = fixed
		}
		msgs.Add(m)
	}
	r.config = cfg
	return msgs
}

// zoneAreas are the areas of the IANA time zone names, as in Europe/London.
var zoneAreas = map[string]bool{
	"Africa": true, "America": true, "Antarctica": true, "Arctic": true, "Asia": true, "Atlantic": true,
	"Australia": true, "Europe": true, "Indian": true, "Pacific": true, "Etc": true,
}

// zoneName matches one part of a time zone name: Buenos_Aires, Port-au-Prince, GMT+5.
var zoneName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+-]*$`)

// loadZone loads a time zone given by its canonical IANA name: UTC, or an
// area and a place (Europe/London, America/Argentina/Buenos_Aires,
// Etc/GMT+5). LoadLocation itself opens any file under the zoneinfo folder
// of the computer: the posix/ and right/ copies (right/ counts leap
// seconds, so every time would be off), Factory, posixrules, Local, and
// names written as paths (./Europe/London, Europe//London), which work on
// one computer and not another.
func loadZone(name string) (*time.Location, bool) {
	if name != "UTC" {
		area, place, ok := strings.Cut(name, "/")
		if !ok || !zoneAreas[area] || path.Clean(name) != name {
			return nil, false
		}
		for part := range strings.SplitSeq(place, "/") {
			if !zoneName.MatchString(part) {
				return nil, false
			}
		}
	}
	loc, err := time.LoadLocation(name)
	return loc, err == nil
}

// vocabularies checks taxonomy.yaml and merges it into the built-in terms.
func (r *checker) vocabularies(f *load.File) diag.List {
	var msgs diag.List
	if !r.validate(f, schema.Taxonomy, &msgs) {
		return msgs
	}
	var doc map[string]map[string]struct {
		Label        string                      `yaml:"label"`
		Description  string                      `yaml:"description"`
		Synonyms     []string                    `yaml:"synonyms"`
		Remove       []string                    `yaml:"remove_synonyms"`
		Translations map[string]content.TermText `yaml:"translations"`
	}
	if !r.decode(f, &doc, &msgs) {
		return msgs
	}
	msgs = append(msgs, r.unknownRemovals(f)...)
	// Terms are added in the order they are written, so the file decides
	// how new terms are listed on the site.
	for i := 0; i+1 < len(f.Data.Content); i += 2 {
		name, terms := f.Data.Content[i].Value, f.Data.Content[i+1]
		vocab := r.taxonomy.Vocabulary(name)
		for j := 0; j+1 < len(terms.Content); j += 2 {
			id := terms.Content[j].Value
			t := doc[name][id]
			vocab.Set(content.Term{ID: id, Label: t.Label, Description: t.Description, Synonyms: t.Synonyms, Translations: t.Translations})
			vocab.RemoveSynonyms(id, t.Remove)
		}
	}
	msgs = append(msgs, r.duplicateSynonyms(f)...)
	return msgs
}

// duplicateSynonyms finds the synonyms written in taxonomy.yaml that are
// another term's label or synonym in the same vocabulary and language,
// ignoring capitals and spaces: a search for one could not tell which term
// was meant.
func (r *checker) duplicateSynonyms(f *load.File) diag.List {
	var msgs diag.List
	fold := content.FoldWord
	for i := 0; i+1 < len(f.Data.Content); i += 2 {
		vocab := r.taxonomy.Vocabulary(f.Data.Content[i].Value)
		// owners[lang][word] are the terms the word is a label or synonym of.
		owners := map[string]map[string][]string{}
		own := func(lang, word, id string) {
			if owners[lang] == nil {
				owners[lang] = map[string][]string{}
			}
			k := fold(word)
			if !slices.Contains(owners[lang][k], id) {
				owners[lang][k] = append(owners[lang][k], id)
			}
		}
		for _, t := range vocab.Terms {
			for _, w := range append([]string{t.Label}, t.Synonyms...) {
				own("", w, t.ID)
			}
			for lang, tr := range t.Translations {
				for _, w := range append([]string{tr.Label}, tr.Synonyms...) {
					own(lang, w, t.ID)
				}
			}
		}
		terms := f.Data.Content[i+1]
		for j := 0; j+1 < len(terms.Content); j += 2 {
			id := terms.Content[j].Value
			report := func(lang string, list *yaml.Node) {
				if list == nil || list.Kind != yaml.SequenceNode {
					return
				}
				for _, item := range list.Content {
					for _, other := range owners[lang][fold(item.Value)] {
						if other == id {
							continue
						}
						hint := "A search for it could not tell which term was meant. Remove it here, or from the other term."
						if builtin(vocab.Name, other, fold(item.Value), fold) {
							hint = "A search for it could not tell which term was meant. It is one of signpost's own words for " +
								strconv.Quote(other) + ": choose another word here, or take it from " + strconv.Quote(other) +
								" with remove_synonyms: [" + item.Value + "] under that term."
						}
						msgs.Add(diag.Message{Severity: diag.Error, Code: diag.DuplicateSynonym, Location: valueLocation(f.Source, item),
							Text: fmt.Sprintf("%q is already a word for the %s term %q", item.Value, vocab.Name, other),
							Hint: hint})
						break
					}
				}
			}
			term := terms.Content[j+1]
			// A label is a word for its term too: a new term named like another's
			// synonym ("Gardening" beside nature's "gardening") is as ambiguous.
			if label := childNode(term, "label"); label != nil {
				report("", &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{label}})
			}
			report("", childNode(term, "synonyms"))
			if trs := childNode(term, "translations"); trs != nil {
				for k := 0; k+1 < len(trs.Content); k += 2 {
					report(trs.Content[k].Value, childNode(trs.Content[k+1], "synonyms"))
				}
			}
		}
	}
	return msgs
}

// unknownRemovals finds the words under remove_synonyms that are not
// synonyms of their term (a typo would otherwise remove nothing, silently).
func (r *checker) unknownRemovals(f *load.File) diag.List {
	var msgs diag.List
	fold := content.FoldWord
	for i := 0; i+1 < len(f.Data.Content); i += 2 {
		vocab := r.taxonomy.Vocabulary(f.Data.Content[i].Value)
		terms := f.Data.Content[i+1]
		for j := 0; j+1 < len(terms.Content); j += 2 {
			id, term := terms.Content[j].Value, terms.Content[j+1]
			list := childNode(term, "remove_synonyms")
			if list == nil || list.Kind != yaml.SequenceNode {
				continue
			}
			var have []string
			if t := vocab.Term(id); t != nil {
				have = append(have, t.Synonyms...)
			}
			if own := childNode(term, "synonyms"); own != nil {
				for _, w := range own.Content {
					have = append(have, w.Value)
				}
			}
			for _, item := range list.Content {
				if !slices.ContainsFunc(have, func(w string) bool { return fold(w) == fold(item.Value) }) {
					msgs.Add(diag.Message{Severity: diag.Error, Code: diag.UnknownSynonym, Location: valueLocation(f.Source, item),
						Text: fmt.Sprintf("%q is not a synonym of the %s term %q, so there is nothing to remove", item.Value, vocab.Name, id),
						Hint: "Check the spelling against the term's synonyms (the built-in ones are in site/content/taxonomy.go), or delete this line."})
				}
			}
		}
	}
	return msgs
}

// builtin reports whether the folded word is a built-in label or synonym
// of the term id of the vocabulary name.
func builtin(name, id, word string, fold func(string) string) bool {
	v := content.BuiltinTaxonomy().Vocabulary(name)
	if v == nil || v.Term(id) == nil {
		return false
	}
	t := v.Term(id)
	for _, w := range append([]string{t.Label}, t.Synonyms...) {
		if fold(w) == word {
			return true
		}
	}
	return false
}

// childNode is the value of key in a YAML mapping, or nil.
func childNode(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func (r *checker) venue(f *load.File, v *content.Venue) diag.List {
	var msgs diag.List
	if re := content.PostcodePattern(r.config.Country); re != nil && v.Postcode != "" && !re.MatchString(v.Postcode) {
		m := diag.Message{Severity: diag.Error, Code: diag.BadPostcode,
			Location: fieldLocation(f.Source, f.Data, "postcode"),
			Text:     fmt.Sprintf("%q is not a postcode in %s", v.Postcode, r.config.Country),
			Hint:     fmt.Sprintf("Write it in capitals with its usual spacing, like %s.", content.PostcodeExample(r.config.Country))}
		if fixed := content.NormalizePostcode(v.Postcode, r.config.Country); fixed != v.Postcode && re.MatchString(fixed) {
			m.Suggestion = fixed
		}
		msgs.Add(m)
	}
	if (v.Lat == nil) != (v.Lon == nil) {
		msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.HalfPosition, Location: f.Source.At(f.Data.Line, 1, 0),
			Text: "Only one of lat and lon is given",
			Hint: "Give both, or neither: a map position needs latitude and longitude."})
	}
	if v.Lat == nil && v.Lon == nil {
		msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.NoPosition, Location: fieldLocation(f.Source, f.Data, "name"),
			Text: "This venue has no lat and lon, so its activities cannot be sorted by distance",
			Hint: "People who search near a place, a postcode or where they are will still find them, but not nearest first.\n" +
				"Add the venue's position in decimal degrees, like:\n\n  lat: 52.6003\n  lon: -1.9011\n\n" +
				"On openstreetmap.org, right-click the building and choose \"Show address\" to see it."})
	}
	return msgs
}

func (r *checker) listing(f *load.File, l *content.Listing) diag.List {
	var msgs diag.List
	if l.Lang == "" {
		l.Lang = r.config.DefaultLanguage()
	}
	if l.IsOnline() && l.OnlineURL == "" {
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.MissingField,
			Location: fieldLocation(f.Source, f.Data, "venue"),
			Text:     "An online activity needs an online_url",
			Hint:     "Add the address people use to join, like:\n\n  online_url: https://example.org/join"})
	}
	if a := l.Audience; a.MinAge != nil && a.MaxAge != nil && *a.MinAge > *a.MaxAge {
		_, v := locate(f.Data, []string{"audience", "max_age"})
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.OutOfRange, Location: valueLocation(f.Source, v),
			Text: fmt.Sprintf("max_age %d is below min_age %d", *a.MaxAge, *a.MinAge),
			Hint: "Swap them, or remove the one that does not apply."})
	}

	msgs.Extend(r.pastSchedule(f, l))
	msgs.Extend(r.capacity(f, l))
	return msgs
}

// parseSchedule parses every rule written as text; an error points at the
// part of the rule that is wrong and shows the grammar.
func (r *checker) parseSchedule(f *load.File) ([]schedule.Rule, diag.List) {
	var msgs diag.List
	var rules []schedule.Rule
	_, seq := locate(f.Data, []string{"schedule"})
	if seq.Kind != yaml.SequenceNode {
		return nil, nil
	}
	for _, node := range seq.Content {
		if node.Kind != yaml.ScalarNode || node.ShortTag() != "!!str" {
			continue // the schema reports values that are not text
		}
		if m := overIndented(f.Source, node); m != nil {
			msgs.Add(*m)
			continue
		}
		rule, err := schedule.Parse(node.Value)
		if err != nil {
			if m := spokenTimes(f, node); m != nil {
				msgs.Add(*m)
				continue
			}
			m := diag.Message{Severity: diag.Error, Code: diag.BadSchedule, Location: valueLocation(f.Source, node),
				Text: fmt.Sprintf("The schedule %q cannot be read: %v", node.Value, err), Hint: schedule.Grammar}
			var pe *schedule.Error
			if errors.As(err, &pe) {
				m.Text = fmt.Sprintf("The schedule %q cannot be read: %s", node.Value, pe.Message)
				m.Location = offsetLocation(f.Source, node, pe.Offset, max(pe.Length, 0))
				m.Suggestion = pe.Suggestion
			}
			msgs.Add(m)
			continue
		}
		msgs.Extend(r.scheduleDates(f, node, rule))
		msgs.Extend(r.skippedTimes(f, node, rule))
		rules = append(rules, rule)
	}
	return rules, msgs
}

// Dates in content must fall in a span that makes sense for a directory of
// what runs now: from earliestDate (nothing in a directory is older) to the
// end of the year futureYears after today. A date outside it is a typo
// (2062 for 2026) or a way to make every calendar computation run for
// ever; refusing it keeps every loop over time short.
var earliestDate = schedule.Date{Year: 2000, Month: time.January, Day: 1}

const futureYears = 10

// latestDate is the last date a schedule may name.
func (r *checker) latestDate() schedule.Date {
	return schedule.Date{Year: r.today.Year + futureYears, Month: time.December, Day: 31}
}

// skippedTimes warns when a session in the coming year starts or ends at
// a time the clocks skip that day (01:30 on the day British clocks go from
// 01:00 to 02:00), and says what calendars will show instead.
func (r *checker) skippedTimes(f *load.File, node *yaml.Node, rule schedule.Rule) diag.List {
	loc := r.config.Location
	if rule.Kind == schedule.ByAppointment {
		return nil
	}
	var msgs diag.List
	for _, c := range r.skips {
		before := c.At.In(time.FixedZone("", c.From)) // the wall clock as the change begins
		gapStart := before.Hour()*60 + before.Minute()
		gapEnd := gapStart + (c.To-c.From)/60
		day := schedule.DateOf(before)
		o, ok := rule.Next(day.Time(loc), loc)
		if !ok || schedule.DateOf(o.Start.In(loc)) != day {
			continue // no session that day
		}
		for _, clock := range []schedule.Clock{rule.Start, rule.End} {
			if int(clock) < gapStart || int(clock) >= gapEnd {
				continue
			}
			shown := time.Date(day.Year, day.Month, day.Day, int(clock)/60, int(clock)%60, 0, 0, loc)
			msgs.Add(diag.Message{Severity: diag.Warning, Code: diag.SkippedTime, Location: valueLocation(f.Source, node),
				Text: fmt.Sprintf("On %s %s the clocks go forward at %s, so %s does not exist that day",
					day.Weekday(), content.LongDate(day), before.Format("15:04"), clock),
				Hint: fmt.Sprintf("Calendars and the next-session date will show %s instead. If the session moves that day, "+
					"say so in schedule_notes; if it really starts at %s, nothing needs changing.",
					shown.Format("15:04"), clock)})
			break
		}
	}
	return msgs
}

// clocksForward returns the changes in the year from today at which the
// clocks of loc go forward, skipping times.
func clocksForward(loc *time.Location, today schedule.Date) []schedule.Transition {
	from := today.Time(loc)
	until := from.AddDate(1, 0, 0)
	var out []schedule.Transition
	for _, c := range schedule.Transitions(loc, today.Year, today.Year+1) {
		if c.To > c.From && !c.At.Before(from) && c.At.Before(until) {
			out = append(out, c)
		}
	}
	return out
}

// scheduleDates checks that every date a rule names is in the span above.
func (r *checker) scheduleDates(f *load.File, node *yaml.Node, rule schedule.Rule) diag.List {
	var msgs diag.List
	latest := r.latestDate()
	for _, d := range rule.Dates() {
		var text, hint string
		switch {
		case d.Before(earliestDate):
			text = fmt.Sprintf("The date %s is before the year %d", d, earliestDate.Year)
			hint = fmt.Sprintf("A schedule names dates from %s to %s. Check the year.", content.LongDate(earliestDate), content.LongDate(latest))
		case d.After(latest):
			text = fmt.Sprintf("The date %s is more than %d years ahead", d, futureYears)
			hint = fmt.Sprintf("A schedule names dates from %s to %s. If the year is a typo, correct it; "+
				"if the activity simply goes on, leave out the until date.", content.LongDate(earliestDate), content.LongDate(latest))
		default:
			continue
		}
		loc := valueLocation(f.Source, node)
		if i := strings.Index(node.Value, d.String()); i >= 0 {
			loc = offsetLocation(f.Source, node, i, len(d.String()))
		}
		msgs.Add(diag.Message{Severity: diag.Error, Code: diag.DateOutOfRange, Location: loc, Text: text, Hint: hint})
	}
	return msgs
}

// pastSchedule warns about active listings whose sessions have all happened.
func (r *checker) pastSchedule(f *load.File, l *content.Listing) diag.List {
	if len(l.Schedule) != len(l.ScheduleText) || !l.IsActive() ||
		slices.ContainsFunc(l.Schedule, func(rule schedule.Rule) bool { return rule.Kind == schedule.ByAppointment }) {
		return nil
	}
	from := r.today.Time(r.config.Location)
	if _, ok := schedule.Next(l.Schedule, from, r.config.Location); ok {
		return nil
	}
	return diag.List{{Severity: diag.Warning, Code: diag.AllPast,
		Location: fieldLocation(f.Source, f.Data, "schedule"),
		Text:     "Every session on this schedule is in the past",
		Hint:     "If the activity has finished, set status: ended. If it goes on, add the new dates."}}
}

// verifiedDate reads the verified date and whether it is older than stale_after.
func (r *checker) verifiedDate(f *load.File) (date schedule.Date, stale bool) {
	node, ok := fieldValue(f.Data, "verified")
	if !ok || node.Kind != yaml.ScalarNode {
		return schedule.Date{}, false
	}
	d, err := time.Parse(time.DateOnly, node.Value)
	if err != nil {
		return schedule.Date{}, false // the schema's date format reports this
	}
	date = schedule.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
	stale = r.config.StaleAfter.Stale(date, r.today)
	return date, stale
}

// verified checks the verified date against today and stale_after.
func (r *checker) verified(f *load.File) diag.List {
	date, stale := r.verifiedDate(f)
	if date.IsZero() {
		return nil
	}
	loc := fieldLocation(f.Source, f.Data, "verified")
	if date.Before(earliestDate) {
		return diag.List{{Severity: diag.Error, Code: diag.DateOutOfRange, Location: loc,
			Text:       fmt.Sprintf("The verified date %s is before the year %d", date, earliestDate.Year),
			Suggestion: r.today.String(),
			Hint:       "verified is the date someone last confirmed the details. Check the year, or use today's date."}}
	}
	if date.After(r.today) {
		return diag.List{{Severity: diag.Error, Code: diag.FutureDate, Location: loc,
			Text:       fmt.Sprintf("The verified date %s is in the future", date),
			Suggestion: r.today.String(),
			Hint:       "verified is the date someone last confirmed the details. Use today's date or an earlier one."}}
	}
	if !stale {
		return nil
	}
	return diag.List{{Severity: diag.Warning, Code: diag.Stale, Location: loc,
		Text: fmt.Sprintf("Last checked on %s, more than %s ago", content.LongDate(date), r.config.StaleAfter),
		Hint: fmt.Sprintf("Ask the organizer whether the details are still right, then set verified: %s (today).", r.today)}}
}

// terms checks that every item of the list at path is in the vocabulary.
func (r *checker) terms(f *load.File, path []string, vocab *content.Vocabulary) diag.List {
	var msgs diag.List
	_, seq := locate(f.Data, path)
	if seq.Kind != yaml.SequenceNode {
		return nil
	}
	for _, item := range seq.Content {
		if vocab.Has(item.Value) {
			continue
		}
		msgs.Add(unknownTerm(f, item, vocab))
	}
	return msgs
}

// termNouns names the terms of a vocabulary in messages.
func termNouns(vocabulary string) struct{ singular, plural string } {
	switch vocabulary {
	case "categories":
		return struct{ singular, plural string }{"category", "categories"}
	case "needs":
		return struct{ singular, plural string }{"need", "needs"}
	case "audience":
		return struct{ singular, plural string }{"audience group", "audience groups"}
	}
	return struct{ singular, plural string }{vocabulary + " term", vocabulary + " terms"}
}

// unknownReference explains a reference to a file that does not exist;
// names maps the folded names written in the files of folder to their ids.
func (r *checker) unknownReference(f *load.File, field string, node *yaml.Node, known []string, names map[string]string, folder string) diag.Message {
	m := diag.Message{Severity: diag.Error, Code: diag.UnknownReference,
		Location: valueLocation(f.Source, node),
		Text:     fmt.Sprintf("There is no %s %q", field, node.Value),
		Hint:     fmt.Sprintf("The %s is the name of a file in %s/ without .yaml. Check the spelling, or add the file.", field, folder)}
	id, byName := referenceSuggestion(node.Value, known, names)
	m.Suggestion = id
	if byName {
		m.Hint = fmt.Sprintf("%q is the name in %s/%s.yaml: a listing names the %s by its file name, without .yaml.", node.Value, folder, id, field)
	}
	return m
}

func closestFileName(id string, known []string, lang string) string {
	if s := suggest.Closest(id, known); s != "" {
		return s + "." + lang + ".md"
	}
	return ""
}
