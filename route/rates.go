package route

import (
	"math"
	"slices"

	"corridor/network"
)

// dated holds a query's rates, resolved once before the search (never per
// label): the series factors, each link's dated tariff and surcharges.
type dated struct {
	month     network.Month
	monthText string    // month as YYYY-MM
	factor    []float64 // per series: value(month)/base on the query's lane, 0 off the lane
	detour    []int     // per series: the trip (index in Refs) whose Detour links take detourF, 0 none
	detourF   []float64 // per series: the multiplier of those links
	// per link, for one TEU tariff unit:
	tariff   []float64 // the dated tariff (static × factor of the driving series)
	driver   []int16   // the series driving the link, -1 for its static tariff
	linkSur  []float64 // surcharges charged on each use
	firstSur []float64 // charged when the link starts the trip
	lastSur  []float64 // charged when the link ends the trip
	active   []bool    // per surcharge: in force for this query
	// gen counts the times the per-link values were computed: while it
	// stays, they are those a workspace prepared its links with.
	gen uint64
	// The inputs the per-link values were last resolved from: a query
	// with the same ones (the same lane and month, mostly) reuses them.
	last struct {
		g               *network.Graph
		factor, detourF []float64
		detour          []int
		active          []bool
	}
}

// resolve fills d for query q on g. Buffers are reused between queries.
func (d *dated) resolve(g *network.Graph, q *Query) {
	nl := g.NumLinks()
	if m := network.MonthOf(q.Depart); m != d.month || d.monthText == "" {
		d.month, d.monthText = m, m.String()
	}
	series, surs := g.RateSeries(), g.Surcharges()
	from, to := g.Node(q.From).Country, g.Node(q.To).Country
	d.factor, d.detour, d.detourF = d.factor[:0], d.detour[:0], d.detourF[:0]
	for i := range series {
		f, ref, df := 0.0, 0, 0.0
		if s := &series[i]; s.Lane.Match(from, to) && !s.Drives.Empty() {
			f = s.Factor(d.month)
			ref, df = s.DetourFactor(d.month)
		}
		d.factor = append(d.factor, f)
		d.detour, d.detourF = append(d.detour, ref), append(d.detourF, df)
	}
	d.active = d.active[:0]
	day := q.Depart.UTC()
	for i := range surs {
		s := &surs[i]
		ok := s.ActiveOn(day) && s.Lane.Match(from, to)
		if s.Kind == "reefer" && !q.Cargo.Reefer || s.Kind == "dg" && !q.Cargo.DG {
			ok = false
		}
		d.active = append(d.active, ok)
	}
	if d.last.g == g && len(d.tariff) == nl && slices.Equal(d.last.factor, d.factor) && slices.Equal(d.last.detourF, d.detourF) &&
		slices.Equal(d.last.detour, d.detour) && slices.Equal(d.last.active, d.active) {
		return // the per-link values depend on nothing else
	}
	d.gen++
	d.last.g = g
	d.last.factor = append(d.last.factor[:0], d.factor...)
	d.last.detourF = append(d.last.detourF[:0], d.detourF...)
	d.last.detour = append(d.last.detour[:0], d.detour...)
	d.last.active = append(d.last.active[:0], d.active...)
	d.tariff = grow(d.tariff, nl)
	d.linkSur, d.firstSur, d.lastSur = grow(d.linkSur, nl), grow(d.firstSur, nl), grow(d.lastSur, nl)
	if cap(d.driver) < nl {
		d.driver = make([]int16, nl)
	}
	d.driver = d.driver[:nl]
	for i := 0; i < nl; i++ {
		l := network.LinkID(i)
		c := g.Link(l).Cost()
		d.driver[i] = -1
		for _, s := range g.RatesOn(l) {
			if f := d.factor[s]; f > 0 {
				if ref := d.detour[s]; ref > 0 {
					if _, on := slices.BinarySearch(series[s].Refs[ref].Detour, l); on {
						f = d.detourF[s] // a link of the trip the month's value priced, off the reference trip
					}
				}
				c *= f
				d.driver[i] = s
				break
			}
		}
		d.tariff[i] = c
		d.linkSur[i], d.firstSur[i], d.lastSur[i] = 0, 0, 0
		for _, s := range g.SurchargesOn(l) {
			if !d.active[s] || slices.Contains(surs[s].IncludedIn, d.driver[i]) {
				continue // not in force, or already in the series value
			}
			per := surs[s].AmountUSD / network.FEUTariffFactor
			switch surs[s].Charge {
			case network.ChargeLink:
				d.linkSur[i] += per
			case network.ChargeFirst:
				d.firstSur[i] += per
			case network.ChargeLast:
				d.lastSur[i] += per
			}
		}
	}
}

