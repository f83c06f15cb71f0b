package assign

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// grid builds an n × n grid with two-way BPR links and demand between
// random pairs: a generated network for benchmarks.
func grid(n int, pairs int) *Problem {
	rng := rand.New(rand.NewPCG(1, 2))
	var links []Link
	id := func(i, j int) int32 { return int32(i*n + j) }
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			for _, d := range [][2]int{{0, 1}, {1, 0}} {
				a, b := i+d[0], j+d[1]
				if a >= n || b >= n {
					continue
				}
				t0 := 1 + rng.Float64()
				c := 500 + 1000*rng.Float64()
				links = append(links, Link{From: id(i, j), To: id(a, b), FreeFlow: t0, B: 0.15, Power: 4, Capacity: c},
					Link{From: id(a, b), To: id(i, j), FreeFlow: t0, B: 0.15, Power: 4, Capacity: c})
			}
		}
	}
	net, err := NewNetwork(n*n, 0, links)
	if err != nil {
		panic(err)
	}
	var d []OD
	for k := 0; k < pairs; k++ {
		d = append(d, OD{Origin: int32(rng.IntN(n * n)), Dest: int32(rng.IntN(n * n)), Flow: 50 + 100*rng.Float64()})
	}
	p, err := NewProblem(net, []Class{{Demand: d}})
	if err != nil {
		panic(err)
	}
	return p
}

// BenchmarkShortestPath times one Dijkstra run on generated grids.
func BenchmarkShortestPath(b *testing.B) {
	for _, n := range []int{30, 100} {
		b.Run(fmt.Sprintf("grid%d", n), func(b *testing.B) {
			p := grid(n, 1)
			w := newSPWork(p.net.numNodes)
			cost := append([]float64(nil), p.net.t0...)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				w.run(p.net, cost, int32(i%p.net.numNodes))
			}
		})
	}
}

// BenchmarkSolve times each algorithm to a gap of 1e-4 on a generated grid.
func BenchmarkSolve(b *testing.B) {
	p := grid(30, 400)
	for _, alg := range Algorithms {
		b.Run(string(alg), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Solve(context.Background(), p, Options{Algorithm: alg, Gap: 1e-4, MaxIter: 5000}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkChicagoSketch times Algorithm B to 1e-6 and 1e-8 on
// Chicago-Sketch with its toll and distance factors (skipped without the
// shared data).
func BenchmarkChicagoSketch(b *testing.B) {
	_, p := loadTNTP(b, "Chicago-Sketch", CostWeights{Toll: 0.02, Distance: 0.04})
	for _, gap := range []float64{1e-6, 1e-8} {
		b.Run(fmt.Sprintf("b/%g", gap), func(b *testing.B) {
			for b.Loop() {
				if _, err := Solve(context.Background(), p, Options{Algorithm: AlgorithmB, Gap: gap, StopOn: GapSPTT}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
