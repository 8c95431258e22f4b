package schedule

import "time"

// Transition is a change of a zone's UTC offset (or of its abbreviation,
// or of whether daylight saving time is in force).
type Transition struct {
	At       time.Time // the instant of the change, in UTC
	From, To int       // UTC offsets before and after, in seconds east of UTC
	Name     string    // the zone's abbreviation after the change, e.g. "BST"
	DST      bool      // whether daylight saving time is in force after the change
}

// Transitions returns the changes of loc from the start of the year first
// to the end of the year last, in order, preceded by the change that
// brought in the offset in force at the start of first (if there was one).
//
// The work is bounded by the span, whatever the zone database says: no
// zone changes its clocks more than maxChangesPerYear times a year, and a
// step that does not move forward falls back to searching day by day.
func Transitions(loc *time.Location, first, last int) []Transition {
	start := time.Date(first, time.January, 1, 0, 0, 0, 0, loc)
	stop := time.Date(last+1, time.January, 1, 0, 0, 0, 0, loc)
	var out []Transition
	change := func(before, after time.Time) {
		if zoneOf(before) != zoneOf(after) {
			n1, off1 := after.Zone()
			_, off0 := before.Zone()
			out = append(out, Transition{At: after.UTC(), From: off0, To: off1, Name: n1, DST: after.IsDST()})
		}
	}
	if begin, _ := start.ZoneBounds(); !begin.IsZero() {
		change(begin.Add(-time.Second), begin)
	}
	steps := (last - first + 1) * maxChangesPerYear
	for t := start; steps > 0; steps-- {
		_, end := t.ZoneBounds()
		if !end.IsZero() && !end.After(t) {
			// Go's ZoneBounds can return t itself: in Europe/London it
			// does at 2040-12-31, where its yearly rules roll over.
			end = nextChange(t, stop)
		}
		if end.IsZero() || !end.Before(stop) {
			break
		}
		change(t, end)
		t = end
	}
	return out
}

// maxChangesPerYear is more clock changes than any zone has had in a year
// (two is usual; a few zones have had four, for Ramadan).
const maxChangesPerYear = 12

// zone is what a clock change changes.
type zone struct {
	name   string
	offset int
	dst    bool
}

func zoneOf(t time.Time) zone {
	name, offset := t.Zone()
	return zone{name, offset, t.IsDST()}
}

// nextChange finds the first instant after t, before stop, at which the
// zone differs from t's, by stepping a day at a time and then halving the
// day down to the second. It returns the zero Time when there is none.
func nextChange(t, stop time.Time) time.Time {
	z := zoneOf(t)
	for day := t; day.Before(stop); {
		next := day.Add(24 * time.Hour)
		if zoneOf(next) == z {
			day = next
			continue
		}
		lo, hi := day, next // the zone is z at lo and differs at hi
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if zoneOf(mid) == z {
				lo = mid
			} else {
				hi = mid
			}
		}
		return hi
	}
	return time.Time{}
}

// Offsets are a zone's UTC offsets over a span of time, as the browser
// reads them to know the directory's clock without the cost of a time zone
// lookup (theme/assets/js/placetime.js): Until is the end of the span, in
// milliseconds since 1970, and each of Changes is [from, offset], the
// instant (in milliseconds) from which the offset (in minutes east of UTC)
// applies, the first one in force at the start of the span.
type Offsets struct {
	Until   int64      `json:"until"`
	Changes [][2]int64 `json:"changes"`
}

// ZoneOffsets returns loc's offsets from the start of the year of from to
// the end of the year years later.
func ZoneOffsets(loc *time.Location, from time.Time, years int) Offsets {
	if loc == nil {
		loc = time.UTC
	}
	first := from.In(loc).Year()
	start := time.Date(first, time.January, 1, 0, 0, 0, 0, loc)
	_, offset := start.Zone()
	out := Offsets{Until: time.Date(first+years+1, time.January, 1, 0, 0, 0, 0, loc).UnixMilli(),
		Changes: [][2]int64{{start.UnixMilli(), int64(offset / 60)}}}
	for _, t := range Transitions(loc, first, first+years) {
		if t.At.After(start) && t.To != t.From {
			out.Changes = append(out.Changes, [2]int64{t.At.UnixMilli(), int64(t.To / 60)})
		}
	}
	return out
}
