package route_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/network"
	"corridor/route"
)

// fixture is a hand-checked query on network/testdata/small. The expected
// figures were worked out on paper from the CSV files (see the comments):
// times in hours, costs in USD for the whole cargo.
type fixture struct {
	name    string
	from    string
	to      string
	depart  time.Time
	modify  func(*testing.T, *network.Graph, *route.Query)
	front   int     // size of the Pareto front; 0 when no route
	fastest float64 // hours of the fastest itinerary
	cost    float64 // cost of the fastest itinerary
	cheap   float64 // hours of the cheapest itinerary
	xfers   int     // transshipments of the fastest
	mixed   bool    // the fastest itinerary mixes corridors, so compare finds a slower best
	blocked string  // NoRouteError.Constraint when front == 0
	msg     string  // part of the NoRouteError message
}

var monday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// Paper sums used below (per TEU tariffs; one FEU pays 1.6):
//
//	L1 Xi'an–Alashankou 3300 km / 50 = 66 h, 1090 USD, block train Mon+Thu 08:00 UTC
//	Alashankou dwell 10 h; L2 12 km / 10 = 1.2 h, 50 USD; Dostyk dwell 24 h
//	Dostyk gauge change 8 h, 120 USD; L5 5400 / 32 = 168.75 h, 1620 USD
//	Łódź gauge change 6 h, 50 USD; L6 1100 / 40 = 27.5 h, 630 USD
//	L3 2900 / 38 = 76.3158 h, 725 USD; Aktau transfer 12 h, 150 USD; ferry 2/week: wait 42 h,
//	22 h, 400 USD; Baku transfer 12 h, 150 USD; L7 3900 / 28 = 139.2857 h, 395 USD;
//	Suez dwell 16 h; L8 6500 / 28 = 232.1429 h, 325 USD.
var fixtures = []fixture{
	{name: "Xi'an–Łódź northern", from: "CNXIY", to: "PLLOD", depart: monday,
		// 8 wait + 66 + 10 + 1.2 + 24 + 8 + 168.75
		front: 1, fastest: 285.95, cost: 2880 * 1.6, cheap: 285.95, xfers: 1},
	{name: "Xi'an–Duisburg: rail fast, sea cheap", from: "CNXIY", to: "DEDUI", depart: monday,
		// northern: 285.95 + 6 + 27.5; sea: 109.2 + 8 + 76.3158 + 12 + 42 + 22 + 12 + 139.2857 + 16 + 232.1429
		front: 2, fastest: 319.45, cost: 3560 * 1.6, cheap: 668.9444, xfers: 2},
	{name: "Thursday after the train: wait to Monday", from: "CNXIY", to: "AZBAK",
		depart: time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC),
		// 94 wait + 66 + 10 + 1.2 + 24 + 8 + 76.3158 + 12 + 42 + 22
		front: 1, fastest: 355.5158, cost: 2535 * 1.6, cheap: 355.5158, xfers: 2},
	{name: "closing Suez leaves the rail route", from: "CNXIY", to: "DEDUI", depart: monday,
		modify: avoidNodes("CP-SUEZ"), front: 1, fastest: 319.45, cost: 3560 * 1.6, cheap: 319.45, xfers: 2},
	{name: "rail only", from: "CNXIY", to: "DEDUI", depart: monday,
		modify: func(_ *testing.T, _ *network.Graph, q *route.Query) { q.Modes = []network.Mode{network.Rail} },
		front:  1, fastest: 319.45, cost: 3560 * 1.6, cheap: 319.45, xfers: 2},
	{name: "dangerous goods: the ferry refuses them", from: "CNXIY", to: "DEDUI", depart: monday,
		modify: func(_ *testing.T, _ *network.Graph, q *route.Query) { q.Cargo.DG = true },
		front:  1, fastest: 319.45, cost: 3560 * 1.6, cheap: 319.45, xfers: 2},
	{name: "40 FEU fill the train and the ferry", from: "CNXIY", to: "DEDUI", depart: monday,
		modify: func(_ *testing.T, _ *network.Graph, q *route.Query) { q.Cargo.Containers = 40; q.Cargo.Tonnes = 480 },
		front:  2, fastest: 319.45, cost: 3560 * 1.6 * 40, cheap: 668.9444, xfers: 2},
	{name: "60 FEU exceed the train's and the ferry's 100 TEU", from: "CNXIY", to: "DEDUI", depart: monday,
		modify:  func(_ *testing.T, _ *network.Graph, q *route.Query) { q.Cargo.Containers = 60; q.Cargo.Tonnes = 720 },
		blocked: "cargo", msg: "refuses this cargo (120 TEU)"},
	{name: "via Aktau: back to Dostyk by rail, or on by sea", from: "CNXIY", to: "DEDUI", depart: monday,
		// 109.2 + 8 + 2 × 76.3158 + 24 + 168.75 + 6 + 27.5; 1090+50+120+2×725+1620+50+630 = 5010 USD/TEU
		modify: via("KZSCO"), front: 2, fastest: 496.0816, cost: 5010 * 1.6, cheap: 668.9444, xfers: 2, mixed: true},
	{name: "avoiding KZ blocks everything", from: "CNXIY", to: "DEDUI", depart: monday,
		modify:  func(_ *testing.T, _ *network.Graph, q *route.Query) { q.AvoidCountries = []string{"KZ"} },
		blocked: "avoid_countries", msg: "every path from Xi'an to Duisburg crosses KZ, which is avoided"},
	{name: "avoiding the SCO group blocks everything", from: "DEDUI", to: "KZSCO", depart: monday,
		modify:  func(_ *testing.T, _ *network.Graph, q *route.Query) { q.AvoidGroups = []string{"SCO"} },
		blocked: "avoid_countries", msg: "Aktau is in KZ, which is avoided"},
	{name: "one transshipment is not enough", from: "CNXIY", to: "DEDUI", depart: monday,
		modify:  func(_ *testing.T, _ *network.Graph, q *route.Query) { q.MaxTransshipments = 1 },
		blocked: "max_transshipments", msg: "needs at least 2 transshipments"},
	{name: "Łódź has no way back east", from: "PLLOD", to: "KZDOS", depart: monday,
		modify:  avoidNodes("CP-SUEZ"),
		blocked: "avoid_nodes", msg: "passes Suez Canal"},
}

