package fastpath

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"corridor/internal/minheap"
	"corridor/network"
)

// Metric is the single criterion a Hierarchy minimises.
type Metric uint8

// The metrics.
const (
	Distance Metric = iota + 1 // link DistanceKm
	Time                       // link Hours (running time, no waits or dwell)
)

// String names the metric as the CLI spells it.
func (m Metric) String() string {
	switch m {
	case Distance:
		return "distance"
	case Time:
		return "time"
	}
	return fmt.Sprintf("metric(%d)", uint8(m))
}

// ParseMetric reads distance or time.
func ParseMetric(s string) (Metric, error) {
	switch s {
	case "distance":
		return Distance, nil
	case "time":
		return Time, nil
	}
	return 0, fmt.Errorf("unknown metric %q (expected distance or time)", s)
}

// Weight returns link l's weight under m.
func (m Metric) Weight(k *network.Link) float64 {
	if m == Time {
		return k.Hours
	}
	return k.DistanceKm
}

// edge is a link of the hierarchy: an original link (link >= 0) or a
// shortcut made of two edges c1 then c2.
type edge struct {
	From, To int32
	W        float64
	Link     int32 // network.LinkID, or -1 for a shortcut
	C1, C2   int32 // child edges of a shortcut, -1 otherwise
}

// arc is an entry of an upward adjacency list.
type arc struct {
	To   int32
	W    float64
	Edge int32
}

// Hierarchy is a contraction hierarchy of one Graph under one Metric. It is
// immutable and safe for concurrent queries.
type Hierarchy struct {
	metric      Metric
	fingerprint [32]byte
	n           int
	edges       []edge
	fwdStart    []int32 // upward arcs out of each node (search from the origin)
	fwd         []arc
	bwdStart    []int32 // upward arcs into each node, reversed (search from the destination)
	bwd         []arc
	stats       Stats
	pool        sync.Pool
}

// Stats describes a Hierarchy.
type Stats struct {
	Nodes     int           `json:"nodes"`
	Links     int           `json:"links"`     // original directed links kept (the lightest of parallel links)
	Shortcuts int           `json:"shortcuts"` // edges added by contraction
	UpArcs    int           `json:"up_arcs"`   // arcs in both upward graphs
	Build     time.Duration `json:"build_ns"`  // contraction time (zero when read from a cache)
}

// Stats returns the hierarchy's size and build time.
func (h *Hierarchy) Stats() Stats { return h.stats }

// Metric is the criterion the hierarchy minimises.
func (h *Hierarchy) Metric() Metric { return h.metric }

// Fingerprint is the content hash of the graph and metric it was built for.
func (h *Hierarchy) Fingerprint() [32]byte { return h.fingerprint }

// Build contracts g under m. Nodes are contracted in order of edge
// difference plus contracted neighbours, updated lazily; a shortcut u→x is
// added for each contracted v unless a witness search (a local Dijkstra
// bounded in cost and in settled nodes) finds a path u→x avoiding v that is
// no longer. Negative, NaN or infinite weights are not expected (the graph
// validator refuses them) and are treated as +Inf.
//
// Build checks ctx every few thousand contractions and, once it is done,
// stops and returns its error wrapped.
func Build(ctx context.Context, g *network.Graph, m Metric) (*Hierarchy, error) {
	start := time.Now()
	c := newContractor(g, m)
	if err := c.run(ctx); err != nil {
		return nil, fmt.Errorf("fastpath: building the %s hierarchy: %w", m, err)
	}
	h := c.hierarchy()
	h.metric, h.fingerprint = m, Fingerprint(g, m)
	h.stats.Build = time.Since(start)
	h.init()
	return h, nil
}

// checkEvery is how many contractions Build makes between two looks at its
// context.
const checkEvery = 4096

func (h *Hierarchy) init() {
	h.pool.New = func() any { return newQueryWS(h.n) }
}

// contractor holds the mutable graph during contraction.
type contractor struct {
	n          int
	out, in    [][]arc
	edges      []edge
	contracted []bool
	deleted    []int32 // contracted neighbours, for the priority
	fwdUp      [][]arc
	bwdUp      [][]arc
	links      int
	ws         witnessWS
}

