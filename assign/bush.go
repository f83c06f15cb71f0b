package assign

import (
	"context"
	"fmt"
	"math"
	"time"
)

// usedEps is the bush flow below which a link counts as unused; smaller
// remainders left by flow shifts are cleared.
const usedEps = 1e-9

// bushes is the state of Algorithm B: one acyclic bush per origin (and
// class) with its link flows, the total and per-class link flows, and the
// link times and derivatives kept current after every shift.
type bushes struct {
	p      *Problem
	net    *Network
	m      int
	x      []float64
	xc     [][]float64
	tm     []float64
	der    []float64
	in     []bool    // [bush*m + link]
	bf     []float64 // [bush*m + link]
	topo   [][]int32
	excess []float64 // per bush: the largest U − L at its last flow shift

	// scratch, one bush at a time
	L, U       []float64
	minP, maxP []int32
	pos        []int32 // position in the current bush's topological order
	stamp      []int32
	cur        int32
	indeg      []int32
	queue      []int32
}

func newBushes(p *Problem) (*bushes, error) {
	net := p.net
	m, n, B := net.NumLinks(), net.numNodes, len(p.origins)
	if float64(B)*float64(m) > 4e9 {
		return nil, fmt.Errorf("assign: %d origins × %d links is too large for Algorithm B here", B, m)
	}
	s := &bushes{p: p, net: net, m: m, x: make([]float64, m), tm: make([]float64, m), der: make([]float64, m),
		in: make([]bool, B*m), bf: make([]float64, B*m), topo: make([][]int32, B), excess: make([]float64, B),
		L: make([]float64, n), U: make([]float64, n), minP: make([]int32, n), maxP: make([]int32, n),
		pos: make([]int32, n), stamp: make([]int32, n), indeg: make([]int32, n), queue: make([]int32, 0, n)}
	if len(p.classes) == 1 {
		s.xc = [][]float64{s.x}
	} else {
		for range p.classes {
			s.xc = append(s.xc, make([]float64, m))
		}
	}
	return s, nil
}

