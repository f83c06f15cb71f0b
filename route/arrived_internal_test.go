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

// TestInsertBruteForce compares insert, on a bag kept sorted by hours,
// with the plain rule on a list: a new label is refused when a label of
// the bag with its board dominates it, else it enters and the labels with
// its board that it dominates leave (and are marked dead).
func TestInsertBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	val := func() float64 {
		v := float64(rng.IntN(12))
		if rng.IntN(4) == 0 {
			v += tie * float64(rng.IntN(3)-1)
		}
		return v
	}
	for round := range 3000 {
		xfers := round%2 == 1
		ws := &workspace{bags: make([][]bagEntry, 2)}
		ws.arrived.target = 1
		var ref []int32 // the bag by the plain rule
		dead := map[int32]bool{}
		for range rng.IntN(60) {
			l := label{hours: val(), cost: val(), co2: val(), xfers: int16(rng.IntN(3)), board: int16(rng.IntN(2)), state: 0}
			ws.labels = append(ws.labels, l)
			idx := int32(len(ws.labels) - 1)
			want := true
			for _, o := range ref {
				if dominates(&ws.labels[o], &l, xfers) && ws.labels[o].board == l.board {
					want = false
					break
				}
			}
			if want {
				keep := ref[:0]
				for _, o := range ref {
					if dominates(&l, &ws.labels[o], xfers) && ws.labels[o].board == l.board {
						dead[o] = true
						continue
					}
					keep = append(keep, o)
				}
				ref = append(keep, idx)
			}
			if got := ws.insert(idx, xfers); got != want {
				t.Fatalf("round %d: insert(%+v) = %v, want %v", round, l, got, want)
			}
			bag := ws.bags[0]
			var got []int32
			for i, o := range bag {
				got = append(got, o.idx)
				if i > 0 && bag[i-1].hours > o.hours {
					t.Fatalf("round %d: bag not sorted by hours", round)
				}
			}
			if !sameSet(got, ref) {
				t.Fatalf("round %d: bag %v, want %v", round, got, ref)
			}
			for o := range dead {
				if !ws.labels[o].dead {
					t.Fatalf("round %d: label %d not marked dead", round, o)
				}
			}
		}
	}
}

func sameSet(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[int32]bool{}
	for _, x := range a {
		in[x] = true
	}
	for _, x := range b {
		if !in[x] {
			return false
		}
	}
	return true
}
