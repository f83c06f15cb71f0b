package route

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"corridor/emissions"
	"corridor/internal/textfmt"
	"corridor/network"
)

// WaitBasis says how a leg's wait for its departure was found.
type WaitBasis uint8

// Wait bases.
const (
	NoWait      WaitBasis = iota // the link runs at any time
	Timetable                    // the next timetabled departure after arrival
	HalfHeadway                  // a frequency-only service: half the headway, on average
)

// String names the basis as the JSON shows it.
func (b WaitBasis) String() string {
	switch b {
	case Timetable:
		return "timetable"
	case HalfHeadway:
		return "average-half-headway"
	}
	return "none"
}

// MarshalText writes the basis's name.
func (b WaitBasis) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// NodeRef names a node in output.
type NodeRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Leg is a stretch of an itinerary on one mode and gauge (and one service,
// where the link is scheduled).
type Leg struct {
	From      NodeRef   `json:"from"`
	To        NodeRef   `json:"to"`
	Mode      string    `json:"mode"`
	GaugeMM   int       `json:"gauge_mm,omitempty"`
	Service   string    `json:"service,omitempty"` // service name
	WaitBasis WaitBasis `json:"wait_basis"`
	Corridors []string  `json:"corridors"`
	Via       []string  `json:"via,omitempty"` // intermediate node ids
	Links     []string  `json:"links"`

	DistanceKm    float64   `json:"distance_km"`
	Hours         float64   `json:"hours"`          // in motion
	WaitHours     float64   `json:"wait_hours"`     // waiting for the departure
	HandlingHours float64   `json:"handling_hours"` // transshipment at the leg's start
	BorderHours   float64   `json:"border_hours"`   // border or canal dwell along and at the end of the leg
	CostUSD       float64   `json:"cost_usd"`
	CO2eKg        float64   `json:"co2e_kg"`
	Departure     time.Time `json:"departure"`
	Arrival       time.Time `json:"arrival"`
	// Coordinates is the leg's line: its nodes' [lon, lat] in order.
	Coordinates [][2]float64 `json:"coordinates"`
	// CostUnknown is set when a link of the leg has no tariff
	// (network.Link.CostKnown): CostUSD then counts only what is known,
	// and JSON shows cost_usd as null (see unknown.go).
	CostUnknown bool `json:"-"`
}

// Total sums an itinerary.
type Total struct {
	Hours           float64 `json:"hours"`
	Days            float64 `json:"days"`
	CostUSD         float64 `json:"cost_usd"`
	CO2eKg          float64 `json:"co2e_kg"` // well-to-wheel
	CO2eTTWKg       float64 `json:"co2e_ttw_kg"`
	CO2eWTTKg       float64 `json:"co2e_wtt_kg"`
	DistanceKm      float64 `json:"distance_km"`
	BorderCrossings int     `json:"border_crossings"`
	Transshipments  int     `json:"transshipments"` // changes of mode or of rail gauge
	GaugeChanges    int     `json:"gauge_changes"`
	WaitHours       float64 `json:"wait_hours"`
	BorderHours     float64 `json:"border_hours"`
	HandlingHours   float64 `json:"handling_hours"`
	CarbonUSD       float64 `json:"carbon_usd"`      // part of cost_usd from the carbon price
	TimeValueUSD    float64 `json:"time_value_usd"`  // value of time of the goods
	GeneralisedUSD  float64 `json:"generalised_usd"` // cost_usd + time_value_usd
	// CostUnknown is set when any leg's cost is unknown: JSON shows
	// cost_usd and generalised_usd as null (see unknown.go).
	CostUnknown bool `json:"-"`
}

// Itinerary is one way from origin to destination.
type Itinerary struct {
	Corridor  string    `json:"corridor"`
	Summary   string    `json:"summary"`
	Departure time.Time `json:"departure"`
	Arrival   time.Time `json:"arrival"`
	Total     Total     `json:"total"`
	Countries []string  `json:"countries"`
	Legs      []Leg     `json:"legs"`
}

// build replays the label chain ending at li into an itinerary.
func (r *Router) build(ws *workspace, p *params, li int32) Itinerary {
	g := r.g
	n := 0
	for i := li; ws.labels[i].pred >= 0; i = ws.labels[i].pred {
		n++
	}
	chain := make([]int32, n)
	for i, j := li, n-1; ws.labels[i].pred >= 0; i, j = ws.labels[i].pred, j-1 {
		chain[j] = i
	}
	// The legs' Links, Via and Coordinates are windows on these shared
	// slices (one allocation each instead of one per leg).
	linkIDs := make([]string, n)
	nodeIDs := make([]string, n+1)
	coords := make([][2]float64, n+1)
	start := 0 // index in chain where the current leg starts
	it := Itinerary{Departure: p.q.Depart.UTC(), Legs: make([]Leg, 0, 4), Countries: make([]string, 0, 8)}
	node, mode, gauge := p.q.From, network.Mode(0), network.Gauge(0)
	nodeIDs[0] = g.Node(node).ID
	coords[0] = [2]float64{g.Node(node).Lon, g.Node(node).Lat}
	hours := 0.0
	path := make([]network.LinkID, n)
	var cur *Leg
	closeLeg := func(end int) {
		cur.Links = linkIDs[start:end:end]
		if end-start > 1 {
			cur.Via = nodeIDs[start+1 : end : end]
		}
		cur.Coordinates = coords[start : end+1 : end+1]
		it.Legs = append(it.Legs, *cur)
	}
	addCountry := func(n network.NodeID) {
		c := g.Node(n).Country
		if c != "" && (len(it.Countries) == 0 || it.Countries[len(it.Countries)-1] != c) {
			it.Countries = append(it.Countries, c)
		}
	}
	addCountry(node)
	at := func(h float64) time.Time {
		return it.Departure.Add(time.Duration(math.Round(h*3600)) * time.Second)
	}
	var ttw, wtt float64
	for ci, li := range chain {
		lab := ws.labels[li]
		k := g.Link(lab.link)
		st, _ := r.step(ws, p, hours, node, mode, gauge, lab.link)
		svcName := ""
		if st.service >= 0 {
			svcName = g.Service(st.service).Name
		}
		from, to := g.Node(node), g.Node(k.To)
		// A new leg starts at a change of mode, gauge or service, after a
		// transshipment, or where a scheduled service departs.
		if cur == nil || st.transfer || st.service >= 0 || cur.Mode != k.Mode.String() || cur.GaugeMM != int(k.Gauge) {
			if cur != nil {
				closeLeg(ci)
			}
			start = ci
			cur = &Leg{
				From: NodeRef{from.ID, from.Name}, Mode: k.Mode.String(), GaugeMM: int(k.Gauge),
				Service: svcName, WaitBasis: st.basis, Corridors: make([]string, 0, 4),
				Departure: at(hours + st.handling + st.wait),
			}
		}
		cur.To = NodeRef{to.ID, to.Name}
		linkIDs[ci] = k.ID
		nodeIDs[ci+1] = to.ID
		coords[ci+1] = [2]float64{to.Lon, to.Lat}
		for _, c := range k.Corridors {
			if !containsStr(cur.Corridors, c) {
				cur.Corridors = append(cur.Corridors, c)
			}
		}
		path[ci] = lab.link
		cur.DistanceKm += k.DistanceKm
		cur.Hours += st.running
		cur.WaitHours += st.wait
		cur.HandlingHours += st.handling
		cur.BorderHours += st.dwell
		cur.CostUSD += st.cost
		if !k.CostKnown() {
			cur.CostUnknown, it.Total.CostUnknown = true, true
		}
		cur.CO2eKg += st.co2
		cur.Arrival = at(hours + st.handling + st.wait + st.running)

		f := r.factors[lab.link]
		leg := emissions.Leg(f, p.tonnes, k.DistanceKm)
		ttw += leg.TTW
		wtt += leg.WTT
		t := &it.Total
		if st.transfer {
			hub := emissions.HubAt(from.Kind, p.tonnes)
			ttw += hub.TTW
			wtt += hub.WTT
			t.Transshipments++
			if st.gauge {
				t.GaugeChanges++
			}
			t.CarbonUSD += hub.WTW() * p.carbonPerKg
		}
		if from.Kind == network.Border && from.BorderPair == k.To {
			t.BorderCrossings++
		}
		t.CarbonUSD += ws.linkCO2[lab.link] * p.carbonPerKg
		t.DistanceKm += k.DistanceKm
		t.WaitHours += st.wait
		t.BorderHours += st.dwell
		t.HandlingHours += st.handling
		hours += st.total()
		node, mode, gauge = k.To, k.Mode, k.Gauge
		addCountry(node)
	}
	if cur != nil {
		closeLeg(n)
	}
	last := ws.labels[li]
	t := &it.Total
	t.Hours = last.hours
	t.Days = last.hours / 24
	t.CostUSD = last.cost
	t.CO2eKg = last.co2
	t.CO2eTTWKg, t.CO2eWTTKg = ttw, wtt
	rate := p.q.TimeValueRate
	if rate == 0 {
		rate = DefaultTimeValueRate
	}
	t.TimeValueUSD = p.q.Cargo.ValueUSD * rate * last.hours / 8760
	t.GeneralisedUSD = t.CostUSD + t.TimeValueUSD
	it.Arrival = at(last.hours)
	it.Corridor = Classify(g, path)
	roundItinerary(&it)
	it.Summary = summary(&it)
	return it
}

// summary writes "rail to Dostyk, rail 1520 to Aktau, ferry to Baku: 18.2 days, 3,120 USD, 1,450 kg CO2e".
func summary(it *Itinerary) string {
	var b strings.Builder
	b.Grow(32 * (len(it.Legs) + 2))
	for i, l := range it.Legs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(l.Mode)
		if l.Mode == "rail" && l.GaugeMM != 1435 && l.GaugeMM != 0 {
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(l.GaugeMM))
		}
		b.WriteString(" to ")
		b.WriteString(l.To.Name)
	}
	b.WriteString(": ")
	b.WriteString(strconv.FormatFloat(it.Total.Days, 'f', 1, 64))
	b.WriteString(" days, ")
	if it.Total.CostUnknown {
		b.WriteString("cost unknown, ")
	} else {
		b.WriteString(textfmt.Thousands(it.Total.CostUSD))
		b.WriteString(" USD, ")
	}
	b.WriteString(textfmt.Thousands(it.Total.CO2eKg))
	b.WriteString(" kg CO2e")
	return b.String()
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func roundItinerary(it *Itinerary) {
	t := &it.Total
	t.Hours, t.Days = round(t.Hours, 2), round(t.Days, 2)
	t.CostUSD, t.CO2eKg = round(t.CostUSD, 2), round(t.CO2eKg, 2)
	t.CO2eTTWKg, t.CO2eWTTKg = round(t.CO2eTTWKg, 2), round(t.CO2eWTTKg, 2)
	t.DistanceKm = round(t.DistanceKm, 1)
	t.WaitHours, t.BorderHours, t.HandlingHours = round(t.WaitHours, 2), round(t.BorderHours, 2), round(t.HandlingHours, 2)
	t.CarbonUSD, t.TimeValueUSD, t.GeneralisedUSD = round(t.CarbonUSD, 2), round(t.TimeValueUSD, 2), round(t.GeneralisedUSD, 2)
	for i := range it.Legs {
		l := &it.Legs[i]
		l.DistanceKm, l.Hours, l.WaitHours = round(l.DistanceKm, 1), round(l.Hours, 2), round(l.WaitHours, 2)
		l.HandlingHours, l.BorderHours = round(l.HandlingHours, 2), round(l.BorderHours, 2)
		l.CostUSD, l.CO2eKg = round(l.CostUSD, 2), round(l.CO2eKg, 2)
	}
}

