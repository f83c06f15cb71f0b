package network

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Builder makes a Graph from records given in code, with the same checks as
// the CSV loader: importers (GeoJSON lanes, TNTP road networks) use it
// instead of writing CSV text. Add records in dependency order (sources,
// groups, countries, corridors, nodes, links, services); Build validates
// everything and returns the Graph or a *ValidationError listing every
// problem.
//
// Problems name the record kind as the file ("nodes", "links", ...) and the
// record's 1-based position among the records of that kind as the line, so
// "links:12: distance_km: ..." is the twelfth AddLink call.
//
// Unlike the CSV format, a built node's country may be empty whatever its
// kind: imported networks often do not know countries. When it is set, it
// must be an ISO 3166-1 code added with AddCountry.
//
// A Builder is not safe for concurrent use; after Build it must not be used.
type Builder struct {
	g  *Graph
	ps problems

	corridorIndex map[string]bool
	n             map[string]int // records added per kind
	built         bool
}

// The record kinds a Builder names in its problems.
const (
	BuilderSources   = "sources"
	BuilderGroups    = "groups"
	BuilderCountries = "countries"
	BuilderCorridors = "corridors"
	BuilderNodes     = "nodes"
	BuilderLinks     = "links"
	BuilderServices  = "services"
)

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{
		g: &Graph{
			sourceIndex:  map[string]int{},
			groupIndex:   map[string]int{},
			countryIndex: map[string]int{},
			nodeIndex:    map[string]NodeID{},
			linkIndex:    map[string]LinkID{},
			serviceIndex: map[string]ServiceID{},
		},
		corridorIndex: map[string]bool{},
		n:             map[string]int{},
	}
}

// LinkSpec describes one link row for Builder.AddLink: one directed link, or
// two (the reverse gets the id ID+"~r") when Both is set.
type LinkSpec struct {
	ID       string
	From, To NodeID
	Mode     Mode
	Gauge    Gauge // rail only
	// DistanceKm must be > 0.
	DistanceKm float64
	// Give Hours or SpeedKmh (> 0), not both.
	Hours, SpeedKmh float64
	TariffFixedUSD  float64
	TariffUSDPerKm  float64
	Energy          Energy
	CapacityTEUYear float64
	Corridors       []string
	Sources         []string
	Both            bool
}

// ServiceSpec describes a service for Builder.AddService: a timetable (Days,
// DepartureMinute) or a frequency (PerWeek) on one link row (and its twin).
type ServiceSpec struct {
	ID, Name, Operator string
	Link               LinkID // the row's first link (not a "~r" reverse)
	Days               Weekdays
	DepartureMinute    int
	PerWeek            float64
	CapacityTEU        float64
	Reefer, DG         bool
	Sources            []string
}

// rec starts a record of kind and returns its position for problems.
func (b *Builder) rec(kind string) int {
	b.n[kind]++
	return b.n[kind]
}

func (b *Builder) bad(kind string, pos int, col, format string, args ...any) {
	b.ps.add(kind, pos, col, format, args...)
}

func (b *Builder) checkSources(kind string, pos int, ids []string) {
	if len(ids) == 0 {
		b.bad(kind, pos, "source", "every record needs a source (an id added with AddSource)")
	}
	for _, id := range ids {
		if _, ok := b.g.sourceIndex[id]; !ok {
			b.bad(kind, pos, "source", "unknown source %q", id)
		}
	}
}

func (b *Builder) checkNum(kind string, pos int, col string, v float64, min float64, strict bool) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		b.bad(kind, pos, col, "must be a finite number, got %v", v)
	case strict && v <= min:
		b.bad(kind, pos, col, "must be > %g, got %g", min, v)
	case !strict && v < min:
		b.bad(kind, pos, col, "must not be below %g, got %g", min, v)
	default:
		return true
	}
	return false
}

// AddSource adds a cited source. Its id is lower case (see docs/DATA.md).
func (b *Builder) AddSource(s Source) {
	pos := b.rec(BuilderSources)
	if msg := checkID(s.ID, true); msg != "" {
		b.bad(BuilderSources, pos, "id", "%s, got %q", msg, s.ID)
		return
	}
	if strings.TrimSpace(s.Title) == "" {
		b.bad(BuilderSources, pos, "title", "value is required")
	}
	if strings.TrimSpace(s.Publisher) == "" {
		b.bad(BuilderSources, pos, "publisher", "value is required")
	}
	if s.Year < 1900 || s.Year > 2100 {
		b.bad(BuilderSources, pos, "year", "must be between 1900 and 2100, got %d", s.Year)
	}
	if _, dup := b.g.sourceIndex[s.ID]; dup {
		b.bad(BuilderSources, pos, "id", "duplicate id %q", s.ID)
		return
	}
	b.g.sourceIndex[s.ID] = len(b.g.sources)
	b.g.sources = append(b.g.sources, s)
}