func avoidNodes(ids ...string) func(*testing.T, *network.Graph, *route.Query) {
	return func(t *testing.T, g *network.Graph, q *route.Query) {
		for _, id := range ids {
			q.AvoidNodes = append(q.AvoidNodes, mustNode(t, g, id))
		}
	}
}

func via(ids ...string) func(*testing.T, *network.Graph, *route.Query) {
	return func(t *testing.T, g *network.Graph, q *route.Query) {
		for _, id := range ids {
			q.Via = append(q.Via, mustNode(t, g, id))
		}
	}
}

func mustNode(t *testing.T, g *network.Graph, id string) network.NodeID {
	t.Helper()
	n, ok := g.NodeByID(id)
	if !ok {
		t.Fatalf("no node %s", id)
	}
	return n
}

func smallRouter(t testing.TB) *route.Router {
	t.Helper()
	g, err := network.Load("../network/testdata/small")
	if err != nil {
		t.Fatal(err)
	}
	return route.New(g)
}

func (f fixture) query(t *testing.T, g *network.Graph) route.Query {
	q := route.NewQuery(mustNode(t, g, f.from), mustNode(t, g, f.to), f.depart)
	if f.modify != nil {
		f.modify(t, g, &q)
	}
	return q
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

// check compares one search's answer with the fixture.
func (f fixture) check(t *testing.T, its []route.Itinerary, err error) {
	t.Helper()
	if f.front == 0 {
		var nr *route.NoRouteError
		if !errors.As(err, &nr) {
			t.Fatalf("want NoRouteError(%s), got %v (%d itineraries)", f.blocked, err, len(its))
		}
		if nr.Constraint != f.blocked || !strings.Contains(nr.Msg, f.msg) {
			t.Errorf("NoRouteError = %s: %q; want %s: %q", nr.Constraint, nr.Msg, f.blocked, f.msg)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(its) != f.front {
		t.Errorf("front has %d itineraries, want %d", len(its), f.front)
	}
	fast := its[0]
	if !near(fast.Total.Hours, f.fastest) || !near(fast.Total.CostUSD, f.cost) || fast.Total.Transshipments != f.xfers {
		t.Errorf("fastest = %.4f h, %.2f USD, %d transshipments; want %.4f h, %.2f USD, %d",
			fast.Total.Hours, fast.Total.CostUSD, fast.Total.Transshipments, f.fastest, f.cost, f.xfers)
	}
	if cheap := route.Best(its, route.Cheapest); !near(cheap.Total.Hours, f.cheap) {
		t.Errorf("cheapest takes %.4f h, want %.4f", cheap.Total.Hours, f.cheap)
	}
}

// TestFixturesSearch runs every fixture through the full Pareto search.
func TestFixturesSearch(t *testing.T) {
	r := smallRouter(t)
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			its, err := r.Search(context.Background(), f.query(t, r.Graph()))
			f.check(t, its, err)
		})
	}
}

