package route

import (
	"math"

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
// cached per destination, allowed-link set, set of services that take the
// cargo and set of surcharges in force, which many queries share.
func (r *Router) boundsFor(ws *workspace, dest network.NodeID) *boundSet {
	key := ws.okKey[:0]
	key = append(key, byte(dest), byte(dest>>8), byte(dest>>16), byte(dest>>24))
	key = appendBits(key, ws.linkOK)
	key = appendBits(key, ws.svcOK)
	key = appendBits(key, ws.rates.active)
	key = ws.rates.key(key)
	ws.okKey = key
	if v, ok := r.bounds.Load(string(key)); ok {
		return v.(*boundSet)
	}
	g := r.g
	n := len(r.slots.node)
	bs := &boundSet{hours: make([]float64, n), costPerTEU: make([]float64, n), co2PerTonne: make([]float64, n)}
	wait := ws.linkWait
	ws.dijkstra(r, dest, bs.hours, func(l network.LinkID) float64 {
		k := g.Link(l)
		return k.Hours + wait[l] + g.Node(k.To).BorderMedianHours
	}, func(n *network.Node) float64 { return n.HandlingHours })
	tariff, sur := ws.rates.tariff, ws.rates.linkSur
	ws.dijkstra(r, dest, bs.costPerTEU, func(l network.LinkID) float64 { return tariff[l] + sur[l] },
		func(n *network.Node) float64 { return n.HandlingUSD })
	ws.dijkstra(r, dest, bs.co2PerTonne, func(l network.LinkID) float64 { return r.perTkm[l] },
		func(n *network.Node) float64 { return emissions.HubAt(n.Kind, 1).WTW() })
	if r.boundsN.Add(1) > maxBoundSets {
		r.bounds.Clear()
		r.boundsN.Store(1)
	}
	r.bounds.Store(string(key), bs)
	return bs
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

// dijkstra fills dist, per slot, with the least sum to dest of w over the
// allowed links plus xfer at every node where the path changes mode or
// gauge.
func (ws *workspace) dijkstra(r *Router, dest network.NodeID, dist []float64, w func(network.LinkID) float64, xfer func(*network.Node) float64) {
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
			dl := d + w(l)
			node := g.Node(from)
			for f := sl.start[from]; f < sl.start[from+1]; f++ {
				nd := dl
				if sl.combo[f] != sl.combo[s] {
					if !node.Transships() {
						continue
					}
					nd += xfer(node)
				}
				if nd < dist[f] {
					dist[f] = nd
					h.Push(nd, f)
				}
			}
		}
	}
}
