package network

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"corridor/internal/minheap"
)

// The file names of a network folder's dated rates (all optional).
const (
	RatesFile      = "rates.csv"
	RateValuesFile = "rate_values.csv"
	SurchargesFile = "surcharges.csv"
)

var (
	rateCols = []column{{"id", true}, {"name", true}, {"unit", true}, {"lane", false}, {"drives", false},
		{"ref_from", false}, {"ref_to", false}, {"source", true}, {"note", false}}
	rateValueCols = []column{{"series", true}, {"month", true}, {"value", true}, {"via", false}, {"source", true}, {"note", false}}
	surchargeCols = []column{{"id", true}, {"kind", true}, {"name", true}, {"lane", false}, {"applies", true},
		{"charge", true}, {"amount_usd", true}, {"valid_from", false}, {"valid_to", false}, {"included_in", false},
		{"source", true}, {"note", false}}
)

// Month is a calendar month, counted from January of year 0 (year*12 +
// month-1), the unit of rate series.
type Month int32

// MonthOf returns the month t falls in (UTC).
func MonthOf(t time.Time) Month {
	t = t.UTC()
	return Month(t.Year()*12 + int(t.Month()) - 1)
}

// MinYear and MaxYear bound every date the data, scenarios and requests
// accept.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ParseMonth reads YYYY-MM within MinYear..MaxYear.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("expected a month as YYYY-MM, got %q", s)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return 0, fmt.Errorf("month %q is outside %d–%d", s, MinYear, MaxYear)
	}
	return MonthOf(t), nil
}

// ParseDay reads a day YYYY-MM-DD (00:00 UTC) within MinYear..MaxYear.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil || t.Year() < MinYear || t.Year() > MaxYear {
		return time.Time{}, fmt.Errorf("expected a date YYYY-MM-DD within %d–%d, got %q", MinYear, MaxYear, s)
	}
	return t, nil
}

// String writes the month as YYYY-MM.
func (m Month) String() string {
	y, mo := int(m)/12, int(m)%12+1
	if y < 0 || y > 9999 {
		return fmt.Sprintf("%04d-%02d", y, mo)
	}
	b := [7]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', byte('0' + mo/10), byte('0' + mo%10)}
	return string(b[:])
}

// MarshalText writes the month as YYYY-MM.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Start is the first instant of the month (UTC).
func (m Month) Start() time.Time {
	return time.Date(int(m)/12, time.Month(int(m)%12+1), 1, 0, 0, 0, 0, time.UTC)
}

// FEUTariffFactor is how many TEU tariffs one FEU pays. Rail and sea
// tariffs for a 40-foot box are typically 1.5–1.8 times the 20-foot rate,
// not twice; 1.6 is used throughout (link tariffs are per TEU, rate series
// and surcharges per FEU).
const FEUTariffFactor = 1.6

// RateUnit is the unit every rate series and surcharge is given in.
const RateUnit = "usd_per_feu"

// Lane restricts a rate series or surcharge to queries from one set of
// countries to another. Empty sides match every country.
type Lane struct {
	From, To []string // country codes, groups expanded
	Text     string   // as written in the data
}

// Match reports whether a query from country from to country to is on the lane.
func (l Lane) Match(from, to string) bool {
	return (len(l.From) == 0 || slices.Contains(l.From, from)) && (len(l.To) == 0 || slices.Contains(l.To, to))
}

// Selector picks links: every condition given must hold (see docs/DATA.md,
// "Dated rates").
type Selector struct {
	Modes     []Mode
	Gauges    []Gauge
	Countries []string // every endpoint with a country is in the list
	Corridors []string // the link carries any of these tags
	// NotCorridors: the link carries none of these tags.
	NotCorridors []string
	From, To     []NodeID
	Links        []LinkID
	Text         string // as written in the data
}

// Empty reports whether the selector has no condition (selects nothing
// when used as a series' drives: the series is for reference only).
func (s *Selector) Empty() bool { return s.Text == "" }

