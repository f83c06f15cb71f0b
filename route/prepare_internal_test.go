package route

import (
	"testing"
	"time"

	"corridor/data/eurasia"
)

// BenchmarkPrepare times prepare alone (the filters, the cargo's link
// costs and emissions, the bounds from the cache) for the bench pairs in
// turn, on one workspace.
func BenchmarkPrepare(b *testing.B) {
	g, err := eurasia.Load()
	if err != nil {
		b.Fatal(err)
	}
	r := New(g)
	ids := [][2]string{
		{"CNXIY", "DEDUI"}, {"CNSHA", "NLRTM"}, {"CNCKG", "HUBUD"}, {"KZALA", "TRIST"},
		{"CNTSN", "ESMAD"}, {"CNURC", "GEPTI"}, {"CNYIW", "ITMIL"}, {"CNCTU", "IRBND"},
		{"CNCGO", "PLLOD"}, {"UZTAS", "ROCND"}, {"CNWUH", "DEHAM"}, {"CNLYG", "AZBAK"},
	}
	ps := make([]*params, len(ids))
	for i, id := range ids {
		from, _ := g.NodeByID(id[0])
		to, _ := g.NodeByID(id[1])
		q := NewQuery(from, to, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		ps[i] = &params{q: &q, units: q.Cargo.tariffUnits(), teus: q.Cargo.TEUs(), tonnes: 10}
	}
	ws := newWorkspace(g)
	for _, p := range ps {
		r.prepare(ws, p)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.prepare(ws, ps[i%len(ps)])
	}
}
