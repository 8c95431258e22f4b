package due

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/schedule"
)

// Marker starts the Markdown form, so the workflow (and people) can tell
// the issue it keeps up to date from any other.
const Marker = "<!-- signpost due: this issue is kept up to date by the verification workflow -->"

// MaxMarkdown is the most the Markdown form writes, in bytes: GitHub
// refuses an issue body over 65,536 characters. Listings beyond it are
// counted, not listed.
const MaxMarkdown = 60000

// WriteJSON writes the report for tools, such as the verification workflow.
func (r *Report) WriteJSON(w io.Writer) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// WriteText writes the report for people, one line a listing starting with
// file:line, as check's messages do.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	if r.StaleAfter == "" {
		b.WriteString("directory.yaml sets no stale_after, so no listing is ever due for a check.\n" +
			"To have listings checked regularly, add a line such as: stale_after: 6 months\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	if r.Total() == 0 {
		fmt.Fprintf(&b, "No listing is due for a check: every one was confirmed within the last %s", r.StaleAfter)
		if r.Within > 0 {
			fmt.Fprintf(&b, ", and none is due within %s", days(r.Within))
		}
		b.WriteString(".\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	for _, o := range r.Organizations {
		fmt.Fprintf(&b, "%s\n", o.Name)
		for _, l := range o.Listings {
			fmt.Fprintf(&b, "  %s:%d: %s: %s.\n", l.File, l.Line, l.Title, r.when(l))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%s. Ask each organizer whether the details are still right, correct what changed, "+
		"then set verified: %s (the day you confirmed them).\n", r.counts(), r.Today)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the report as the body of the issue the
// verification workflow keeps: a few lines on what to do, then each
// organization's listings with a link to edit each one.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString(Marker + "\n\n")
	switch {
	case r.StaleAfter == "":
		b.WriteString("`directory.yaml` sets no `stale_after`, so no listing is ever due for a check.\n")
		_, err := w.Write(b.Bytes())
		return err
	case r.Total() == 0:
		fmt.Fprintf(&b, "Every listing was confirmed with its organizer within the last %s. Nothing is due.\n", r.StaleAfter)
		_, err := w.Write(b.Bytes())
		return err
	}
	fmt.Fprintf(&b, "Each listing's details are confirmed with its organizer at least every %s, so that nobody "+
		"is sent to a closed door. On %s, %s.\n\n", r.StaleAfter, longDate(r.Today), r.counts())
	fmt.Fprintf(&b, "**For each listing:** ask the organizer (by phone, email or in person) whether the details "+
		"are still right. Then click **Edit** next to it, correct anything that changed, change the `verified:` "+
		"line to the day you confirmed them (today that is `verified: %s`), and propose the change. "+
		"Only change the date if you really confirmed the details.\n\n", r.Today)
	b.WriteString("This list is brought up to date every week, and this issue closes by itself when nothing is due. " +
		"You can say here who is checking which listing.\n")
	left := r.Total()
	for _, o := range r.Organizations {
		if b.Len() > MaxMarkdown {
			break
		}
		fmt.Fprintf(&b, "\n### %s\n\n", markdownText(o.Name))
		for _, l := range o.Listings {
			if b.Len() > MaxMarkdown {
				break
			}
			left--
			fmt.Fprintf(&b, "- **%s**: %s.", markdownText(l.Title), r.when(l))
			if l.EditURL != "" {
				fmt.Fprintf(&b, " [Edit](%s)", l.EditURL)
			}
			fmt.Fprintf(&b, " %s, line %d", codeSpan(l.File), l.Line)
			b.WriteString("\n")
		}
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n…and %d more. Run `signpost due` to see them all.\n", left)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// when says when a listing was last checked and since or from when it is due.
func (r *Report) when(l Listing) string {
	if l.State == Stale {
		return fmt.Sprintf("last checked on %s, overdue since %s", longDate(l.Verified), longDate(l.Due))
	}
	return fmt.Sprintf("last checked on %s, due on %s", longDate(l.Verified), longDate(l.Due))
}

// counts is "2 listings are overdue and 1 is due within 30 days".
func (r *Report) counts() string {
	soon := func(s string) string { return fmt.Sprintf("%s due within %s", s, days(r.Within)) }
	switch {
	case r.Soon == 0:
		return are(r.Stale, true) + " overdue"
	case r.Stale == 0:
		return soon(are(r.Soon, true))
	}
	return fmt.Sprintf("%s overdue and %s", are(r.Stale, true), soon(are(r.Soon, false)))
}

// are is "1 listing is" or "N listings are", without the noun when
// listing is false ("1 is", "N are").
func are(n int, listing bool) string {
	noun, verb := " listings", "are"
	if n == 1 {
		noun, verb = " listing", "is"
	}
	if !listing {
		noun = ""
	}
	return fmt.Sprintf("%d%s %s", n, noun, verb)
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// longDate writes a YYYY-MM-DD date as "21 November 2026".
func longDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return content.LongDate(schedule.DateOf(t))
}

// markdownText escapes the characters Markdown would format, so a title
// shows as written and cannot add links or HTML to the issue. A word
// joiner (invisible) follows each @ and #, so that "@someone" or
// "@org/team" notifies nobody and "#12" links to no issue: GitHub ignores
// a backslash before them. Line breaks become spaces.
func markdownText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()<>#+-.!|~&", r) {
			b.WriteByte('\\')
		}
		if r == '\n' || r == '\r' {
			r = ' '
		}
		b.WriteRune(r)
		if r == '@' || r == '#' {
			b.WriteRune(wordJoiner)
		}
	}
	return b.String()
}

// wordJoiner is U+2060: invisible, and it keeps a mention or an issue
// reference from being recognised.
const wordJoiner = '\u2060'

// codeSpan writes s as a Markdown code span, fenced with more backticks
// than any run of them in s, so a file name with a backtick cannot end
// it early. Line breaks become spaces.
func codeSpan(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}