// Match reports whether link l of g is selected.
func (s *Selector) Match(g *Graph, l LinkID) bool {
	k := g.Link(l)
	if len(s.Modes) > 0 && !slices.Contains(s.Modes, k.Mode) {
		return false
	}
	if len(s.Gauges) > 0 && !slices.Contains(s.Gauges, k.Gauge) {
		return false
	}
	if len(s.Countries) > 0 {
		// Every end with a country is in the list, and one end has one: a
		// link between two open-sea waypoints is in no country, so a
		// country selector (the Caspian ferries, the Black Sea) does not
		// take the oceans' lanes.
		in := false
		for _, n := range [2]NodeID{k.From, k.To} {
			c := g.Node(n).Country
			if c != "" && !slices.Contains(s.Countries, c) {
				return false
			}
			in = in || c != ""
		}
		if !in {
			return false
		}
	}
	if len(s.Corridors) > 0 && !slices.ContainsFunc(s.Corridors, k.HasCorridor) {
		return false
	}
	if slices.ContainsFunc(s.NotCorridors, k.HasCorridor) {
		return false
	}
	if len(s.From) > 0 && !slices.Contains(s.From, k.From) {
		return false
	}
	if len(s.To) > 0 && !slices.Contains(s.To, k.To) {
		return false
	}
	if len(s.Links) > 0 && !slices.Contains(s.Links, l) {
		return false
	}
	return true
}

// RateValue is one published value of a rate series.
type RateValue struct {
	Month Month   `json:"month"`
	USD   float64 `json:"usd_per_feu"`
	// Via is the node the trip this value prices passed (the Cape of Good
	// Hope while carriers avoided the Red Sea, say); empty: the series'
	// reference trip, the cheapest path.
	Via     string   `json:"via,omitempty"`
	Sources []string `json:"source"`
	Note    string   `json:"note,omitempty"`
	// Inserted marks a value a scenario edit added at the edge of the
	// months it scales (an interpolated or carried value, not published).
	Inserted bool `json:"inserted,omitempty"`
	// ref indexes the series' Refs: the reference trip of this value.
	ref int
}

// RefTrip is a trip a series' values price: the cheapest path over the
// links the series drives from RefFrom to RefTo, through Via when set.
type RefTrip struct {
	Via NodeID // -1: none
	// HandlingUSD is the trip's handling at changes of mode or gauge per
	// FEU, Links its links.
	HandlingUSD float64
	Links       []LinkID
	// Detour are the trip's links off the reference trip (sorted) and
	// DetourUSD their tariffs per FEU; SharedUSD is the tariffs of its
	// links on the reference trip (both set by priceRefTrips).
	Detour    []LinkID
	DetourUSD float64
	SharedUSD float64
}

// RateSeries is a published price series (USD per FEU by month) that drives
// the tariffs of the links its Drives selector picks: on a date, each such
// link costs its static tariff × value(date) / BaseUSD, where BaseUSD is
// the static tariffs of the reference trip RefFrom → RefTo (the cheapest
// path over the selected links). So the reference trip costs the published
// value on every date, and other trips move with it. A spot rate is the
// price of a port pair whichever way the carriers sail it: a value
// published while they took another way (RateValue.Via) prices that trip
// too, through a second multiplier on its links off the reference trip
// (DetourFactor), so both trips cost the value in that month.
type RateSeries struct {
	ID, Name string
	Lane     Lane
	Drives   Selector
	RefFrom  NodeID // -1 for a reference-only series
	RefTo    NodeID
	Sources  []string
	Note     string
	Values   []RateValue // published values, by month
	// BaseUSD is the reference trip's static tariff per FEU, HandlingUSD
	// its handling at changes of mode or gauge per FEU; RefLinks its links.
	BaseUSD     float64
	HandlingUSD float64
	RefLinks    []LinkID
	// Refs are the trips the values price: Refs[0] stands for the
	// reference trip (above), then one per distinct RateValue.Via.
	Refs []RefTrip
}

// RateBasis says where a series value on a date comes from.
type RateBasis uint8

// Rate bases.
const (
	Published      RateBasis = iota // a published value for the month
	Interpolated                    // linear between the published months around it
	CarriedForward                  // after the last published month: its value
	CarriedBack                     // before the first published month: its value
)

var rateBasisNames = [...]string{"published", "interpolated", "carried-forward", "carried-back"}

// String names the basis as output shows it.
func (b RateBasis) String() string { return rateBasisNames[b] }

// MarshalText writes the basis's name.
func (b RateBasis) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// RatePoint is a series' value for one month.
type RatePoint struct {
	Month Month     `json:"month"`
	USD   float64   `json:"usd_per_feu"`
	Basis RateBasis `json:"basis"`
	// Sources cite the published value, or the two a value is interpolated
	// between, or the value carried.
	Sources []string `json:"source"`
	// Via is the node the priced trip passed (a published or carried
	// value's RateValue.Via).
	Via string `json:"via,omitempty"`
}

