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
// where the link is scheduled) within one country: a leg also ends where it
// enters another country (its last link crosses the border), so a forwarder
// sees one row per service and country. Sea and ferry legs go port to port
// whatever waters they pass.
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

	DistanceKm    float64 `json:"distance_km"`
	Hours         float64 `json:"hours"`          // in motion
	WaitHours     float64 `json:"wait_hours"`     // waiting for the departure
	HandlingHours float64 `json:"handling_hours"` // transshipment at the leg's start
	BorderHours   float64 `json:"border_hours"`   // border or canal dwell along and at the end of the leg
	CostUSD       float64 `json:"-"`              // the known part of the cost (JSON: Cost)
	// Cost is the leg's cost_usd in JSON: CostUSD, or null when it is
	// unknown (set with the itinerary; see unknown.go).
	Cost      *float64  `json:"cost_usd"`
	CO2eKg    float64   `json:"co2e_kg"`
	Departure time.Time `json:"departure"`
	Arrival   time.Time `json:"arrival"`
	// Coordinates is the leg's line: its nodes' [lon, lat] in order.
	Coordinates [][2]float64 `json:"coordinates"`
	// CostUnknown is set when a link of the leg has no tariff
	// (network.Link.CostKnown): CostUSD then counts only what is known,
	// and JSON shows cost_usd as null (see unknown.go).
	CostUnknown bool `json:"-"`
}

// Total sums an itinerary.
type Total struct {
	Hours   float64 `json:"hours"`
	Days    float64 `json:"days"`
	CostUSD float64 `json:"-"` // the known part of the cost (JSON: Cost)
	// Cost is cost_usd in JSON: CostUSD, or null when it is unknown.
	Cost            *float64 `json:"cost_usd"`
	CO2eKg          float64  `json:"co2e_kg"` // well-to-wheel
	CO2eTTWKg       float64  `json:"co2e_ttw_kg"`
	CO2eWTTKg       float64  `json:"co2e_wtt_kg"`
	DistanceKm      float64  `json:"distance_km"`
	BorderCrossings int      `json:"border_crossings"` // len(Itinerary.Borders): the country changes made
	Transshipments  int      `json:"transshipments"`   // changes of mode or of rail gauge
	GaugeChanges    int      `json:"gauge_changes"`
	WaitHours       float64  `json:"wait_hours"`
	BorderHours     float64  `json:"border_hours"`
	HandlingHours   float64  `json:"handling_hours"`
	CarbonUSD       float64  `json:"carbon_usd"`     // part of cost_usd from the carbon price
	TimeValueUSD    float64  `json:"time_value_usd"` // value of time of the goods
	GeneralisedUSD  float64  `json:"-"`              // cost_usd + time_value_usd (JSON: Generalised)
	// Generalised is generalised_usd in JSON: GeneralisedUSD, or null when
	// the cost is unknown.
	Generalised *float64 `json:"generalised_usd"`
	// CostUnknown is set when any leg's cost is unknown: JSON shows
	// cost_usd and generalised_usd as null (see unknown.go).
	CostUnknown bool `json:"-"`
	// Breakdown splits cost_usd: tariffs (by the rate series they follow),
	// each surcharge, handling at transshipments and the carbon price.
	Breakdown []CostLine `json:"breakdown"`
}

// Itinerary is one way from origin to destination.
type Itinerary struct {
	Corridor  string    `json:"corridor"`
	Summary   string    `json:"summary"`
	Departure time.Time `json:"departure"`
	Arrival   time.Time `json:"arrival"`
	Total     Total     `json:"total"`
	// Countries are the countries whose territory the cargo enters, in
	// order: the first one's (the origin's), then each Borders[i].ToCountry;
	// empty for an itinerary that never enters one.
	Countries []string   `json:"countries"`
	Legs      []Leg      `json:"legs"`
	Borders   []Crossing `json:"borders"`
	Why       *Why       `json:"why,omitempty"` // set on the itineraries a search returns
	// Rates gives the rate date and the dated series that priced the
	// itinerary (absent on a network without rate series).
	Rates *Rates `json:"rates,omitempty"`
	// Dated lists the dated calibration parameters (network.Param with
	// months) in force on the departure that set a time on the itinerary:
	// the network as it was then, e.g. a congested border (absent when
	// none applies).
	Dated []DatedParam `json:"dated_params,omitempty"`
}

// DatedParam is a dated calibration parameter an itinerary ran on.
type DatedParam struct {
	ID    string  `json:"id"`
	Kind  string  `json:"kind"`           // run_time, border_dwell, handling_time or service_wait
	From  string  `json:"from,omitempty"` // first month in force (YYYY-MM); absent: open
	To    string  `json:"to,omitempty"`   // last month in force; absent: open
	Value float64 `json:"value"`          // the factor on the base records
}

