package assign

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// usedEps is the bush flow below which a link counts as unused; smaller
// remainders left by flow shifts are cleared.
const usedEps = 1e-9

// Flags and mask of a bush link list entry (bushes.bl).
const (
	blLast int32 = math.MinInt32 // last link into its node
	blUsed int32 = 1 << 30       // bush flow above usedEps
	blLink int32 = blUsed - 1    // the link index
)

// setUsed sets or clears the used flag of entry e.
func setUsed(e *int32, used bool) {
	if used {
		*e |= blUsed
	} else {
		*e &^= blUsed
	}
}

// bushes is the state of Algorithm B: one acyclic bush per origin (and
// class) with its link flows, the total and per-class link flows, and the
// link times and derivatives kept current after every shift.
type bushes struct {
	p   *Problem
	net *Network
	m   int
	x   []float64
	xc  [][]float64
	tm  []float64
	der []float64
	// cost[c][a] is tm[a] + the class's fixed cost of link a, kept current
	// by refresh; classes with the same fixed costs share a slice (each
	// distinct slice once in costs, with its fixed costs)
	cost  [][]float64
	costs []classCost
	in    []bool    // [bush*m + link]
	bf    []float64 // [bush*m + link]
	topo  [][]int32
	// bl lists, per bush, its links grouped by head node in the order of
	// topo[1:], each entry a link index with flags: blUsed when the bush's
	// flow on the link is above usedEps (kept in step with bf), blLast on
	// the last link of a node's group. A pass over the bush reads this
	// short slice instead of every in-link of every node and the bush's
	// flows scattered over bf.
	bl     [][]int32
	excess []float64 // per bush: the largest U − L at its last flow shift
	spt    []float64 // per bush: demand × shortest-path cost, from updateAll

	sc []*scratch // one per worker; sc[0] serves the serial phases
}

// classCost is one distinct per-class link cost slice and the fixed costs
// it adds to the link times.
type classCost struct {
	cost, fixed []float64
}

// scratch is one worker's workspace for one bush at a time.
type scratch struct {
	id         int // the worker's index in bushes.sc
	L, U       []float64
	minP, maxP []int32
	pos        []int32 // position in the current bush's topological order
	stamp      []int32
	cur        int32
	outdeg     []int32 // resort: bush links leaving each node not yet ordered
	queue      []int32 // resort: the nodes ordered, last first
	drop       []drop  // flow remainders update took off its bushes, not yet off the links
	kOf        []int32 // per link: its entry in the bush's bl, set by labels
	list       []int32 // relist, insert, resort: the list being built
	added      []int32 // update: the links it added, in link order
	gs, ge     []int32 // resort: each node's group in the old link list
	head, next []int32 // resort: the new links into each node
	mark       []int32 // prune: bush nodes (= cur), which relax leaves
	inQ        []bool  // relax, correct: node waiting in ring
	ring       []int32 // relax, correct: FIFO of nodes whose label fell
	head0      int32   // ring's head
	tail, size int32   // ring's tail and length
}

// drop is a flow remainder (at most usedEps) that update removed from a
// bush link; the links' total flows lose it after the parallel phase, in
// bush order, so that the result does not depend on the number of workers.
type drop struct {
	bush, class, link int32
	v                 float64
}

func newScratch(n, m int) *scratch {
	return &scratch{L: make([]float64, n), U: make([]float64, n), minP: make([]int32, n), maxP: make([]int32, n),
		pos: make([]int32, n), stamp: make([]int32, n), outdeg: make([]int32, n), queue: make([]int32, 0, n),
		gs: make([]int32, n), ge: make([]int32, n), head: make([]int32, n),
		kOf: make([]int32, m), list: make([]int32, 0, m), inQ: make([]bool, n), ring: make([]int32, n), mark: make([]int32, n)}
}

