package assign

import (
	"fmt"

	"corridor/netimport"
)

// CostWeights are the weights of a TNTP network's flow-independent cost
// terms: cost(v) = time(v) + Toll·toll + Distance·length (the factors of
// each network's README, 0 unless stated).
type CostWeights struct {
	Toll, Distance float64
}

// FromTNTP builds the problem of a TNTP network: one class, node n of the
// file is node n−1, link i is the file's i-th link, and zones below the
// FIRST THRU NODE may start or end paths but not be passed through.
// Networks whose capacity is 1 and whose b already holds B/c^power
// (Winnipeg, Barcelona) and links with power 0 need nothing special: the
// BPR form covers them.
func FromTNTP(t *netimport.TNTP, w CostWeights) (*Problem, error) {
	if t == nil || len(t.Init) == 0 {
		return nil, fmt.Errorf("assign: TNTP network without links")
	}
	if len(t.Origin) == 0 {
		return nil, fmt.Errorf("assign: TNTP network %s has no demand (no trips file read)", t.Name)
	}
	if w.Toll < 0 || w.Distance < 0 {
		return nil, fmt.Errorf("assign: toll and distance factors must not be negative (%g, %g)", w.Toll, w.Distance)
	}
	links := make([]Link, len(t.Init))
	for i := range links {
		links[i] = Link{From: t.Init[i] - 1, To: t.Term[i] - 1, FreeFlow: t.FreeFlowTime[i], B: t.B[i], Power: t.Power[i],
			Capacity: t.Capacity[i], Fixed: w.Toll*t.Toll[i] + w.Distance*t.Length[i]}
		if links[i].B > 0 && links[i].Power > 0 && links[i].FreeFlow > 0 && links[i].Capacity == 0 {
			return nil, fmt.Errorf("assign: %s link %d (%d→%d): capacity 0 with a flow-dependent time", t.Name, i+1, t.Init[i], t.Term[i])
		}
	}
	ftn := t.FirstThruNode - 1
	if ftn < 0 {
		ftn = 0
	}
	if ftn > t.Nodes {
		ftn = t.Nodes
	}
	net, err := NewNetwork(t.Nodes, ftn, links)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.Name, err)
	}
	d := make([]OD, len(t.Origin))
	for i := range d {
		d[i] = OD{Origin: t.Origin[i] - 1, Dest: t.Dest[i] - 1, Flow: t.Demand[i]}
	}
	return NewProblem(net, []Class{{Name: "all", Demand: d}})
}
