package network

import (
	"slices"
	"sort"
)

// Graph is a loaded, validated network. It is immutable: every method only
// reads, so one Graph may serve any number of goroutines at once. Slices
// returned by its methods belong to the Graph and must not be modified.
//
// Nodes, links and services are stored in slices indexed by their compact
// ids; outgoing and incoming links are kept in compressed sparse row (CSR)
// arrays so that a search touches contiguous memory.
type Graph struct {
	nodes     []Node
	links     []Link
	services  []Service
	countries []Country
	groups    []Group
	corridors []Corridor
	sources   []Source

	nodeIndex    map[string]NodeID
	linkIndex    map[string]LinkID
	serviceIndex map[string]ServiceID
	countryIndex map[string]int
	groupIndex   map[string]int
	sourceIndex  map[string]int

	outStart  []int32 // len(nodes)+1; out links of n are outLinks[outStart[n]:outStart[n+1]]
	outLinks  []LinkID
	inStart   []int32
	inLinks   []LinkID
	svcStart  []int32 // len(links)+1; services of l are svcList[svcStart[l]:svcStart[l+1]]
	svcList   []ServiceID
	folded    []foldedNames       // per node, for FindNodes
	nameIndex map[string][]NodeID // folded names and aliases, for Resolve

	rates      []RateSeries // dated rates (rates.go), in file order
	surcharges []Surcharge
	rateStart  []int32 // len(links)+1 when there are rates: the series of l are rateList[rateStart[l]:rateStart[l+1]]
	rateList   []int16
	surStart   []int32 // likewise for surcharges
	surList    []int16

	params []Param // calibration factors (params.go), applied at load

	// undated is, on a graph AtMonth made, the graph it was made from;
	// pinned marks a graph derived from such a graph (its dated times are
	// part of it, so AtMonth returns it as it is).
	undated *Graph
	pinned  bool
}

// NumNodes is the number of nodes.
func (g *Graph) NumNodes() int { return len(g.nodes) }

// NumLinks is the number of directed links.
func (g *Graph) NumLinks() int { return len(g.links) }

// NumServices is the number of services.
func (g *Graph) NumServices() int { return len(g.services) }

// Node returns the node with compact id n. It panics if n is out of range,
// like a slice index: ids come from this Graph.
func (g *Graph) Node(n NodeID) *Node { return &g.nodes[n] }

// Link returns the directed link with compact id l.
func (g *Graph) Link(l LinkID) *Link { return &g.links[l] }

// Service returns the service with compact id s.
func (g *Graph) Service(s ServiceID) *Service { return &g.services[s] }

// NodeByID looks a node up by its external id.
func (g *Graph) NodeByID(id string) (NodeID, bool) {
	n, ok := g.nodeIndex[id]
	return n, ok
}

// LinkByID looks a directed link up by its external id.
func (g *Graph) LinkByID(id string) (LinkID, bool) {
	l, ok := g.linkIndex[id]
	return l, ok
}

// ServiceByID looks a service up by its id.
func (g *Graph) ServiceByID(id string) (ServiceID, bool) {
	s, ok := g.serviceIndex[id]
	return s, ok
}

// Out returns the links leaving n.
func (g *Graph) Out(n NodeID) []LinkID { return g.outLinks[g.outStart[n]:g.outStart[n+1]] }

// In returns the links arriving at n.
func (g *Graph) In(n NodeID) []LinkID { return g.inLinks[g.inStart[n]:g.inStart[n+1]] }

// ServicesOn returns the services that run on link l (empty when the link can
// be used at any time).
func (g *Graph) ServicesOn(l LinkID) []ServiceID {
	return g.svcList[g.svcStart[l]:g.svcStart[l+1]]
}

// Countries returns every country of the countries table, sorted by code.
func (g *Graph) Countries() []Country { return g.countries }

// Country looks a country up by its ISO code.
func (g *Graph) Country(code string) (*Country, bool) {
	i, ok := g.countryIndex[code]
	if !ok {
		return nil, false
	}
	return &g.countries[i], true
}

// Groups returns every country group, sorted by code.
func (g *Graph) Groups() []Group { return g.groups }

// GroupMembers returns the codes of the countries in a group (sorted), and
// whether the group exists.
func (g *Graph) GroupMembers(code string) ([]string, bool) {
	if _, ok := g.groupIndex[code]; !ok {
		return nil, false
	}
	var out []string
	for _, c := range g.countries {
		if slices.Contains(c.Groups, code) {
			out = append(out, c.Code)
		}
	}
	return out, true
}

// Corridors returns every corridor tag, in file order.
func (g *Graph) Corridors() []Corridor { return g.corridors }

// Sources returns every source, sorted by id.
func (g *Graph) Sources() []Source { return g.sources }

// Source looks a source up by id.
func (g *Graph) Source(id string) (*Source, bool) {
	i, ok := g.sourceIndex[id]
	if !ok {
		return nil, false
	}
	return &g.sources[i], true
}

// UsedCountries returns the sorted codes of the countries that have at least one node.
func (g *Graph) UsedCountries() []string {
	seen := map[string]bool{}
	for i := range g.nodes {
		if c := g.nodes[i].Country; c != "" {
			seen[c] = true
		}
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// buildIndexes fills the CSR adjacency and service arrays. It is called once,
// by the loader, before the Graph is handed out.
func (g *Graph) buildIndexes() {
	n := len(g.nodes)
	g.folded = make([]foldedNames, n)
	g.nameIndex = make(map[string][]NodeID, 2*n)
	for i := range g.nodes {
		g.folded[i] = foldNode(&g.nodes[i])
		for _, name := range g.folded[i].names {
			if ns := g.nameIndex[name]; len(ns) == 0 || ns[len(ns)-1] != NodeID(i) {
				g.nameIndex[name] = append(ns, NodeID(i))
			}
		}
	}
	g.outStart = make([]int32, n+1)
	g.inStart = make([]int32, n+1)
	for i := range g.links {
		g.outStart[g.links[i].From+1]++
		g.inStart[g.links[i].To+1]++
	}
	for i := 0; i < n; i++ {
		g.outStart[i+1] += g.outStart[i]
		g.inStart[i+1] += g.inStart[i]
	}
	g.outLinks = make([]LinkID, len(g.links))
	g.inLinks = make([]LinkID, len(g.links))
	outPos := slices.Clone(g.outStart[:n])
	inPos := slices.Clone(g.inStart[:n])
	for i := range g.links {
		l := &g.links[i]
		g.outLinks[outPos[l.From]] = LinkID(i)
		outPos[l.From]++
		g.inLinks[inPos[l.To]] = LinkID(i)
		inPos[l.To]++
	}

	g.svcStart = make([]int32, len(g.links)+1)
	for i := range g.services {
		for _, l := range g.services[i].Links {
			g.svcStart[l+1]++
		}
	}
	for i := 0; i < len(g.links); i++ {
		g.svcStart[i+1] += g.svcStart[i]
	}
	g.svcList = make([]ServiceID, g.svcStart[len(g.links)])
	pos := slices.Clone(g.svcStart[:len(g.links)])
	for i := range g.services {
		for _, l := range g.services[i].Links {
			g.svcList[pos[l]] = ServiceID(i)
			pos[l]++
		}
	}
}
