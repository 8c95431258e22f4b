package sheets

import (
	"slices"
	"strings"
	"unicode"
)

// typeSize is the size of a kind of text: full when the page has room,
// never below floor. Body text never goes below 11 pt, key facts below 13.
type typeSize struct{ full, floor float64 }

var (
	titleSize = typeSize{22, 18}
	keySize   = typeSize{14, 13}
	phoneSize = typeSize{20, 18}
	bodySize  = typeSize{12, 11}
)

// at is the size shrink of the way from full to floor (0 to 1).
func (t typeSize) at(shrink float64) float64 { return t.full - shrink*(t.full-t.floor) }

// searchSteps is how many times setLargest halves the range of sizes it
// searches: 1/128 of the way from full size to the floor is finer than a
// hundredth of a point.
const searchSteps = 7

// The space above and below the rule between rows, at full size and at
// the floor.
const gapFull, gapFloor = 8.0, 5.0

// para is a paragraph: whole sentences, of which the first kept are
// printed, wrapped into lines at the layout's type size.
type para struct {
	face      int // one of the Fonts' faces, chosen for the whole text
	size      typeSize
	color     rgb
	width     float64
	sentences []string
	kept      int
	// min is the fewest sentences kept while anything else can still be
	// cut; must is the fewest ever (1 for the venue's directions). cut
	// orders the cutting: lower values are shortened first, 0 never.
	min, must, cut int

	pt    float64 // the type size laid out
	lines []string
}

func (p *para) text() string    { return strings.Join(p.sentences[:p.kept], " ") }
func (p *para) shortened() bool { return p.kept < len(p.sentences) }
func (p *para) height() float64 { return float64(len(p.lines)) * p.pt * leading }

// set wraps the kept sentences at the given shrink.
func (p *para) set(f *Fonts, shrink float64) {
	p.pt = p.size.at(shrink)
	p.lines = nil
	if p.kept > 0 {
		p.lines = wrap(f, p.face, p.pt, p.text(), p.width)
	}
}

type row struct {
	label string
	paras []*para
}

func (r *row) height() float64 {
	h := 0.0
	for _, p := range r.paras {
		h += p.height()
	}
	return h
}

// layout is a sheet measured and fitted to its page.
type layout struct {
	w, h, margin float64
	title        []*para // the title and summary, under the header
	notice       *para   // the fallback notice, if any
	rows         []*row
	// more is "More at <url>": always printed, as the page online has
	// everything and is the way in for someone who cannot read the sheet.
	more *para
	// shrink is how far the type went from full size towards its floor
	// (0 to 1); gap is the space above and below the rule between rows.
	shrink, gap float64
}

// all as a paragraph's minimum keeps every sentence.
const all = 1 << 20

