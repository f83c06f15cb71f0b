package network

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Builder makes a Graph from records given in code, with the record rules
// of the CSV loader: importers (GeoJSON lanes, TNTP road networks) use it
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
	a  *assembly
	ps problems

	n       map[string]int // records added per kind
	nodePos []int          // position of each added node among the AddNode calls
	built   bool
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
	g := &Graph{
		sourceIndex:  map[string]int{},
		groupIndex:   map[string]int{},
		countryIndex: map[string]int{},
		nodeIndex:    map[string]NodeID{},
		linkIndex:    map[string]LinkID{},
		serviceIndex: map[string]ServiceID{},
	}
	a := newAssembly(g, plainTables)
	a.countryOptional = true
	return &Builder{g: g, a: a, n: map[string]int{}}
}

// LinkSpec describes one link row for Builder.AddLink: one directed link, or
// two (the reverse gets the id ID+"~r") when Both is set. It is a LinkRecord
// with typed values and node ids of this Builder.
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

// builderRecord places the problems of one record: kind and position.
type builderRecord struct {
	b    *Builder
	kind string
	pos  int
}

func (r builderRecord) Field(field, format string, args ...any) {
	r.b.ps.add(r.kind, r.pos, field, format, args...)
}

// rec starts a record of kind and returns its Reporter.
func (b *Builder) rec(kind string) builderRecord {
	b.n[kind]++
	return builderRecord{b, kind, b.n[kind]}
}

// Grow says how many more nodes and directed links are coming, so that the
// tables are sized once instead of doubling as they fill (an importer that
// knows its counts holds half the memory at the peak). It is only a hint.
func (b *Builder) Grow(nodes, links int) {
	if nodes > 0 {
		b.g.nodes = slices.Grow(b.g.nodes, nodes)
		b.nodePos = slices.Grow(b.nodePos, nodes)
		if len(b.g.nodeIndex) == 0 {
			b.g.nodeIndex = make(map[string]NodeID, nodes)
		}
	}
	if links > 0 {
		b.g.links = slices.Grow(b.g.links, links)
		if len(b.g.linkIndex) == 0 {
			b.g.linkIndex = make(map[string]LinkID, links)
		}
	}
}

// AddSource adds a cited source. Its id is lower case (see docs/DATA.md).
func (b *Builder) AddSource(s Source) { b.a.source(s, b.rec(BuilderSources)) }

// AddGroup adds a country group.
func (b *Builder) AddGroup(gr Group) { b.a.group(gr, b.rec(BuilderGroups)) }

// AddCountry adds a country (an ISO 3166-1 alpha-2 code).
func (b *Builder) AddCountry(c Country) { b.a.country(c, b.rec(BuilderCountries)) }

// AddCorridor adds a corridor tag.
func (b *Builder) AddCorridor(c Corridor) { b.a.corridor(c, b.rec(BuilderCorridors)) }

// AddNode adds a node and returns its id, or None when the node has a
// problem (reported by Build). A border node's BorderPair must be a node
// added before it; use AddNodeRecord to name a node added later.
func (b *Builder) AddNode(n Node) NodeID {
	pair := ""
	if n.Kind == Border && n.BorderPair >= 0 && int(n.BorderPair) < len(b.g.nodes) {
		pair = b.g.nodes[n.BorderPair].ID
	}
	return b.AddNodeRecord(NodeRecord{ID: n.ID, Name: n.Name, Aliases: n.Aliases, Kind: n.Kind.String(), Country: n.Country,
		Lon: n.Lon, Lat: n.Lat, HandlingHours: n.HandlingHours, HandlingUSD: n.HandlingUSD, BorderPair: pair,
		BorderMedianHours: Given(n.BorderMedianHours), BorderP90Hours: Given(n.BorderP90Hours), CapacityTEUYear: n.CapacityTEUYear,
		ControlledBy: n.ControlledBy, Sources: n.Sources})
}

// AddNodeRecord adds a node record and returns its id, or None when it has a
// problem (reported by Build). A border pair is resolved by Build.
func (b *Builder) AddNodeRecord(r NodeRecord) NodeID {
	rep := b.rec(BuilderNodes)
	id := b.a.node(r, rep)
	if id != None {
		b.nodePos = append(b.nodePos, rep.pos)
	}
	return id
}

// AddLink adds a link row: one directed link, or two when s.Both is set. It
// returns the id of the first link, or None when the row has a problem.
func (b *Builder) AddLink(s LinkSpec) LinkID {
	dir := "forward"
	if s.Both {
		dir = "both"
	}
	return b.AddLinkRecord(LinkRecord{ID: s.ID, From: b.nodeName(s.From), To: b.nodeName(s.To), Mode: s.Mode.String(),
		GaugeMM: int(s.Gauge), DistanceKm: s.DistanceKm, SpeedKmh: s.SpeedKmh, Hours: s.Hours,
		TariffFixedUSD: s.TariffFixedUSD, TariffUSDPerKm: s.TariffUSDPerKm, Energy: s.Energy.String(),
		CapacityTEUYear: s.CapacityTEUYear, Corridors: s.Corridors, Direction: dir, Sources: s.Sources})
}

// nodeName is the id of node n, or n's number when no such node was added.
func (b *Builder) nodeName(n NodeID) string {
	if n >= 0 && int(n) < len(b.g.nodes) {
		return b.g.nodes[n].ID
	}
	return fmt.Sprint(int32(n))
}

// AddLinkRecord adds a link record: one directed link, or two unless its
// direction is forward. It returns the id of the first link, or None when
// the record has a problem.
func (b *Builder) AddLinkRecord(r LinkRecord) LinkID {
	return b.a.link(r, b.rec(BuilderLinks))
}

// AddService adds a scheduled service on a link row (and its twin).
func (b *Builder) AddService(s ServiceSpec) ServiceID {
	link := fmt.Sprint(int32(s.Link))
	if s.Link >= 0 && int(s.Link) < len(b.g.links) {
		link = b.g.links[s.Link].ID
	}
	r := ServiceRecord{ID: s.ID, Name: s.Name, Operator: s.Operator, Link: link, PerWeek: s.PerWeek,
		CapacityTEU: s.CapacityTEU, Reefer: s.Reefer, DG: s.DG, Sources: s.Sources}
	if s.Days != 0 {
		r.Days = strings.Split(s.Days.String(), ";")
		if s.Days >= 1<<7 {
			r.Days = append(r.Days, fmt.Sprintf("day%d", 7))
		}
		r.DepartureUTC = formatClock(s.DepartureMinute)
	}
	return b.AddServiceRecord(r)
}

// AddServiceRecord adds a service record on a link row (and its twin).
func (b *Builder) AddServiceRecord(r ServiceRecord) ServiceID {
	return b.a.service(r, b.rec(BuilderServices))
}

// NumNodes is the number of nodes added so far.
func (b *Builder) NumNodes() int { return len(b.g.nodes) }

// NumLinks is the number of directed links added so far.
func (b *Builder) NumLinks() int { return len(b.g.links) }

// Build resolves border pairs, checks the whole network (CheckGraph) and returns the
// immutable Graph, or a *ValidationError naming every problem; name is used
// in its message.
func (b *Builder) Build(name string) (*Graph, error) {
	if b.built {
		return nil, fmt.Errorf("network %s: Builder.Build called twice", name)
	}
	b.built = true
	g := b.g
	b.a.finish(func(n NodeID) Reporter { return builderRecord{b, BuilderNodes, b.nodePos[n]} })
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
	b.a.sortTables()
	g.buildIndexes()
	return g, nil
}