// TestFixturesConcurrent runs every fixture from many goroutines at once on
// one Router: the shared graph and pooled workspaces must give the same answers.
func TestFixturesConcurrent(t *testing.T) {
	r := smallRouter(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, f := range fixtures {
				its, err := r.Search(context.Background(), f.query(t, r.Graph()))
				f.check(t, its, err)
			}
		}()
	}
	wg.Wait()
}

// TestFixturesMaxResults keeps one itinerary: it must be the fastest.
func TestFixturesMaxResults(t *testing.T) {
	r := smallRouter(t)
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			q := f.query(t, r.Graph())
			q.MaxResults = 1
			its, err := r.Search(context.Background(), q)
			if f.front == 0 {
				f.check(t, its, err)
				return
			}
			if err != nil || len(its) != 1 || !near(its[0].Total.Hours, f.fastest) {
				t.Errorf("MaxResults=1 gave %v %v; want the fastest (%.4f h)", len(its), err, f.fastest)
			}
		})
	}
}

// TestFixturesCompare: the fastest of every corridor, taken together, must
// include the overall fastest itinerary.
func TestFixturesCompare(t *testing.T) {
	r := smallRouter(t)
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			cmp, err := r.Compare(context.Background(), f.query(t, r.Graph()), route.Fastest)
			if f.front == 0 {
				var nr *route.NoRouteError
				if err == nil {
					for _, c := range cmp.Corridors {
						if c.Best != nil {
							t.Errorf("corridor %s found a route where none exists", c.Corridor)
						}
					}
				} else if !errors.As(err, &nr) {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			best := math.Inf(1)
			for _, c := range cmp.Corridors {
				if c.Best != nil {
					best = math.Min(best, c.Best.Total.Hours)
					if c.Best.Corridor != c.Corridor {
						t.Errorf("corridor %s's best is labelled %s", c.Corridor, c.Best.Corridor)
					}
				} else if c.Infeasible == "" {
					t.Errorf("corridor %s has neither a route nor a reason", c.Corridor)
				}
			}
			switch {
			case best < f.fastest-0.01:
				t.Errorf("a corridor's best (%.4f h) beats the unrestricted fastest (%.4f h)", best, f.fastest)
			case !f.mixed && !near(best, f.fastest):
				t.Errorf("fastest over corridors = %.4f h, want %.4f", best, f.fastest)
			}
		})
	}
}