// AddGroup adds a country group.
func (b *Builder) AddGroup(gr Group) {
	pos := b.rec(BuilderGroups)
	if msg := checkID(gr.Code, false); msg != "" {
		b.bad(BuilderGroups, pos, "code", "%s, got %q", msg, gr.Code)
		return
	}
	b.checkSources(BuilderGroups, pos, gr.Sources)
	if _, dup := b.g.groupIndex[gr.Code]; dup {
		b.bad(BuilderGroups, pos, "code", "duplicate code %q", gr.Code)
		return
	}
	b.g.groupIndex[gr.Code] = len(b.g.groups)
	b.g.groups = append(b.g.groups, gr)
}

// AddCountry adds a country (an ISO 3166-1 alpha-2 code).
func (b *Builder) AddCountry(c Country) {
	pos := b.rec(BuilderCountries)
	if !IsISO3166(c.Code) {
		b.bad(BuilderCountries, pos, "code", "%q is not an ISO 3166-1 alpha-2 country code", c.Code)
		return
	}
	if strings.TrimSpace(c.Name) == "" {
		b.bad(BuilderCountries, pos, "name", "value is required")
	}
	for _, gc := range c.Groups {
		if _, ok := b.g.groupIndex[gc]; !ok {
			b.bad(BuilderCountries, pos, "groups", "unknown group %q", gc)
		}
	}
	b.checkSources(BuilderCountries, pos, c.Sources)
	if _, dup := b.g.countryIndex[c.Code]; dup {
		b.bad(BuilderCountries, pos, "code", "duplicate code %q", c.Code)
		return
	}
	b.g.countryIndex[c.Code] = len(b.g.countries)
	b.g.countries = append(b.g.countries, c)
}

// AddCorridor adds a corridor tag.
func (b *Builder) AddCorridor(c Corridor) {
	pos := b.rec(BuilderCorridors)
	if msg := checkID(c.Tag, true); msg != "" {
		b.bad(BuilderCorridors, pos, "tag", "%s, got %q", msg, c.Tag)
		return
	}
	b.checkSources(BuilderCorridors, pos, c.Sources)
	if b.corridorIndex[c.Tag] {
		b.bad(BuilderCorridors, pos, "tag", "duplicate tag %q", c.Tag)
		return
	}
	b.corridorIndex[c.Tag] = true
	b.g.corridors = append(b.g.corridors, c)
}

// AddNode adds a node and returns its id, or None when the node cannot be
// added (bad or duplicate id; the problem is reported by Build). Border
// nodes are not supported yet (BorderPair is set to None).
func (b *Builder) AddNode(n Node) NodeID {
	pos := b.rec(BuilderNodes)
	if msg := checkID(n.ID, false); msg != "" {
		b.bad(BuilderNodes, pos, "id", "%s, got %q", msg, n.ID)
		return None
	}
	if _, dup := b.g.nodeIndex[n.ID]; dup {
		b.bad(BuilderNodes, pos, "id", "duplicate id %q", n.ID)
		return None
	}
	if strings.TrimSpace(n.Name) == "" {
		b.bad(BuilderNodes, pos, "name", "value is required")
	}
	if n.Kind < City || n.Kind > Chokepoint {
		b.bad(BuilderNodes, pos, "kind", "unknown kind %d", n.Kind)
	}
	if n.Kind == Border {
		b.bad(BuilderNodes, pos, "kind", "border nodes need a pair and dwell times; the Builder does not make them yet")
	}
	n.BorderPair = None
	if n.Country != "" {
		if _, ok := b.g.countryIndex[n.Country]; !ok {
			b.bad(BuilderNodes, pos, "country", "country %q was not added with AddCountry", n.Country)
		}
	}
	if !(n.Lon >= -180 && n.Lon <= 180) {
		b.bad(BuilderNodes, pos, "lon", "must be within -180..180, got %v", n.Lon)
	}
	if !(n.Lat >= -90 && n.Lat <= 90) {
		b.bad(BuilderNodes, pos, "lat", "must be within -90..90, got %v", n.Lat)
	}
	b.checkNum(BuilderNodes, pos, "handling_hours", n.HandlingHours, 0, false)
	b.checkNum(BuilderNodes, pos, "handling_usd", n.HandlingUSD, 0, false)
	b.checkNum(BuilderNodes, pos, "capacity_teu_year", n.CapacityTEUYear, 0, false)
	b.checkNum(BuilderNodes, pos, "border_median_hours", n.BorderMedianHours, 0, false)
	b.checkNum(BuilderNodes, pos, "border_p90_hours", n.BorderP90Hours, 0, false)
	if n.BorderP90Hours < n.BorderMedianHours {
		b.bad(BuilderNodes, pos, "border_p90_hours", "p90 (%g h) must not be below the median (%g h)", n.BorderP90Hours, n.BorderMedianHours)
	}
	b.checkSources(BuilderNodes, pos, n.Sources)
	id := NodeID(len(b.g.nodes))
	b.g.nodeIndex[n.ID] = id
	b.g.nodes = append(b.g.nodes, n)
	return id
}

