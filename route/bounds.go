package route

import (
	"math"
	"sync/atomic"

	"corridor/emissions"
	"corridor/network"
)

// maxBoundSets caps the bounds cache; it is emptied when full.
const maxBoundSets = 4096

// boundSet holds lower bounds to one destination over one set of allowed
// links, per arrival slot (see slots) and per unit: hours, USD per TEU
// tariff unit, kg CO2e per tonne of cargo. Costs and emissions are linear
// in the cargo, so one set serves every cargo; with a carbon price the sum
// of the two bounds is still a bound.
type boundSet struct {
	hours, costPerTEU, co2PerTonne []float64
}

// slots number the ways a label can stand at a node: the node with the
// mode and gauge of a link arriving there. Two labels in one slot pay the
// same for every link onwards (a transshipment where its mode or gauge
// differs), so lower bounds per slot count the handling a path must still
// pay, which bounds per node cannot.
type slots struct {
	of    []int32          // per link: the slot its head is reached in
	node  []network.NodeID // per slot
	combo []uint8          // per slot: mode·nGauge + gauge index
	start []int32          // per node: its slots are start[n] to start[n+1]-1
	// The links arriving in slot s are in[inStart[s]:inStart[s+1]].
	inStart []int32
	in      []network.LinkID
}

// combo packs a link's mode and gauge as a state does.
func combo(k *network.Link) uint8 { return uint8(int(k.Mode)*nGauge + gaugeIndex(k.Gauge)) }

func newSlots(g *network.Graph) slots {
	sl := slots{of: make([]int32, g.NumLinks()), start: make([]int32, g.NumNodes()+1)}
	for n := 0; n < g.NumNodes(); n++ {
		sl.start[n] = int32(len(sl.node))
		first := len(sl.node)
		for _, l := range g.In(network.NodeID(n)) {
			c := combo(g.Link(l))
			s := first
			for s < len(sl.node) && sl.combo[s] != c {
				s++
			}
			if s == len(sl.node) {
				sl.node = append(sl.node, network.NodeID(n))
				sl.combo = append(sl.combo, c)
			}
			sl.of[l] = int32(s)
		}
	}
	sl.start[g.NumNodes()] = int32(len(sl.node))
	sl.inStart = make([]int32, len(sl.node)+1)
	for _, s := range sl.of {
		sl.inStart[s+1]++
	}
	for s := range len(sl.node) {
		sl.inStart[s+1] += sl.inStart[s]
	}
	sl.in = make([]network.LinkID, g.NumLinks())
	next := append([]int32(nil), sl.inStart[:len(sl.node)]...)
	for l, s := range sl.of {
		sl.in[next[s]] = network.LinkID(l)
		next[s]++
	}
	return sl
}

// boundsFor returns lower bounds to dest over the links ws allows, per
// slot: three reverse Dijkstra searches over slots (hours, tariff per TEU,
// CO2e per tonne). A link counts its running time, the border dwell at the
// node it reaches and, where every service that takes the cargo runs by
// frequency, the wait for them (ws.linkWait), its tariff with the
// surcharges charged on each use, and its emissions; moving from a slot to
// a link of another mode or gauge counts the node's handling hours,
// handling USD and hub emissions, and is barred where the node does not
// transship. Timetabled waits and the surcharges of a trip's first and
// last link are left out, so the bounds never overestimate. Results are
// cached per allowed-link set, set of services that take the cargo and
// set of surcharges in force (a boundTable, which the workspace keeps
// while it prepares queries alike), then per destination; many queries
// share them.
func (r *Router) boundsFor(ws *workspace, dest network.NodeID) *boundSet {
	if ws.tab == nil || ws.tabEpoch != r.boundsEpoch.Load() {
		ws.tabEpoch = r.boundsEpoch.Load()
		key := ws.okKey[:0]
		key = appendBits(key, ws.linkOK)
		key = appendBits(key, ws.svcOK)
		key = appendBits(key, ws.rates.active)
		key = ws.rates.key(key)
		ws.okKey = key
		v, ok := r.bounds.Load(string(key))
		if !ok {
			v, _ = r.bounds.LoadOrStore(string(key), &boundTable{sets: make([]atomic.Pointer[boundSet], r.g.NumNodes())})
		}
		ws.tab = v.(*boundTable)
	}
	if bs := ws.tab.sets[dest].Load(); bs != nil {
		return bs
	}
	n := len(r.slots.node)
	bs := &boundSet{hours: make([]float64, n), costPerTEU: make([]float64, n), co2PerTonne: make([]float64, n)}
	for c := range nCrit {
		ws.dijkstra(r, dest, bs.of(c), c)
	}
	if r.boundsN.Add(1) > maxBoundSets {
		r.clearBounds()
		r.boundsN.Store(1)
	}
	ws.tab.sets[dest].Store(bs)
	return bs
}

