// Package suggest finds the word someone probably meant, for "did you mean"
// hints on misspelt field names, vocabulary terms and ids.
package suggest

import "strings"

// Closest returns the option nearest to word, or "" when none is close
// enough to be a likely typo. Case, hyphens and underscores are ignored when
// comparing, so "First_Visit" finds "first_visit".
func Closest(word string, options []string) string {
	w := normalize(word)
	if w == "" {
		return ""
	}
	best, bestDist := "", -1
	for _, o := range options {
		n := normalize(o)
		// Very long inputs are not compared, to keep the cost bounded.
		if len(w) > 64 || len(n) > 64 {
			continue
		}
		d := Distance(w, n)
		if bestDist < 0 || d < bestDist {
			best, bestDist = o, d
		}
	}
	if bestDist < 0 || bestDist > allowed(w) {
		return ""
	}
	return best
}

// allowed is how many edits still look like a typo rather than another word.
func allowed(w string) int {
	n := len([]rune(w))
	switch {
	case n <= 2:
		return 0
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	default:
		return 3
	}
}

func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == ' ' {
			return '-'
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// Distance is the optimal string alignment distance: the Levenshtein
// distance, with swapping two neighbouring letters (the commonest typo)
// counting as one edit.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
