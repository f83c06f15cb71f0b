package route

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/network"
)

// TestKeepLabels: Search, which builds only the itineraries it keeps
// (keepLabels), answers what building every itinerary of the front and
// then keeping max_results of them (selectResults) answers, byte for byte
// in JSON, over seeded pairs, cargo values and max_results, with and
// without margins.
func TestKeepLabels(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := New(g)
	rng := rand.New(rand.NewPCG(13, 3))
	ctx := context.Background()
	cut := 0
	for i := 0; i < 80; i++ {
		from := network.NodeID(rng.IntN(g.NumNodes()))
		to := network.NodeID(rng.IntN(g.NumNodes()))
		if from == to {
			continue
		}
		q := NewQuery(from, to, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(300))*time.Hour))
		q.Cargo.ValueUSD = []float64{0, 20000, 250000, 2e6}[rng.IntN(4)]
		if rng.IntN(2) == 0 {
			q.Margins = DefaultMargins
		}
		q.MaxResults = []int{1, 2, 3, 4, 5, 8}[rng.IntN(6)]
		got, err := r.Search(ctx, q)
		if err != nil {
			continue
		}
		ws := newWorkspace(g)
		if err := q.check(g); err != nil {
			t.Fatal(err)
		}
		if err := r.checkEnds(&q); err != nil {
			t.Fatal(err)
		}
		p, err := r.run(ctx, ws, &q)
		if err != nil {
			t.Fatal(err)
		}
		ws.paretoResults()
		ws.fuzzyResults(p)
		var all []Itinerary
		for _, li := range ws.results {
			all = append(all, r.build(ws, p, li))
		}
		if len(all) > q.MaxResults {
			cut++
		}
		want := selectResults(all, q.MaxResults)
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(want)
		if string(a) != string(b) {
			t.Fatalf("%s → %s, max %d: Search answers\n%s\nbuilding all answers\n%s", g.Node(from).ID, g.Node(to).ID, q.MaxResults, a, b)
		}
	}
	if cut < 10 {
		t.Errorf("only %d queries had more itineraries than they keep", cut)
	}
	t.Logf("%d queries kept fewer itineraries than their front", cut)
}