// AddLink adds a link row: one directed link, or two when s.Both is set. It
// returns the id of the first link, or None when the row cannot be added.
func (b *Builder) AddLink(s LinkSpec) LinkID {
	pos := b.rec(BuilderLinks)
	const kind = BuilderLinks
	ok := true
	if msg := checkID(s.ID, false); msg != "" {
		b.bad(kind, pos, "id", "%s, got %q", msg, s.ID)
		return None
	}
	if _, dup := b.g.linkIndex[s.ID]; dup {
		b.bad(kind, pos, "id", "duplicate id %q", s.ID)
		return None
	}
	nn := NodeID(len(b.g.nodes))
	if s.From < 0 || s.From >= nn {
		b.bad(kind, pos, "from", "unknown node %d", s.From)
		ok = false
	}
	if s.To < 0 || s.To >= nn {
		b.bad(kind, pos, "to", "unknown node %d", s.To)
		ok = false
	}
	if ok && s.From == s.To {
		b.bad(kind, pos, "to", "a link cannot start and end at the same node (%s)", b.g.nodes[s.From].ID)
		ok = false
	}
	if s.Mode < Rail || s.Mode > InlandWater {
		b.bad(kind, pos, "mode", "unknown mode %d", s.Mode)
	}
	switch {
	case s.Mode == Rail && !slices.Contains(Gauges, s.Gauge):
		b.bad(kind, pos, "gauge_mm", "a rail link needs its gauge: 1435, 1520 or 1668, got %d", s.Gauge)
	case s.Mode != Rail && s.Gauge != 0:
		b.bad(kind, pos, "gauge_mm", "only rail links have a gauge (mode is %s)", s.Mode)
	}
	if s.Energy < Electric || s.Energy > Mixed {
		b.bad(kind, pos, "energy", "unknown energy %d", s.Energy)
	}
	b.checkNum(kind, pos, "distance_km", s.DistanceKm, 0, true)
	k := Link{ID: s.ID, From: s.From, To: s.To, Mode: s.Mode, Gauge: s.Gauge, DistanceKm: s.DistanceKm,
		TariffFixedUSD: s.TariffFixedUSD, TariffUSDPerKm: s.TariffUSDPerKm, Energy: s.Energy,
		CapacityTEUYear: s.CapacityTEUYear, Corridors: s.Corridors, Sources: s.Sources, Twin: None}
	switch {
	case s.Hours != 0 && s.SpeedKmh != 0:
		b.bad(kind, pos, "speed_kmh", "give speed_kmh or hours, not both")
	case s.Hours == 0 && s.SpeedKmh == 0:
		b.bad(kind, pos, "speed_kmh", "a link needs speed_kmh or hours")
	case s.SpeedKmh != 0:
		if b.checkNum(kind, pos, "speed_kmh", s.SpeedKmh, 0, true) {
			if s.SpeedKmh > 1000 {
				b.bad(kind, pos, "speed_kmh", "%g km/h is not a freight speed (expected at most 1000)", s.SpeedKmh)
			}
			k.SpeedKmh, k.Hours = s.SpeedKmh, s.DistanceKm/s.SpeedKmh
		}
	default:
		if b.checkNum(kind, pos, "hours", s.Hours, 0, true) {
			k.Hours, k.SpeedKmh = s.Hours, s.DistanceKm/s.Hours
		}
	}
	b.checkNum(kind, pos, "tariff_fixed_usd", s.TariffFixedUSD, 0, false)
	b.checkNum(kind, pos, "tariff_usd_per_km", s.TariffUSDPerKm, 0, false)
	b.checkNum(kind, pos, "capacity_teu_year", s.CapacityTEUYear, 0, false)
	for _, c := range s.Corridors {
		if !b.corridorIndex[c] {
			b.bad(kind, pos, "corridors", "unknown corridor tag %q", c)
		}
	}
	b.checkSources(kind, pos, s.Sources)
	if !ok {
		return None
	}
	id := LinkID(len(b.g.links))
	b.g.linkIndex[k.ID] = id
	if s.Both {
		k.Twin = id + 1
	}
	b.g.links = append(b.g.links, k)
	if s.Both {
		rev := k
		rev.ID = k.ID + "~r"
		rev.From, rev.To = k.To, k.From
		rev.Twin, rev.Reverse = id, true
		b.g.linkIndex[rev.ID] = id + 1
		b.g.links = append(b.g.links, rev)
	}
	return id
}