// At returns the series value for month m: the published value, a linear
// interpolation between the published months around m, or outside the
// series the nearest published value carried (said in Basis). ok is false
// for a series without values.
func (s *RateSeries) At(m Month) (RatePoint, bool) {
	v := s.Values
	if len(v) == 0 {
		return RatePoint{}, false
	}
	i, found := slices.BinarySearchFunc(v, m, func(x RateValue, m Month) int { return int(x.Month - m) })
	switch {
	case found && v[i].Inserted:
		return RatePoint{Month: m, USD: v[i].USD, Basis: Interpolated, Sources: v[i].Sources, Via: v[i].Via}, true
	case found:
		return RatePoint{Month: m, USD: v[i].USD, Basis: Published, Sources: v[i].Sources, Via: v[i].Via}, true
	case i == 0:
		return RatePoint{Month: m, USD: v[0].USD, Basis: CarriedBack, Sources: v[0].Sources, Via: v[0].Via}, true
	case i == len(v):
		return RatePoint{Month: m, USD: v[i-1].USD, Basis: CarriedForward, Sources: v[i-1].Sources, Via: v[i-1].Via}, true
	}
	a, b := v[i-1], v[i]
	f := float64(m-a.Month) / float64(b.Month-a.Month)
	usd := math.Round((a.USD+(b.USD-a.USD)*f)*100) / 100
	return RatePoint{Month: m, USD: usd, Basis: Interpolated, Sources: slices.Concat(a.Sources, b.Sources)}, true
}

// Range returns the series month by month from..to (inclusive).
func (s *RateSeries) Range(from, to Month) []RatePoint {
	var out []RatePoint
	for m := from; m <= to; m++ {
		if p, ok := s.At(m); ok {
			out = append(out, p)
		}
	}
	return out
}

// MinFactor is the floor of Factor: a published value below the reference
// trip's handling would otherwise make tariffs negative.
const MinFactor = 0.05

// Factor is the series' multiplier of the static tariffs in month m:
// (value − HandlingUSD) / BaseUSD, at least MinFactor; 1 for a
// reference-only series.
func (s *RateSeries) Factor(m Month) float64 {
	p, ok := s.At(m)
	if !ok || s.BaseUSD <= 0 {
		return 1
	}
	return s.factorOf(p.USD)
}

func (s *RateSeries) factorOf(usd float64) float64 {
	return max((usd-s.HandlingUSD)/s.BaseUSD, MinFactor)
}

// DetourFactor returns, for month m, the trip in Refs the month's value
// priced when it is not the reference trip (ref 0: it is), and the
// multiplier of that trip's Detour links that makes the trip cost the
// value with its other links at Factor(m), at least MinFactor. The month
// takes the trip of its published value, or of the value before it
// (interpolated, carried forward), or of the first value (carried back).
func (s *RateSeries) DetourFactor(m Month) (ref int, f float64) {
	v := s.Values
	if len(v) == 0 || s.BaseUSD <= 0 {
		return 0, 0
	}
	i, found := slices.BinarySearchFunc(v, m, func(x RateValue, m Month) int { return int(x.Month - m) })
	if !found {
		i = max(i-1, 0)
	}
	ref = v[i].ref
	if ref <= 0 || ref >= len(s.Refs) || s.Refs[ref].DetourUSD <= 0 {
		return 0, 0
	}
	p, _ := s.At(m)
	r := &s.Refs[ref]
	return ref, max((p.USD-r.HandlingUSD-s.Factor(m)*r.SharedUSD)/r.DetourUSD, MinFactor)
}

// priceRefTrips sets the shared and detour tariffs of every series' trips
// other than the reference trip from the links' tariffs as they now are
// (after the calibrated tariff factors, which scale detour links but not
// reference trips), so that a month's DetourFactor makes the trip cost the
// published value.
func (g *Graph) priceRefTrips() {
	for i := range g.rates {
		s := &g.rates[i]
		for j := 1; j < len(s.Refs); j++ {
			r := &s.Refs[j]
			r.SharedUSD, r.DetourUSD = 0, 0
			for _, l := range r.Links {
				c := FEUTariffFactor * g.Link(l).Cost()
				if _, off := slices.BinarySearch(r.Detour, l); off {
					r.DetourUSD += c
				} else {
					r.SharedUSD += c
				}
			}
		}
	}
}

