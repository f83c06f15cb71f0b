package route

import (
	"math"
	"slices"
)

// Margins set how much better an itinerary must be, in at least one
// criterion, than every itinerary already kept for it to enter a thinned
// Pareto front (fuzzy dominance). In each criterion the margin over a kept
// itinerary k is the larger of Rel times k's value and the absolute
// minimum of that criterion. The zero Margins keep the exact front.
type Margins struct {
	Rel    float64 // relative margin, a fraction (0.02 is 2%)
	Hours  float64 // at least this many hours faster
	USD    float64 // or at least this many USD cheaper
	CO2eKg float64 // or at least this many kg CO2e (well to wheel) cleaner
}

// DefaultMargins are the margins of the default front of the CLI, the API
// and the web UI (Request.FullFront false): 2%, and at least 12 hours,
// 100 USD or 50 kg CO2e. Half a day is below the spread of border and
// timetable waits on the corridors, 100 USD a few percent of a box's
// tariff, 50 kg a few percent of its emissions. MOTIS thins its journeys in
// the same way (its "fuzzy dominance" of connections within a time margin).
var DefaultMargins = Margins{Rel: 0.02, Hours: 12, USD: 100, CO2eKg: 50}

// IsZero reports whether m keeps the exact front.
func (m Margins) IsZero() bool { return m == Margins{} }

// valid reports whether every margin is finite and not negative.
func (m Margins) valid() bool {
	for _, v := range [...]float64{m.Rel, m.Hours, m.USD, m.CO2eKg} {
		if !(v >= 0) || math.IsInf(v, 1) {
			return false
		}
	}
	return true
}

// beats reports whether a point with criteria (h, c, e) is better than the
// kept point (kh, kc, ke) by at least the margin in some criterion.
func (m *Margins) beats(h, c, e, kh, kc, ke float64) bool {
	return kh-h >= max(m.Rel*math.Abs(kh), m.Hours)-tie ||
		kc-c >= max(m.Rel*math.Abs(kc), m.USD)-tie ||
		ke-e >= max(m.Rel*math.Abs(ke), m.CO2eKg)-tie
}

// fuzzyResults thins ws.results, an exact Pareto set, by the query's
// margins: the arrived labels are taken by increasing generalised cost
// (cost plus the goods' value of time; ties by hours, cost, CO2e) and one
// is kept when it beats every label kept before it by its margin in at
// least one criterion. The first is always kept, so the front never
// empties and its lowest generalised cost is that of the exact front.
// ws.results keeps its order (by hours).
func (ws *workspace) fuzzyResults(p *params) {
	m := &p.q.Margins
	if m.IsZero() || len(ws.results) < 2 {
		return
	}
	rate := p.q.TimeValueRate
	if rate == 0 {
		rate = DefaultTimeValueRate
	}
	vot := p.q.Cargo.ValueUSD * rate / 8760 // USD per hour
	gen := func(i int32) float64 { l := &ws.labels[i]; return l.cost + vot*l.hours }
	// Insertion sort: fronts hold a few dozen labels, and it allocates nothing.
	order := append(ws.order[:0], ws.results...)
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && ws.genLess(order[j], order[j-1], gen); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	kept := order[:0]
	for _, li := range order {
		a := &ws.labels[li]
		ok := true
		for _, ki := range kept {
			k := &ws.labels[ki]
			if !m.beats(a.hours, a.cost, a.co2, k.hours, k.cost, k.co2) {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, li)
		}
	}
	ws.order = order
	out := ws.results[:0]
	for _, li := range ws.results {
		if slices.Contains(kept, li) {
			out = append(out, li)
		}
	}
	ws.results = out
}

// genLess orders arrived labels by generalised cost, then lexicographically.
func (ws *workspace) genLess(a, b int32, gen func(int32) float64) bool {
	if ga, gb := gen(a), gen(b); ga != gb {
		return ga < gb
	}
	return ws.lexLess(a, b)
}
