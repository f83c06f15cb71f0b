package fastpath

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"

	"corridor/network"
)

// gridGraph is a road-like w×w grid with random weights: 2·2·w·(w-1)
// directed links (w=100: 39,600; w=320: 408,320).
func gridGraph(tb testing.TB, w int) *network.Graph {
	tb.Helper()
	r := rand.New(rand.NewPCG(uint64(w), 1))
	b := network.NewBuilder()
	b.AddSource(network.Source{ID: "bench", Title: "grid", Publisher: "bench", Year: 2026})
	id := func(x, y int) network.NodeID { return network.NodeID(y*w + x) }
	for y := 0; y < w; y++ {
		for x := 0; x < w; x++ {
			b.AddNode(network.Node{ID: fmt.Sprintf("G%d-%d", x, y), Name: "g", Kind: network.Junction,
				Lon: float64(x) * 0.01, Lat: float64(y) * 0.01, Sources: []string{"bench"}})
		}
	}
	n := 0
	add := func(a, c network.NodeID) {
		n++
		b.AddLink(network.LinkSpec{ID: fmt.Sprintf("E%d", n), From: a, To: c, Mode: network.Road, DistanceKm: 1 + r.Float64(),
			SpeedKmh: 30 + 60*r.Float64(), Energy: network.Diesel, Sources: []string{"bench"}, Both: true})
	}
	for y := 0; y < w; y++ {
		for x := 0; x < w; x++ {
			if x+1 < w {
				add(id(x, y), id(x+1, y))
			}
			if y+1 < w {
				add(id(x, y), id(x, y+1))
			}
		}
	}
	g, err := b.Build("grid")
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// large says whether to run the 4·10^5-link sizes (about 30 s per build on
// two cores): set CORRIDOR_BENCH_LARGE=1.
func large() bool { return os.Getenv("CORRIDOR_BENCH_LARGE") != "" }

// BenchmarkBuild reports preprocessing time and the memory it allocates
// (B/op) and retains (MB-held) for grids of 10^4 to 4·10^5 links.
func BenchmarkBuild(b *testing.B) {
	sizes := []int{50, 100, 320}
	for _, w := range sizes {
		if w > 100 && !large() {
			continue
		}
		g := gridGraph(b, w)
		b.Run(fmt.Sprintf("links=%d", g.NumLinks()), func(b *testing.B) {
			b.ReportAllocs()
			var h *Hierarchy
			for i := 0; i < b.N; i++ {
				h = mustBuild(b, g, Time)
			}
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			h2 := mustBuild(b, g, Time)
			runtime.GC()
			runtime.ReadMemStats(&m1)
			b.ReportMetric(float64(m1.HeapAlloc-min(m1.HeapAlloc, m0.HeapAlloc))/1e6, "MB-held")
			b.ReportMetric(float64(h.Stats().Shortcuts), "shortcuts")
			runtime.KeepAlive(h2)
		})
	}
}

// BenchmarkQuery compares a hierarchy query (with path unpacking) against a
// plain Dijkstra on the same random pairs.
func BenchmarkQuery(b *testing.B) {
	for _, w := range []int{100, 320} {
		if w > 100 && !large() {
			continue
		}
		g := gridGraph(b, w)
		h := mustBuild(b, g, Time)
		r := rand.New(rand.NewPCG(9, 9))
		pairs := make([][2]network.NodeID, 1024)
		for i := range pairs {
			pairs[i] = [2]network.NodeID{network.NodeID(r.IntN(g.NumNodes())), network.NodeID(r.IntN(g.NumNodes()))}
		}
		b.Run(fmt.Sprintf("hierarchy/links=%d", g.NumLinks()), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				p := pairs[i%len(pairs)]
				h.Query(p[0], p[1])
			}
		})
		b.Run(fmt.Sprintf("dijkstra/links=%d", g.NumLinks()), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				p := pairs[i%len(pairs)]
				Dijkstra(g, Time, p[0], p[1])
			}
		})
	}
}