func newBushes(p *Problem, workers int) (*bushes, error) {
	net := p.net
	m, n, B := net.NumLinks(), net.numNodes, len(p.origins)
	if float64(B)*float64(m) > 4e9 || int64(m) > int64(blLink) {
		return nil, fmt.Errorf("assign: %d origins × %d links is too large for Algorithm B here", B, m)
	}
	s := &bushes{p: p, net: net, m: m, x: make([]float64, m), tm: make([]float64, m), der: make([]float64, m),
		in: make([]bool, B*m), bf: make([]float64, B*m), topo: make([][]int32, B), bl: make([][]int32, B), excess: make([]float64, B), spt: make([]float64, B)}
	for w := range max(workers, 1) {
		sc := newScratch(n, m)
		sc.id = w
		s.sc = append(s.sc, sc)
	}
	if len(p.classes) == 1 {
		s.xc = [][]float64{s.x}
	} else {
		for range p.classes {
			s.xc = append(s.xc, make([]float64, m))
		}
	}
	for _, f := range p.fixed {
		k := slices.IndexFunc(s.costs, func(c classCost) bool { return &c.fixed[0] == &f[0] })
		if k < 0 {
			k = len(s.costs)
			s.costs = append(s.costs, classCost{cost: make([]float64, m), fixed: f})
		}
		s.cost = append(s.cost, s.costs[k].cost)
	}
	return s, nil
}

// refresh recomputes link a's time, derivative and class costs from its
// flow.
func (s *bushes) refresh(a int32) {
	t, d := s.net.timeDer(int(a), s.x[a])
	s.tm[a], s.der[a] = t, d
	for _, c := range s.costs {
		c.cost[a] = t + c.fixed[a]
	}
}

// init builds every bush as the shortest-path tree at free-flow costs and
// loads its demand on it.
func (s *bushes) init(ctx context.Context) error {
	net, p, m := s.net, s.p, s.m
	for a := 0; a < m; a++ {
		s.refresh(int32(a))
	}
	costs := make([][]float64, len(p.classes))
	for c := range costs {
		costs[c] = make([]float64, m)
	}
	p.classCosts(s.tm, costs)
	sps := make([]*spWork, len(s.sc))
	for i := range sps {
		sps[i] = newSPWork(net.numNodes)
	}
	err := s.parallel(ctx, func(sc *scratch, b int) error {
		w := sps[sc.id]
		o := &p.origins[b]
		w.run(net, costs[o.class], o.node)
		if _, err := w.loadTree(net, o, s.bf[b*m:(b+1)*m]); err != nil {
			return err
		}
		in, bf := s.in[b*m:(b+1)*m], s.bf[b*m:(b+1)*m]
		topo := make([]int32, len(w.order))
		copy(topo, w.order)
		s.topo[b] = topo
		// the tree's link list: one link into each node, in settled order
		bl := make([]int32, len(topo)-1)
		for k, v := range topo[1:] {
			a := w.pred[v]
			in[a] = true
			bl[k] = a | blLast
			if bf[a] > usedEps {
				bl[k] |= blUsed
			}
		}
		s.bl[b] = bl
		return nil
	})
	if err != nil {
		return err
	}
	// the link flows, in origin order
	for b := range p.origins {
		bf, xc := s.bf[b*m:(b+1)*m], s.xc[p.origins[b].class]
		for _, e := range s.bl[b] {
			a := e & blLink
			if bf[a] != 0 {
				s.x[a] += bf[a]
				if len(s.xc) > 1 {
					xc[a] += bf[a]
				}
			}
		}
	}
	for a := 0; a < m; a++ {
		s.refresh(int32(a))
	}
	return nil
}

// relist rebuilds bush b's link list bl from its links (in) and its
// topological order.
func (s *bushes) relist(sc *scratch, b int) error {
	net, m := s.net, s.m
	in, bf := s.in[b*m:(b+1)*m], s.bf[b*m:(b+1)*m]
	bl := sc.list[:0]
	for _, j := range s.topo[b][1:] {
		n0 := len(bl)
		for _, a := range net.inLink[net.inStart[j]:net.inStart[j+1]] {
			if in[a] {
				e := a
				if bf[a] > usedEps {
					e |= blUsed
				}
				bl = append(bl, e)
			}
		}
		if len(bl) == n0 {
			return fmt.Errorf("assign: internal error: node %d of the bush of origin %d has no link into it", j, s.p.origins[b].node)
		}
		bl[len(bl)-1] |= blLast
	}
	sc.list = bl
	s.keepList(b, bl)
	return nil
}

