package network

import (
	"fmt"
	"maps"
	"slices"
)

// Editor changes a graph being derived from a base graph (see Derive).
// The base is never modified: the first change to a node, link or service
// copies that table for the derived graph; tables that are not changed are
// shared with the base, as are countries, groups, corridors and sources.
type Editor struct {
	base *Graph
	g    *Graph

	nodesCopied, linksCopied, servicesCopied bool
	ratesCopied, surchargesChanged           bool
	topology                                 bool      // nodes or links were added
	a                                        *assembly // adds records; nil until the first
}

// Derive returns a new graph made from g by edit, which receives an Editor.
// g itself is not changed and stays valid.
func (g *Graph) Derive(edit func(*Editor) error) (*Graph, error) {
	d := *g // shares every table until the editor copies one
	d.pinned, d.undated = g.pinned || g.undated != nil, nil
	e := &Editor{base: g, g: &d}
	if err := edit(e); err != nil {
		return nil, err
	}
	if e.topology {
		d.buildIndexes()
	}
	if e.topology || e.surchargesChanged {
		d.indexRates()
	}
	return &d, nil
}

// Graph returns the graph being derived, for look-ups (read only).
func (e *Editor) Graph() *Graph { return e.g }

func (e *Editor) copyNodes() {
	if !e.nodesCopied {
		e.g.nodes = slices.Clone(e.g.nodes)
		e.nodesCopied = true
	}
}

func (e *Editor) copyLinks() {
	if !e.linksCopied {
		e.g.links = slices.Clone(e.g.links)
		e.linksCopied = true
	}
}

func (e *Editor) copyServices() {
	if !e.servicesCopied {
		e.g.services = slices.Clone(e.g.services)
		for i := range e.g.services {
			e.g.services[i].Links = slices.Clone(e.g.services[i].Links)
		}
		e.servicesCopied = true
	}
}

// beginTopology readies the id indexes for additions (copied once; the
// adjacency is rebuilt when Derive ends).
func (e *Editor) beginTopology() {
	if e.topology {
		return
	}
	e.g.nodeIndex = maps.Clone(e.g.nodeIndex)
	e.g.linkIndex = maps.Clone(e.g.linkIndex)
	e.g.serviceIndex = maps.Clone(e.g.serviceIndex)
	e.topology = true
}

// Node returns node n of the derived graph for changing.
func (e *Editor) Node(n NodeID) *Node {
	e.copyNodes()
	return &e.g.nodes[n]
}

// Link returns link l of the derived graph for changing. After changing
// DistanceKm, Hours or SpeedKmh call SetHours or SetSpeed to keep them consistent.
func (e *Editor) Link(l LinkID) *Link {
	e.copyLinks()
	return &e.g.links[l]
}

// Service returns service s of the derived graph for changing.
func (e *Editor) Service(s ServiceID) *Service {
	e.copyServices()
	return &e.g.services[s]
}

// SetSpeed sets a link's speed and its running time with it.
func (e *Editor) SetSpeed(l LinkID, kmh float64) error {
	if !(kmh > 0) || kmh > 1000 {
		return fmt.Errorf("speed %g km/h: expected more than 0 and at most 1000", kmh)
	}
	k := e.Link(l)
	k.SpeedKmh, k.Hours = kmh, k.DistanceKm/kmh
	return nil
}

// CloseNode closes a node: no link to or from it may be used.
func (e *Editor) CloseNode(n NodeID) { e.Node(n).Closed = true }

// CloseLink closes one directed link.
func (e *Editor) CloseLink(l LinkID) { e.Link(l).Closed = true }

// records returns the assembly that adds records to the derived graph with
// the rules of the loader; the first record added copies the node, link
// and service tables. Records need not cite a source of the network: the
// caller cites itself (a scenario).
func (e *Editor) records() *assembly {
	if e.a == nil {
		e.a = newAssembly(e.g, plainTables)
		e.a.ownSources = true
		e.a.change = func() {
			e.copyNodes()
			e.copyLinks()
			e.copyServices()
			e.beginTopology()
		}
	}
	return e.a
}

// AddNodeRecord checks r with the loader's rules and adds the node, or
// reports to rep and returns None. Its border pair is resolved by Check.
func (e *Editor) AddNodeRecord(r NodeRecord, rep Reporter) NodeID { return e.records().node(r, rep) }

// AddLinkRecord checks r with the loader's rules and adds its link (and the
// reverse, ID~r, unless it runs forward only), or reports to rep and
// returns None.
func (e *Editor) AddLinkRecord(r LinkRecord, rep Reporter) LinkID { return e.records().link(r, rep) }

// AddServiceRecord checks r with the loader's rules and adds the service on
// its link row (and the twin), or reports to rep and returns None.
func (e *Editor) AddServiceRecord(r ServiceRecord, rep Reporter) ServiceID {
	return e.records().service(r, rep)
}

// Check resolves the border pairs of the nodes added and runs CheckGraph on
// the derived graph; at places the problems of a node, and returns nil for
// nodes not to be reported on (those of the base, which was checked).
func (e *Editor) Check(at func(NodeID) Reporter) { e.records().finish(at) }
