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
	topology                                 bool // nodes or links were added
}

// Derive returns a new graph made from g by edit, which receives an Editor.
// g itself is not changed and stays valid.
func (g *Graph) Derive(edit func(*Editor) error) (*Graph, error) {
	d := *g // shares every table until the editor copies one
	e := &Editor{base: g, g: &d}
	if err := edit(e); err != nil {
		return nil, err
	}
	if e.topology {
		d.buildIndexes()
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

// AddNode adds a node; its id must be new. Validation of its fields is the
// caller's (the scenario package checks added records like the loader).
func (e *Editor) AddNode(n Node) (NodeID, error) {
	if _, dup := e.g.nodeIndex[n.ID]; dup {
		return None, fmt.Errorf("node %s already exists", n.ID)
	}
	e.copyNodes()
	e.beginTopology()
	id := NodeID(len(e.g.nodes))
	if n.BorderPair == 0 && n.Kind != Border {
		n.BorderPair = None
	}
	e.g.nodes = append(e.g.nodes, n)
	e.g.nodeIndex[n.ID] = id
	return id, nil
}

// AddLink adds a link (and its reverse, with id ID~r, when both is set);
// its id must be new and its ends must exist. It returns the forward link.
func (e *Editor) AddLink(k Link, both bool) (LinkID, error) {
	if _, dup := e.g.linkIndex[k.ID]; dup {
		return None, fmt.Errorf("link %s already exists", k.ID)
	}
	n := NodeID(len(e.g.nodes))
	if k.From < 0 || k.From >= n || k.To < 0 || k.To >= n || k.From == k.To {
		return None, fmt.Errorf("link %s: bad ends", k.ID)
	}
	e.copyLinks()
	e.beginTopology()
	id := LinkID(len(e.g.links))
	k.Twin, k.Reverse = None, false
	if both {
		k.Twin = id + 1
	}
	e.g.links = append(e.g.links, k)
	e.g.linkIndex[k.ID] = id
	if both {
		rev := k
		rev.ID = k.ID + "~r"
		rev.From, rev.To = k.To, k.From
		rev.Twin, rev.Reverse = id, true
		e.g.links = append(e.g.links, rev)
		e.g.linkIndex[rev.ID] = id + 1
	}
	return id, nil
}

// AddService adds a service on link l (and its twin).
func (e *Editor) AddService(s Service, l LinkID) (ServiceID, error) {
	if _, dup := e.g.serviceIndex[s.ID]; dup {
		return -1, fmt.Errorf("service %s already exists", s.ID)
	}
	if l < 0 || int(l) >= len(e.g.links) {
		return -1, fmt.Errorf("service %s: bad link", s.ID)
	}
	e.copyServices()
	e.beginTopology()
	s.Links = []LinkID{l}
	if tw := e.g.links[l].Twin; tw != None {
		s.Links = append(s.Links, tw)
	}
	id := ServiceID(len(e.g.services))
	e.g.services = append(e.g.services, s)
	e.g.serviceIndex[s.ID] = id
	return id, nil
}