// keepList copies bl into bush b's link list, keeping that near its
// length: with many bushes on a large network, append's doubling would
// cost more memory than the flows.
func (s *bushes) keepList(b int, bl []int32) {
	old := s.bl[b]
	if n := len(bl); cap(old) < n || cap(old) > n+n/4+64 {
		old = make([]int32, n, n+n/8+16)
	}
	s.bl[b] = old[:len(bl)]
	copy(s.bl[b], bl)
}

// labels computes, in the bush's topological order, the shortest-path
// labels L over all bush links (predecessor minP) and the longest-path
// labels U over the links that carry flow (predecessor maxP; a node
// without used in-links gets U = L).
func (s *bushes) labels(sc *scratch, b int) {
	net := s.net
	cost := s.cost[s.p.origins[b].class]
	from, kOf := net.from, sc.kOf
	L, U, minP, maxP := sc.L, sc.U, sc.minP, sc.maxP
	topo, bl := s.topo[b], s.bl[b]
	sc.cur++
	r := topo[0]
	sc.pos[r], sc.stamp[r] = 0, sc.cur
	L[r], U[r], minP[r], maxP[r] = 0, 0, -1, -1
	k := 0
	for p, j := range topo[1:] {
		sc.pos[j], sc.stamp[j] = int32(p+1), sc.cur
		bestL, bestU := math.Inf(1), math.Inf(-1)
		minp, maxp := int32(-1), int32(-1)
		for {
			e := bl[k]
			a := e & blLink
			kOf[a] = int32(k)
			k++
			i := from[a]
			c := cost[a]
			if l := L[i] + c; l < bestL {
				bestL, minp = l, a
			}
			if e&blUsed != 0 {
				if u := U[i] + c; u > bestU {
					bestU, maxp = u, a
				}
			}
			if e < 0 {
				break
			}
		}
		L[j], minP[j] = bestL, minp
		if maxp < 0 {
			U[j], maxP[j] = bestL, minp
		} else {
			U[j], maxP[j] = bestU, maxp
		}
	}
}

// update is Dial's bush update: drop unused links (keeping the shortest-
// path tree), then add every link (i, j) with U_i + c_ij < U_j, U being the
// longest-path label over the whole bush, which keeps the bush acyclic; and
// sort the bush topologically again. It reports how many links were added;
// with eval, it first returns origin b's demand-weighted shortest-path
// cost over the whole network at the flows as they are, corrected from the
// labels the update computes anyway (see correct). It reads the link times
// but changes only bush b: flow remainders it takes off dropped links are
// queued in sc.drop for the caller to take off the links' flows, so that
// bushes can be updated concurrently.
func (s *bushes) update(sc *scratch, b int, eval bool) (sptt float64, nAdded int, err error) {
	net, m := s.net, s.m
	o := &s.p.origins[b]
	cost := s.cost[o.class]
	in := s.in[b*m : (b+1)*m]
	s.prune(sc, b)
	L, U, mark, cur, pos, to := sc.L, sc.U, sc.mark, sc.cur, sc.pos, net.to
	sc.head0, sc.tail, sc.size = 0, 0, 0
	added, backward := sc.added[:0], false
	// every link not in the bush, in link order: a candidate for the bush
	// and, with eval, the first pass of the label correction (the bush's
	// links cannot lower a label: L is their minimum)
	for a, i := range net.from {
		if in[a] || mark[i] != cur || (i < net.firstThru && i != o.node) {
			continue
		}
		j, c := to[a], cost[a]
		if eval {
			sc.relax(j, L[i]+c)
		}
		if mark[j] == cur && U[i]+c < U[j] {
			in[a] = true
			added = append(added, int32(a))
			backward = backward || pos[i] > pos[j]
		}
	}
	sc.added = added
	if eval {
		if sptt, err = s.correct(sc, b); err != nil {
			return 0, 0, err
		}
	}
	if len(added) == 0 {
		return sptt, 0, nil
	}
	if backward {
		// a new link runs against the order: sort again
		return sptt, len(added), s.resort(sc, b)
	}
	s.insert(sc, b)
	return sptt, len(added), nil
}

