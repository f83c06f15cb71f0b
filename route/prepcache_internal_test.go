package route

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/network"
)

// placesOf lists g's cities, dry ports and seaports: the places queries
// start and end at.
func placesOf(g *network.Graph) []network.NodeID {
	var places []network.NodeID
	for i := range g.NumNodes() {
		switch g.Node(network.NodeID(i)).Kind {
		case network.City, network.DryPort, network.Seaport:
			places = append(places, network.NodeID(i))
		}
	}
	return places
}

// TestPreparedReuse runs seeded random queries, with random cargo, carbon
// price, modes, avoided countries and nodes, corridors and excluded passages
// (which only filter the prepared links again), one after another on one
// workspace (which keeps what it prepared while the inputs repeat) and
// each on a new workspace, and compares the arrived labels: criteria bits
// and links.
func TestPreparedReuse(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := New(g)
	places := placesOf(g)
	rng := rand.New(rand.NewPCG(7, 11))
	shared := newWorkspace(g)
	type arrival struct {
		h, c, e float64
		links   []network.LinkID
	}
	answer := func(ws *workspace, q *Query) []arrival {
		if _, err := r.run(context.Background(), ws, q); err != nil {
			t.Fatal(err)
		}
		var out []arrival
		for _, li := range ws.results {
			l := ws.labels[li]
			a := arrival{h: l.hours, c: l.cost, e: l.co2}
			for j := li; j >= 0 && ws.labels[j].link >= 0; j = ws.labels[j].pred {
				a.links = append(a.links, ws.labels[j].link)
			}
			out = append(out, a)
		}
		return out
	}
	n := 0
	for n < 150 {
		a, b := places[rng.IntN(len(places))], places[rng.IntN(len(places))]
		q := NewQuery(a, b, time.Date(2026, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC))
		// Few distinct inputs, so that consecutive queries often share them.
		switch rng.IntN(9) {
		case 1:
			q.CarbonPriceUSDPerTonne = 100
		case 2:
			q.Cargo = Cargo{Containers: 3, Size: TEU, Tonnes: 40, ValueUSD: 1e6, Reefer: true}
		case 3:
			q.Modes = []network.Mode{network.Rail, network.Sea}
		case 4:
			q.AvoidCountries = []string{"RU"}
		case 5:
			q.AvoidNodes = []network.NodeID{places[rng.IntN(len(places))]}
		case 6: // Compare's per-corridor searches: only the link filter changes
			q.Corridors = []string{[]string{"middle", "northern", "instc"}[rng.IntN(3)], network.TagEurope}
		case 7:
			q.excluded = network.AllPassages &^ (1 << []network.Passage{network.SuezPassage, network.CapePassage}[rng.IntN(2)])
		case 8:
			q.Modes = []network.Mode{network.Rail, network.Sea}
			q.Corridors = []string{"middle", network.TagEurope}
		}
		if a == b || q.check(g) != nil || r.checkEnds(&q) != nil {
			continue
		}
		n++
		got, want := answer(shared, &q), answer(newWorkspace(g), &q)
		if !slices.EqualFunc(got, want, func(x, y arrival) bool {
			return x.h == y.h && x.c == y.c && x.e == y.e && slices.Equal(x.links, y.links)
		}) {
			t.Fatalf("query %d (%+v): on a reused workspace %v, on a new one %v", n, q, got, want)
		}
	}
}