// refVia returns the index in s.Refs of the trip through via, adding it
// when new; ok is false when no path over the driven links passes via.
func (s *RateSeries) refVia(g *Graph, via NodeID) (int, bool) {
	for i, r := range s.Refs {
		if r.Via == via {
			return i, true
		}
	}
	b1, h1, l1, ok1 := referenceTrip(g, &s.Drives, s.RefFrom, via)
	b2, h2, l2, ok2 := referenceTrip(g, &s.Drives, via, s.RefTo)
	if !ok1 || !ok2 || b1+b2 <= 0 {
		return 0, false
	}
	handling := h1 + h2
	if len(l1) > 0 && len(l2) > 0 {
		if p, k := g.Link(l1[len(l1)-1]), g.Link(l2[0]); p.Mode != k.Mode || p.Gauge != k.Gauge {
			handling += FEUTariffFactor * g.Node(via).HandlingUSD
		}
	}
	t := RefTrip{Via: via, HandlingUSD: handling, Links: slices.Concat(l1, l2)}
	for _, l := range t.Links {
		if slices.Contains(s.RefLinks, l) {
			continue
		}
		if j, found := slices.BinarySearch(t.Detour, l); !found {
			t.Detour = slices.Insert(t.Detour, j, l)
		}
	}
	s.Refs = append(s.Refs, t)
	return len(s.Refs) - 1, true
}

// Charge says when a surcharge is charged.
type Charge uint8

// Charges.
const (
	ChargeLink  Charge = iota // each time the itinerary takes a selected link
	ChargeFirst               // when the itinerary's first link is selected (at origin)
	ChargeLast                // when the link that reaches the destination is selected
)

var chargeNames = [...]string{"link", "first", "last"}

// String names the charge as written in the data.
func (c Charge) String() string { return chargeNames[c] }

// SurchargeKinds are the kinds a surcharge may have.
var SurchargeKinds = []string{"bunker", "war-risk", "contingency", "peak-season", "reefer", "dg", "thc-origin", "thc-destination", "other"}

// Surcharge is a dated charge per FEU on top of the tariffs, shown as its
// own line in an itinerary's cost breakdown.
type Surcharge struct {
	ID, Kind, Name string
	Lane           Lane
	Applies        Selector
	Charge         Charge
	AmountUSD      float64   // per FEU
	ValidFrom      time.Time // zero: open
	ValidTo        time.Time // inclusive day; zero: open
	// IncludedIn are the series (indexes in RateSeries) whose published
	// values already include the surcharge (an all-in spot rate): on a link
	// such a series drives, the surcharge is shown as a part of the tariff,
	// not added to it.
	IncludedIn []int16
	Sources    []string
	Note       string
}

// ActiveOn reports whether the surcharge is in force on day t.
func (s *Surcharge) ActiveOn(t time.Time) bool {
	if !s.ValidFrom.IsZero() && t.Before(s.ValidFrom) {
		return false
	}
	return s.ValidTo.IsZero() || t.Before(s.ValidTo.AddDate(0, 0, 1))
}

// RateSeries returns the network's rate series, in file order (the order
// that decides which series drives a link).
func (g *Graph) RateSeries() []RateSeries { return g.rates }

// RateSeriesByID returns the series with id.
func (g *Graph) RateSeriesByID(id string) (*RateSeries, bool) {
	for i := range g.rates {
		if g.rates[i].ID == id {
			return &g.rates[i], true
		}
	}
	return nil, false
}

// Surcharges returns the network's surcharges.
func (g *Graph) Surcharges() []Surcharge { return g.surcharges }

// RatesOn returns the indexes in RateSeries of the series whose Drives
// select link l, in file order: a query takes the first whose lane it is on.
func (g *Graph) RatesOn(l LinkID) []int16 {
	if len(g.rateStart) == 0 {
		return nil
	}
	return g.rateList[g.rateStart[l]:g.rateStart[l+1]]
}

// SurchargesOn returns the indexes in Surcharges of those whose Applies
// select link l.
func (g *Graph) SurchargesOn(l LinkID) []int16 {
	if len(g.surStart) == 0 {
		return nil
	}
	return g.surList[g.surStart[l]:g.surStart[l+1]]
}

// indexRates fills the per-link lists of series and surcharges.
func (g *Graph) indexRates() {
	g.rateStart, g.rateList = nil, nil
	g.surStart, g.surList = nil, nil
	if len(g.rates) > 0 {
		g.rateStart, g.rateList = selectorCSR(g, len(g.rates), func(i int) *Selector { return &g.rates[i].Drives })
	}
	if len(g.surcharges) > 0 {
		g.surStart, g.surList = selectorCSR(g, len(g.surcharges), func(i int) *Selector { return &g.surcharges[i].Applies })
	}
}

