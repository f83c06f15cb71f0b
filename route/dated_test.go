package route_test

import (
	"context"
	"testing"
	"time"

	"corridor/internal/nettest"
	"corridor/route"
)

// TestDatedParams: a query departing in the months of a dated parameter
// runs on the network as it was then (slower 1520 mm lines in 2022), one
// departing outside them on the loaded network; At keeps one router per
// set of dated parameters in force, and Compare agrees with Search.
func TestDatedParams(t *testing.T) {
	g := nettest.Rated(t, "rt-2022,run_time,mode=rail gauge=1520,0.5,3,2,2022-01,2022-12,,,\n")
	r := route.New(g)
	from, _ := g.NodeByID("CNXIY")
	to, _ := g.NodeByID("PLLOD")
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	running := func(depart string) float64 {
		its, err := r.Search(context.Background(), route.NewQuery(from, to, day(depart)))
		if err != nil {
			t.Fatal(err)
		}
		b := route.Best(its, route.Fastest)
		var h float64
		for _, l := range b.Legs {
			if l.Mode == "rail" && l.GaugeMM == 1520 {
				h += l.Hours
			}
		}
		if h == 0 {
			t.Fatalf("%s: the fastest itinerary has no 1520 mm leg: %s", depart, b.Summary)
		}
		return h
	}
	before, during, after := running("2021-12-31"), running("2022-06-15"), running("2023-01-01")
	if before != after {
		t.Errorf("1520 mm running hours before %g and after %g the dated months differ", before, after)
	}
	if d := during / before; d < 1.999 || d > 2.001 {
		t.Errorf("1520 mm running hours in 2022 %g, outside %g: ratio %g, want 2", during, before, d)
	}
	if r.At(day("2021-06-01")) != r {
		t.Error("At outside the dated months should return the router itself")
	}
	a, b := r.At(day("2022-02-01")), r.At(day("2022-11-30"))
	if a == r || a != b {
		t.Error("At in the dated months should return one router, kept")
	}
	if a.At(day("2019-01-01")) != r {
		t.Error("At on a dated router should start from the undated one")
	}
	q := route.NewQuery(from, to, day("2022-06-15"))
	its, err := r.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := r.Compare(context.Background(), q, route.Fastest)
	if err != nil {
		t.Fatal(err)
	}
	best := route.Best(its, route.Fastest)
	if len(best.Dated) != 1 || best.Dated[0].ID != "rt-2022" || best.Dated[0].From != "2022-01" || best.Dated[0].To != "2022-12" || best.Dated[0].Value != 2 {
		t.Errorf("the itinerary of 2022-06-15 names its dated parameters %+v, want rt-2022 (2022-01..2022-12, 2)", best.Dated)
	}
	if its, err := r.Search(context.Background(), route.NewQuery(from, to, day("2021-06-15"))); err != nil || len(its[0].Dated) != 0 {
		t.Errorf("an itinerary outside the dated months names dated parameters: %v %+v", err, its)
	}
	for _, c := range cmp.Corridors {
		if c.Best != nil && c.Best.Total.Hours < best.Total.Hours-1e-9 {
			t.Errorf("compare's %s is faster (%g h) than search's fastest (%g h) on the same day", c.Corridor, c.Best.Total.Hours, best.Total.Hours)
		}
	}
}
