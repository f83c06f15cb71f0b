package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"corridor/internal/nettest"
	"corridor/network"
	"corridor/route"
)

// TestCongestionAddsExponentialDelays: on random networks with zero
// variance, itineraries without scheduled services (a delay then shifts no
// departure) have no randomness left but the congestion: every replication
// takes the router's time plus a sum of exponential delays, one
// per link and node of the itinerary (the origin included). The mean excess
// matches the sum of the means (5 standard errors), the result reports that
// sum, border crossings' delays land in the border part and the rest in
// waiting, and a plan without congestion is unchanged.
func TestCongestionAddsExponentialDelays(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	cal := ZeroVariance()
	const runs = 20000
	checked := 0
	for trial := 0; trial < 2000 && checked < 12; trial++ {
		g, err := nettest.Random(rng, nettest.Options{TimetableOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		from, to := network.NodeID(rng.IntN(g.NumNodes())), network.NodeID(rng.IntN(g.NumNodes()))
		if from == to {
			continue
		}
		q := route.NewQuery(from, to, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
		its, err := route.New(g).Search(context.Background(), q)
		if err != nil {
			continue
		}
		it := its[0]
		p, err := NewPlan(g, q, &it, cal)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.svcs) > 0 {
			continue
		}
		c := NewCongestion(g, "test")
		for i := 0; i < g.NumNodes(); i++ {
			if rng.IntN(2) == 0 {
				if err := c.Set(g, "node", g.Node(network.NodeID(i)).ID, rng.Float64()*30); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i := 0; i < g.NumLinks(); i++ {
			if rng.IntN(2) == 0 {
				if err := c.Set(g, "link", g.Link(network.LinkID(i)).ID, rng.Float64()*30); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The expected sums, from the itinerary's own links.
		var links []network.LinkID
		for _, l := range it.Legs {
			for _, id := range l.Links {
				k, _ := g.LinkByID(id)
				links = append(links, k)
			}
		}
		wantMean, wantBorder, variance := c.NodeHours(from), 0.0, c.NodeHours(from)*c.NodeHours(from)
		for _, l := range links {
			k := g.Link(l)
			wantMean += c.LinkHours(l) + c.NodeHours(k.To)
			variance += c.LinkHours(l)*c.LinkHours(l) + c.NodeHours(k.To)*c.NodeHours(k.To)
			if g.Node(k.To).Kind == network.Border {
				wantBorder += c.NodeHours(k.To)
			}
		}
		if wantMean == 0 {
			continue
		}
		base, err := p.Run(context.Background(), Options{Runs: 50, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if base.Congestion != nil || base.TransitDays.SD != 0 {
			t.Fatalf("trial %d: without congestion: %+v, sd %g; want none, 0", trial, base.Congestion, base.TransitDays.SD)
		}
		pc, err := p.WithCongestion(c)
		if err != nil {
			t.Fatal(err)
		}
		res, err := pc.Run(context.Background(), Options{Runs: runs, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if res.Congestion == nil || res.Congestion.Source != "test" || res.Congestion.MeanDays != round(wantMean/24, 2) {
			t.Fatalf("trial %d: congestion info %+v, want source test, mean %.2f days", trial, res.Congestion, wantMean/24)
		}
		gotExcess := (res.TransitDays.Mean - base.TransitDays.Mean) * 24
		se := math.Sqrt(variance / runs)
		if math.Abs(gotExcess-wantMean) > 5*se+0.01*24 { // + the 0.01-day rounding of the means
			t.Errorf("trial %d: mean excess %.2f h, want %.2f h (se %.2f)", trial, gotExcess, wantMean, se)
		}
		gotBorder := (res.Breakdown.Border.Days - base.Breakdown.Border.Days) * 24
		if math.Abs(gotBorder-wantBorder) > 5*se+0.01*24 {
			t.Errorf("trial %d: border part grew %.2f h, want %.2f h", trial, gotBorder, wantBorder)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d itineraries checked", checked)
	}
}

// A congestion is refused for another network, and bad elements by name.
func TestCongestionRefusesBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	g, err := nettest.Random(rng, nettest.Options{TimetableOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	c := NewCongestion(g, "x")
	for _, tc := range []struct {
		kind, id string
		hours    float64
		want     string
	}{
		{"node", "NOPE", 1, `unknown node "NOPE"`},
		{"link", "NOPE", 1, `unknown link "NOPE"`},
		{"port", g.Node(0).ID, 1, "kind must be node or link"},
		{"node", g.Node(0).ID, -1, "finite number of hours ≥ 0"},
		{"node", g.Node(0).ID, math.NaN(), "finite number of hours ≥ 0"},
		{"node", g.Node(0).ID, math.Inf(1), "finite number of hours ≥ 0"},
	} {
		if err := c.Set(g, tc.kind, tc.id, tc.hours); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set(%s, %s, %g) = %v; want an error with %q", tc.kind, tc.id, tc.hours, err, tc.want)
		}
	}
	other := &Congestion{node: make([]float64, g.NumNodes()+1), link: make([]float64, g.NumLinks())}
	for trial := 0; trial < 50; trial++ {
		from, to := network.NodeID(rng.IntN(g.NumNodes())), network.NodeID(rng.IntN(g.NumNodes()))
		q := route.NewQuery(from, to, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
		its, err := route.New(g).Search(context.Background(), q)
		if err != nil || from == to {
			continue
		}
		p, err := NewPlan(g, q, &its[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.WithCongestion(other); err == nil || !strings.Contains(err.Error(), "another network") {
			t.Fatalf("WithCongestion(other network) = %v; want an error", err)
		}
		return
	}
	t.Fatal("no route found to test with")
}