func (s *bushes) refresh(a int32) {
	s.tm[a], s.der[a] = s.net.timeDer(int(a), s.x[a])
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
	w := newSPWork(net.numNodes)
	for b := range p.origins {
		if b%64 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		o := &p.origins[b]
		w.run(net, costs[o.class], o.node)
		bf := s.bf[b*m : (b+1)*m]
		if _, err := w.loadTree(net, o, bf); err != nil {
			return err
		}
		in := s.in[b*m : (b+1)*m]
		topo := make([]int32, len(w.order))
		copy(topo, w.order)
		s.topo[b] = topo
		for _, v := range topo[1:] {
			in[w.pred[v]] = true
		}
		xc := s.xc[o.class]
		for _, v := range topo[1:] {
			a := w.pred[v]
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

// labels computes, in the bush's topological order, the shortest-path
// labels L over all bush links (predecessor minP) and the longest-path
// labels U over the links that carry flow (predecessor maxP; a node
// without used in-links gets U = L). With all true, U runs over every
// bush link instead.
func (s *bushes) labels(b int, all bool) {
	net, m := s.net, s.m
	o := &s.p.origins[b]
	fixed := s.p.fixed[o.class]
	in, bf := s.in[b*m:(b+1)*m], s.bf[b*m:(b+1)*m]
	topo := s.topo[b]
	s.cur++
	for i, j := range topo {
		s.pos[j] = int32(i)
		s.stamp[j] = s.cur
	}
	r := topo[0]
	s.L[r], s.U[r], s.minP[r], s.maxP[r] = 0, 0, -1, -1
	for _, j := range topo[1:] {
		bestL, bestU := math.Inf(1), math.Inf(-1)
		minp, maxp := int32(-1), int32(-1)
		for _, a := range net.inLink[net.inStart[j]:net.inStart[j+1]] {
			if !in[a] {
				continue
			}
			i := net.from[a]
			c := s.tm[a] + fixed[a]
			if l := s.L[i] + c; l < bestL {
				bestL, minp = l, a
			}
			if all || bf[a] > usedEps {
				if u := s.U[i] + c; u > bestU {
					bestU, maxp = u, a
				}
			}
		}
		s.L[j], s.minP[j] = bestL, minp
		if maxp < 0 {
			s.U[j], s.maxP[j] = bestL, minp
		} else {
			s.U[j], s.maxP[j] = bestU, maxp
		}
	}
}

// update is Dial's bush update: drop unused links (keeping the shortest-
// path tree), then add every link (i, j) with U_i + c_ij < U_j, U being the
// longest-path label over the whole bush, which keeps the bush acyclic; and
// sort the bush topologically again. It reports how many links were added.
func (s *bushes) update(b int) (int, error) {
	net, m := s.net, s.m
	o := &s.p.origins[b]
	fixed := s.p.fixed[o.class]
	in, bf := s.in[b*m:(b+1)*m], s.bf[b*m:(b+1)*m]
	s.labels(b, false)
	topo := s.topo[b]
	for _, j := range topo[1:] {
		for _, a := range net.inLink[net.inStart[j]:net.inStart[j+1]] {
			if in[a] && bf[a] <= usedEps && a != s.minP[j] {
				in[a] = false
				if bf[a] != 0 {
					s.move(o.class, a, -bf[a])
					bf[a] = 0
				}
			}
		}
	}
	s.labels(b, true)
	added := 0
	for _, j := range topo[1:] {
		uj := s.U[j]
		for _, a := range net.inLink[net.inStart[j]:net.inStart[j+1]] {
			if in[a] {
				continue
			}
			i := net.from[a]
			if s.stamp[i] != s.cur || (i < net.firstThru && i != o.node) {
				continue
			}
			if s.U[i]+s.tm[a]+fixed[a] < uj {
				in[a] = true
				added++
			}
		}
	}
	if added > 0 {
		if err := s.sort(b); err != nil {
			return added, err
		}
	}
	return added, nil
}

// sort orders the bush's nodes topologically (Kahn).
func (s *bushes) sort(b int) error {
	net, m := s.net, s.m
	in := s.in[b*m : (b+1)*m]
	topo := s.topo[b]
	for _, j := range topo {
		s.indeg[j] = 0
	}
	for _, j := range topo {
		for _, a := range net.outLink[net.outStart[j]:net.outStart[j+1]] {
			if in[a] {
				s.indeg[net.to[a]]++
			}
		}
	}
	q := s.queue[:0]
	q = append(q, topo[0])
	for h := 0; h < len(q); h++ {
		j := q[h]
		for _, a := range net.outLink[net.outStart[j]:net.outStart[j+1]] {
			if in[a] {
				k := net.to[a]
				s.indeg[k]--
				if s.indeg[k] == 0 {
					q = append(q, k)
				}
			}
		}
	}
	if len(q) != len(topo) {
		return fmt.Errorf("assign: internal error: bush of origin %d has a cycle (%d of %d nodes ordered)", s.p.origins[b].node, len(q), len(topo))
	}
	copy(topo, q)
	s.queue = q
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
func (s *bushes) shift(b int) float64 {
	net, m := s.net, s.m
	o := &s.p.origins[b]
	fixed := s.p.fixed[o.class]
	bf := s.bf[b*m : (b+1)*m]
	s.labels(b, false)
	topo := s.topo[b]
	worst := 0.0
	for k := len(topo) - 1; k > 0; k-- {
		j := topo[k]
		if s.minP[j] == s.maxP[j] {
			continue
		}
		if g := s.U[j] - s.L[j]; g > worst {
			worst = g
		}
		if s.U[j]-s.L[j] <= 1e-15*s.U[j] {
			continue
		}
		// divergence node: walk back both paths by topological position
		u, v := net.from[s.minP[j]], net.from[s.maxP[j]]
		for u != v {
			if s.pos[u] > s.pos[v] {
				u = net.from[s.minP[u]]
			} else {
				v = net.from[s.maxP[v]]
			}
		}
		div := u
		var cMin, dMin, cMax, dMax float64
		for i := j; i != div; {
			a := s.minP[i]
			cMin += s.tm[a] + fixed[a]
			dMin += s.der[a]
			i = net.from[a]
		}
		cap := math.Inf(1)
		for i := j; i != div; {
			a := s.maxP[i]
			cMax += s.tm[a] + fixed[a]
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
			a := s.minP[i]
			bf[a] += dx
			s.move(o.class, a, dx)
			i = net.from[a]
		}
		for i := j; i != div; {
			a := s.maxP[i]
			nb := bf[a] - dx
			if nb <= usedEps {
				s.move(o.class, a, -bf[a])
				nb = 0
			} else {
				s.move(o.class, a, -dx)
			}
			bf[a] = nb
			i = net.from[a]
		}
	}
	s.excess[b] = worst
	return worst
}

// solveB runs Algorithm B: per iteration, every bush is updated and its
// flows shifted once, then InnerSweeps more shifting passes run over the
// bushes that are not yet balanced; the gap is measured after each
// iteration with shortest paths over the whole network.
func solveB(ctx context.Context, p *Problem, opt Options, res *Result) error {
	start := time.Now()
	s, err := newBushes(p)
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
	m := s.m
	costs := make([][]float64, len(p.classes))
	for c := range costs {
		costs[c] = make([]float64, m)
	}
	ev := newEvaluator(p, opt.Workers)
	tol := math.Inf(1)
	for k := 1; ; k++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		for b := range p.origins {
			if b%32 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if _, err := s.update(b); err != nil {
				return err
			}
			s.shift(b)
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
				s.shift(b)
				done++
			}
			if done == 0 {
				break
			}
		}
		p.classCosts(s.tm, costs)
		sptt, err := ev.run(ctx, costs, nil)
		if err != nil {
			return err
		}
		it := p.measure(s.x, s.xc, s.tm, sptt)
		it.N, it.Elapsed = k, time.Since(start)
		tol = tolFactor * it.AverageExcess
		res.Iterations = append(res.Iterations, it)
		if opt.Progress != nil {
			opt.Progress(it)
		}
		if it.Gap(opt.StopOn) <= opt.Gap {
			res.Converged = true
			return nil
		}
		if k >= opt.MaxIter {
			return nil
		}
	}
}

var tolFactor = 1.0
