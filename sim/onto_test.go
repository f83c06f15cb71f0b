package sim

import (
	"context"
	"math"
	"testing"
	"time"

	"corridor/internal/nettest"
	"corridor/route"
)

// TestHandlingOntoSimulated: with zero variance the simulation takes, on
// each leg, the handling the router gave it, and so the directional
// handling of a transshipment (westbound onto 1520 mm at Dostyk, three
// times the base) rather than the node's undirected time.
func TestHandlingOntoSimulated(t *testing.T) {
	g := nettest.Rated(t, "ht-west,handling_time,nodes=KZDOS onto=rail:1520,0.5,20,3,,,,,\n")
	from, _ := g.NodeByID("CNXIY")
	to, _ := g.NodeByID("KZSCO")
	kz, _ := g.NodeByID("KZDOS")
	q := route.NewQuery(from, to, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	its, err := route.New(g).Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	it := route.Best(its, route.Fastest)
	p, err := NewPlan(g, q, &it, ZeroVariance())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorker(p)
	w.replicate(1, 0)
	checked := false
	for li, l := range it.Legs {
		got := w.acc[li*nAcc+accHandling]
		if math.Abs(got-l.HandlingHours) > 0.01 {
			t.Errorf("leg %d (%s → %s): simulated handling %g h, router %g h", li, l.From.ID, l.To.ID, got, l.HandlingHours)
		}
		if l.From.ID == "KZDOS" {
			checked = true
			if want := 3 * g.Node(kz).HandlingHours; math.Abs(got-want) > 0.01 {
				t.Errorf("westbound handling at Dostyk simulated %g h, want %g (directional)", got, want)
			}
		}
	}
	if !checked {
		t.Fatalf("the fastest itinerary has no leg from Dostyk: %s", it.Summary)
	}
}
