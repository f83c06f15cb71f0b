package route

import (
	"math"
	"testing"
)

// TestRoundLines: rounded to cents, a breakdown still sums to the rounded
// total, to the cent.
func TestRoundLines(t *testing.T) {
	for _, c := range []struct {
		lines []float64
	}{
		{[]float64{1000.004, 2000.004, 1858.126}}, // 4858.134: lines round to 4858.13, total 4858.13
		{[]float64{1000.005, 2000.005, 1858.125}}, // each rounds up: 4858.14 vs total 4858.135 → .14
		{[]float64{0.333, 0.333, 0.334}},
		{[]float64{4858.14}},
		{[]float64{-12.005, 100.004, 3.336}},
	} {
		var total float64
		ls := make([]CostLine, len(c.lines))
		for i, v := range c.lines {
			ls[i].USD = v
			total += v
		}
		total = round(total, 2)
		roundLines(ls, total)
		var cents int64
		for _, l := range ls {
			if l.USD*100 != math.Round(l.USD*100) && math.Abs(l.USD*100-math.Round(l.USD*100)) > 1e-6 {
				t.Errorf("%v: line %g is not in cents", c.lines, l.USD)
			}
			cents += int64(math.Round(l.USD * 100))
		}
		if cents != int64(math.Round(total*100)) {
			t.Errorf("%v: lines sum to %d cents, total %.2f", c.lines, cents, total)
		}
	}
}