func selectorCSR(g *Graph, n int, sel func(int) *Selector) ([]int32, []int16) {
	start := make([]int32, len(g.links)+1)
	var list []int16
	for l := range g.links {
		for i := 0; i < n; i++ {
			if s := sel(i); !s.Empty() && s.Match(g, LinkID(l)) {
				list = append(list, int16(i))
			}
		}
		start[l+1] = int32(len(list))
	}
	return start, list
}

// referenceTrip finds the cheapest path over the links sel picks from a to
// b by static tariff; it returns the tariff per FEU, the handling per FEU
// at its changes of mode or gauge, and the links.
func referenceTrip(g *Graph, sel *Selector, a, b NodeID) (float64, float64, []LinkID, bool) {
	dist := make([]float64, len(g.nodes))
	pred := make([]LinkID, len(g.nodes))
	for i := range dist {
		dist[i], pred[i] = math.Inf(1), -1
	}
	dist[a] = 0
	h := minheap.New[float64, NodeID](64)
	h.Push(0, a)
	for h.Len() > 0 {
		d, n := h.Pop()
		if d > dist[n] {
			continue
		}
		if n == b {
			break
		}
		for _, l := range g.Out(n) {
			if !sel.Match(g, l) {
				continue
			}
			k := g.Link(l)
			if nd := d + k.Cost(); nd < dist[k.To] {
				dist[k.To], pred[k.To] = nd, l
				h.Push(nd, k.To)
			}
		}
	}
	if math.IsInf(dist[b], 1) {
		return 0, 0, nil, false
	}
	var links []LinkID
	for n := b; n != a; n = g.Link(pred[n]).From {
		links = append(links, pred[n])
	}
	slices.Reverse(links)
	handling := 0.0
	for i := 1; i < len(links); i++ {
		p, k := g.Link(links[i-1]), g.Link(links[i])
		if p.Mode != k.Mode || p.Gauge != k.Gauge {
			handling += g.Node(k.From).HandlingUSD
		}
	}
	return FEUTariffFactor * dist[b], FEUTariffFactor * handling, links, true
}

// parseLane reads ORIG>DEST (each side country or group codes separated by |).
func parseLane(g *Graph, s string) (Lane, error) {
	l := Lane{Text: s}
	if s == "" {
		return l, nil
	}
	from, to, ok := strings.Cut(s, ">")
	if !ok {
		return l, fmt.Errorf("expected ORIGINS>DESTINATIONS (country or group codes separated by |), got %q", s)
	}
	var err error
	if l.From, err = laneSide(g, from); err != nil {
		return l, err
	}
	l.To, err = laneSide(g, to)
	return l, err
}