func newContractor(g *network.Graph, m Metric) *contractor {
	n := g.NumNodes()
	c := &contractor{n: n, out: make([][]arc, n), in: make([][]arc, n), contracted: make([]bool, n),
		deleted: make([]int32, n), fwdUp: make([][]arc, n), bwdUp: make([][]arc, n)}
	c.ws = newWitnessWS(n)
	best := make(map[[2]int32]int32, g.NumLinks())
	for l := 0; l < g.NumLinks(); l++ {
		k := g.Link(network.LinkID(l))
		if k.From == k.To {
			continue
		}
		w := m.Weight(k)
		if !(w >= 0) || math.IsInf(w, 1) {
			continue
		}
		key := [2]int32{int32(k.From), int32(k.To)}
		if e, ok := best[key]; ok {
			if w < c.edges[e].W {
				c.edges[e].W, c.edges[e].Link = w, int32(l)
			}
			continue
		}
		best[key] = int32(len(c.edges))
		c.edges = append(c.edges, edge{From: key[0], To: key[1], W: w, Link: int32(l), C1: -1, C2: -1})
	}
	c.links = len(c.edges)
	for i, e := range c.edges {
		c.out[e.From] = append(c.out[e.From], arc{e.To, e.W, int32(i)})
		c.in[e.To] = append(c.in[e.To], arc{e.From, e.W, int32(i)})
	}
	return c
}

// witness search limits: enough for road and lane networks, and they keep
// preprocessing near-linear on large graphs.
const (
	maxSettledSimulate = 40  // when estimating a node's priority
	maxSettledContract = 300 // when contracting it (a missed witness only adds a superfluous shortcut)
)

type witnessWS struct {
	dist    []float64
	touched []int32
	h       minheap.Heap[float64, int32]
}

func newWitnessWS(n int) witnessWS {
	d := make([]float64, n)
	for i := range d {
		d[i] = math.Inf(1)
	}
	return witnessWS{dist: d}
}

func (ws *witnessWS) reset() {
	for _, v := range ws.touched {
		ws.dist[v] = math.Inf(1)
	}
	ws.touched = ws.touched[:0]
	ws.h.Reset()
}

// witness runs a Dijkstra from src over uncontracted nodes other than skip,
// up to cost limit; afterwards ws.dist holds the distances found.
func (c *contractor) witness(src, skip int32, limit float64, maxSettled int) {
	ws := &c.ws
	ws.reset()
	ws.dist[src] = 0
	ws.touched = append(ws.touched, src)
	ws.h.Push(0, src)
	settled := 0
	for ws.h.Len() > 0 {
		d, v := ws.h.Pop()
		if d > ws.dist[v] {
			continue
		}
		if d > limit {
			break
		}
		settled++
		if settled > maxSettled {
			break
		}
		for _, a := range c.out[v] {
			if a.To == skip || c.contracted[a.To] {
				continue
			}
			nd := d + a.W
			if nd < ws.dist[a.To] {
				if math.IsInf(ws.dist[a.To], 1) {
					ws.touched = append(ws.touched, a.To)
				}
				ws.dist[a.To] = nd
				ws.h.Push(nd, a.To)
			}
		}
	}
}

// shortcuts lists the shortcuts contracting v needs (apply=false only counts).
func (c *contractor) shortcuts(v int32, apply bool) int {
	count := 0
	maxOut := 0.0
	for _, o := range c.out[v] {
		if !c.contracted[o.To] && o.W > maxOut {
			maxOut = o.W
		}
	}
	for _, i := range c.in[v] {
		u := i.To
		if c.contracted[u] {
			continue
		}
		settle := maxSettledSimulate
		if apply {
			settle = maxSettledContract
		}
		c.witness(u, v, i.W+maxOut, settle)
		for _, o := range c.out[v] {
			x := o.To
			if x == u || c.contracted[x] {
				continue
			}
			w := i.W + o.W
			if c.ws.dist[x] <= w {
				continue
			}
			count++
			if apply {
				c.addShortcut(u, x, w, i.Edge, o.Edge)
			}
		}
	}
	return count
}

