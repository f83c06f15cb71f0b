package assign

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// twoClassGrid is grid(n, pairs) with its demand split into two classes,
// the second paying a fixed cost on every link that leaves a node in the
// left half of the grid.
func twoClassGrid(n, pairs int) *Problem {
	g := grid(n, pairs)
	rng := rand.New(rand.NewPCG(3, 4))
	m := g.net.NumLinks()
	fixed := make([]float64, m)
	for a := range fixed {
		if int(g.net.from[a])%n < n/2 {
			fixed[a] = 2 * rng.Float64()
		}
	}
	var a, b []OD
	for i, o := range g.origins {
		for k, d := range o.dest {
			od := OD{Origin: o.node, Dest: d, Flow: o.flow[k]}
			if (i+k)%2 == 0 {
				a = append(a, od)
			} else {
				b = append(b, od)
			}
		}
	}
	p, err := NewProblem(g.net, []Class{{Name: "a", Demand: a}, {Name: "b", Fixed: fixed, Demand: b}})
	if err != nil {
		panic(err)
	}
	return p
}

// TestAlgorithmBWorkers checks that Algorithm B gives the same result
// with one worker and with several: its parallel phases (bush updates and
// the shortest-path cost) change nothing that depends on the order in which
// the workers finish. solveB is called directly so that the worker count is
// not capped at GOMAXPROCS.
func TestAlgorithmBWorkers(t *testing.T) {
	cases := []struct {
		name string
		load func(t *testing.T) *Problem // may skip
	}{
		{"grid 20", func(*testing.T) *Problem { return grid(20, 300) }},
		{"grid 12, two classes", func(*testing.T) *Problem { return twoClassGrid(12, 200) }},
		{"Anaheim", func(t *testing.T) *Problem {
			_, p := loadTNTP(t, "Anaheim", CostWeights{})
			return p
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.load(t)
			var serial *Result
			for _, w := range []int{1, 2, 3} {
				res := &Result{Algorithm: AlgorithmB}
				opt := Options{Algorithm: AlgorithmB, Gap: 1e-10, MaxIter: 500, InnerSweeps: 20, Workers: w}
				if err := solveB(context.Background(), p, opt, res); err != nil {
					t.Fatal(err)
				}
				f := res.Final()
				if !res.Converged {
					t.Fatalf("%d workers: not converged in %d iterations (gap %.3g)", w, f.N, f.RelativeGap)
				}
				if w == 1 {
					serial = res
					continue
				}
				s := serial.Final()
				if e := math.Abs(f.Objective-s.Objective) / s.Objective; e > 1e-8 {
					t.Errorf("%d workers: objective %.12g, one worker %.12g (relative difference %.2g)", w, f.Objective, s.Objective, e)
				}
				if f.N != s.N {
					t.Errorf("%d workers: %d iterations, one worker %d", w, f.N, s.N)
				}
				for c := range res.ClassFlow {
					for a, v := range res.ClassFlow[c] {
						if v != serial.ClassFlow[c][a] {
							t.Fatalf("%d workers: class %d link %d: flow %.17g, one worker %.17g", w, c, a, v, serial.ClassFlow[c][a])
						}
					}
				}
			}
		})
	}
}