func laneSide(g *Graph, s string) ([]string, error) {
	var out []string
	for _, c := range strings.Split(s, "|") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if m, ok := g.GroupMembers(c); ok {
			out = append(out, m...)
			continue
		}
		if _, ok := g.Country(c); !ok {
			return nil, fmt.Errorf("%q is neither a country in countries.csv nor a group in groups.csv", c)
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// selectorCountries resolves a countries= value of a selector condition:
// a group's members, or the country itself.
func (g *Graph) selectorCountries(cond, v string) ([]string, error) {
	if m, ok := g.GroupMembers(v); ok {
		return m, nil
	}
	if _, ok := g.Country(v); !ok {
		return nil, fmt.Errorf("condition %q: %q is neither a country nor a group", cond, v)
	}
	return []string{v}, nil
}

// ParseSelector reads a selector: space-separated key=v1|v2 conditions with
// keys mode, gauge, countries, corridor, not_corridor, from, to and links.
func ParseSelector(g *Graph, s string) (Selector, error) {
	sel := Selector{Text: strings.Join(strings.Fields(s), " ")}
	for _, cond := range strings.Fields(s) {
		key, val, ok := strings.Cut(cond, "=")
		if !ok || val == "" {
			return sel, fmt.Errorf("condition %q: expected key=value (keys: mode, gauge, countries, corridor, not_corridor, from, to, links)", cond)
		}
		for _, v := range strings.Split(val, "|") {
			if v == "" {
				return sel, fmt.Errorf("condition %q: empty value between '|'", cond)
			}
			switch key {
			case "mode":
				m, err := ParseMode(v)
				if err != nil {
					return sel, fmt.Errorf("condition %q: %w", cond, err)
				}
				sel.Modes = append(sel.Modes, m)
			case "gauge":
				mm, err := strconv.Atoi(v)
				if err != nil || mm <= 0 || mm > 2000 {
					return sel, fmt.Errorf("condition %q: expected a gauge in mm, got %q", cond, v)
				}
				sel.Gauges = append(sel.Gauges, Gauge(mm))
			case "countries":
				cs, err := g.selectorCountries(cond, v)
				if err != nil {
					return sel, err
				}
				sel.Countries = append(sel.Countries, cs...)
			case "corridor", "not_corridor":
				if !slices.ContainsFunc(g.corridors, func(c Corridor) bool { return c.Tag == v }) {
					return sel, fmt.Errorf("condition %q: unknown corridor tag %q (see corridors.csv)", cond, v)
				}
				if key == "corridor" {
					sel.Corridors = append(sel.Corridors, v)
				} else {
					sel.NotCorridors = append(sel.NotCorridors, v)
				}
			case "from", "to":
				n, ok := g.nodeIndex[v]
				if !ok {
					return sel, fmt.Errorf("condition %q: unknown node %q", cond, v)
				}
				if key == "from" {
					sel.From = append(sel.From, n)
				} else {
					sel.To = append(sel.To, n)
				}
			case "links":
				l, ok := g.linkIndex[v]
				if !ok {
					return sel, fmt.Errorf("condition %q: unknown link %q", cond, v)
				}
				sel.Links = append(sel.Links, l)
				if r, ok := g.linkIndex[v+"~r"]; ok { // a two-way record: both directions
					sel.Links = append(sel.Links, r)
				}
			default:
				return sel, fmt.Errorf("condition %q: unknown key %q (keys: mode, gauge, countries, corridor, not_corridor, from, to, links)", cond, key)
			}
		}
	}
	return sel, nil
}

// loadRates reads the three optional rate files after the links and services.
func (l *loader) loadRates() {
	g := l.g
	seriesLine := map[string]int{}
	readTable(l.fsys, RatesFile, true, rateCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		s := RateSeries{ID: r.get("id"), Name: r.get("name"), Sources: f.list("source"), Note: r.get("note"), RefFrom: -1, RefTo: -1}
		if msg := checkID(s.ID, true); msg != "" {
			f.bad("id", "%s", msg)
			return
		}
		if _, dup := seriesLine[s.ID]; dup {
			f.bad("id", "series %q appears twice", s.ID)
			return
		}
		if u := r.get("unit"); u != RateUnit {
			f.bad("unit", "expected %s, got %q", RateUnit, u)
		}
		if s.Name == "" {
			f.bad("name", "value is required")
		}
		var err error
		if s.Lane, err = parseLane(g, r.get("lane")); err != nil {
			f.bad("lane", "%v", err)
		}
		if s.Drives, err = ParseSelector(g, r.get("drives")); err != nil {
			f.bad("drives", "%v", err)
		}
		l.a.checkSources(f, s.Sources)
		from, to := r.get("ref_from"), r.get("ref_to")
		if !s.Drives.Empty() && (from == "" || to == "") {
			f.bad("ref_from", "a series that drives links needs its reference trip (ref_from and ref_to)")
		}
		if from != "" {
			s.RefFrom, _ = l.a.nodeRef(f, "ref_from", from)
		}
		if to != "" {
			s.RefTo, _ = l.a.nodeRef(f, "ref_to", to)
		}
		if !s.Drives.Empty() && s.RefFrom >= 0 && s.RefTo >= 0 && err == nil {
			base, handling, links, ok := referenceTrip(g, &s.Drives, s.RefFrom, s.RefTo)
			switch {
			case !ok:
				f.bad("ref_to", "no path from %s to %s over the links drives selects (%s)", from, to, s.Drives.Text)
			case base <= 0:
				f.bad("ref_to", "the reference trip %s → %s has no tariff to scale", from, to)
			default:
				s.BaseUSD, s.HandlingUSD, s.RefLinks = base, handling, links
				s.Refs = []RefTrip{{Via: None}}
			}
		}
		if len(g.rates) >= math.MaxInt16 {
			f.bad("id", "too many series (at most %d)", math.MaxInt16)
			return
		}
		seriesLine[s.ID] = r.line
		g.rates = append(g.rates, s)
	})
	readTable(l.fsys, RateValuesFile, true, rateValueCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		id := r.get("series")
		s, ok := g.RateSeriesByID(id)
		if !ok {
			f.bad("series", "unknown series %q (not in %s)", id, RatesFile)
			return
		}
		m, err := ParseMonth(r.raw("month"))
		if err != nil {
			f.bad("month", "%v", err)
			return
		}
		v, ok := f.num("value", true, 0, 1e6)
		if !ok {
			return
		}
		if v <= 0 {
			f.bad("value", "must be above 0 (USD per FEU)")
			return
		}
		src := f.list("source")
		l.a.checkSources(f, src)
		val := RateValue{Month: m, USD: v, Sources: src, Note: r.get("note")}
		if via := r.get("via"); via != "" {
			n, ok := l.a.nodeRef(f, "via", via)
			if !ok {
				return
			}
			if s.Drives.Empty() || len(s.Refs) == 0 {
				f.bad("via", "series %s drives no links (or its reference trip failed), so a value cannot name the way its trip took", id)
				return
			}
			ref, ok := s.refVia(g, n)
			if !ok {
				f.bad("via", "no path %s → %s → %s over the links series %s drives (%s)", g.Node(s.RefFrom).ID, via, g.Node(s.RefTo).ID, id, s.Drives.Text)
				return
			}
			val.Via, val.ref = g.Node(n).ID, ref
		}
		i, dup := slices.BinarySearchFunc(s.Values, m, func(x RateValue, m Month) int { return int(x.Month - m) })
		if dup {
			f.bad("month", "series %s already has a value for %s", id, m)
			return
		}
		s.Values = slices.Insert(s.Values, i, val)
	})
	for _, s := range g.rates {
		if !s.Drives.Empty() && len(s.Values) == 0 {
			l.ps.add(RatesFile, seriesLine[s.ID], "id", "series %s drives links but has no value in %s", s.ID, RateValuesFile)
		}
	}
	readTable(l.fsys, SurchargesFile, true, surchargeCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		if r.get("charge") == "" {
			f.bad("charge", "value is required (link, first or last)")
		}
		amount, _ := f.num("amount_usd", true, 0, 1e5)
		s, ok := ParseSurcharge(g, SurchargeFields{ID: r.get("id"), Kind: r.get("kind"), Name: r.get("name"), Lane: r.get("lane"),
			Applies: r.get("applies"), Charge: r.get("charge"), AmountUSD: amount, ValidFrom: r.raw("valid_from"),
			ValidTo: r.raw("valid_to"), IncludedIn: f.list("included_in"), Note: r.get("note")}, f)
		s.Sources = f.list("source")
		l.a.checkSources(f, s.Sources)
		if !ok {
			return
		}
		if len(g.surcharges) >= math.MaxInt16 {
			f.bad("id", "too many surcharges (at most %d)", math.MaxInt16)
			return
		}
		g.surcharges = append(g.surcharges, s)
	})
}