// key appends to b what, besides the allowed links, the tariffs of a
// query depend on: the factor of every series (a bounds cache key).
func (d *dated) key(b []byte) []byte {
	for i, f := range d.factor {
		for _, x := range [2]float64{f, d.detourF[i]} {
			u := math.Float64bits(x)
			for i := 0; i < 64; i += 8 {
				b = append(b, byte(u>>i))
			}
		}
	}
	return b
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// RateUse is a rate series an itinerary's tariffs follow.
type RateUse struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Month string  `json:"month"`       // YYYY-MM: the rate date
	USD   float64 `json:"usd_per_feu"` // the series value on that month
	// Basis is published, interpolated, carried-forward (after the last
	// published month) or carried-back (before the first).
	Basis  string  `json:"basis"`
	Factor float64 `json:"factor"` // the multiplier of the static tariffs
}

// Rates says which dated rates priced an itinerary.
type Rates struct {
	Month  string    `json:"month"`  // YYYY-MM of the departure
	Series []RateUse `json:"series"` // empty: only static tariffs
}

// CostLine is one line of an itinerary's cost breakdown, for the cargo.
type CostLine struct {
	// Kind is tariff, handling, carbon, or a surcharge kind (bunker,
	// war-risk, contingency, peak-season, reefer, dg, thc-origin,
	// thc-destination, other).
	Kind string  `json:"kind"`
	ID   string  `json:"id,omitempty"` // the rate series (tariff) or surcharge
	Name string  `json:"name"`
	USD  float64 `json:"usd"`
}

// breakdown gathers an itinerary's cost lines while build walks its links.
type breakdown struct {
	lines []CostLine
}

func (b *breakdown) add(kind, id, name string, usd float64) {
	if usd == 0 {
		return
	}
	for i := range b.lines {
		if b.lines[i].Kind == kind && b.lines[i].ID == id {
			b.lines[i].USD += usd
			return
		}
	}
	b.lines = append(b.lines, CostLine{Kind: kind, ID: id, Name: name, USD: usd})
}

// tariff adds usd to the tariff line of series s (-1: static tariffs); the
// line's name is made only when the line is.
func (b *breakdown) tariff(g *network.Graph, s int16, usd float64) {
	id := ""
	if s >= 0 {
		id = g.RateSeries()[s].ID
	}
	for i := range b.lines {
		if b.lines[i].Kind == "tariff" && b.lines[i].ID == id {
			b.lines[i].USD += usd
			return
		}
	}
	name := "Static tariffs (no dated series)"
	if s >= 0 {
		name = g.RateSeries()[s].Name
	}
	if b.lines == nil {
		b.lines = make([]CostLine, 0, 4)
	}
	b.lines = append(b.lines, CostLine{Kind: "tariff", ID: id, Name: name, USD: usd})
}

// link adds what link l costs the cargo: its tariff and the surcharges
// charged on it (first: it starts the trip; last: it ends it).
func (b *breakdown) link(g *network.Graph, d *dated, l network.LinkID, units float64, first, last bool) {
	b.tariff(g, d.driver[l], d.tariff[l]*units)
	surs := g.Surcharges()
	for _, s := range g.SurchargesOn(l) {
		sc := &surs[s]
		if !d.active[s] || sc.Charge == network.ChargeFirst && !first || sc.Charge == network.ChargeLast && !last {
			continue
		}
		usd := sc.AmountUSD / network.FEUTariffFactor * units
		b.add(sc.Kind, sc.ID, sc.Name, usd)
		if drv := d.driver[l]; slices.Contains(sc.IncludedIn, drv) { // a part of the all-in tariff
			b.tariff(g, drv, -usd)
		}
	}
}

// rates lists the series used by the links of path.
func (d *dated) rates(g *network.Graph, path []network.LinkID) *Rates {
	r := &Rates{Month: d.monthText, Series: make([]RateUse, 0, 2)}
	var seen []int16
	for _, l := range path {
		s := d.driver[l]
		if s < 0 || slices.Contains(seen, s) {
			continue
		}
		seen = append(seen, s)
		rs := &g.RateSeries()[s]
		p, _ := rs.At(d.month)
		r.Series = append(r.Series, RateUse{ID: rs.ID, Name: rs.Name, Month: r.Month, USD: p.USD,
			Basis: p.Basis.String(), Factor: round(d.factor[s], 3)})
	}
	return r
}
