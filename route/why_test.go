package route_test

import (
	"context"
	"slices"
	"sort"
	"testing"

	"corridor/network"
	"corridor/route"
)

// front makes itineraries with the given (hours, cost, co2e, generalised) totals.
func front(totals ...[4]float64) []route.Itinerary {
	its := make([]route.Itinerary, len(totals))
	for i, t := range totals {
		its[i].Total = route.Total{Hours: t[0], CostUSD: t[1], CO2eKg: t[2], GeneralisedUSD: t[3]}
	}
	return its
}

// bruteRank ranks v among vals densely: 1 + the number of distinct values below it.
func bruteRank(vals []float64, v float64) int {
	d := slices.Clone(vals)
	sort.Float64s(d)
	d = slices.Compact(d)
	return slices.Index(d, v) + 1
}

func TestWhy(t *testing.T) {
	tests := []struct {
		name  string
		its   []route.Itinerary
		texts []string // expected Why.Text of each, when given
	}{
		{name: "one itinerary is best on everything", its: front([4]float64{100, 1000, 500, 1200}),
			texts: []string{"fastest, cheapest, lowest CO2e, lowest generalised cost"}},
		{name: "rail fast, sea cheap", its: front([4]float64{480, 3888, 2517, 4100}, [4]float64{820.5, 2561, 1340, 3030}),
			texts: []string{
				"fastest, second cheapest, second lowest CO2e, second lowest generalised cost; 14 d 5 h faster than #2, 1,327 USD dearer, 1,177 kg CO2e more",
				"second fastest, cheapest, lowest CO2e, lowest generalised cost; 14 d 5 h slower than #1, 1,327 USD cheaper, 1,177 kg CO2e less",
			}},
		{name: "three, the middle one between", its: front([4]float64{20, 900, 300, 950}, [4]float64{30, 800, 310, 880}, [4]float64{50, 700, 200, 800}),
			texts: []string{
				"fastest, second lowest CO2e; 10.0 h faster than #2, 100 USD dearer, 10 kg CO2e less",
				"second fastest, second cheapest, second lowest generalised cost; 10.0 h slower than #1, 100 USD cheaper, 10 kg CO2e more; 20.0 h faster than #3, 100 USD dearer, 110 kg CO2e more",
				"cheapest, lowest CO2e, lowest generalised cost; 20.0 h slower than #2, 100 USD cheaper, 110 kg CO2e less",
			}},
		{name: "ties share a rank; the answer need not be sorted", its: front(
			[4]float64{72, 500, 90, 600}, [4]float64{48, 500, 100, 550}, [4]float64{48, 650, 80, 700}, [4]float64{96, 400, 95, 500})},
		{name: "equal figures", its: front([4]float64{10, 10, 10, 10}, [4]float64{10, 10, 10, 10}),
			texts: []string{
				"fastest, cheapest, lowest CO2e, lowest generalised cost; same time, cost and CO2e as #2",
				"fastest, cheapest, lowest CO2e, lowest generalised cost; same time, cost and CO2e as #1",
			}},
	}
	names := []string{"time", "cost", "co2e", "generalised"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			route.Explain(tt.its)
			for i, it := range tt.its {
				w := it.Why
				if w == nil {
					t.Fatalf("#%d has no why", i+1)
				}
				// Best and second best, recomputed by sorting each criterion.
				var best, second []string
				for c, name := range names {
					vals := make([]float64, len(tt.its))
					for j := range tt.its {
						vals[j] = criterion(&tt.its[j].Total, c)
					}
					switch bruteRank(vals, criterion(&it.Total, c)) {
					case 1:
						best = append(best, name)
					case 2:
						second = append(second, name)
					}
				}
				if !slices.Equal(w.Best, best) || !slices.Equal(w.SecondBest, second) {
					t.Errorf("#%d best %v second %v, want %v and %v", i+1, w.Best, w.SecondBest, best, second)
				}
				// Versus: the next faster and the next slower, by (hours, position).
				var want []int
				for _, dir := range []int{-1, 1} {
					if j := neighbour(tt.its, i, dir); j >= 0 {
						want = append(want, j)
					}
				}
				if len(w.Versus) != len(want) {
					t.Fatalf("#%d versus %+v, want itineraries %v", i+1, w.Versus, want)
				}
				for k, j := range want {
					v, o := w.Versus[k], tt.its[j].Total
					if v.Itinerary != j+1 || v.Hours != it.Total.Hours-o.Hours || v.CostUSD != it.Total.CostUSD-o.CostUSD || v.CO2eKg != it.Total.CO2eKg-o.CO2eKg {
						t.Errorf("#%d versus %+v, want #%d with differences %g h, %g USD, %g kg", i+1, v, j+1,
							it.Total.Hours-o.Hours, it.Total.CostUSD-o.CostUSD, it.Total.CO2eKg-o.CO2eKg)
					}
				}
				if tt.texts != nil && w.Text != tt.texts[i] {
					t.Errorf("#%d text\n%q, want\n%q", i+1, w.Text, tt.texts[i])
				}
			}
		})
	}
}

func criterion(t *route.Total, c int) float64 {
	return [...]float64{t.Hours, t.CostUSD, t.CO2eKg, t.GeneralisedUSD}[c]
}