// prune is the first half of update, in one pass over bush b in
// topological order: the shortest-path labels L over every bush link
// (predecessor minP), the unused links other than minP dropped, and the
// longest-path labels U over the links that remain; sc.mark and sc.stamp
// mark the bush's nodes, sc.pos gives their positions.
func (s *bushes) prune(sc *scratch, b int) {
	m := s.m
	o := &s.p.origins[b]
	cost := s.cost[o.class]
	in, bf := s.in[b*m:(b+1)*m], s.bf[b*m:(b+1)*m]
	from := s.net.from
	L, U, minP, pos, stamp, mark := sc.L, sc.U, sc.minP, sc.pos, sc.stamp, sc.mark
	topo, bl := s.topo[b], s.bl[b]
	sc.cur++
	cur := sc.cur
	r := topo[0]
	pos[r], stamp[r], mark[r] = 0, cur, cur
	L[r], U[r], minP[r] = 0, 0, -1
	k, w := 0, 0
	for p, j := range topo[1:] {
		pos[j], stamp[j], mark[j] = int32(p+1), cur, cur
		bestL, bestU := math.Inf(1), math.Inf(-1)
		minp := int32(-1)
		k0 := k
		for {
			e := bl[k]
			a := e & blLink
			k++
			i := from[a]
			c := cost[a]
			if l := L[i] + c; l < bestL {
				bestL, minp = l, a
			}
			if e&blUsed != 0 {
				if u := U[i] + c; u > bestU {
					bestU = u
				}
			}
			if e < 0 {
				break
			}
		}
		if u := U[from[minp]] + cost[minp]; u > bestU {
			bestU = u
		}
		L[j], U[j], minP[j] = bestL, bestU, minp
		// keep the used links and minp (w ≤ q: the group is read first)
		for q := k0; q < k; q++ {
			e := bl[q]
			a := e & blLink
			if e&blUsed == 0 && a != minp {
				in[a] = false
				if bf[a] != 0 {
					sc.drop = append(sc.drop, drop{bush: int32(b), class: o.class, link: a, v: bf[a]})
					bf[a] = 0
				}
			} else {
				bl[w] = e &^ blLast
				w++
			}
		}
		bl[w-1] |= blLast
	}
	s.bl[b] = bl[:w]
}

// relax lowers node j's label L to d if d is lower and queues j for
// correct.
func (sc *scratch) relax(j int32, d float64) {
	if sc.stamp[j] == sc.cur && d >= sc.L[j] {
		return
	}
	sc.L[j], sc.stamp[j] = d, sc.cur
	if !sc.inQ[j] {
		sc.inQ[j] = true
		sc.ring[sc.tail] = j
		if sc.tail++; int(sc.tail) == len(sc.ring) {
			sc.tail = 0
		}
		sc.size++
	}
}

