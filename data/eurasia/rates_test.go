package eurasia_test

import (
	"context"
	"math"
	"testing"
	"time"

	"corridor/data/scenarios"
	"corridor/network"
	"corridor/route"
	"corridor/scenario"
)

// backcast prices one FEU from a to b by the cheapest itinerary on the
// first of month, and returns its total and the tariff following series.
func backcast(t *testing.T, r *route.Router, a, b, month, series string, modes ...network.Mode) (total, tariff float64) {
	t.Helper()
	g := r.Graph()
	from, ok1 := g.NodeByID(a)
	to, ok2 := g.NodeByID(b)
	if !ok1 || !ok2 {
		t.Fatalf("no node %s or %s", a, b)
	}
	day, err := time.Parse("2006-01", month)
	if err != nil {
		t.Fatal(err)
	}
	q := route.NewQuery(from, to, day)
	q.Modes = modes
	its, err := r.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("%s → %s in %s: %v", a, b, month, err)
	}
	it := route.Best(its, route.Cheapest)
	for _, l := range it.Total.Breakdown {
		if l.Kind == "tariff" && l.ID == series {
			tariff += l.USD
		}
	}
	return it.Total.CostUSD, tariff
}

// TestBackcastShanghaiRotterdam: the sea cost of Shanghai → Rotterdam moves
// between June 2019, September 2021, June 2023 and July 2024 as Drewry's
// World Container Index did (up, down, up), and its freight (the part that
// follows the index) lies within the published readings of each period.
// The ranges come from sources independent of rate_values.csv:
//   - 2019-06: 1,300–2,000: Drewry's 2019 composite average 1,420 and the
//     World Bank's pre-crisis 1,500–2,000 (via EY Kazakhstan, 2024);
//   - 2021-09: 12,795–14,500: WCI Shanghai→Rotterdam 12,795 (Jul 2021) and
//     above 14,000 at the 2021 peak (The DCN, Drewry WCI notes);
//   - 2023-06: 1,272–1,620: the 2023 lows of the lane (The DCN);
//   - 2024-07: 4,984–7,429: 4,984 on 25 Jan 2024 (Hellenic Shipping News)
//     rising to 7,429 in Aug/Sep 2024 (Drewry via Interior Daily).
func TestBackcastShanghaiRotterdam(t *testing.T) {
	r := route.New(load(t))
	cases := []struct {
		month  string
		lo, hi float64
	}{{"2019-06", 1300, 2000}, {"2021-09", 12795, 14500}, {"2023-06", 1272, 1620}, {"2024-07", 4984, 7429}}
	prev := 0.0
	for i, c := range cases {
		total, freight := backcast(t, r, "CNSHA", "NLRTM", c.month, "sea-cn-neur", network.Sea)
		t.Logf("%s: total %.0f USD/FEU, freight following the WCI %.0f", c.month, total, freight)
		if freight < c.lo || freight > c.hi {
			t.Errorf("%s: freight %.0f USD/FEU, published %v–%v", c.month, freight, c.lo, c.hi)
		}
		if i > 0 {
			up := i%2 == 1 // 2019→2021 up, 2021→2023 down, 2023→2024 up
			if (total > prev) != up {
				t.Errorf("%s: total %.0f after %.0f: want it to go %s as the index did", c.month, total, prev, map[bool]string{true: "up", false: "down"}[up])
			}
		}
		prev = total
	}
}

// TestBackcastShanghaiGenoa: the Mediterranean lane in July 2024 against
// Drewry's WCI Shanghai→Genoa reading of 25 Jul 2024, 7,645 USD/FEU
// (Fibre2Fashion; 10% allowance for the month's other weeks), and up from
// January 2024 as the index went (6,365 on 25 Jan 2024, Hellenic Shipping
// News).
func TestBackcastShanghaiGenoa(t *testing.T) {
	r := route.New(load(t))
	jan, _ := backcast(t, r, "CNSHA", "ITGOA", "2024-01", "sea-cn-med", network.Sea)
	jul, freight := backcast(t, r, "CNSHA", "ITGOA", "2024-07", "sea-cn-med", network.Sea)
	if freight < 7645*0.9 || freight > 7645*1.1 {
		t.Errorf("2024-07: Shanghai → Genoa freight %.0f USD/FEU, published 7,645 (±10%%)", freight)
	}
	if jul <= jan {
		t.Errorf("Shanghai → Genoa %.0f in July 2024, %.0f in January: want a rise as the index rose", jul, jan)
	}
}