// measure wraps the sheet's text and fits it between the header and the
// fill-in box.
func measure(f *Fonts, s *sheet, paper Paper) *layout {
	w, h := paper.size()
	l := &layout{w: w, h: h, margin: 40}
	inner := w - 2*l.margin
	valueWidth := inner - labelWidth

	// mk makes a paragraph; text that may be cut is split into sentences.
	mk := func(text string, weight int, size typeSize, c rgb, width float64, min, must, cut int) *para {
		p := &para{face: f.face(text, weight), size: size, color: c, width: width, min: min, must: must, cut: cut}
		switch {
		case text == "":
		case cut == 0:
			p.sentences = []string{text}
		default:
			p.sentences = sentences(text)
		}
		p.kept = len(p.sentences)
		return p
	}
	l.title = []*para{
		mk(s.Title, bold, titleSize, ink, inner, 0, 0, 0),
		mk(s.Summary, regular, keySize, ink, inner, 1, 1, 5),
	}
	if s.Fallback != "" {
		l.notice = mk("The details of this activity are written in "+s.Fallback+
			". You can read them in "+s.Fallback+" online: scan the code, or go to "+s.URL,
			bold, keySize, accent, inner-24, 0, 0, 0)
	}
	if s.Translated != "" {
		l.title = append(l.title, mk("Translated from "+s.Translated+". The "+s.Translated+" text is online.",
			regular, bodySize, muted, inner, 1, 0, 2))
	}

	add := func(label string, paras ...*para) {
		kept := slices.DeleteFunc(paras, func(p *para) bool { return len(p.sentences) == 0 })
		if len(kept) > 0 {
			l.rows = append(l.rows, &row{label: label, paras: kept})
		}
	}
	var when []*para
	for i, rule := range s.Schedule {
		// The first rule always shows; later ones may go, whole, but only
		// when every text has been cut to its minimum, and last of all.
		must := 0
		if i == 0 {
			must = 1
		}
		when = append(when, mk(rule, regular, keySize, ink, valueWidth, 1, must, 7))
		when[i].sentences = []string{rule} // a rule is one line of facts, never split
		when[i].kept = 1
	}
	when = append(when, mk(s.ScheduleNotes, regular, bodySize, ink, valueWidth, 1, 0, 4))
	if s.Next != "" {
		when = append(when, mk("Next: "+s.Next, bold, keySize, ink, valueWidth, 0, 0, 0))
	}
	add("When", when...)
	// The directions are what gets someone through the right door: cut
	// only when every other text is at its minimum, and never the first
	// sentence.
	add("Where",
		mk(s.Venue, bold, keySize, ink, valueWidth, 0, 0, 0),
		mk(s.Address, regular, keySize, ink, valueWidth, 0, 0, 0),
		mk(s.Online, regular, keySize, ink, valueWidth, 0, 0, 0),
		mk(s.Directions, regular, bodySize, ink, valueWidth, all, 1, 5))
	add("Cost",
		mk(s.Cost, bold, keySize, ink, valueWidth, 0, 0, 0),
		mk(s.Concessions, regular, bodySize, ink, valueWidth, 1, 0, 2))
	add("Places",
		mk(s.Places, bold, keySize, ink, valueWidth, 0, 0, 0),
		mk(s.PlacesNote, regular, bodySize, ink, valueWidth, 1, 1, 3))
	add("Who it's for", mk(s.Who, regular, bodySize, ink, valueWidth, 1, 1, 1))
	add("How to join",
		mk(s.Referral, bold, keySize, ink, valueWidth, 0, 0, 0),
		mk(s.HowToJoin, regular, bodySize, ink, valueWidth, 1, 0, 3))
	add("First time", mk(s.FirstVisit, regular, bodySize, ink, valueWidth, 2, 1, 6))
	var ask []string
	if s.ContactName != "" {
		ask = append(ask, "Ask for "+s.ContactName)
	}
	if s.Email != "" {
		ask = append(ask, s.Email)
	}
	add("Contact",
		mk(s.Phone, bold, phoneSize, ink, valueWidth, 0, 0, 0),
		mk(strings.Join(ask, " · "), regular, keySize, ink, valueWidth, 0, 0, 0))
	l.more = mk("More at "+s.URL, regular, bodySize, ink, inner, 0, 0, 0)

	l.fit(f)
	return l
}

// Vertical landmarks, from the top of the page.
func (l *layout) headerBottom() float64 { return l.margin + 62 }
func (l *layout) footTop() float64      { return l.h - l.margin - fillHeight - 58 }

// paras are all the paragraphs that may be cut.
func (l *layout) paras() []*para {
	all := slices.Clone(l.title)
	for _, r := range l.rows {
		all = append(all, r.paras...)
	}
	return all
}

// fit uses the page before it shortens anything: first everything, in the
// largest type that fits; when even the smallest is too big, whole
// sentences go, least important first, never part of one; then what is
// left is set as large as it fits.
func (l *layout) fit(f *Fonts) {
	avail := l.footTop() - l.headerBottom() - 12
	if l.setLargest(f, avail) {
		return
	}
	for _, last := range []bool{false, true} {
		for l.height() > avail {
			v := l.victim(last)
			if v == nil {
				break
			}
			v.kept--
			v.set(f, l.shrink)
		}
	}
	// Anything still too tall (words that may not be cut) is clipped when drawn.
	l.setLargest(f, avail)
}

