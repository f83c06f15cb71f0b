package sim

import (
	"fmt"
	"math"
	"math/rand/v2"

	"corridor/network"
)

// Congestion is the extra delay that a year's traffic puts on the network:
// for each node and link, the mean hours a box loses there at the assigned
// flow, as a capacity-constrained assignment (package assign, its elements'
// delay_hours) computes them with BPR-type delay functions. A simulation
// given a Congestion draws, on every link and at every node of the
// itinerary (its origin included), an exponentially distributed delay with
// that mean: queues for a ferry slot, a berth or a border lane grow with
// utilisation, and their waits spread as a single queue's do. Delays at
// border crossings count as border dwell, the others as waiting.
type Congestion struct {
	// Source says where the delays come from, e.g. the demand set.
	Source string
	node   []float64 // per NodeID, hours
	link   []float64 // per LinkID, hours
}

// NewCongestion returns an empty Congestion for g, named by source.
func NewCongestion(g *network.Graph, source string) *Congestion {
	return &Congestion{Source: source, node: make([]float64, g.NumNodes()), link: make([]float64, g.NumLinks())}
}

// Set records the mean delay of one element: kind "node" or "link" and the
// element's id in the network, hours ≥ 0 and finite.
func (c *Congestion) Set(g *network.Graph, kind, id string, hours float64) error {
	if !(hours >= 0) || math.IsInf(hours, 1) {
		return fmt.Errorf("sim: congestion at %s %q: delay must be a finite number of hours ≥ 0, got %g", kind, id, hours)
	}
	switch kind {
	case "node":
		n, ok := g.NodeByID(id)
		if !ok {
			return fmt.Errorf("sim: congestion: unknown node %q", id)
		}
		c.node[n] = hours
	case "link":
		l, ok := g.LinkByID(id)
		if !ok {
			return fmt.Errorf("sim: congestion: unknown link %q", id)
		}
		c.link[l] = hours
	default:
		return fmt.Errorf("sim: congestion: element kind must be node or link, got %q", kind)
	}
	return nil
}

// NodeHours is the mean delay at node n.
func (c *Congestion) NodeHours(n network.NodeID) float64 { return c.node[n] }

// LinkHours is the mean delay on link l.
func (c *Congestion) LinkHours(l network.LinkID) float64 { return c.link[l] }

// CongestionInfo says, in a result, which congestion the simulation drew
// and how much it adds on average.
type CongestionInfo struct {
	Source string `json:"source"`
	// MeanDays is the sum of the mean delays along the itinerary: the
	// congestion's expected addition to the transit time.
	MeanDays float64 `json:"mean_days"`
}

// WithCongestion returns a copy of the plan that draws c's delays along
// its itinerary (nil: the plan itself). c must belong to the plan's network.
func (p *Plan) WithCongestion(c *Congestion) (*Plan, error) {
	if c == nil {
		return p, nil
	}
	g := p.g
	if len(c.node) != g.NumNodes() || len(c.link) != g.NumLinks() {
		return nil, fmt.Errorf("sim: congestion for another network (%d nodes, %d links; the plan's has %d, %d)",
			len(c.node), len(c.link), g.NumNodes(), g.NumLinks())
	}
	q := *p
	q.steps = append([]step(nil), p.steps...)
	q.congestion = &CongestionInfo{Source: c.Source}
	total := 0.0
	for i := range q.steps {
		st := &q.steps[i]
		st.congWait, st.congBorder = c.link[st.link], 0
		if g.Node(st.to).Kind == network.Border {
			st.congBorder = c.node[st.to]
		} else {
			st.congWait += c.node[st.to]
		}
		if i == 0 {
			st.congWait += c.node[g.Link(st.link).From]
		}
		total += st.congWait + st.congBorder
	}
	q.congestion.MeanDays = round(total/24, 2)
	return &q, nil
}

// expDraw draws an exponential variate with the given mean (0: none).
func expDraw(r *rand.Rand, mean float64) float64 {
	if mean <= 0 {
		return 0
	}
	return -mean * math.Log(1-r.Float64())
}
