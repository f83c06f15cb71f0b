package assign

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// OD is one origin–destination demand entry (0-based nodes).
type OD struct {
	Origin, Dest int32
	Flow         float64
}

// Class is a user class: travellers (or cargo) that share the network's
// congestion but have their own demand and their own flow-independent
// cost per link (Fixed, added to the network's fixed cost; nil for none).
// With costs expressed in time units, classes with different values of time
// become classes with different fixed costs, which keeps the problem
// symmetric (it still has a Beckmann objective).
type Class struct {
	Name   string
	Fixed  []float64
	Demand []OD
}

// Problem is a network with the demand of one or more classes, checked and
// grouped by origin for the solvers.
type Problem struct {
	net     *Network
	classes []Class
	fixed   [][]float64 // per class: network fixed + class fixed
	origins []origin
	total   float64 // demand between distinct nodes
	intra   float64 // origin = destination demand, which never loads the network
}

type origin struct {
	class int32
	node  int32
	dest  []int32
	flow  []float64
}

// NewProblem checks the demand against the network and groups it by class
// and origin; duplicate pairs are summed, and demand from a node to itself
// is left out (it never loads a link).
func NewProblem(net *Network, classes []Class) (*Problem, error) {
	if net == nil {
		return nil, fmt.Errorf("assign: no network")
	}
	if len(classes) == 0 {
		return nil, fmt.Errorf("assign: no demand class")
	}
	p := &Problem{net: net, classes: classes}
	m := net.NumLinks()
	for c, cl := range classes {
		f := net.fixed
		if cl.Fixed != nil {
			if len(cl.Fixed) != m {
				return nil, fmt.Errorf("assign: class %q: %d fixed costs for %d links", cl.Name, len(cl.Fixed), m)
			}
			f = make([]float64, m)
			for a := range f {
				x := cl.Fixed[a]
				if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
					return nil, fmt.Errorf("assign: class %q: link %d: fixed cost must be a non-negative number, got %g", cl.Name, a+1, x)
				}
				f[a] = net.fixed[a] + x
			}
		}
		p.fixed = append(p.fixed, f)
		d := append([]OD(nil), cl.Demand...)
		for i, od := range d {
			if od.Origin < 0 || int(od.Origin) >= net.numNodes || od.Dest < 0 || int(od.Dest) >= net.numNodes {
				return nil, fmt.Errorf("assign: class %q: demand entry %d: node outside 0..%d (%d→%d)", cl.Name, i+1, net.numNodes-1, od.Origin, od.Dest)
			}
			if od.Flow < 0 || math.IsNaN(od.Flow) || math.IsInf(od.Flow, 0) {
				return nil, fmt.Errorf("assign: class %q: demand entry %d (%d→%d): flow must be a non-negative number, got %g", cl.Name, i+1, od.Origin, od.Dest, od.Flow)
			}
		}
		// TNTP trip tables come sorted: check before sorting
		byPair := func(a, b OD) int {
			if c := cmp.Compare(a.Origin, b.Origin); c != 0 {
				return c
			}
			return cmp.Compare(a.Dest, b.Dest)
		}
		if !slices.IsSortedFunc(d, byPair) {
			slices.SortStableFunc(d, byPair)
		}
		for i := 0; i < len(d); {
			o := origin{class: int32(c), node: d[i].Origin}
			for ; i < len(d) && d[i].Origin == o.node; i++ {
				if d[i].Flow == 0 {
					continue
				}
				if d[i].Dest == o.node {
					p.intra += d[i].Flow
					continue
				}
				if k := len(o.dest); k > 0 && o.dest[k-1] == d[i].Dest {
					o.flow[k-1] += d[i].Flow
				} else {
					o.dest = append(o.dest, d[i].Dest)
					o.flow = append(o.flow, d[i].Flow)
				}
				p.total += d[i].Flow
			}
			if len(o.dest) > 0 {
				p.origins = append(p.origins, o)
			}
		}
	}
	if p.total == 0 {
		return nil, fmt.Errorf("assign: no demand between distinct nodes")
	}
	return p, nil
}

// Network returns the problem's network.
func (p *Problem) Network() *Network { return p.net }

// TotalDemand is the demand between distinct nodes (intrazonal demand is
// left out).
func (p *Problem) TotalDemand() float64 { return p.total }

// IntrazonalDemand is the demand from a node to itself, which never loads
// the network.
func (p *Problem) IntrazonalDemand() float64 { return p.intra }

// NumClasses is the number of classes.
func (p *Problem) NumClasses() int { return len(p.classes) }
