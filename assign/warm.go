package assign

import (
	"fmt"
)

// warmStart fills s from prev, the final bushes of an earlier solve of a
// problem with the same topology and origins (the costs, capacities and
// fixed costs may differ): the bushes, their flows and the link flows are
// copied and the link times recomputed on s's network. Algorithm B then
// starts from an equilibrium of a nearby problem instead of all-or-nothing
// trees, which is what makes many "what if this link fails" solves cheap.
func (s *bushes) warmStart(prev *bushes) error {
	if prev == nil {
		return fmt.Errorf("assign: warm start: the earlier result has no Algorithm B bushes")
	}
	if prev.m != s.m || prev.net.numNodes != s.net.numNodes {
		return fmt.Errorf("assign: warm start: the earlier network has %d nodes and %d links, this one %d and %d",
			prev.net.numNodes, prev.m, s.net.numNodes, s.m)
	}
	if len(prev.p.origins) != len(s.p.origins) || len(prev.xc) != len(s.xc) {
		return fmt.Errorf("assign: warm start: the earlier problem has %d origins in %d classes, this one %d in %d",
			len(prev.p.origins), len(prev.xc), len(s.p.origins), len(s.xc))
	}
	for b := range s.p.origins {
		if o, q := &s.p.origins[b], &prev.p.origins[b]; o.node != q.node || o.class != q.class {
			return fmt.Errorf("assign: warm start: origin %d is node %d (class %d) here and node %d (class %d) before",
				b, o.node, o.class, q.node, q.class)
		}
	}
	for a := 0; a < s.m; a++ {
		if s.net.from[a] != prev.net.from[a] || s.net.to[a] != prev.net.to[a] {
			return fmt.Errorf("assign: warm start: link %d joins other nodes than before", a+1)
		}
	}
	// The copied flows are consistent only with the same demand.
	for b := range s.p.origins {
		o, q := &s.p.origins[b], &prev.p.origins[b]
		if len(o.dest) != len(q.dest) {
			return fmt.Errorf("assign: warm start: origin node %d has %d destinations here and %d before", o.node, len(o.dest), len(q.dest))
		}
		for i := range o.dest {
			if o.dest[i] != q.dest[i] || o.flow[i] != q.flow[i] {
				return fmt.Errorf("assign: warm start: the demand from node %d differs from the earlier problem's", o.node)
			}
		}
	}
	copy(s.in, prev.in)
	copy(s.bf, prev.bf)
	for b, t := range prev.topo {
		s.topo[b] = append(s.topo[b][:0], t...)
	}
	copy(s.x, prev.x)
	if len(s.xc) > 1 {
		for c := range s.xc {
			copy(s.xc[c], prev.xc[c])
		}
	}
	copy(s.excess, prev.excess)
	for b := range s.p.origins {
		if err := s.relist(s.sc[0], b); err != nil {
			return err
		}
	}
	for a := 0; a < s.m; a++ {
		s.refresh(int32(a))
	}
	return nil
}
