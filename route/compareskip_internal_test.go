package route

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/network"
)

// TestCompareSkipsAnsweredCorridors: Compare leaves out a corridor's own
// search when no itinerary of the exact front makes a passage that search
// excludes (its front is then the exact front), and that changes no answer.
// Over seeded pairs of places on the bundled network, with every objective,
// dated and undated departures, avoided countries, modes and a
// transshipment limit, Compare answers the same JSON with the shortcut as
// with every corridor searched; and the shortcut is taken on some pairs
// and not on others.
func TestCompareSkipsAnsweredCorridors(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	with, without := New(g), New(g)
	without.searchAll = true
	places := placesOf(g)
	rng := rand.New(rand.NewPCG(17, 2026))
	ctx := context.Background()
	objectives := []Objective{Fastest, Cheapest, Greenest, Generalised}
	departs := []time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 8, 15, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)}
	skippedAll, searched := 0, 0
	for i := 0; i < 80; i++ {
		a, b := places[rng.IntN(len(places))], places[rng.IntN(len(places))]
		if a == b {
			continue
		}
		q := NewQuery(a, b, departs[i%len(departs)])
		switch i % 6 {
		case 1:
			q.AvoidCountries = []string{"RU", "BY"}
		case 2:
			q.Modes = []network.Mode{network.Rail, network.Sea, network.Ferry}
		case 3:
			q.MaxTransshipments = 2
		}
		obj := objectives[i%len(objectives)]
		ca, errA := with.Compare(ctx, q, obj)
		cb, errB := without.Compare(ctx, q, obj)
		same(t, "Compare", q, ca, errA, cb, errB)

		// Which corridors the shortcut leaves out, from the exact front.
		if q.check(g) != nil || with.checkEnds(&q) != nil {
			continue
		}
		all := q
		_, used, err := with.At(q.Depart).searchBest(ctx, all, obj, make([]*Itinerary, len(g.Corridors())), nil)
		if err != nil {
			t.Fatal(err)
		}
		left := 0
		for _, c := range g.Corridors() {
			if p := network.PassageFor(c.Tag); p != network.NoPassage && used&(network.AllPassages&^(1<<p)) == 0 {
				left++
			}
		}
		if left == 5 {
			skippedAll++
		} else {
			searched++
		}
	}
	t.Logf("%d comparisons answered by the exact front alone, %d with a corridor searched", skippedAll, searched)
	if skippedAll == 0 || searched == 0 {
		t.Error("the draw no longer covers both cases")
	}
}
