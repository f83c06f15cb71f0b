package assign

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// fixtures are small networks with a known equilibrium, solved by every
// algorithm.
var fixtures = []struct {
	name      string
	nodes     int
	firstThru int
	links     []Link
	classes   []Class
	want      []float64 // equilibrium link flows
}{
	{
		// 10 + x = 20 + 0.5(100 − x) → x = 40
		name: "two parallel links", nodes: 2,
		links: []Link{
			{From: 0, To: 1, FreeFlow: 10, B: 0.1, Power: 1, Capacity: 1},
			{From: 0, To: 1, FreeFlow: 20, B: 0.025, Power: 1, Capacity: 1},
		},
		classes: []Class{{Demand: []OD{{0, 1, 100}}}},
		want:    []float64{40, 60},
	},
	{
		// a fixed cost of 5 on the first link: 15 + x = 20 + 0.5(100 − x) → x = 36.67
		name: "fixed cost", nodes: 2,
		links: []Link{
			{From: 0, To: 1, FreeFlow: 10, B: 0.1, Power: 1, Capacity: 1, Fixed: 5},
			{From: 0, To: 1, FreeFlow: 20, B: 0.025, Power: 1, Capacity: 1},
		},
		classes: []Class{{Demand: []OD{{0, 1, 100}}}},
		want:    []float64{110.0 / 3, 190.0 / 3},
	},
	{
		// node 1 is a zone (first through node 2 in TNTP terms): the free
		// path 0→1→2 may not pass through it, so all flow takes 0→2.
		name: "first through node", nodes: 3, firstThru: 2,
		links: []Link{
			{From: 0, To: 1, FreeFlow: 1},
			{From: 1, To: 2, FreeFlow: 1},
			{From: 0, To: 2, FreeFlow: 10, B: 0.15, Power: 4, Capacity: 50},
		},
		classes: []Class{{Demand: []OD{{0, 2, 80}, {0, 1, 5}}}},
		want:    []float64{5, 0, 80},
	},
	{
		// BPR with power 4 on two identical routes of two links: an even split.
		name: "symmetric diamond", nodes: 4,
		links: []Link{
			{From: 0, To: 1, FreeFlow: 3, B: 0.15, Power: 4, Capacity: 100},
			{From: 1, To: 3, FreeFlow: 3, B: 0.15, Power: 4, Capacity: 100},
			{From: 0, To: 2, FreeFlow: 3, B: 0.15, Power: 4, Capacity: 100},
			{From: 2, To: 3, FreeFlow: 3, B: 0.15, Power: 4, Capacity: 100},
		},
		classes: []Class{{Demand: []OD{{0, 3, 300}}}},
		want:    []float64{150, 150, 150, 150},
	},
	{
		// two classes: the second pays 100 on link 0 and so avoids it; the
		// first shares the congestion: 10 + x0 = 20 + 0.5·(100 − x0 + 50)
		// → x0 = 170/3, x1 = 280/3.
		name: "two classes", nodes: 2,
		links: []Link{
			{From: 0, To: 1, FreeFlow: 10, B: 0.1, Power: 1, Capacity: 1},
			{From: 0, To: 1, FreeFlow: 20, B: 0.025, Power: 1, Capacity: 1},
		},
		classes: []Class{
			{Name: "a", Demand: []OD{{0, 1, 100}}},
			{Name: "b", Fixed: []float64{100, 0}, Demand: []OD{{0, 1, 50}}},
		},
		want: []float64{170.0 / 3, 280.0 / 3},
	},
}

func TestFixtures(t *testing.T) {
	for _, fx := range fixtures {
		for _, alg := range Algorithms {
			t.Run(fx.name+"/"+string(alg), func(t *testing.T) {
				net, err := NewNetwork(fx.nodes, fx.firstThru, fx.links)
				if err != nil {
					t.Fatal(err)
				}
				p, err := NewProblem(net, fx.classes)
				if err != nil {
					t.Fatal(err)
				}
				res, err := Solve(context.Background(), p, Options{Algorithm: alg, Gap: 1e-9, MaxIter: 2000})
				if err != nil {
					t.Fatal(err)
				}
				for a, w := range fx.want {
					if math.Abs(res.Flow[a]-w) > 1e-3*max(w, 1) {
						t.Errorf("link %d: flow %.5f, want %.5f (%d iterations, gap %.2g)", a, res.Flow[a], w, res.Final().N, res.Final().RelativeGap)
					}
				}
				if !res.Converged {
					t.Errorf("not converged: gap %.2g", res.Final().RelativeGap)
				}
				if len(fx.classes) > 1 {
					sum := 0.0
					for _, c := range res.ClassFlow {
						sum += c[0] + c[1]
					}
					if math.Abs(sum-150) > 1e-6 {
						t.Errorf("class flows sum to %g, want 150", sum)
					}
					if res.ClassFlow[1][0] > 1e-6 {
						t.Errorf("class b uses the link that costs it 100: %g", res.ClassFlow[1][0])
					}
				}
			})
		}
	}
}

func TestBadInput(t *testing.T) {
	ok := []Link{{From: 0, To: 1, FreeFlow: 1}}
	cases := []struct {
		name    string
		nodes   int
		links   []Link
		classes []Class
		want    string
	}{
		{"no nodes", 0, ok, nil, "needs nodes"},
		{"no links", 2, nil, nil, "needs links"},
		{"node out of range", 2, []Link{{From: 0, To: 2}}, nil, "node outside"},
		{"negative capacity", 2, []Link{{From: 0, To: 1, Capacity: -1}}, nil, "capacity must be"},
		{"NaN time", 2, []Link{{From: 0, To: 1, FreeFlow: math.NaN()}}, nil, "free-flow time must be"},
		{"no class", 2, ok, nil, "no demand class"},
		{"negative demand", 2, ok, []Class{{Demand: []OD{{0, 1, -1}}}}, "flow must be"},
		{"demand node", 2, ok, []Class{{Demand: []OD{{0, 7, 1}}}}, "node outside"},
		{"only intrazonal", 2, ok, []Class{{Demand: []OD{{0, 0, 1}}}}, "no demand between distinct"},
		{"fixed length", 2, ok, []Class{{Fixed: []float64{1, 2}, Demand: []OD{{0, 1, 1}}}}, "2 fixed costs for 1 links"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			net, err := NewNetwork(tc.nodes, 0, tc.links)
			if err == nil {
				_, err = NewProblem(net, tc.classes)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	net, _ := NewNetwork(3, 0, []Link{{From: 0, To: 1, FreeFlow: 1}})
	p, err := NewProblem(net, []Class{{Demand: []OD{{0, 2, 1}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, alg := range Algorithms {
		if _, err := Solve(context.Background(), p, Options{Algorithm: alg}); err == nil || !strings.Contains(err.Error(), "cannot be reached") {
			t.Errorf("%s: error %v, want \"cannot be reached\"", alg, err)
		}
	}
}

func TestCancelAndProgress(t *testing.T) {
	_, p := loadTNTP(t, "Anaheim", CostWeights{})
	for _, alg := range Algorithms {
		ctx, cancel := context.WithCancel(context.Background())
		var seen []int
		res, err := Solve(ctx, p, Options{Algorithm: alg, Gap: 1e-14, MaxIter: 100000, Progress: func(it Iteration) {
			seen = append(seen, it.N)
			if it.N == 3 {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: error %v, want context.Canceled", alg, err)
		}
		if len(seen) != 3 || len(res.Iterations) != 3 || res.Flow == nil {
			t.Errorf("%s: progress %v, %d iterations in the result", alg, seen, len(res.Iterations))
		}
	}
}