func containsStr(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// selectResults keeps at most k itineraries (all when k is 0): the fastest,
// cheapest, greenest and lowest generalised cost first, then the rest by
// generalised cost; the result stays sorted by hours.
func selectResults(its []Itinerary, k int) []Itinerary {
	if k <= 0 || len(its) <= k {
		return its
	}
	keep := make([]bool, len(its))
	n := 0
	pick := func(less func(a, b *Total) bool) {
		best := 0
		for i := range its {
			if less(&its[i].Total, &its[best].Total) {
				best = i
			}
		}
		if !keep[best] && n < k {
			keep[best] = true
			n++
		}
	}
	pick(func(a, b *Total) bool { return a.Hours < b.Hours })
	pick(func(a, b *Total) bool { return a.CostUSD < b.CostUSD })
	pick(func(a, b *Total) bool { return a.CO2eKg < b.CO2eKg })
	pick(func(a, b *Total) bool { return a.GeneralisedUSD < b.GeneralisedUSD })
	order := make([]int, len(its))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return its[order[a]].Total.GeneralisedUSD < its[order[b]].Total.GeneralisedUSD })
	for _, i := range order {
		if n >= k {
			break
		}
		if !keep[i] {
			keep[i] = true
			n++
		}
	}
	out := its[:0:0]
	for i := range its {
		if keep[i] {
			out = append(out, its[i])
		}
	}
	return out
}