// correct returns origin b's demand-weighted shortest-path cost over the
// whole network. It starts from labels L that are costs of real paths
// and so upper bounds (the bush's shortest-path labels), lowered by relax
// on a first pass over the links that could lower them; it corrects the
// queued labels FIFO until no link improves any (label-correcting; the
// labels are then shortest-path costs). Near equilibrium the bush holds
// nearly every shortest path and few labels change, which makes this
// cheaper than a Dijkstra run from scratch.
func (s *bushes) correct(sc *scratch, b int) (float64, error) {
	net := s.net
	o := &s.p.origins[b]
	cost, to := s.cost[o.class], net.to
	n := int32(len(sc.ring))
	for sc.size > 0 {
		i := sc.ring[sc.head0]
		if sc.head0++; sc.head0 == n {
			sc.head0 = 0
		}
		sc.size--
		sc.inQ[i] = false
		if i < net.firstThru && i != o.node {
			continue
		}
		li := sc.L[i]
		for _, a := range net.outLink[net.outStart[i]:net.outStart[i+1]] {
			sc.relax(to[a], li+cost[a])
		}
	}
	v := 0.0
	for k, d := range o.dest {
		if sc.stamp[d] != sc.cur {
			return 0, fmt.Errorf("assign: node %d cannot be reached from node %d (demand %g)", d, o.node, o.flow[k])
		}
		v += o.flow[k] * sc.L[d]
	}
	return v, nil
}

// insert adds the links sc.added (in link order, new to bush b, each
// running forward in its topological order) to the bush's link list,
// each into its head node's group, which stays in link order as relist
// builds it.
func (s *bushes) insert(sc *scratch, b int) {
	to, pos, add := s.net.to, sc.pos, sc.added
	// by head position; stable, so in link order within a head
	slices.SortStableFunc(add, func(x, y int32) int { return cmp.Compare(pos[to[x]], pos[to[y]]) })
	old := s.bl[b]
	bl := sc.list[:0]
	k, q := 0, 0
	for p := int32(1); k < len(old); p++ {
		for {
			e := old[k]
			k++
			a := e & blLink
			for q < len(add) && pos[to[add[q]]] == p && add[q] < a {
				bl = append(bl, add[q])
				q++
			}
			bl = append(bl, e&^blLast)
			if e < 0 {
				break
			}
		}
		for q < len(add) && pos[to[add[q]]] == p {
			bl = append(bl, add[q])
			q++
		}
		bl[len(bl)-1] |= blLast
	}
	sc.list = bl
	s.keepList(b, bl)
}