// ScaleRateSeries multiplies the values of series i in the months from
// until (exclusive; 0: open-ended) by f. Values are added at the edges so
// that the months outside keep their values and interpolation within
// stays as it was; they are marked Inserted.
func (e *Editor) ScaleRateSeries(i int, f float64, from, until Month) {
	if !e.ratesCopied {
		e.g.rates = slices.Clone(e.g.rates)
		e.ratesCopied = true
	}
	s := &e.g.rates[i]
	vals := slices.Clone(s.Values)
	s.Values = vals
	pin := func(m Month) {
		p, ok := s.At(m)
		if !ok {
			return
		}
		j, found := slices.BinarySearchFunc(s.Values, m, func(x RateValue, m Month) int { return int(x.Month - m) })
		if found {
			return
		}
		k := max(j-1, 0) // the trip of the value before (carried back: after), as DetourFactor takes
		s.Values = slices.Insert(s.Values, j, RateValue{Month: m, USD: p.USD, Via: s.Values[k].Via, ref: s.Values[k].ref,
			Sources: p.Sources, Note: "inserted by a scenario edit", Inserted: true})
	}
	if from > 0 {
		pin(from - 1)
		pin(from)
	}
	if until > 0 {
		pin(until - 1)
		pin(until)
	}
	for j := range s.Values {
		if m := s.Values[j].Month; m >= from && (until == 0 || m < until) {
			s.Values[j].USD *= f
		}
	}
}

