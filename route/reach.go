package route

import "corridor/network"

// reachable reports whether the query's destination can be reached at all
// on the links it may use (ws.linkOK, set by prepare), through its vias in
// order: a breadth-first search per stage, origin to the first via, that
// via to the next, the last to the destination. It relaxes the search
// (transshipment rules, services, the transshipment limit and the sea-leg
// rule are ignored), so false means the label search would find nothing;
// it is asked only of queries whose restrictions (vias, modes, corridors,
// passages, avoided places) can make a destination unreachable, where the label search
// would otherwise explore every state before finding so (seconds on the
// bundled network for a comparison's corridor with vias by one mode).
func (r *Router) reachable(ws *workspace, q *Query) bool {
	g := r.g
	n := g.NumNodes()
	if cap(ws.seen) < n {
		ws.seen = make([]uint32, n)
		ws.stamp = 0
	}
	ws.seen = ws.seen[:n]
	from := q.From
	for stage := 0; stage <= len(q.Via); stage++ {
		to := q.To
		if stage < len(q.Via) {
			to = q.Via[stage]
		}
		if ws.stamp++; ws.stamp == 0 { // wrapped: clear the marks
			clear(ws.seen)
			ws.stamp = 1
		}
		ws.bfs = append(ws.bfs[:0], from)
		ws.seen[from] = ws.stamp
		found := from == to
		for i := 0; i < len(ws.bfs) && !found; i++ {
			for _, l := range g.Out(ws.bfs[i]) {
				if !ws.linkOK[l] {
					continue
				}
				t := g.Link(l).To
				if ws.seen[t] == ws.stamp {
					continue
				}
				if t == to {
					found = true
					break
				}
				ws.seen[t] = ws.stamp
				ws.bfs = append(ws.bfs, t)
			}
		}
		if !found {
			return false
		}
		from = to
	}
	return true
}

// passageReachable reports whether q's destination can be reached from its
// origin on the links q may use by a path that makes passage ps (a link
// whose PassageOf is ps), relaxed as reachable is and ignoring the via
// nodes too: false means no itinerary of q makes the passage. A
// breadth-first search over (node, passage made) pairs.
func (r *Router) passageReachable(q *Query, ps network.Passage) bool {
	ws := r.pool.Get().(*workspace)
	defer r.pool.Put(ws)
	r.prepareFilters(ws, r.newParams(q)) // the filters only: no bounds needed
	g := r.g
	n := g.NumNodes()
	seen := make([]bool, 2*n)
	queue := []int{int(q.From)}
	seen[q.From] = true
	for i := 0; i < len(queue); i++ {
		at, made := queue[i]%n, queue[i] >= n
		for _, l := range g.Out(network.NodeID(at)) {
			if !ws.linkOK[l] {
				continue
			}
			next := int(g.Link(l).To)
			if made || r.passage[l] == ps {
				if next == int(q.To) {
					return true
				}
				next += n
			}
			if !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
	return false
}

// restricted reports whether q limits the links or the order of places
// enough that its destination may be out of reach (see reachable).
func (q *Query) restricted() bool {
	return len(q.Via) > 0 || len(q.Modes) > 0 || len(q.SegmentModes) > 0 || len(q.Corridors) > 0 || q.excluded != 0 ||
		len(q.AvoidCountries)+len(q.AvoidGroups)+len(q.AvoidNodes) > 0
}
