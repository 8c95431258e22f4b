package gopdf

import (
	"fmt"
	"math"
	"testing"
)

// The appended numbers must be fmt's bytes: a sheet's content stream,
// and so its cache key's worth, must not change with how it is written.
func TestAppendedNumbersAreFmts(t *testing.T) {
	floats := []float64{0, -0, math.Copysign(0, -1), 0.005, 0.015, 1.005, -1.005, 2.675, 595.28, 841.89, -12.345, 1e21, 1e-9, -1e-9,
		math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), math.NaN()}
	for i := range 20000 {
		floats = append(floats, float64(i)/100, float64(i)*0.37-3000, float64(i)/7)
	}
	for _, v := range floats {
		if got, want := string(appendFloat2(nil, v)), fmt.Sprintf("%0.2f", v); got != want {
			t.Errorf("appendFloat2(%v) = %q; fmt says %q", v, got, want)
		}
	}
	for _, v := range []uint{0, 1, 0xF, 0x10, 0xABC, 0xFFFF, 0x10000, 0xABCDEF, math.MaxUint32} {
		if got, want := string(appendHex4([]byte("x"), v)), "x"+fmt.Sprintf("%04X", v); got != want {
			t.Errorf("appendHex4(%d) = %q; fmt says %q", v, got, want)
		}
	}
}

func FuzzAppendedNumbersAreFmts(f *testing.F) {
	f.Add(1.005, uint(0x1234))
	f.Fuzz(func(t *testing.T, v float64, g uint) {
		if got, want := string(appendFloat2(nil, v)), fmt.Sprintf("%0.2f", v); got != want {
			t.Errorf("appendFloat2(%v) = %q; fmt says %q", v, got, want)
		}
		if got, want := string(appendHex4(nil, g)), fmt.Sprintf("%04X", g); got != want {
			t.Errorf("appendHex4(%d) = %q; fmt says %q", g, got, want)
		}
	})
}