// setLargest sets everything in the largest type that fits in avail, or
// at the floor, and reports whether it fits. Any room left over goes to
// the space between rows, so the page is used evenly.
func (l *layout) setLargest(f *Fonts, avail float64) bool {
	fits := l.setAt(f, 0, avail)
	if !fits {
		// The height falls, if not strictly, as the type shrinks: search
		// for the largest size that fits between full size and the floor.
		lo, hi := 0.0, 1.0
		if fits = l.setAt(f, hi, avail); fits {
			for range searchSteps {
				mid := (lo + hi) / 2
				if l.setAt(f, mid, avail) {
					hi = mid
				} else {
					lo = mid
				}
			}
			l.setAt(f, hi, avail)
		}
	}
	if gaps := 2 * float64(len(l.rows)); fits && gaps > 0 {
		l.gap = min(gapFull, l.gap+(avail-l.height())/gaps)
	}
	return fits
}

// setAt sets everything at shrink and reports whether it fits in avail.
func (l *layout) setAt(f *Fonts, shrink, avail float64) bool {
	l.shrink, l.gap = shrink, gapFull-shrink*(gapFull-gapFloor)
	for _, p := range l.paras() {
		p.set(f, shrink)
	}
	if l.notice != nil {
		l.notice.set(f, shrink)
	}
	l.more.set(f, shrink)
	return l.height() <= avail
}

// victim is the paragraph to lose its last sentence next: the least
// important that is above its minimum (its absolute minimum, when last),
// the longest of those.
func (l *layout) victim(last bool) *para {
	var v *para
	for _, p := range l.paras() {
		floor := p.min
		if last {
			floor = p.must
		}
		if p.cut == 0 || p.kept <= floor {
			continue
		}
		if v == nil || p.cut < v.cut || p.cut == v.cut && p.kept > v.kept {
			v = p
		}
	}
	return v
}

// shortened reports whether any text is cut, so the sheet says where the rest is.
func (l *layout) shortened() bool {
	return slices.ContainsFunc(l.paras(), (*para).shortened)
}

func (l *layout) titleHeight() float64 {
	h := 6.0
	for _, p := range l.title {
		if p.kept > 0 {
			h += p.height() + 4
		}
	}
	return h
}

// height is the height of everything between the header and the fill-in box.
func (l *layout) height() float64 {
	h := l.titleHeight()
	if l.notice != nil {
		h += l.notice.height() + 28
	}
	for _, r := range l.rows {
		if rh := r.height(); rh > 0 {
			h += rh + 2*l.gap
		}
	}
	return h + l.more.height() + 6
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = []string{"Dr", "Mr", "Mrs", "Ms", "St", "Rd", "No", "Revd", "Prof", "approx", "e.g", "i.e", "etc"}

// sentences splits text after each full stop, question or exclamation
// mark (and any closing quote or bracket) that a space and then a
// capital letter, a figure or an opening quote or bracket follow.
func sentences(text string) []string {
	var out []string
	r := []rune(text)
	start := 0
	for i := 1; i+1 < len(r); i++ {
		if r[i] != ' ' || !sentenceEnd(r[:i]) || !sentenceStart(r[i+1]) {
			continue
		}
		out = append(out, strings.TrimSpace(string(r[start:i])))
		start = i + 1
	}
	if rest := strings.TrimSpace(string(r[start:])); rest != "" {
		out = append(out, rest)
	}
	return out
}

// sentenceEnd reports whether text ends a sentence.
func sentenceEnd(text []rune) bool {
	end := len(text)
	for end > 0 && strings.ContainsRune(`"')]”’`, text[end-1]) {
		end--
	}
	if end == 0 || !strings.ContainsRune(".!?", text[end-1]) {
		return false
	}
	if text[end-1] == '.' {
		word := text[:end-1]
		word = word[lastIndex(word, ' ')+1:]
		for _, a := range abbreviations {
			if string(word) == a {
				return false
			}
		}
	}
	return true
}

func sentenceStart(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'(“‘`, r)
}

func lastIndex(r []rune, c rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == c {
			return i
		}
	}
	return -1
}