// boundTable holds the bound sets of one key of the bounds cache, per
// destination node (nil until computed).
type boundTable struct {
	sets []atomic.Pointer[boundSet]
}

// clearBounds empties the bounds cache; workspaces look their tables up
// again.
func (r *Router) clearBounds() {
	r.bounds.Clear()
	r.boundsN.Store(0)
	r.boundsEpoch.Add(1)
}

// The criteria of the bounds.
const (
	critHours = iota
	critCost
	critCO2
	nCrit
)

// of returns the bounds of criterion c.
func (b *boundSet) of(c int) []float64 {
	switch c {
	case critHours:
		return b.hours
	case critCost:
		return b.costPerTEU
	}
	return b.co2PerTonne
}

// boundLink is what link l counts in the bound of criterion c.
func (r *Router) boundLink(ws *workspace, c int, l network.LinkID) float64 {
	switch c {
	case critHours:
		k := &r.hot[l] // the link's Hours, its head's BorderMedianHours
		return k.hours + ws.linkWait[l] + k.dwell
	case critCost:
		return ws.rates.tariff[l] + ws.rates.linkSur[l]
	}
	return r.perTkm[l]
}

// boundXfer is what a change of mode or gauge at n counts in the bound of
// criterion c.
func boundXfer(c int, n *network.Node) float64 {
	switch c {
	case critHours:
		return n.MinHandlingHours()
	case critCost:
		return n.HandlingUSD
	}
	return emissions.HubAt(n.Kind, 1).WTW()
}

// seed finds up to three real itineraries before the search, so that it
// prunes from its start rather than from its first arrivals: for each
// criterion, the path that follows the least bound of that criterion from
// the origin (the bounds' shortest-path tree), taken with the search's own
// steps and rules (extend). The criteria of those that arrive go in
// ws.seeds. A seed prunes a label only when it is better than the label's
// optimistic completion by more than the tie tolerance in some criterion
// (prunedByResults): the search itself still finds the seed's path, or one
// as good, and no label on it is pruned. Queries with via nodes have no
// seeds (the bounds ignore the via nodes).
func (r *Router) seed(ws *workspace, p *params) {
	ws.seeds = ws.seeds[:0]
	if p.nvia > 0 {
		return
	}
	g, sl := r.g, &r.slots
	for c := range nCrit {
		b := ws.lb.of(c)
		lab := ws.labels[0]
		for range len(sl.node) + 1 { // a path of the tree visits a slot once
			node, mode, gauge, via := p.decode(lab.state)
			best, next := math.Inf(1), network.LinkID(-1)
			for _, l := range g.Out(node) {
				if !ws.linkOK[l] {
					continue
				}
				k := &r.hot[l]
				w := r.boundLink(ws, c, l) + b[k.slot]
				if mode != 0 && (mode != k.mode || gauge != k.gauge) {
					if !g.Node(node).Transships() {
						continue
					}
					w += boundXfer(c, g.Node(node))
				}
				if w < best {
					best, next = w, l
				}
			}
			if next < 0 {
				break
			}
			var nl label
			if !r.extend(ws, p, &lab, -1, node, mode, gauge, via, next, &nl) {
				break
			}
			if nl.state == p.target {
				ws.seeds = append(ws.seeds, nl)
				break
			}
			lab = nl
		}
	}
}

// appendBits appends bits to key as a bit set, eight to a byte.
func appendBits(key []byte, bits []bool) []byte {
	var b byte
	for i, ok := range bits {
		if ok {
			b |= 1 << (i % 8)
		}
		if i%8 == 7 || i == len(bits)-1 {
			key = append(key, b)
			b = 0
		}
	}
	return key
}

// dijkstra fills dist, per slot, with the least sum to dest of boundLink
// of criterion c over the allowed links plus boundXfer at every node where
// the path changes mode or gauge.
func (ws *workspace) dijkstra(r *Router, dest network.NodeID, dist []float64, c int) {
	g, sl := r.g, &r.slots
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	h := &ws.dheap
	h.Reset()
	for s := sl.start[dest]; s < sl.start[dest+1]; s++ {
		dist[s] = 0
		h.Push(0, s)
	}
	for h.Len() > 0 {
		d, s := h.Pop()
		if d > dist[s] {
			continue
		}
		for _, l := range sl.in[sl.inStart[s]:sl.inStart[s+1]] {
			if !ws.linkOK[l] {
				continue
			}
			from := g.Link(l).From
			dl := d + r.boundLink(ws, c, l)
			node := g.Node(from)
			for f := sl.start[from]; f < sl.start[from+1]; f++ {
				nd := dl
				if sl.combo[f] != sl.combo[s] {
					if !node.Transships() {
						continue
					}
					nd += boundXfer(c, node)
				}
				if nd < dist[f] {
					dist[f] = nd
					h.Push(nd, f)
				}
			}
		}
	}
}