// Crossing is a border the cargo crosses: a change of the country whose
// territory it is in.
//
// The rule: on land (rail, road, inland waterway) every change of the
// country of the nodes passed counts, at the first node in the new country.
// On sea and ferry legs only the ports where the leg starts and ends count
// (port to port): the waters, straits and canals a ship passes, and ports
// it calls at without unloading the cargo, are not entered. Nodes without
// a country, and waypoints and chokepoints whatever their country, never
// count. So Aktau (KZ) → Alat (AZ) by ferry is one crossing, and a ship
// from Lianyungang (CN) to Genoa (IT) through Malacca, Suez and Gibraltar is
// one crossing too.
type Crossing struct {
	Leg         int     `json:"leg"` // index in Legs (from 0) of the leg that ends in the new country
	At          NodeRef `json:"at"`  // the first node in the new country: a border station or the port of arrival
	FromCountry string  `json:"from_country"`
	ToCountry   string  `json:"to_country"`
	Mode        string  `json:"mode"`   // mode of the crossing link: rail, road, iww, sea or ferry
	BySea       bool    `json:"by_sea"` // by sea or ferry (port to port)
	// DwellHours is the median border dwell of the crossing: at the border
	// station left and at the node entered.
	DwellHours float64 `json:"dwell_hours"`
}

// Territory is the country whose territory node n is on for the border
// rule (see Crossing): "" for nodes without a country and for waypoints
// and chokepoints whatever their country.
func Territory(n *network.Node) string {
	if n.Kind.AtSea() {
		return ""
	}
	return n.Country
}

// PortToPort reports whether legs of mode m cross borders port to port
// (sea and ferry): only where they start and end, never along the way.
func PortToPort(m network.Mode) bool { return m == network.Sea || m == network.Ferry }

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
	// Legs are built in place in it.Legs (cur points at the last one), and
	// their Corridors are windows on corrs (used of it taken by closed
	// legs); a leg whose corridors outgrow it gets a slice of its own.
	it := Itinerary{Departure: p.q.Depart.UTC(), Countries: make([]string, 0, 8)}
	nlegs, ncross := r.legsAbout(ws, chain)
	it.Legs, it.Borders = make([]Leg, 0, nlegs), make([]Crossing, 0, ncross)
	corrs, used := make([]string, 0, n+4), 0
	node, mode, gauge := p.q.From, network.Mode(0), network.Gauge(0)
	nodeIDs[0] = g.Node(node).ID
	coords[0] = [2]float64{g.Node(node).Lon, g.Node(node).Lat}
	hours := 0.0
	path := make([]network.LinkID, n)
	var cur *Leg
	var curTo network.NodeID // where the current leg ends so far
	terr := Territory(g.Node(node))
	it.Countries = append(it.Countries, terr)
	split := false                   // the last link entered another country: the next one starts a leg
	dwellHere, lastDwell := 0.0, 0.0 // dwell at the node before the current link, and at its end
	cross := func(at network.NodeID, mode network.Mode, dwell float64) {
		c := Territory(g.Node(at))
		if c == "" || c == terr {
			return
		}
		if terr != "" {
			n := g.Node(at)
			it.Borders = append(it.Borders, Crossing{Leg: len(it.Legs) - 1, At: NodeRef{n.ID, n.Name}, FromCountry: terr, ToCountry: c,
				Mode: mode.String(), BySea: PortToPort(mode), DwellHours: dwell})
			it.Countries = append(it.Countries, c)
		} else {
			it.Countries[len(it.Countries)-1] = c
		}
		terr = c
	}
	closeLeg := func(end int) {
		cur.Links = linkIDs[start:end:end]
		if end-start > 1 {
			cur.Via = nodeIDs[start+1 : end : end]
		}
		cur.Coordinates = coords[start : end+1 : end+1]
		if PortToPort(mode) { // mode is still the leg's
			cross(curTo, mode, lastDwell) // port to port
		}
		nc := len(cur.Corridors)
		if nc > 0 && used+nc <= cap(corrs) && &corrs[:used+nc][used] == &cur.Corridors[0] {
			used += nc
		}
		cur.Corridors = cur.Corridors[:nc:nc]
	}
	at := func(h float64) time.Time {
		return it.Departure.Add(time.Duration(math.Round(h*3600)) * time.Second)
	}
	var ttw, wtt float64
	var bd breakdown
	for ci, li := range chain {
		lab := ws.labels[li]
		k := g.Link(lab.link)
		var st stepResult
		r.step(ws, p, hours, node, mode, gauge, lab.link, &st)
		if ci == n-1 { // the arrival
			st.cost += ws.rates.lastSur[lab.link] * p.units
		}
		bd.link(g, &ws.rates, lab.link, p.units, ci == 0, ci == n-1)
		svcName := ""
		if st.service >= 0 {
			svcName = g.Service(st.service).Name
		}
		from, to := g.Node(node), g.Node(k.To)
		// A new leg starts at a change of mode, gauge or service, after a
		// transshipment, where a scheduled service departs, or after a
		// link that entered another country.
		if cur == nil || split || st.transfer || st.service >= 0 || mode != k.Mode || gauge != k.Gauge {
			if cur != nil {
				closeLeg(ci)
			}
			start = ci
			split = false
			it.Legs = append(it.Legs, Leg{
				From: NodeRef{from.ID, from.Name}, Mode: k.Mode.String(), GaugeMM: int(k.Gauge),
				Service: svcName, WaitBasis: st.basis, Corridors: corrs[used:used],
				Departure: at(hours + st.handling + st.wait),
			})
			cur = &it.Legs[len(it.Legs)-1]
		}
		cur.To = NodeRef{to.ID, to.Name}
		curTo = k.To
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
			bd.add("handling", "", "Handling at transshipments", from.HandlingUSD*p.units)
			hub := emissions.HubAt(from.Kind, p.tonnes)
			ttw += hub.TTW
			wtt += hub.WTT
			t.Transshipments++
			if st.gauge {
				t.GaugeChanges++
			}
			t.CarbonUSD += hub.WTW() * p.carbonPerKg
		}
		lastDwell = st.dwell
		if !PortToPort(k.Mode) && Territory(to) != "" && Territory(to) != terr {
			d := st.dwell
			if from.Kind == network.Border {
				d += dwellHere
			}
			cross(k.To, k.Mode, d)
			split = true
		}
		dwellHere = st.dwell
		t.CarbonUSD += ws.linkCO2[lab.link] * p.carbonPerKg
		t.DistanceKm += k.DistanceKm
		t.WaitHours += st.wait
		t.BorderHours += st.dwell
		t.HandlingHours += st.handling
		hours += st.total()
		node, mode, gauge = k.To, k.Mode, k.Gauge
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
	bd.add("carbon", "", "Carbon price", t.CarbonUSD)
	t.Breakdown = bd.lines
	if len(g.RateSeries()) > 0 {
		it.Rates = ws.rates.rates(g, path)
	}
	if r.undated != nil {
		it.Dated = r.datedOn(path)
	}
	t.BorderCrossings = len(it.Borders)
	if it.Countries[0] == "" { // never on any country's territory
		it.Countries = it.Countries[:0]
	}
	t.TimeValueUSD = p.timeValueUSD(last.hours)
	t.GeneralisedUSD = t.CostUSD + t.TimeValueUSD
	it.Arrival = at(last.hours)
	it.Corridor = Classify(g, path)
	roundItinerary(&it)
	setJSONCosts(&it)
	it.Summary = summary(&it)
	return it
}

