package route

import (
	"context"
	"testing"
	"time"

	"corridor/data/eurasia"
)

// BenchmarkFuzzyFilter times fuzzyResults alone on the exact front of
// Tianjin → Madrid (14 itineraries, the largest of the benchmark pairs):
// the whole cost the margins add to a search.
func BenchmarkFuzzyFilter(b *testing.B) {
	g, err := eurasia.Load()
	if err != nil {
		b.Fatal(err)
	}
	r := New(g)
	from, _ := g.NodeByID("CNTSN")
	to, _ := g.NodeByID("ESMAD")
	q := NewQuery(from, to, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	q.Margins = DefaultMargins
	ws := newWorkspace(g)
	p, err := r.run(context.Background(), ws, &q)
	if err != nil {
		b.Fatal(err)
	}
	ws.paretoResults()
	front := append([]int32(nil), ws.results...)
	ws.fuzzyResults(p)
	kept := len(ws.results)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ws.results = append(ws.results[:0], front...)
		ws.fuzzyResults(p)
	}
	b.ReportMetric(float64(len(front)), "exact")
	b.ReportMetric(float64(kept), "kept")
}