func (c *contractor) addShortcut(u, x int32, w float64, e1, e2 int32) {
	id := int32(len(c.edges))
	for j := range c.out[u] {
		if c.out[u][j].To == x {
			if w < c.out[u][j].W {
				c.edges = append(c.edges, edge{From: u, To: x, W: w, Link: -1, C1: e1, C2: e2})
				c.out[u][j] = arc{x, w, id}
				for k := range c.in[x] {
					if c.in[x][k].To == u {
						c.in[x][k] = arc{u, w, id}
					}
				}
			}
			return
		}
	}
	c.edges = append(c.edges, edge{From: u, To: x, W: w, Link: -1, C1: e1, C2: e2})
	c.out[u] = append(c.out[u], arc{x, w, id})
	c.in[x] = append(c.in[x], arc{u, w, id})
}

func (c *contractor) priority(v int32) float64 {
	deg := 0
	for _, a := range c.out[v] {
		if !c.contracted[a.To] {
			deg++
		}
	}
	for _, a := range c.in[v] {
		if !c.contracted[a.To] {
			deg++
		}
	}
	s := c.shortcuts(v, false)
	return float64(2*(s-deg)) + float64(c.deleted[v])
}

// run contracts every node, in priority order; it stops with ctx's error
// when ctx is done.
func (c *contractor) run(ctx context.Context) error {
	items := make([]minheap.Item[float64, int32], 0, c.n)
	for v := 0; v < c.n; v++ {
		if v%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		items = append(items, minheap.Item[float64, int32]{Key: c.priority(int32(v)), Value: int32(v)})
	}
	var pq minheap.Heap[float64, int32]
	pq.Init(items)
	done := 0
	for pq.Len() > 0 {
		_, v := pq.Pop()
		if c.contracted[v] {
			continue
		}
		// lazy update: re-evaluate, and put back if no longer the least
		if p := c.priority(v); pq.Len() > 0 {
			if least, _ := pq.Min(); p > least {
				pq.Push(p, v)
				continue
			}
		}
		if done++; done%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		c.contract(v)
	}
	return nil
}

func (c *contractor) contract(v int32) {
	c.shortcuts(v, true)
	for _, a := range c.out[v] {
		if !c.contracted[a.To] {
			c.fwdUp[v] = append(c.fwdUp[v], a)
		}
	}
	for _, a := range c.in[v] {
		if !c.contracted[a.To] {
			c.bwdUp[v] = append(c.bwdUp[v], a)
		}
	}
	c.contracted[v] = true
	// drop v from its neighbours' lists and count it as a deleted neighbour
	for _, a := range c.out[v] {
		x := a.To
		c.in[x] = removeArc(c.in[x], v)
		c.deleted[x]++
	}
	for _, a := range c.in[v] {
		u := a.To
		c.out[u] = removeArc(c.out[u], v)
		c.deleted[u]++
	}
	c.out[v], c.in[v] = nil, nil
}

func removeArc(as []arc, v int32) []arc {
	k := 0
	for _, a := range as {
		if a.To != v {
			as[k] = a
			k++
		}
	}
	return as[:k]
}

func (c *contractor) hierarchy() *Hierarchy {
	h := &Hierarchy{n: c.n, edges: c.edges}
	csr := func(lists [][]arc) ([]int32, []arc) {
		start := make([]int32, c.n+1)
		total := 0
		for v, l := range lists {
			start[v] = int32(total)
			total += len(l)
		}
		start[c.n] = int32(total)
		flat := make([]arc, 0, total)
		for _, l := range lists {
			flat = append(flat, l...)
		}
		return start, flat
	}
	h.fwdStart, h.fwd = csr(c.fwdUp)
	h.bwdStart, h.bwd = csr(c.bwdUp)
	h.stats = Stats{Nodes: c.n, Links: c.links, Shortcuts: len(c.edges) - c.links, UpArcs: len(h.fwd) + len(h.bwd)}
	return h
}