// legsAbout estimates how many legs build makes of chain and how many
// borders they cross, to size the slices: a leg per link that changes mode
// or gauge or has services, or that follows a land link into another
// country; a border per such land link and per sea or ferry leg.
func (r *Router) legsAbout(ws *workspace, chain []int32) (legs, borders int) {
	g := r.g
	n, b := 0, 0
	var prev *network.Link
	for _, li := range chain {
		k := g.Link(ws.labels[li].link)
		switch {
		case prev == nil, prev.Mode != k.Mode, prev.Gauge != k.Gauge, len(g.ServicesOn(ws.labels[li].link)) > 0:
			n++
			if PortToPort(k.Mode) {
				b++
			}
		case !PortToPort(prev.Mode):
			if c := Territory(g.Node(prev.To)); c != "" && c != Territory(g.Node(prev.From)) {
				n++
			}
		}
		if !PortToPort(k.Mode) {
			if c := Territory(g.Node(k.To)); c != "" && c != Territory(g.Node(k.From)) {
				b++
			}
		}
		prev = k
	}
	return n, b
}

// summary writes "rail to Dostyk, rail 1520 to Aktau, ferry to Baku: 18.2 days, 3,120 USD, 1,450 kg CO2e".
func summary(it *Itinerary) string {
	var b strings.Builder
	b.Grow(32 * (len(it.Legs) + 2))
	for i, l := range it.Legs {
		// Legs split only at a border read as one: the next leg goes on
		// by the same mode and gauge without a service of its own.
		if i+1 < len(it.Legs) {
			if n := &it.Legs[i+1]; n.Mode == l.Mode && n.GaugeMM == l.GaugeMM && n.Service == "" {
				continue
			}
		}
		if b.Len() > 0 {
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

// round rounds x to places (0 to 3) decimals.
func round(x float64, places int) float64 {
	p := pow10[places]
	return math.Round(x*p) / p
}

var pow10 = [...]float64{1, 10, 100, 1000}

func roundItinerary(it *Itinerary) {
	t := &it.Total
	t.Hours, t.Days = round(t.Hours, 2), round(t.Days, 2)
	t.CostUSD, t.CO2eKg = round(t.CostUSD, 2), round(t.CO2eKg, 2)
	t.CO2eTTWKg, t.CO2eWTTKg = round(t.CO2eTTWKg, 2), round(t.CO2eWTTKg, 2)
	t.DistanceKm = round(t.DistanceKm, 1)
	t.WaitHours, t.BorderHours, t.HandlingHours = round(t.WaitHours, 2), round(t.BorderHours, 2), round(t.HandlingHours, 2)
	t.CarbonUSD, t.TimeValueUSD, t.GeneralisedUSD = round(t.CarbonUSD, 2), round(t.TimeValueUSD, 2), round(t.GeneralisedUSD, 2)
	roundLines(t.Breakdown, t.CostUSD)
	for i := range it.Legs {
		l := &it.Legs[i]
		l.DistanceKm, l.Hours, l.WaitHours = round(l.DistanceKm, 1), round(l.Hours, 2), round(l.WaitHours, 2)
		l.HandlingHours, l.BorderHours = round(l.HandlingHours, 2), round(l.BorderHours, 2)
		l.CostUSD, l.CO2eKg = round(l.CostUSD, 2), round(l.CO2eKg, 2)
	}
	for i := range it.Borders {
		it.Borders[i].DwellHours = round(it.Borders[i].DwellHours, 2)
	}
}

// roundLines rounds the breakdown to cents so that it still sums to the
// (rounded) total: the rounding remainder, at most half a cent per line,
// goes to the largest line.
func roundLines(lines []CostLine, total float64) {
	if len(lines) == 0 {
		return
	}
	var cents int64
	big := 0
	for i := range lines {
		lines[i].USD = round(lines[i].USD, 2)
		cents += int64(math.Round(lines[i].USD * 100))
		if math.Abs(lines[i].USD) > math.Abs(lines[big].USD) {
			big = i
		}
	}
	if d := int64(math.Round(total*100)) - cents; d != 0 && d >= -int64(len(lines)) && d <= int64(len(lines)) {
		lines[big].USD = round(lines[big].USD+float64(d)/100, 2)
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
// generalised cost; the result stays sorted by hours. Each one kept gets
// its Why, against the others kept.
func selectResults(its []Itinerary, k int) []Itinerary {
	its = keepResults(its, k)
	explain(its)
	return its
}

// timeValueUSD is the value of the cargo's time over hours.
func (p *params) timeValueUSD(hours float64) float64 {
	rate := p.q.TimeValueRate
	if rate == 0 {
		rate = DefaultTimeValueRate
	}
	return p.q.Cargo.ValueUSD * rate * hours / 8760
}

// keepLabels is keepResults on the arrived labels ws.results, before
// their itineraries are built: it leaves in ws.results, in their order,
// those whose itineraries keepResults would keep. The totals it compares
// are the ones build writes, rounded as roundItinerary rounds them.
func (ws *workspace) keepLabels(p *params, k int) {
	if k <= 0 || len(ws.results) <= k {
		return
	}
	tot := make([]Total, len(ws.results))
	for i, li := range ws.results {
		lab := &ws.labels[li]
		tot[i] = Total{Hours: round(lab.hours, 2), CostUSD: round(lab.cost, 2), CO2eKg: round(lab.co2, 2),
			GeneralisedUSD: round(lab.cost+p.timeValueUSD(lab.hours), 2)}
	}
	keep := keepTotals(tot, k)
	out := ws.results[:0]
	for i, li := range ws.results {
		if keep[i] {
			out = append(out, li)
		}
	}
	ws.results = out
}

// keepResults is selectResults without the Why.
func keepResults(its []Itinerary, k int) []Itinerary {
	if k <= 0 || len(its) <= k {
		return its
	}
	tot := make([]Total, len(its))
	for i := range its {
		tot[i] = its[i].Total
	}
	keep := keepTotals(tot, k)
	out := its[:0:0]
	for i := range its {
		if keep[i] {
			out = append(out, its[i])
		}
	}
	return out
}

// keepTotals marks which k of the totals keepResults keeps.
func keepTotals(its []Total, k int) []bool {
	keep := make([]bool, len(its))
	n := 0
	pick := func(less func(a, b *Total) bool) {
		best := 0
		for i := range its {
			if less(&its[i], &its[best]) {
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
	sort.SliceStable(order, func(a, b int) bool { return its[order[a]].GeneralisedUSD < its[order[b]].GeneralisedUSD })
	for _, i := range order {
		if n >= k {
			break
		}
		if !keep[i] {
			keep[i] = true
			n++
		}
	}
	return keep
}
