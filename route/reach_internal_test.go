package route

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/network"
)

// TestReachableAgrees: the reachability check before a restricted search
// changes no answer. Over seeded queries on the bundled network with vias,
// one or two modes, avoided countries and corridor restrictions, Search
// and Compare answer the same JSON (or the same error) with and without
// it, and it skips the label search on some of them.
func TestReachableAgrees(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	with, without := New(g), New(g)
	without.noReach = true
	rng := rand.New(rand.NewPCG(21, 5))
	ctx := context.Background()
	modes := []network.Mode{network.Rail, network.Road, network.Sea, network.Ferry}
	countries := []string{"RU", "IR", "KZ", "TR", "EG", "BY"}
	skipped, n := 0, 0
	queries := 60
	if testing.Short() { // without the check, unreachable queries are searched exhaustively
		queries = 10
	}
	for i := 0; i < queries; i++ {
		from := network.NodeID(rng.IntN(g.NumNodes()))
		to := network.NodeID(rng.IntN(g.NumNodes()))
		if from == to {
			continue
		}
		q := NewQuery(from, to, time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))
		q.MaxResults = 4
		if rng.IntN(2) == 0 {
			if v := network.NodeID(rng.IntN(g.NumNodes())); v != from && v != to {
				q.Via = []network.NodeID{v}
			}
		}
		for k := rng.IntN(3); k > 0; k-- {
			q.Modes = append(q.Modes, modes[rng.IntN(len(modes))])
		}
		if rng.IntN(3) == 0 {
			q.AvoidCountries = []string{countries[rng.IntN(len(countries))]}
		}
		if !q.restricted() {
			q.Modes = []network.Mode{network.Rail, network.Sea}
		}
		n++
		a, errA := with.Search(ctx, q)
		b, errB := without.Search(ctx, q)
		same(t, "Search", q, a, errA, b, errB)
		if i%3 == 0 {
			ca, errA := with.Compare(ctx, q, Fastest)
			cb, errB := without.Compare(ctx, q, Fastest)
			same(t, "Compare", q, ca, errA, cb, errB)
		}
		ws := newWorkspace(g)
		if q.check(g) == nil && with.checkEnds(&q) == nil {
			with.prepare(ws, &params{q: &q, nvia: len(q.Via)})
			if !with.reachable(ws, &q) {
				skipped++
			}
		}
	}
	t.Logf("%d restricted queries, %d skipped by the check", n, skipped)
	if skipped == 0 {
		t.Error("no query was found unreachable: the test does not exercise the check")
	}
}

func same(t *testing.T, what string, q Query, a any, errA error, b any, errB error) {
	t.Helper()
	if (errA == nil) != (errB == nil) || (errA != nil && errA.Error() != errB.Error()) {
		t.Fatalf("%s %v: errors differ with and without the switch: %v / %v", what, q, errA, errB)
	}
	var nr *NoRouteError
	if errA != nil && !errors.As(errA, &nr) {
		return
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatalf("%s %v: answers differ with and without the switch:\n%s\n%s", what, q, ja, jb)
	}
}
