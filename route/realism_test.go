package route_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/network"
	"corridor/route"
)

func bundled(t testing.TB) *route.Router {
	t.Helper()
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	return route.New(g)
}

func bq(t testing.TB, r *route.Router, from, to string) route.Query {
	t.Helper()
	g := r.Graph()
	a, ok1 := g.NodeByID(from)
	b, ok2 := g.NodeByID(to)
	if !ok1 || !ok2 {
		t.Fatalf("unknown node %s or %s", from, to)
	}
	return route.NewQuery(a, b, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
}

func bestOf(t *testing.T, cmp *route.Comparison, corridor string) *route.Itinerary {
	t.Helper()
	for _, c := range cmp.Corridors {
		if c.Corridor == corridor {
			return c.Best
		}
	}
	t.Fatalf("no corridor %s in comparison", corridor)
	return nil
}

// Published ranges: ../shared/research/corridor-facts.md (sections 1b, 6).
func TestRealismBundled(t *testing.T) {
	r := bundled(t)
	ctx := context.Background()

	// Xi'an → Duisburg on the Northern Corridor: 10–16 days (VC-11: 12–14 standard, ~10 express).
	cmp, err := r.Compare(ctx, bq(t, r, "CNXIY", "DEDUI"), route.Fastest)
	if err != nil {
		t.Fatal(err)
	}
	if n := bestOf(t, cmp, "northern"); n == nil || n.Total.Days < 10 || n.Total.Days > 16 {
		t.Errorf("Xi'an–Duisburg northern = %+v, want 10–16 days", n)
	}

	// China → Constanța on the Middle Corridor by the Black Sea: 19–34 days
	// (official 19–23 to the Black Sea ports; VC-08 31–34 days to Constanța).
	q := bq(t, r, "CNXIY", "ROCND")
	q.Corridors = []string{"middle"}
	q.AvoidNodes = []network.NodeID{mustNode(t, r.Graph(), "TRKSY")} // not through Türkiye
	its, err := r.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if d := its[0].Total.Days; d < 19 || d > 34 {
		t.Errorf("Xi'an–Constanța middle by sea = %.1f days, want 19–34", d)
	}

	// Shanghai → Rotterdam by sea via Suez: 27–35 days; via the Cape 8–14 days longer.
	sea := bq(t, r, "CNSHA", "NLRTM")
	sea.Modes = []network.Mode{network.Sea}
	its, err = r.Search(ctx, sea)
	if err != nil {
		t.Fatal(err)
	}
	suez := route.Best(its, route.Fastest)
	if suez.Corridor != "maritime-suez" || suez.Total.Days < 27 || suez.Total.Days > 35 {
		t.Errorf("Shanghai–Rotterdam by sea = %s %.1f days, want maritime-suez 27–35", suez.Corridor, suez.Total.Days)
	}
	for _, closed := range []string{"CP-SUEZ", "CP-BAB-EL-MANDEB"} {
		x := sea
		x.AvoidNodes = []network.NodeID{mustNode(t, r.Graph(), closed)}
		its, err := r.Search(ctx, x)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range its {
			if it.Corridor != "maritime-cape" {
				t.Errorf("with %s closed an itinerary is %s, want maritime-cape", closed, it.Corridor)
			}
		}
		cape := route.Best(its, route.Fastest)
		if d := cape.Total.Days - suez.Total.Days; d < 8 || d > 14 {
			t.Errorf("with %s closed the Cape adds %.1f days, want 8–14", closed, d)
		}
	}

	// Avoiding RU and BY removes every Northern option.
	q = bq(t, r, "CNXIY", "DEDUI")
	q.AvoidCountries = []string{"RU", "BY"}
	its, err = r.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range its {
		if it.Corridor == "northern" || slices.Contains(it.Countries, "RU") || slices.Contains(it.Countries, "BY") {
			t.Errorf("with RU,BY avoided: %s via %v", it.Corridor, it.Countries)
		}
	}
	cmp, err = r.Compare(ctx, q, route.Fastest)
	if err != nil {
		t.Fatal(err)
	}
	if n := bestOf(t, cmp, "northern"); n != nil {
		t.Errorf("northern still has a route with RU,BY avoided: %s", n.Summary)
	}
	if m := bestOf(t, cmp, "middle"); m == nil {
		t.Error("middle has no route with RU,BY avoided")
	}

	// Rail only with RU, BY avoided and no ferry: blocked, and the error says why.
	q.Modes = []network.Mode{network.Rail}
	_, err = r.Search(ctx, q)
	var nr *route.NoRouteError
	if !errors.As(err, &nr) || nr.Constraint == "" {
		t.Errorf("rail-only avoiding RU,BY: want a NoRouteError naming the constraint, got %v", err)
	} else {
		t.Logf("blocked: %s: %s", nr.Constraint, nr.Msg)
	}
}

func TestNoRouteNamesCountries(t *testing.T) {
	r := bundled(t)
	q := bq(t, r, "CNXIY", "DEDUI")
	q.AvoidCountries = []string{"RU", "BY", "KZ", "MN"}
	q.Modes = []network.Mode{network.Rail}
	_, err := r.Search(context.Background(), q)
	var nr *route.NoRouteError
	if !errors.As(err, &nr) || nr.Constraint != "avoid_countries" {
		t.Fatalf("want avoid_countries NoRouteError, got %v", err)
	}
	t.Log(nr.Msg)
}

// Prices against published ranges, each on the date of its source
// (corridor-facts.md 1c), one FEU, the cheapest itinerary of the corridor:
//   - sea China–Europe 1,500–2,000 USD/FEU before the Red Sea crisis (World
//     Bank via EY, ~2023);
//   - Middle Corridor 2,500–3,250 USD/FEU (same source), with 10% allowance:
//     the range is a secondary citation without a month;
//   - Northern: the same source's 2,600–3,100 is below ERAI's 2023 value for
//     the 1520 mm border-to-border section alone (~2,900, index1520), so it
//     cannot be a China–Europe through price; the model follows ERAI. Checked
//     instead: in March 2025 the through trip costs at least ERAI's
//     border-to-border value (3,250, H1 2025) and at most the top of the
//     published China–Europe through rates of that quarter (7,300, 1520
//     International).
func TestRealismPrices(t *testing.T) {
	r := bundled(t)
	ctx := context.Background()
	cases := []struct {
		name, from, to, corridor string
		avoid                    []string
		depart                   time.Time
		lo, hi                   float64
	}{
		{"Northern Xi'an–Duisburg", "CNXIY", "DEDUI", "northern", nil, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), 3250, 7300},
		{"Middle Xi'an–Constanța by the Black Sea", "CNXIY", "ROCND", "middle", []string{"TRKSY"}, time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), 2500 * 0.9, 3250 * 1.1},
		{"Sea Shanghai–Rotterdam", "CNSHA", "NLRTM", "maritime-suez", nil, time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), 1500, 2000},
	}
	for _, tc := range cases {
		q := bq(t, r, tc.from, tc.to)
		q.Depart = tc.depart // rates follow the date
		q.Corridors = []string{tc.corridor, "europe"}
		for _, a := range tc.avoid {
			q.AvoidNodes = append(q.AvoidNodes, mustNode(t, r.Graph(), a))
		}
		its, err := r.Search(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		best := route.Best(its, route.Cheapest)
		c := best.Total.CostUSD
		t.Logf("%s: %.0f USD/FEU %+v", tc.name, c, best.Total.Breakdown)
		if c < tc.lo || c > tc.hi {
			t.Errorf("%s: %.0f USD per FEU, published %v–%v", tc.name, c, tc.lo, tc.hi)
		}
	}
}
