package assign

import (
	"fmt"
	"math"
)

// Network is a directed network prepared for assignment: links as parallel
// arrays with BPR parameters, and compressed-sparse-row adjacency built by
// NewNetwork. Nodes are 0-based indexes. A Network is immutable after
// NewNetwork returns and may be shared by concurrent solves.
type Network struct {
	numNodes  int
	firstThru int32 // nodes below it may start or end a path but not be passed through
	from, to  []int32

	// BPR: time(v) = t0 + tb·(v·cinv)^p
	t0, tb, cinv, pw, capa []float64
	kind                   []uint8 // kindConst, kindP4, kindP1, kindPow
	fixed                  []float64

	outStart, outLink []int32
	inStart, inLink   []int32
}

const (
	kindConst uint8 = iota
	kindP4
	kindP1
	kindPow
)

// Link describes one directed link: its ends (0-based node indexes), its
// BPR volume-delay function time(v) = FreeFlow·(1 + B·(v/Capacity)^Power),
// and Fixed, a flow-independent cost added to the time (tolls, distance
// weights). A link with B = 0, Power = 0, FreeFlow = 0 or Capacity = 0 has
// constant cost.
type Link struct {
	From, To                     int32
	FreeFlow, B, Power, Capacity float64
	Fixed                        float64
}

// NewNetwork checks the links and builds the network. Nodes below
// firstThru (0-based) are zones that paths may start or end at but not pass
// through; 0 lets every node be passed through.
func NewNetwork(numNodes int, firstThru int, links []Link) (*Network, error) {
	if numNodes <= 0 {
		return nil, fmt.Errorf("assign: a network needs nodes, got %d", numNodes)
	}
	if len(links) == 0 {
		return nil, fmt.Errorf("assign: a network needs links")
	}
	if firstThru < 0 || firstThru > numNodes {
		return nil, fmt.Errorf("assign: first through node %d is outside 0..%d", firstThru, numNodes)
	}
	m := len(links)
	n := &Network{numNodes: numNodes, firstThru: int32(firstThru),
		from: make([]int32, m), to: make([]int32, m),
		t0: make([]float64, m), tb: make([]float64, m), cinv: make([]float64, m), pw: make([]float64, m),
		capa: make([]float64, m), kind: make([]uint8, m), fixed: make([]float64, m)}
	for i, l := range links {
		if l.From < 0 || int(l.From) >= numNodes || l.To < 0 || int(l.To) >= numNodes {
			return nil, fmt.Errorf("assign: link %d: node outside 0..%d (%d→%d)", i+1, numNodes-1, l.From, l.To)
		}
		for _, f := range []struct {
			name string
			v    float64
		}{{"free-flow time", l.FreeFlow}, {"B", l.B}, {"power", l.Power}, {"capacity", l.Capacity}, {"fixed cost", l.Fixed}} {
			if f.v < 0 || math.IsNaN(f.v) || math.IsInf(f.v, 0) {
				return nil, fmt.Errorf("assign: link %d (%d→%d): %s must be a non-negative number, got %g", i+1, l.From, l.To, f.name, f.v)
			}
		}
		n.from[i], n.to[i] = l.From, l.To
		n.t0[i], n.fixed[i], n.capa[i], n.pw[i] = l.FreeFlow, l.Fixed, l.Capacity, l.Power
		switch {
		case l.B == 0 || l.FreeFlow == 0 || l.Capacity == 0:
			n.kind[i] = kindConst
		case l.Power == 0:
			// t0·(1+B) whatever the flow
			n.kind[i] = kindConst
			n.t0[i] = l.FreeFlow * (1 + l.B)
		default:
			n.tb[i] = l.FreeFlow * l.B
			n.cinv[i] = 1 / l.Capacity
			switch l.Power {
			case 4:
				n.kind[i] = kindP4
			case 1:
				n.kind[i] = kindP1
			default:
				n.kind[i] = kindPow
			}
		}
	}
	n.outStart, n.outLink = csr(numNodes, n.from)
	n.inStart, n.inLink = csr(numNodes, n.to)
	return n, nil
}

func csr(numNodes int, key []int32) (start, list []int32) {
	start = make([]int32, numNodes+1)
	for _, k := range key {
		start[k+1]++
	}
	for i := 0; i < numNodes; i++ {
		start[i+1] += start[i]
	}
	list = make([]int32, len(key))
	pos := append([]int32(nil), start[:numNodes]...)
	for a, k := range key {
		list[pos[k]] = int32(a)
		pos[k]++
	}
	return start, list
}

// NumNodes is the number of nodes.
func (n *Network) NumNodes() int { return n.numNodes }

// NumLinks is the number of links.
func (n *Network) NumLinks() int { return len(n.from) }

// Ends returns link a's tail and head nodes.
func (n *Network) Ends(a int) (from, to int32) { return n.from[a], n.to[a] }

// Increasing reports whether link a's cost strictly increases with its
// flow (its equilibrium flow is then unique).
func (n *Network) Increasing(a int) bool { return n.kind[a] != kindConst }

// Time is link a's volume-delay time at flow v (without the fixed cost).
func (n *Network) Time(a int, v float64) float64 {
	switch n.kind[a] {
	case kindConst:
		return n.t0[a]
	case kindP4:
		x := v * n.cinv[a]
		x *= x
		return n.t0[a] + n.tb[a]*x*x
	case kindP1:
		return n.t0[a] + n.tb[a]*v*n.cinv[a]
	}
	if v <= 0 {
		return n.t0[a]
	}
	return n.t0[a] + n.tb[a]*math.Pow(v*n.cinv[a], n.pw[a])
}

// Cost is link a's generalised cost at flow v: Time plus the fixed cost.
func (n *Network) Cost(a int, v float64) float64 { return n.Time(a, v) + n.fixed[a] }

// timeDer returns link a's time and its derivative at flow v.
func (n *Network) timeDer(a int, v float64) (t, d float64) {
	switch n.kind[a] {
	case kindConst:
		return n.t0[a], 0
	case kindP4:
		x := v * n.cinv[a]
		x3 := x * x * x
		return n.t0[a] + n.tb[a]*x3*x, 4 * n.tb[a] * n.cinv[a] * x3
	case kindP1:
		return n.t0[a] + n.tb[a]*v*n.cinv[a], n.tb[a] * n.cinv[a]
	}
	if v <= 0 {
		if n.pw[a] < 1 {
			// infinite slope at zero: use the secant over a small flow
			e := 1e-6 / n.cinv[a]
			return n.t0[a], n.tb[a] * math.Pow(e*n.cinv[a], n.pw[a]) / e
		}
		if n.pw[a] == 1 {
			return n.t0[a], n.tb[a] * n.cinv[a]
		}
		return n.t0[a], 0
	}
	x := v * n.cinv[a]
	xp := math.Pow(x, n.pw[a])
	return n.t0[a] + n.tb[a]*xp, n.tb[a] * n.pw[a] * xp / v
}

// integral is the integral of link a's time from 0 to v (the Beckmann term
// without the fixed cost).
func (n *Network) integral(a int, v float64) float64 {
	switch n.kind[a] {
	case kindConst:
		return n.t0[a] * v
	case kindP4:
		x := v * n.cinv[a]
		x2 := x * x
		return n.t0[a]*v + n.tb[a]*x2*x2*v/5
	case kindP1:
		return n.t0[a]*v + n.tb[a]*v*v*n.cinv[a]/2
	}
	if v <= 0 {
		return 0
	}
	p := n.pw[a]
	return n.t0[a]*v + n.tb[a]*math.Pow(v*n.cinv[a], p)*v/(p+1)
}
