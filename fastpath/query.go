package fastpath

import (
	"math"
	"slices"

	"corridor/internal/minheap"
	"corridor/network"
)

// Path is a shortest path: its links in order and its total weight under
// the metric.
type Path struct {
	Weight float64
	Links  []network.LinkID
}

// queryWS is one query's scratch memory, reused through the pool.
type queryWS struct {
	df, db   []float64
	pf, pb   []int32 // edge used to reach each node (forward: into it; backward: out of it)
	touched  []int32
	hf, hb   minheap.Heap[float64, int32]
	stackBuf []int32
}

func newQueryWS(n int) *queryWS {
	ws := &queryWS{df: make([]float64, n), db: make([]float64, n), pf: make([]int32, n), pb: make([]int32, n)}
	for i := range ws.df {
		ws.df[i], ws.db[i] = math.Inf(1), math.Inf(1)
	}
	return ws
}

func (ws *queryWS) reset() {
	for _, v := range ws.touched {
		ws.df[v], ws.db[v] = math.Inf(1), math.Inf(1)
	}
	ws.touched = ws.touched[:0]
	ws.hf.Reset()
	ws.hb.Reset()
}

// Query returns the shortest path from one node to another under the
// hierarchy's metric, and false when to cannot be reached (or either node is
// out of range). It runs a bidirectional Dijkstra on the upward graphs and
// unpacks the shortcuts of the best meeting point into original links.
// Queries may run concurrently.
func (h *Hierarchy) Query(from, to network.NodeID) (Path, bool) {
	n := network.NodeID(h.n)
	if from < 0 || from >= n || to < 0 || to >= n {
		return Path{}, false
	}
	if from == to {
		return Path{}, true
	}
	ws := h.pool.Get().(*queryWS)
	defer h.pool.Put(ws)
	ws.reset()
	s, t := int32(from), int32(to)
	ws.df[s], ws.pf[s] = 0, -1
	ws.db[t], ws.pb[t] = 0, -1
	ws.touched = append(ws.touched, s, t)
	ws.hf.Push(0, s)
	ws.hb.Push(0, t)
	best, meet := math.Inf(1), int32(-1)
	if s == t {
		best, meet = 0, s
	}
	for ws.hf.Len() > 0 || ws.hb.Len() > 0 {
		fmin, bmin := math.Inf(1), math.Inf(1)
		if ws.hf.Len() > 0 {
			fmin, _ = ws.hf.Min()
		}
		if ws.hb.Len() > 0 {
			bmin, _ = ws.hb.Min()
		}
		if fmin >= best && bmin >= best {
			break
		}
		if fmin <= bmin {
			d, v := ws.hf.Pop()
			if d > ws.df[v] {
				continue
			}
			if sum := d + ws.db[v]; sum < best {
				best, meet = sum, v
			}
			if h.stalled(ws.df, h.bwdStart, h.bwd, v, d) {
				continue
			}
			for _, a := range h.fwd[h.fwdStart[v]:h.fwdStart[v+1]] {
				nd := d + a.W
				if nd < ws.df[a.To] {
					if math.IsInf(ws.df[a.To], 1) && math.IsInf(ws.db[a.To], 1) {
						ws.touched = append(ws.touched, a.To)
					}
					ws.df[a.To], ws.pf[a.To] = nd, a.Edge
					ws.hf.Push(nd, a.To)
				}
			}
		} else {
			d, v := ws.hb.Pop()
			if d > ws.db[v] {
				continue
			}
			if sum := d + ws.df[v]; sum < best {
				best, meet = sum, v
			}
			if h.stalled(ws.db, h.fwdStart, h.fwd, v, d) {
				continue
			}
			for _, a := range h.bwd[h.bwdStart[v]:h.bwdStart[v+1]] {
				nd := d + a.W
				if nd < ws.db[a.To] {
					if math.IsInf(ws.df[a.To], 1) && math.IsInf(ws.db[a.To], 1) {
						ws.touched = append(ws.touched, a.To)
					}
					ws.db[a.To], ws.pb[a.To] = nd, a.Edge
					ws.hb.Push(nd, a.To)
				}
			}
		}
	}
	if meet < 0 {
		return Path{}, false
	}
	p := Path{Weight: best}
	// forward half: edges from s to meet, collected backwards
	stack := ws.stackBuf[:0]
	for v := meet; v != s; {
		e := ws.pf[v]
		stack = append(stack, e)
		v = h.edges[e].From
	}
	for i := len(stack) - 1; i >= 0; i-- {
		p.Links = h.unpack(stack[i], p.Links)
	}
	for v := meet; v != t; {
		e := ws.pb[v]
		p.Links = h.unpack(e, p.Links)
		v = h.edges[e].To
	}
	ws.stackBuf = stack
	return p, true
}

// stalled is stall-on-demand: v, settled at d by one search, is not on a
// shortest path if a higher node u already reached by the same search has
// an arc down to v (an upward arc of the other direction) giving less than d.
func (h *Hierarchy) stalled(dist []float64, start []int32, arcs []arc, v int32, d float64) bool {
	for _, a := range arcs[start[v]:start[v+1]] {
		if dist[a.To]+a.W < d {
			return true
		}
	}
	return false
}

// unpack appends the original links of edge e to out.
func (h *Hierarchy) unpack(e int32, out []network.LinkID) []network.LinkID {
	for {
		ed := &h.edges[e]
		if ed.Link >= 0 {
			return append(out, network.LinkID(ed.Link))
		}
		out = h.unpack(ed.C1, out)
		e = ed.C2
	}
}

// Dijkstra is the plain one-to-one Dijkstra search on g under m, without
// preprocessing: the reference the hierarchy is tested against, and the
// fallback for a single query on a small graph.
func Dijkstra(g *network.Graph, m Metric, from, to network.NodeID) (Path, bool) {
	n := g.NumNodes()
	if from < 0 || int(from) >= n || to < 0 || int(to) >= n {
		return Path{}, false
	}
	dist := make([]float64, n)
	pred := make([]network.LinkID, n)
	for i := range dist {
		dist[i], pred[i] = math.Inf(1), network.None
	}
	dist[from] = 0
	var h minheap.Heap[float64, network.NodeID]
	h.Push(0, from)
	for h.Len() > 0 {
		d, v := h.Pop()
		if d > dist[v] {
			continue
		}
		if v == to {
			break
		}
		for _, l := range g.Out(v) {
			k := g.Link(l)
			w := m.Weight(k)
			if !(w >= 0) {
				continue
			}
			if nd := d + w; nd < dist[k.To] {
				dist[k.To], pred[k.To] = nd, l
				h.Push(nd, k.To)
			}
		}
	}
	if math.IsInf(dist[to], 1) {
		return Path{}, false
	}
	p := Path{Weight: dist[to]}
	for v := to; v != from; v = g.Link(pred[v]).From {
		p.Links = append(p.Links, pred[v])
	}
	slices.Reverse(p.Links)
	return p, true
}