// AddService adds a scheduled service on a link row (and its twin).
func (b *Builder) AddService(s ServiceSpec) ServiceID {
	pos := b.rec(BuilderServices)
	const kind = BuilderServices
	if msg := checkID(s.ID, false); msg != "" {
		b.bad(kind, pos, "id", "%s, got %q", msg, s.ID)
		return None
	}
	if _, dup := b.g.serviceIndex[s.ID]; dup {
		b.bad(kind, pos, "id", "duplicate id %q", s.ID)
		return None
	}
	if strings.TrimSpace(s.Name) == "" {
		b.bad(kind, pos, "name", "value is required")
	}
	sv := Service{ID: s.ID, Name: s.Name, Operator: s.Operator, Days: s.Days, CapacityTEU: s.CapacityTEU,
		Reefer: s.Reefer, DG: s.DG, Sources: s.Sources}
	if s.Link < 0 || int(s.Link) >= len(b.g.links) || b.g.links[s.Link].Reverse {
		b.bad(kind, pos, "link", "unknown link row %d", s.Link)
		return None
	}
	sv.Links = append(sv.Links, s.Link)
	if tw := b.g.links[s.Link].Twin; tw != None {
		sv.Links = append(sv.Links, tw)
	}
	switch {
	case s.Days != 0 && s.PerWeek != 0:
		b.bad(kind, pos, "days", "give days (a timetable) or per_week (a frequency), not both")
	case s.Days != 0:
		if s.Days >= 1<<7 {
			b.bad(kind, pos, "days", "unknown weekdays %08b", uint8(s.Days))
		}
		if s.DepartureMinute < 0 || s.DepartureMinute >= 24*60 {
			b.bad(kind, pos, "departure_utc", "minute of the day must be 0..1439, got %d", s.DepartureMinute)
		}
		sv.DepartureMinute = s.DepartureMinute
		sv.PerWeek = float64(s.Days.Count())
	case b.checkNum(kind, pos, "per_week", s.PerWeek, 0, true):
		if s.PerWeek > 7*24 {
			b.bad(kind, pos, "per_week", "%g departures a week is more than one an hour", s.PerWeek)
		}
		sv.PerWeek = s.PerWeek
	}
	b.checkNum(kind, pos, "capacity_teu", s.CapacityTEU, 0, false)
	b.checkSources(kind, pos, s.Sources)
	id := ServiceID(len(b.g.services))
	b.g.serviceIndex[s.ID] = id
	b.g.services = append(b.g.services, sv)
	return id
}

// NumNodes is the number of nodes added so far.
func (b *Builder) NumNodes() int { return len(b.g.nodes) }

// NumLinks is the number of directed links added so far.
func (b *Builder) NumLinks() int { return len(b.g.links) }

// Build checks the whole network (every node has a link) and returns the
// immutable Graph, or a *ValidationError naming every problem; name is used
// in its message.
func (b *Builder) Build(name string) (*Graph, error) {
	if b.built {
		return nil, fmt.Errorf("network %s: Builder.Build called twice", name)
	}
	b.built = true
	g := b.g
	touched := make([]bool, len(g.nodes))
	for i := range g.links {
		touched[g.links[i].From], touched[g.links[i].To] = true, true
	}
	for i := range g.nodes {
		if !touched[i] {
			b.bad(BuilderNodes, i+1, "id", "node %s has no links (every node must be reachable)", g.nodes[i].ID)
		}
	}
	if len(b.ps) > 0 {
		order := map[string]int{BuilderSources: 0, BuilderGroups: 1, BuilderCountries: 2, BuilderCorridors: 3,
			BuilderNodes: 4, BuilderLinks: 5, BuilderServices: 6}
		sort.SliceStable(b.ps, func(i, j int) bool {
			x, y := b.ps[i], b.ps[j]
			if x.File != y.File {
				return order[x.File] < order[y.File]
			}
			return x.Line < y.Line
		})
		return nil, &ValidationError{Dir: name, Problems: b.ps}
	}
	sort.Slice(g.sources, func(i, j int) bool { return g.sources[i].ID < g.sources[j].ID })
	for i, s := range g.sources {
		g.sourceIndex[s.ID] = i
	}
	sort.Slice(g.countries, func(i, j int) bool { return g.countries[i].Code < g.countries[j].Code })
	for i, c := range g.countries {
		g.countryIndex[c.Code] = i
	}
	g.buildIndexes()
	return g, nil
}
