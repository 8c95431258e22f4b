package search

import "testing"

// TestTiered: a listing found only through its terms' labels and synonyms
// ranks below every listing whose own text has the word, however short
// and strong its labels field makes its score; among themselves they keep
// their order.
func TestTiered(t *testing.T) {
	own := []float64{0.2, 0, 0.05, 0}
	given := []float64{0.1, 3, 0, 1.5}
	ps := tiered([]int32{0, 1, 2, 3}, own, given)
	score := map[int32]float64{}
	for _, p := range ps {
		score[p.n] = p.score
	}
	if !(score[0] > score[2] && score[2] > score[1] && score[1] > score[3] && score[3] > 0) {
		t.Errorf("scores %v: want own text first (0, then 2), then labels only (1, then 3)", score)
	}
	if score[0] <= 0.2 {
		t.Errorf("own text with labels too scores %v, want more than its own 0.2", score[0])
	}
	for i := range own {
		if own[i] != 0 || given[i] != 0 {
			t.Fatal("tiered leaves scores behind for the next term")
		}
	}
	// Quantised as the client reads them, a listing found only through its
	// labels still ranks below the weakest own-text match, however weak.
	own, given = []float64{1e-7, 0}, []float64{0, 9}
	ps = tiered([]int32{0, 1}, own, given)
	if q0, q1 := quantise(ps[0].score), quantise(ps[1].score); q1 >= q0 {
		t.Errorf("quantised: own text %d, labels only %d; want labels below", q0, q1)
	}
	// Only labels and synonyms: their own scores.
	ps = tiered([]int32{1}, []float64{0, 0}, []float64{0, 2})
	if ps[0].score != 2 {
		t.Errorf("a word only in labels scores %v, want 2", ps[0].score)
	}
}