// neighbour finds, by brute force, the itinerary just before (dir -1) or just
// after (dir 1) its[i] in the order by hours, ties by position; -1 if none.
func neighbour(its []route.Itinerary, i, dir int) int {
	before := func(a, b int) bool { // a comes before b
		ha, hb := its[a].Total.Hours, its[b].Total.Hours
		return ha < hb || ha == hb && a < b
	}
	best := -1
	for j := range its {
		if j == i {
			continue
		}
		if dir < 0 && before(j, i) && (best < 0 || before(best, j)) {
			best = j
		}
		if dir > 0 && before(i, j) && (best < 0 || before(j, best)) {
			best = j
		}
	}
	return best
}

// The legs of Xi'an → Duisburg avoiding Russia and Belarus list every
// border crossed, the count matches the list, and each leg stays in one
// country up to the node where it enters the next.
func TestBordersMiddleCorridor(t *testing.T) {
	r := bundled(t)
	g := r.Graph()
	q := bq(t, r, "CNXIY", "DEDUI")
	q.AvoidCountries = []string{"RU", "BY"}
	its, err := r.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var middle, sea *route.Itinerary
	for i := range its {
		it := &its[i]
		if slices.Contains(it.Countries, "AZ") && middle == nil {
			middle = it
		}
		if it.Legs[1].Mode == "sea" && sea == nil {
			sea = it
		}
		checkBorders(t, g, it)
		if it.Why == nil || it.Why.Text == "" || len(it.Why.Versus) == 0 && len(its) > 1 {
			t.Errorf("%s: why %+v", it.Summary, it.Why)
		}
	}
	if middle == nil || sea == nil {
		t.Fatalf("no Middle Corridor or sea itinerary among %d", len(its))
	}
	// CN–KZ, KZ–AZ by ferry, AZ–GE, GE–TR, then on into the EU.
	want := []struct {
		from, to string
		bySea    bool
	}{{"CN", "KZ", false}, {"KZ", "AZ", true}, {"AZ", "GE", false}, {"GE", "TR", false}, {"TR", "BG", false}}
	if len(middle.Borders) < len(want) {
		t.Fatalf("middle corridor borders %+v, want at least %d", middle.Borders, len(want))
	}
	for i, w := range want {
		b := middle.Borders[i]
		if b.FromCountry != w.from || b.ToCountry != w.to || b.BySea != w.bySea {
			t.Errorf("border %d = %s→%s by sea %v, want %s→%s by sea %v", i, b.FromCountry, b.ToCountry, b.BySea, w.from, w.to, w.bySea)
		}
	}
	if b := middle.Borders[1]; b.Mode != "ferry" || b.At.ID != "AZBAK" {
		t.Errorf("Caspian crossing %+v, want by ferry into Alat (AZBAK)", b)
	}
	if b := middle.Borders[0]; b.At.ID != "KZDOS" || b.DwellHours <= 0 {
		t.Errorf("China–Kazakhstan crossing %+v, want into Dostyk with a dwell", b)
	}
	if last := middle.Borders[len(middle.Borders)-1]; last.ToCountry != "DE" {
		t.Errorf("last border %+v, want into DE", last)
	}
	// By sea only the ports count: China to the European port of arrival,
	// whatever the ship passes (Malacca, Suez, ...).
	if b := sea.Borders[0]; b.FromCountry != "CN" || !b.BySea || b.Mode != "sea" || b.Leg != 1 {
		t.Errorf("sea itinerary's first border %+v, want CN → port of arrival by sea on leg 1", b)
	}
}

// checkBorders checks an itinerary's borders against its legs and the graph.
func checkBorders(t *testing.T, g *network.Graph, it *route.Itinerary) {
	t.Helper()
	if it.Total.BorderCrossings != len(it.Borders) || len(it.Countries) != len(it.Borders)+1 {
		t.Errorf("%s: %d border crossings, %d borders, countries %v", it.Summary, it.Total.BorderCrossings, len(it.Borders), it.Countries)
	}
	country := func(id string) string {
		n, ok := g.NodeByID(id)
		if !ok {
			t.Fatalf("unknown node %s", id)
		}
		if g.Node(n).Kind.AtSea() {
			return ""
		}
		return g.Node(n).Country
	}
	cur := country(it.Legs[0].From.ID)
	if cur != it.Countries[0] {
		t.Errorf("%s: starts in %s, countries %v", it.Summary, cur, it.Countries)
	}
	next := 0
	for li, l := range it.Legs {
		water := l.Mode == "sea" || l.Mode == "ferry"
		if !water {
			// Every node of a land leg but its end is in the leg's country.
			for _, id := range l.Via {
				if c := country(id); c != "" && c != cur {
					t.Errorf("%s: leg %d passes %s in %s, not %s", it.Summary, li, id, c, cur)
				}
			}
		}
		if c := country(l.To.ID); c != "" && c != cur {
			if next >= len(it.Borders) {
				t.Fatalf("%s: leg %d enters %s, not in borders %+v", it.Summary, li, c, it.Borders)
			}
			b := it.Borders[next]
			if b.Leg != li || b.At.ID != l.To.ID || b.FromCountry != cur || b.ToCountry != c || b.BySea != water {
				t.Errorf("%s: border %+v, want leg %d into %s, %s→%s", it.Summary, b, li, l.To.ID, cur, c)
			}
			cur = c
			next++
		}
	}
	if next != len(it.Borders) {
		t.Errorf("%s: %d borders, legs enter %d countries", it.Summary, len(it.Borders), next)
	}
}
