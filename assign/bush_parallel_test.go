package assign

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
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

// checkBushes verifies every bush's invariants: its link list holds
// exactly its links, grouped by head in its topological order and in link
// order within a group, every link running forward in that order, the used
// flags matching the bush flows, the flows not negative and conserved (the
// demand into each destination, nothing left elsewhere), and the link flows
// the sum of the bush flows.
func checkBushes(t *testing.T, s *bushes) {
	t.Helper()
	net, m := s.net, s.m
	sum := make([]float64, m)
	pos := make([]int, net.numNodes)
	for b := range s.p.origins {
		o := &s.p.origins[b]
		in, bf, topo, bl := s.in[b*m:(b+1)*m], s.bf[b*m:(b+1)*m], s.topo[b], s.bl[b]
		for i := range pos {
			pos[i] = -1
		}
		for p, j := range topo {
			pos[j] = p
		}
		if topo[0] != o.node {
			t.Fatalf("bush %d starts at node %d, not at its origin %d", b, topo[0], o.node)
		}
		count, k := 0, 0
		bal := make([]float64, s.net.numNodes) // inflow − outflow
		for p, j := range topo[1:] {
			prev := int32(-1)
			for {
				if k == len(bl) {
					t.Fatalf("bush %d: link list ends at node %d (position %d)", b, j, p+1)
				}
				e := bl[k]
				k++
				a := e & blLink
				if s.net.to[a] != j || !in[a] || a <= prev {
					t.Fatalf("bush %d: entry %d (link %d) out of place at node %d", b, k-1, a, j)
				}
				if pos[s.net.from[a]] < 0 || pos[s.net.from[a]] >= p+1 {
					t.Fatalf("bush %d: link %d runs against the order", b, a)
				}
				if (e&blUsed != 0) != (bf[a] > usedEps) || bf[a] < 0 {
					t.Fatalf("bush %d: link %d flow %g, used flag %v", b, a, bf[a], e&blUsed != 0)
				}
				bal[j] += bf[a]
				bal[s.net.from[a]] -= bf[a]
				sum[a] += bf[a]
				prev = a
				count++
				if e < 0 {
					break
				}
			}
		}
		if k != len(bl) {
			t.Fatalf("bush %d: %d entries after the last node", b, len(bl)-k)
		}
		for a := range in {
			if in[a] {
				count--
			} else if bf[a] != 0 {
				t.Fatalf("bush %d: flow %g on link %d outside it", b, bf[a], a)
			}
		}
		if count != 0 {
			t.Fatalf("bush %d: the list and the links differ by %d", b, count)
		}
		for i, d := range o.dest {
			bal[d] -= o.flow[i]
		}
		for j, v := range bal {
			if int32(j) != o.node && math.Abs(v) > 1e-6 {
				t.Fatalf("bush %d: node %d keeps %g", b, j, v)
			}
		}
	}
	for a, v := range sum {
		if math.Abs(v-s.x[a]) > 1e-6*(1+v) {
			t.Fatalf("link %d: flow %g, bushes %g", a, s.x[a], v)
		}
	}
}

// TestBushInvariants runs Algorithm B's steps one by one on networks where
// bush updates add links against the topological order, and checks the
// bushes after each.
func TestBushInvariants(t *testing.T) {
	cases := []struct {
		name string
		load func(t *testing.T) *Problem // may skip
	}{
		{"grid 20", func(*testing.T) *Problem { return grid(20, 300) }},
		{"grid 12, two classes", func(*testing.T) *Problem { return twoClassGrid(12, 200) }},
		{"Chicago-Sketch", func(t *testing.T) *Problem {
			_, p := loadTNTP(t, "Chicago-Sketch", CostWeights{Toll: 0.02, Distance: 0.04})
			return p
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.load(t)
			ctx := context.Background()
			s, err := newBushes(p, 2)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.init(ctx); err != nil {
				t.Fatal(err)
			}
			checkBushes(t, s)
			resorts := 0
			for k := 0; k < 6; k++ {
				for b := range p.origins {
					sc := s.sc[0]
					before := append([]int32(nil), s.topo[b]...)
					if _, _, err := s.update(sc, b, k%2 == 1); err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(before, s.topo[b]) {
						resorts++
					}
				}
				for _, d := range s.sc[0].drop {
					s.move(d.class, d.link, -d.v)
				}
				s.sc[0].drop = s.sc[0].drop[:0]
				checkBushes(t, s)
				for b := range p.origins {
					s.shift(s.sc[0], b)
				}
				checkBushes(t, s)
			}
			if resorts == 0 {
				t.Error("no bush was sorted again: the test does not exercise resort")
			}
		})
	}
}
