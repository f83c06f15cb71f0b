package calibrate

import (
	"math"
	"testing"

	"corridor/network"
)

// TestGraduatedEscapesLocalMinimum: ten observations agree on a factor of
// 3, six others on 1. Under the robust loss the far cluster pulls little
// from 1, so the plain fit stays near 1 although a factor of 3 has the
// lower loss; the graduated fit (scale 1 down to 0.1) reaches 3, and its
// loss at the fit's scale is the lower one.
func TestGraduatedEscapesLocalMinimum(t *testing.T) {
	params := []network.Param{{ID: "p", Low: 0.5, High: 5, Value: 1, Prior: 0.1}}
	var terms []term
	add := func(n int, target float64) {
		for i := 0; i < n; i++ {
			l := math.Log(target)
			terms = append(terms, term{p: []int{0}, a: []float64{1}, lo: l, hi: l})
		}
	}
	add(10, 3)
	add(6, 1)
	opt := Options{}
	opt.defaults()
	loss := func(c *calib, x float64) float64 {
		var f float64
		for _, tm := range terms {
			f += c.loss(logResidual(x, tm.lo, tm.hi))
		}
		return f + c.prior([]float64{x})
	}
	plainC := &calib{opt: opt, params: params, plain: true}
	gradC := &calib{opt: opt, params: params}
	plain := plainC.minimise(terms, []float64{1})[0]
	grad := gradC.minimise(terms, []float64{1})[0]
	t.Logf("plain fit %g (loss %.4f), graduated %g (loss %.4f)", plain, loss(plainC, plain), grad, loss(gradC, grad))
	if plain > 1.5 {
		t.Errorf("the plain fit reached %g: the case does not test a local minimum", plain)
	}
	if math.Abs(grad-3)/3 > 0.05 {
		t.Errorf("graduated fit %g, want 3 within 5%%", grad)
	}
	if !(loss(gradC, grad) < loss(plainC, plain)) {
		t.Errorf("graduated loss %.4f not below the plain fit's %.4f", loss(gradC, grad), loss(plainC, plain))
	}
}

// TestGraduatedKeepsBetterStart: when every observation agrees with the
// start and the prior's pull is slight, the graduated stages (which pass
// through scales where the start is not optimal) do not move the fit.
func TestGraduatedKeepsBetterStart(t *testing.T) {
	params := []network.Param{{ID: "p", Low: 0.5, High: 5, Value: 2, Prior: 0.001}, {ID: "q", Low: 0.5, High: 5, Value: 1, Prior: 0.001}}
	l := math.Log(2)
	terms := []term{{p: []int{0}, a: []float64{2}, lo: l, hi: l}, {p: []int{0, 1}, a: []float64{2, 1}, lo: math.Log(3), hi: math.Log(3)}}
	opt := Options{}
	opt.defaults()
	c := &calib{opt: opt, params: params}
	got := c.minimise(terms, []float64{2, 1})
	if math.Abs(got[0]-2) > 0.02 || math.Abs(got[1]-1) > 0.02 {
		t.Errorf("fit moved from the exact start (2, 1) to %v", got)
	}
}

// TestUninformedStay: a factor no term depends on (a spread factor, fitted
// by simulation afterwards) keeps its value; the prior alone would have
// pulled it to 1, and the re-routed step was then rejected for the
// spreads it spoiled.
func TestUninformedStay(t *testing.T) {
	params := []network.Param{{ID: "p", Low: 0.5, High: 5, Value: 1, Prior: 1}, {ID: "spread", Low: 0.3, High: 4, Value: 2.5, Prior: 1}}
	l := math.Log(1.5)
	terms := []term{{p: []int{0}, a: []float64{1}, lo: l, hi: l}}
	opt := Options{}
	opt.defaults()
	c := &calib{opt: opt, params: params}
	got := c.minimise(terms, []float64{1, 2.5})
	if got[1] != 2.5 {
		t.Errorf("the uninformed factor moved 2.5 → %g", got[1])
	}
	if got[0] <= 1.1 {
		t.Errorf("the informed factor stayed at %g, its observation wants 1.5", got[0])
	}
}