// parallel calls fn for every bush on up to len(s.sc) goroutines, each
// with its own scratch; fn must change nothing shared but bush b's own
// state. It returns the first error (in worker order).
func (s *bushes) parallel(ctx context.Context, fn func(sc *scratch, b int) error) error {
	B := len(s.p.origins)
	W := min(len(s.sc), B)
	errs := make([]error, W)
	var next atomic.Int64
	work := func(w int) {
		sc := s.sc[w]
		for {
			b := int(next.Add(1) - 1)
			if b >= B {
				return
			}
			if b%32 == 0 && ctx.Err() != nil {
				errs[w] = ctx.Err()
				return
			}
			if err := fn(sc, b); err != nil {
				errs[w] = err
				return
			}
		}
	}
	if W <= 1 {
		work(0)
	} else {
		var wg sync.WaitGroup
		for w := range W {
			wg.Add(1)
			go func() {
				defer wg.Done()
				work(w)
			}()
		}
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// updateAll updates every bush against the current link times, in
// parallel (Jacobi style: no bush sees another's update, and the link
// times do not change meanwhile). With eval it returns SPTT, the cost of
// sending every trip on a shortest path over the whole network at the
// flows before the update (which changes no link flow until takeDrops),
// summed in origin order. The result is the same for any number of
// workers.
func (s *bushes) updateAll(ctx context.Context, eval bool) (float64, error) {
	err := s.parallel(ctx, func(sc *scratch, b int) error {
		v, _, err := s.update(sc, b, eval)
		s.spt[b] = v
		return err
	})
	if err != nil {
		return 0, err
	}
	total := 0.0
	for _, v := range s.spt {
		total += v
	}
	return total, nil
}

// takeDrops takes the flow remainders that updateAll took off bush links
// off the links' flows, in bush order (so the same for any number of
// workers).
func (s *bushes) takeDrops() {
	drops := s.sc[0].drop
	for _, sc := range s.sc[1:] {
		drops = append(drops, sc.drop...)
		sc.drop = sc.drop[:0]
	}
	sort.SliceStable(drops, func(i, j int) bool { return drops[i].bush < drops[j].bush })
	for _, d := range drops {
		s.move(d.class, d.link, -d.v)
	}
	s.sc[0].drop = drops[:0]
}

// resort orders bush b's nodes topologically again after update added
// the links sc.added, some of them against the present order, and builds
// its link list anew from the old one and the new links, with no pass over
// the network's links: Kahn's algorithm run backwards, from the nodes no
// bush link leaves, over each node's bush in-links.
func (s *bushes) resort(sc *scratch, b int) error {
	from, to := s.net.from, s.net.to
	topo, old, add := s.topo[b], s.bl[b], sc.added
	gs, ge, outdeg, head := sc.gs, sc.ge, sc.outdeg, sc.head
	for _, j := range topo {
		outdeg[j], head[j], gs[j], ge[j] = 0, -1, 0, 0
	}
	// each node's group in the old list; the bush links leaving each node
	k := int32(0)
	for _, j := range topo[1:] {
		gs[j] = k
		for {
			e := old[k]
			k++
			outdeg[from[e&blLink]]++
			if e < 0 {
				break
			}
		}
		ge[j] = k
	}
	// the new links into each node, in link order
	next := sc.next[:0]
	for range add {
		next = append(next, -1)
	}
	sc.next = next
	for q := len(add) - 1; q >= 0; q-- {
		a := add[q]
		j := to[a]
		next[q], head[j] = head[j], int32(q)
		outdeg[from[a]]++
	}
	order := sc.queue[:0]
	for _, j := range topo {
		if outdeg[j] == 0 {
			order = append(order, j)
		}
	}
	for h := 0; h < len(order); h++ {
		j := order[h]
		for k := gs[j]; k < ge[j]; k++ {
			i := from[old[k]&blLink]
			if outdeg[i]--; outdeg[i] == 0 {
				order = append(order, i)
			}
		}
		for q := head[j]; q >= 0; q = next[q] {
			i := from[add[q]]
			if outdeg[i]--; outdeg[i] == 0 {
				order = append(order, i)
			}
		}
	}
	sc.queue = order
	n := len(topo)
	if len(order) != n || order[n-1] != topo[0] {
		return fmt.Errorf("assign: internal error: bush of origin %d has a cycle (%d of %d nodes ordered)", s.p.origins[b].node, len(order), n)
	}
	bl := sc.list[:0]
	for p := 1; p < n; p++ {
		j := order[n-1-p]
		topo[p] = j
		k, q := gs[j], head[j]
		for k < ge[j] || q >= 0 {
			if q >= 0 && (k == ge[j] || add[q] < old[k]&blLink) {
				bl = append(bl, add[q])
				q = next[q]
			} else {
				bl = append(bl, old[k]&^blLast)
				k++
			}
		}
		bl[len(bl)-1] |= blLast
	}
	sc.list = bl
	s.keepList(b, bl)
	return nil
}

// move adds dv to link a's total and class flow and refreshes its time.
func (s *bushes) move(class int32, a int32, dv float64) {
	s.x[a] += dv
	if s.x[a] < 0 {
		s.x[a] = 0
	}
	if len(s.xc) > 1 {
		s.xc[class][a] += dv
	}
	s.refresh(a)
}

// shift equalises, node by node from the last in topological order, the
// cost of the longest used path and of the shortest path to each node
// over their differing segments: a Newton step Δ = (U − L) / Σ derivatives,
// capped by the least flow on the longest segment (Dial 2006). It returns
// the largest U − L seen.
func (s *bushes) shift(sc *scratch, b int) float64 {
	net, m := s.net, s.m
	o := &s.p.origins[b]
	cost := s.cost[o.class]
	bf := s.bf[b*m : (b+1)*m]
	s.labels(sc, b)
	L, U, minP, maxP, pos, kOf := sc.L, sc.U, sc.minP, sc.maxP, sc.pos, sc.kOf
	topo, bl := s.topo[b], s.bl[b]
	worst := 0.0
	for k := len(topo) - 1; k > 0; k-- {
		j := topo[k]
		if minP[j] == maxP[j] {
			continue
		}
		if g := U[j] - L[j]; g > worst {
			worst = g
		}
		if U[j]-L[j] <= 1e-15*U[j] {
			continue
		}
		// divergence node: walk back both paths by topological position
		u, v := net.from[minP[j]], net.from[maxP[j]]
		for u != v {
			if pos[u] > pos[v] {
				u = net.from[minP[u]]
			} else {
				v = net.from[maxP[v]]
			}
		}
		div := u
		var cMin, dMin, cMax, dMax float64
		for i := j; i != div; {
			a := minP[i]
			cMin += cost[a]
			dMin += s.der[a]
			i = net.from[a]
		}
		cap := math.Inf(1)
		for i := j; i != div; {
			a := maxP[i]
			cMax += cost[a]
			dMax += s.der[a]
			cap = min(cap, bf[a])
			i = net.from[a]
		}
		g := cMax - cMin
		if g <= 0 || cap <= 0 {
			continue
		}
		dx := cap
		if den := dMin + dMax; den > 0 {
			dx = min(g/den, cap)
		}
		for i := j; i != div; {
			a := minP[i]
			bf[a] += dx
			setUsed(&bl[kOf[a]], bf[a] > usedEps)
			s.move(o.class, a, dx)
			i = net.from[a]
		}
		for i := j; i != div; {
			a := maxP[i]
			nb := bf[a] - dx
			if nb <= usedEps {
				s.move(o.class, a, -bf[a])
				nb = 0
			} else {
				s.move(o.class, a, -dx)
			}
			bf[a] = nb
			setUsed(&bl[kOf[a]], nb > usedEps)
			i = net.from[a]
		}
	}
	s.excess[b] = worst
	return worst
}

// solveB runs Algorithm B: per iteration, every bush is updated (all
// against the same link times, on up to opt.Workers goroutines) and then,
// one bush after the other, its flows are shifted once; InnerSweeps more
// shifting passes run over the bushes that are not yet balanced. The gap
// an iteration leaves is measured with shortest paths over the whole
// network, from each bush's labels, in the next iteration's parallel
// update, before that changes any flow. The result does not depend on the
// number of workers.
func solveB(ctx context.Context, p *Problem, opt Options, res *Result) error {
	start := time.Now()
	s, err := newBushes(p, opt.Workers)
	if err != nil {
		return err
	}
	if opt.Warm != nil {
		if err := s.warmStart(opt.Warm.bush); err != nil {
			return err
		}
	} else if err := s.init(ctx); err != nil {
		return err
	}
	res.Flow, res.ClassFlow, res.bush = s.x, s.xc, s
	tol := math.Inf(1)
	for k := 1; ; k++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		// the update measures the gap the last iteration left, from the
		// labels it needs anyway
		eval := k > 1
		sptt, err := s.updateAll(ctx, eval)
		if err != nil {
			s.takeDrops()
			return err
		}
		if eval {
			it := p.measure(s.x, s.xc, s.tm, sptt)
			it.N, it.Elapsed = k-1, time.Since(start)
			tol = tolFactor * it.AverageExcess
			res.Iterations = append(res.Iterations, it)
			if opt.Progress != nil {
				opt.Progress(it)
			}
			if it.Gap(opt.StopOn) <= opt.Gap || k-1 >= opt.MaxIter {
				s.takeDrops()
				res.Converged = it.Gap(opt.StopOn) <= opt.Gap
				return nil
			}
		}
		s.takeDrops()
		sc := s.sc[0]
		for b := range p.origins {
			if b%32 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			s.shift(sc, b)
		}
		sweeps := opt.InnerSweeps
		if k == 1 {
			sweeps = 1
		}
		for r := 0; r < sweeps; r++ {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			done := 0
			for b := range p.origins {
				if s.excess[b] <= tol {
					continue
				}
				s.shift(sc, b)
				done++
			}
			if done == 0 {
				break
			}
		}
	}
}

var tolFactor = 1.0
