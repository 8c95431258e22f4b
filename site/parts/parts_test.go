package parts

import (
	"fmt"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Part{"1/1": {1, 1}, "2/4": {2, 4}, " 4/4 ": {4, 4}} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2", "0/4", "5/4", "-1/4", "2/0", "a/b", "2/4/8", "1/1001"} {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %v; want an error", in, got)
		}
	}
}

// Every key belongs to exactly one part, and the parts are about the same size.
func TestOwnsSplitsEvenly(t *testing.T) {
	const keys, of = 10000, 4
	counts := make([]int, of)
	for k := range keys {
		key := fmt.Sprintf("content/listings/listing-%d.md", k)
		owners := 0
		for n := 1; n <= of; n++ {
			if (Part{N: n, Of: of}).Owns(key) {
				owners++
				counts[n-1]++
			}
		}
		if owners != 1 {
			t.Fatalf("%s belongs to %d parts", key, owners)
		}
		if !(Part{}).Owns(key) {
			t.Fatalf("the whole build does not own %s", key)
		}
	}
	for n, c := range counts {
		if c < keys/of*9/10 || c > keys/of*11/10 {
			t.Errorf("part %d of %d owns %d of %d keys", n+1, of, c, keys)
		}
	}
}
