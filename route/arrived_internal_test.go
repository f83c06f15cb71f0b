package route

import (
	"math/rand/v2"
	"testing"
)

// TestArrivedSetBruteForce compares arrivedSet.dominated, kept up to date
// by add and fill as insert does, with dominates against every label of
// the bag, on random labels whose criteria often tie.
func TestArrivedSetBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 13))
	val := func() float64 {
		v := float64(rng.IntN(20))
		if rng.IntN(4) == 0 {
			v += tie * float64(rng.IntN(3)-1) // within or just past the tolerance
		}
		return v
	}
	for round := range 2000 {
		var a arrivedSet
		a.clear()
		var labels []label
		var bag []bagEntry
		for range rng.IntN(40) {
			labels = append(labels, label{hours: val(), cost: val(), co2: val(), xfers: int16(rng.IntN(4))})
			l := &labels[len(labels)-1]
			bag = append(bag, bagEntry{hours: l.hours, cost: l.cost, co2: l.co2, idx: int32(len(labels) - 1), xfers: l.xfers})
			if rng.IntN(5) == 0 && len(bag) > 1 { // a label left the bag
				i := rng.IntN(len(bag))
				bag = append(bag[:i], bag[i+1:]...)
				a.stale = true
			} else if !a.stale {
				a.add(&labels[len(labels)-1])
			}
			if a.stale {
				a.fill(bag)
				a.stale = false
			}
			for range 20 {
				opt := label{hours: val(), cost: val(), co2: val(), xfers: int16(rng.IntN(4))}
				for _, xfers := range []bool{false, true} {
					want := false
					for _, o := range bag {
						if dominates(&labels[o.idx], &opt, xfers) {
							want = true
							break
						}
					}
					got := a.dominated(opt.hours+tie, opt.cost+tie, opt.co2+tie, opt.xfers, xfers)
					if got != want {
						t.Fatalf("round %d: dominated(%+v, xfers %v) = %v, brute force %v", round, opt, xfers, got, want)
					}
				}
			}
		}
	}
}
