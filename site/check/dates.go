package check

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// numericDate matches a date written with numbers in any order people
// use: 31/12/2026, 2/10/26, 2026/10/2, 31.12.2026, 31-12-2026.
var numericDate = regexp.MustCompile(`^(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})$`)

// ordinal matches the ending of a day written as 1st, 2nd, 3rd, 4th.
var ordinal = regexp.MustCompile(`(?i)(\d)(st|nd|rd|th)\b`)

// wordDates are the layouts of dates written with the month's name.
var wordDates = []string{"2 January 2006", "2 Jan 2006", "January 2 2006", "Jan 2 2006", "Monday 2 January 2006"}

// fixDate returns the year-month-day form of a date written another way,
// or "" when it cannot tell which date was meant. Dates are read day
// first, as most countries write them, except in the United States; a
// day above 12 settles the order either way.
func fixDate(v, country string) string {
	v = strings.TrimSpace(v)
	if m := numericDate.FindStringSubmatch(v); m != nil {
		return fixNumericDate(m[1], m[2], m[3], country == "US")
	}
	words := strings.Join(strings.Fields(strings.ReplaceAll(ordinal.ReplaceAllString(v, "$1"), ",", " ")), " ")
	for _, layout := range wordDates {
		if d, err := time.Parse(layout, words); err == nil {
			return d.Format(time.DateOnly)
		}
	}
	return ""
}

// fixNumericDate puts the three numbers of a date in year-month-day order.
func fixNumericDate(a, b, c string, monthFirst bool) string {
	if len(a) == 4 {
		return isoDate(a, b, c)
	}
	if len(c) == 2 {
		c = "20" + c
	}
	if len(c) != 4 {
		return ""
	}
	first, _ := strconv.Atoi(a)
	second, _ := strconv.Atoi(b)
	if second > 12 || (monthFirst && first <= 12) {
		a, b = b, a
	}
	return isoDate(c, b, a)
}

// isoDate writes a year, month and day as a date, or "" when there is no
// such date (2026-02-30).
func isoDate(year, month, day string) string {
	y, _ := strconv.Atoi(year)
	m, _ := strconv.Atoi(month)
	d, _ := strconv.Atoi(day)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return ""
	}
	return t.Format(time.DateOnly)
}
