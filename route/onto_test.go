package route_test

import (
	"context"
	"math"
	"testing"
	"time"

	"corridor/internal/nettest"
	"corridor/network"
	"corridor/route"
)

// TestHandlingOnto: a directional handling factor (onto the 1520 mm line
// at Dostyk) slows the westbound transshipment there and leaves the
// eastbound one as it was, in the legs and in the total.
func TestHandlingOnto(t *testing.T) {
	plain := nettest.Rated(t, "")
	west := nettest.Rated(t, "ht-west,handling_time,nodes=KZDOS onto=rail:1520,0.5,20,3,,,,,\n")
	kz, _ := plain.NodeByID("KZDOS")
	h := plain.Node(kz).HandlingHours
	if h <= 0 {
		t.Fatal("the fixture's Dostyk has no handling time")
	}
	depart := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	trip := func(g *network.Graph, from, to string) (handling, total float64) {
		a, _ := g.NodeByID(from)
		b, _ := g.NodeByID(to)
		its, err := route.New(g).Search(context.Background(), route.NewQuery(a, b, depart))
		if err != nil {
			t.Fatal(err)
		}
		it := route.Best(its, route.Fastest)
		for _, l := range it.Legs {
			if l.From.ID == "KZDOS" {
				handling += l.HandlingHours
			}
		}
		return handling, it.Total.Days * 24
	}
	for _, c := range []struct {
		from, to string
		factor   float64
	}{{"CNXIY", "KZSCO", 3}, {"KZSCO", "CNXIY", 1}} {
		h0, t0 := trip(plain, c.from, c.to)
		h1, t1 := trip(west, c.from, c.to)
		if math.Abs(h0-h) > 0.01 {
			t.Errorf("%s → %s: handling at Dostyk %g h without the factor, want %g", c.from, c.to, h0, h)
		}
		if math.Abs(h1-c.factor*h) > 0.01 {
			t.Errorf("%s → %s: handling at Dostyk %g h, want %g", c.from, c.to, h1, c.factor*h)
		}
		// With the fixture's frequency-only services the wait does not
		// change, so the total moves by the handling alone (days are
		// rounded to 0.01: 0.24 h).
		if math.Abs((t1-t0)-(h1-h0)) > 0.25 {
			t.Errorf("%s → %s: total %g → %g h, handling %g → %g h", c.from, c.to, t0, t1, h0, h1)
		}
	}
}
