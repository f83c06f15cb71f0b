package assign

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"corridor/data/eurasia"
	"corridor/network"
)

// twoWay returns a graph link and its twin.
func twoWay(g *network.Graph, id network.LinkID) []network.LinkID {
	out := []network.LinkID{id}
	if t := g.Link(id).Twin; t != network.None {
		out = append(out, network.LinkID(t))
	}
	return out
}

func bundledModel(t *testing.T) (*network.Graph, *FreightModel, []Demand) {
	t.Helper()
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	d := readDemandFile(t, "china-europe-2030.csv")
	md, err := NewFreightModel(g, d, DefaultFreightParams())
	if err != nil {
		t.Fatal(err)
	}
	return g, md, d
}

// TestFreightModelSolveEqualsAssign: the model without changes is
// AssignFreight, and its totals add up.
func TestFreightModelSolveEqualsAssign(t *testing.T) {
	g, md, d := bundledModel(t)
	ctx := context.Background()
	a, err := AssignFreight(ctx, g, d, DefaultFreightParams())
	if err != nil {
		t.Fatal(err)
	}
	b, err := md.Solve(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Final.Objective != b.Final.Objective || a.Totals != b.Totals {
		t.Fatalf("model solve differs from AssignFreight: %+v vs %+v", a.Totals, b.Totals)
	}
	tt := b.Totals
	if tt.UnservedTEU != 0 || math.Abs(tt.ServedTEU-tt.DemandTEU) > 1e-6 {
		t.Fatalf("unchanged network leaves demand unserved: %+v", tt)
	}
	if !(tt.CostUSD > tt.TariffUSD && tt.TariffUSD > 0 && tt.TEUDays > 0 && tt.CO2eTonnes > 0) {
		t.Fatalf("totals out of order: %+v", tt)
	}
	// TEU-days: at least the served demand times one day (every bundled
	// pair is days apart), at most demand × 100 days.
	if tt.TEUDays < tt.ServedTEU || tt.TEUDays > 100*tt.ServedTEU {
		t.Fatalf("TEU-days %.0f for %.0f TEU", tt.TEUDays, tt.ServedTEU)
	}
}

// TestWarmStartMatchesCold removes links and cuts capacities: a solve
// warm-started from the baseline reaches the cold solve's objective in
// fewer iterations.
func TestWarmStartMatchesCold(t *testing.T) {
	g, md, _ := bundledModel(t)
	ctx := context.Background()
	base, err := md.Solve(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := md.Solve(ctx, nil, base)
	if err != nil {
		t.Fatal(err)
	}
	// at most one more iteration, the same objective to well within what a
	// relative gap of 1e-6 (the default) allows
	if again.Final.N > 2 || math.Abs(again.Final.Objective-base.Final.Objective) > 1e-8*base.Final.Objective {
		t.Fatalf("warm start from its own equilibrium: %d iterations, objective %g vs %g", again.Final.N, again.Final.Objective, base.Final.Objective)
	}
	// the busiest capacity-limited links
	var cases [][]Change
	for _, e := range base.Bottlenecks[:4] {
		if e.Kind == "link" {
			id, _ := g.LinkByID(e.ID)
			cases = append(cases, []Change{{Links: twoWay(g, id), Remove: true}}, []Change{{Links: twoWay(g, id), CapacityFactor: 0.5}})
		} else {
			id, _ := g.NodeByID(e.ID)
			cases = append(cases, []Change{{Nodes: []network.NodeID{id}, DelayHours: 24}})
		}
	}
	warmIt, coldIt := 0, 0
	for i, ch := range cases {
		cold, err := md.Solve(ctx, ch, nil)
		if err != nil {
			t.Fatal(err)
		}
		w, err := md.Solve(ctx, ch, base)
		if err != nil {
			t.Fatal(err)
		}
		if !cold.Converged || !w.Converged {
			t.Fatalf("case %d: not converged", i)
		}
		rel := math.Abs(cold.Final.Objective-w.Final.Objective) / cold.Final.Objective
		if rel > 1e-6 {
			t.Fatalf("case %d: warm objective %g, cold %g (rel %.2g)", i, w.Final.Objective, cold.Final.Objective, rel)
		}
		if d := math.Abs(cold.Totals.CostUSD-w.Totals.CostUSD) / cold.Totals.CostUSD; d > 1e-4 {
			t.Fatalf("case %d: warm cost %g, cold %g", i, w.Totals.CostUSD, cold.Totals.CostUSD)
		}
		warmIt += w.Final.N
		coldIt += cold.Final.N
	}
	if warmIt >= coldIt {
		t.Fatalf("warm starts took %d iterations in all, cold %d", warmIt, coldIt)
	}
	t.Logf("%d cases: %d iterations warm, %d cold", len(cases), warmIt, coldIt)
}

// TestUnservedAgainstConnectivity removes random sets of links and nodes:
// the unserved TEU equals the demand of the pairs that a breadth-first
// search finds disconnected once the removed elements are deleted.
func TestUnservedAgainstConnectivity(t *testing.T) {
	g, md, d := bundledModel(t)
	ctx := context.Background()
	base, err := md.Solve(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ods, err := resolveDemand(g, d, DefaultCargoClasses)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	endpoint := map[network.NodeID]bool{}
	for _, od := range ods {
		endpoint[od.o], endpoint[od.t] = true, true
	}
	cutSome := 0
	for trial := 0; trial < 12; trial++ {
		var ch Change
		ch.Remove = true
		deadLink := make([]bool, g.NumLinks())
		deadNode := make([]bool, g.NumNodes())
		if trial%2 == 1 {
			// a random subset of the links out of an origin of the demand
			o := ods[rng.IntN(len(ods))].o
			for _, l := range g.Out(o) {
				if rng.IntN(3) > 0 {
					for _, x := range twoWay(g, l) {
						ch.Links = append(ch.Links, x)
						deadLink[x] = true
					}
				}
			}
		}
		for k := 0; k < 1+trial; k++ {
			if rng.IntN(2) == 0 {
				n := network.NodeID(rng.IntN(g.NumNodes()))
				if endpoint[n] {
					continue
				}
				ch.Nodes = append(ch.Nodes, n)
				deadNode[n] = true
			} else {
				for _, l := range twoWay(g, network.LinkID(rng.IntN(g.NumLinks()))) {
					ch.Links = append(ch.Links, l)
					deadLink[l] = true
				}
			}
		}
		// brute force: BFS from each origin over links that are open, not
		// removed, and whose ends are open and not removed
		reach := func(o network.NodeID) []bool {
			seen := make([]bool, g.NumNodes())
			seen[o] = true
			q := []network.NodeID{o}
			for len(q) > 0 {
				u := q[0]
				q = q[1:]
				for _, l := range g.Out(u) {
					lk := g.Link(l)
					v := lk.To
					if deadLink[l] || lk.Closed || deadNode[v] || g.Node(v).Closed || seen[v] {
						continue
					}
					seen[v] = true
					q = append(q, v)
				}
			}
			return seen
		}
		want := 0.0
		cache := map[network.NodeID][]bool{}
		for _, od := range ods {
			r, ok := cache[od.o]
			if !ok {
				r = reach(od.o)
				cache[od.o] = r
			}
			if !r[od.t] && od.o != od.t {
				want += od.teu
			}
		}
		res, err := md.Solve(ctx, []Change{ch}, base)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.Totals.UnservedTEU-want) > 1e-6*max(want, 1) {
			t.Fatalf("trial %d: unserved %.3f TEU, disconnected pairs hold %.3f", trial, res.Totals.UnservedTEU, want)
		}
		if math.Abs(res.Totals.ServedTEU+res.Totals.UnservedTEU-res.Totals.DemandTEU) > 1e-6*res.Totals.DemandTEU {
			t.Fatalf("trial %d: served + unserved ≠ demand: %+v", trial, res.Totals)
		}
		for l, v := range res.LinkFlows(md) {
			if deadLink[l] && v > 1e-6 {
				t.Fatalf("trial %d: removed link %s carries %.3g served TEU", trial, g.Link(network.LinkID(l)).ID, v)
			}
		}
		if want > 0 {
			cutSome++
		}
	}
	if cutSome == 0 {
		t.Fatal("no trial cut any pair off: the test proves nothing")
	}
}

func TestChangeErrors(t *testing.T) {
	_, md, _ := bundledModel(t)
	for _, ch := range []Change{{CapacityFactor: 1.5}, {CapacityFactor: math.NaN()}, {DelayHours: -1}, {Links: []network.LinkID{1 << 30}}, {Nodes: []network.NodeID{-1}}} {
		if _, err := md.Solve(context.Background(), []Change{ch}, nil); err == nil {
			t.Errorf("%+v accepted", ch)
		}
	}
}