// AddSurcharge adds a surcharge to the derived graph.
func (e *Editor) AddSurcharge(s Surcharge) {
	e.g.surcharges = append(slices.Clip(e.g.surcharges), s)
	e.surchargesChanged = true
}

// ScaleSurcharge multiplies surcharge i's amount by f from day from on
// (zero: always): the surcharge ends the day before and a scaled copy
// (id suffixed "-scaled") starts on from.
func (e *Editor) ScaleSurcharge(i int, f float64, from time.Time) {
	e.g.surcharges = slices.Clone(e.g.surcharges)
	e.surchargesChanged = true
	s := &e.g.surcharges[i]
	if from.IsZero() || !s.ValidFrom.IsZero() && !from.After(s.ValidFrom) {
		s.AmountUSD *= f
		return
	}
	if !s.ValidTo.IsZero() && from.After(s.ValidTo) {
		return // over before from
	}
	c := *s
	c.ID += "-scaled"
	c.AmountUSD *= f
	c.ValidFrom = from
	s.ValidTo = from.AddDate(0, 0, -1)
	e.g.surcharges = append(e.g.surcharges, c)
}

// ParseSurcharge checks a surcharge given as text fields (a scenario's
// add_surcharge); problems go to rep under the field names of
// surcharges.csv.
func ParseSurcharge(g *Graph, f SurchargeFields, rep Reporter) (Surcharge, bool) {
	ok := true
	bad := func(field, format string, args ...any) {
		rep.Field(field, format, args...)
		ok = false
	}
	s := Surcharge{ID: f.ID, Kind: f.Kind, Name: f.Name, AmountUSD: f.AmountUSD, Note: f.Note}
	if msg := checkID(s.ID, true); msg != "" {
		bad("id", "%s", msg)
	}
	if slices.ContainsFunc(g.surcharges, func(x Surcharge) bool { return x.ID == s.ID }) {
		bad("id", "surcharge %q exists already", s.ID)
	}
	if !slices.Contains(SurchargeKinds, s.Kind) {
		bad("kind", "expected one of %s, got %q", strings.Join(SurchargeKinds, ", "), s.Kind)
	}
	if s.Name == "" {
		bad("name", "value is required")
	}
	var err error
	if s.Lane, err = parseLane(g, f.Lane); err != nil {
		bad("lane", "%v", err)
	}
	if s.Applies, err = ParseSelector(g, f.Applies); err != nil {
		bad("applies", "%v", err)
	} else if s.Applies.Empty() {
		bad("applies", "value is required (a selector of the links it is charged on)")
	}
	switch f.Charge {
	case "link", "":
		s.Charge = ChargeLink
	case "first":
		s.Charge = ChargeFirst
	case "last":
		s.Charge = ChargeLast
	default:
		bad("charge", "expected link, first or last, got %q", f.Charge)
	}
	if math.IsNaN(s.AmountUSD) || s.AmountUSD < 0 || s.AmountUSD > 1e5 {
		bad("amount_usd", "must be between 0 and 100000 USD per FEU, got %g", s.AmountUSD)
	}
	for _, d := range []struct {
		field, v string
		t        *time.Time
	}{{"valid_from", f.ValidFrom, &s.ValidFrom}, {"valid_to", f.ValidTo, &s.ValidTo}} {
		if d.v == "" {
			continue
		}
		t, err := ParseDay(d.v)
		if err != nil {
			bad(d.field, "%v", err)
			continue
		}
		*d.t = t
	}
	if !s.ValidFrom.IsZero() && !s.ValidTo.IsZero() && s.ValidTo.Before(s.ValidFrom) {
		bad("valid_to", "is before valid_from")
	}
	for _, id := range f.IncludedIn {
		i := slices.IndexFunc(g.rates, func(r RateSeries) bool { return r.ID == id })
		if i < 0 {
			bad("included_in", "unknown series %q", id)
			continue
		}
		s.IncludedIn = append(s.IncludedIn, int16(i))
	}
	return s, ok
}

// SurchargeFields are a surcharge's fields as text (see ParseSurcharge).
type SurchargeFields struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	Name       string   `json:"name"`
	Lane       string   `json:"lane,omitempty"`
	Applies    string   `json:"applies"`
	Charge     string   `json:"charge,omitempty"`
	AmountUSD  float64  `json:"amount_usd"`
	ValidFrom  string   `json:"valid_from,omitempty"`
	ValidTo    string   `json:"valid_to,omitempty"`
	IncludedIn []string `json:"included_in,omitempty"`
	Note       string   `json:"note,omitempty"`
}