// TestRedSeaScenarioRates: the bundled red-sea-closed scenario, for a
// departure in June 2023 (before the real closure), prices Shanghai →
// Rotterdam round the Cape at the published post-closure level (Drewry WCI
// 4,406 USD/FEU on 11 Jan 2024, more for the longer Cape voyage) with the
// Cape diversion surcharge as its own line; the baseline stays at the June
// 2023 level.
func TestRedSeaScenarioRates(t *testing.T) {
	g := load(t)
	s, ok := scenarios.Get("red-sea-closed")
	if !ok {
		t.Fatal("no bundled red-sea-closed")
	}
	a, err := scenario.Apply(g, s)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := backcast(t, route.New(g), "CNSHA", "NLRTM", "2023-06", "sea-cn-neur", network.Sea)
	r := route.New(a.Graph)
	closed, freight := backcast(t, r, "CNSHA", "NLRTM", "2023-06", "sea-cn-neur", network.Sea)
	if freight < 4406 || closed < 3*base {
		t.Errorf("closed: %.0f USD/FEU (freight %.0f), baseline %.0f: want the published jump (≥ 4,406 freight, ≥ 3× the baseline)", closed, freight, base)
	}
	from, _ := a.Graph.NodeByID("CNSHA")
	to, _ := a.Graph.NodeByID("NLRTM")
	q := route.NewQuery(from, to, time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC))
	q.Modes = []network.Mode{network.Sea}
	its, err := r.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range its {
		has := false
		for _, l := range it.Total.Breakdown {
			has = has || l.Kind == "contingency"
		}
		if !has {
			t.Errorf("%s: no Cape diversion surcharge line in %+v", it.Summary, it.Total.Breakdown)
		}
	}
}

// TestCapeMonthsPriceBothWays: the Drewry WCI readings of the Red Sea
// crisis (rate_values.csv, via WP-CAPE) price the lane whichever way it is
// sailed: in July 2024 and October 2025 the Cape voyage from Shanghai to
// Rotterdam and to Genoa costs the published reading in freight (the index
// part, with the diversion surcharge it includes), and so does the Suez
// voyage. In March 2023, before the crisis, the Cape voyage is dearer than
// the reading (a detour priced from the Suez reference trip).
func TestCapeMonthsPriceBothWays(t *testing.T) {
	r := route.New(load(t))
	g := r.Graph()
	suez, _ := g.NodeByID("CP-SUEZ")
	cape, _ := g.NodeByID("WP-CAPE")
	freight := func(to, month, series string, avoid network.NodeID) float64 {
		t.Helper()
		from, _ := g.NodeByID("CNSHA")
		dest, _ := g.NodeByID(to)
		day, _ := time.Parse("2006-01", month)
		q := route.NewQuery(from, dest, day)
		q.Modes = []network.Mode{network.Sea}
		q.AvoidNodes = []network.NodeID{avoid}
		its, err := r.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("CNSHA → %s in %s avoiding %s: %v", to, month, g.Node(avoid).ID, err)
		}
		it := route.Best(its, route.Cheapest)
		usd := 0.0
		for _, l := range it.Total.Breakdown {
			if l.Kind == "tariff" && l.ID == series || l.Kind == "contingency" {
				usd += l.USD
			}
		}
		return usd
	}
	for _, c := range []struct {
		to, month, series string
		published         float64
	}{
		{"NLRTM", "2024-07", "sea-cn-neur", 0}, {"NLRTM", "2025-10", "sea-cn-neur", 1736},
		{"ITGOA", "2024-07", "sea-cn-med", 7645}, {"ITGOA", "2025-10", "sea-cn-med", 1855},
	} {
		s, _ := g.RateSeriesByID(c.series)
		m, _ := network.ParseMonth(c.month)
		p, _ := s.At(m)
		if c.published > 0 && p.USD != c.published {
			t.Fatalf("%s %s: the series says %v, rate_values.csv %v", c.series, c.month, p.USD, c.published)
		}
		viaCape, viaSuez := freight(c.to, c.month, c.series, suez), freight(c.to, c.month, c.series, cape)
		t.Logf("Shanghai → %s %s: reading %.0f, Cape %.2f, Suez %.2f", c.to, c.month, p.USD, viaCape, viaSuez)
		if math.Abs(viaCape-p.USD) > 1 || math.Abs(viaSuez-p.USD) > 1 {
			t.Errorf("Shanghai → %s %s: Cape %.2f and Suez %.2f USD/FEU, want both the reading %.0f", c.to, c.month, viaCape, viaSuez, p.USD)
		}
	}
	if c, s := freight("NLRTM", "2023-03", "sea-cn-neur", suez), freight("NLRTM", "2023-03", "sea-cn-neur", cape); c <= s {
		t.Errorf("March 2023: Cape %.0f, Suez %.0f USD/FEU; want the Cape dearer before the crisis", c, s)
	}
}
