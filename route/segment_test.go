package route_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"corridor/network"
	"corridor/route"
)

// TestSegmentModes: modes given segment by segment hold on every
// itinerary, leg by leg, for the segment each link lies on; one set
// repeated for every segment answers what Modes with that set answers;
// and the fastest itinerary with segment modes is never faster than the
// fastest without them, and as fast when that one already keeps to them.
func TestSegmentModes(t *testing.T) {
	r := bundled(t)
	g := r.Graph()
	var places []network.NodeID
	for i := range g.NumNodes() {
		if n := g.Node(network.NodeID(i)); n.Kind == network.Seaport || n.Kind == network.City || n.Kind == network.DryPort {
			places = append(places, network.NodeID(i))
		}
	}
	sets := [][]network.Mode{{network.Rail}, {network.Road}, {network.Sea}, {network.Rail, network.Road}, {network.Sea, network.Ferry}, nil}
	rng := rand.New(rand.NewPCG(8, 14))
	ctx := context.Background()
	queries, found, kept, same := 60, 0, 0, 0
	if testing.Short() {
		queries = 20
	}
	for i := 0; i < queries; i++ {
		from, via, to := places[rng.IntN(len(places))], places[rng.IntN(len(places))], places[rng.IntN(len(places))]
		if from == via || via == to || from == to {
			continue
		}
		q := route.NewQuery(from, to, time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC))
		q.Via = []network.NodeID{via}
		q.SegmentModes = [][]network.Mode{sets[rng.IntN(len(sets))], sets[rng.IntN(len(sets))]}
		its, err := r.Search(ctx, q)
		var nr *route.NoRouteError
		if errors.As(err, &nr) {
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", q, err)
		}
		found++
		for _, it := range its {
			if id, seg := offSegment(g, &it, q); id != "" {
				t.Fatalf("%s → %s → %s, segment modes %v: link %s on segment %d", g.Node(from).ID, g.Node(via).ID, g.Node(to).ID, q.SegmentModes, id, seg)
			}
		}
		// Against the same trip without segment modes.
		free := q
		free.SegmentModes = nil
		all, err := r.Search(ctx, free)
		if err != nil {
			t.Fatalf("%v without segment modes: %v", q, err)
		}
		if its[0].Total.Hours < all[0].Total.Hours-1e-6 {
			t.Fatalf("%v: %.2f h with segment modes, faster than %.2f h without", q, its[0].Total.Hours, all[0].Total.Hours)
		}
		if id, _ := offSegment(g, &all[0], q); id == "" {
			kept++
			if its[0].Total.Hours > all[0].Total.Hours+1e-6 {
				t.Fatalf("%v: the fastest itinerary keeps to the segment modes (%.2f h) but the search with them found %.2f h", q, all[0].Total.Hours, its[0].Total.Hours)
			}
		}
		// One set for every segment is Modes.
		if ms := q.SegmentModes[0]; len(ms) > 0 && rng.IntN(2) == 0 {
			a, b := q, q
			a.SegmentModes = [][]network.Mode{ms, ms}
			b.SegmentModes, b.Modes = nil, ms
			ia, errA := r.Search(ctx, a)
			ib, errB := r.Search(ctx, b)
			// The same front: the same totals, itinerary by itinerary. Two
			// paths of exactly equal totals (a round trip out one way and
			// back the other, Port Qasim → Ukraine → Lianyungang by road)
			// are one point of the front, and which of them is drawn
			// depends on the search's order, which its bounds set (over
			// all links for segment modes, road links for Modes).
			ta, tb := totalsOf(ia), totalsOf(ib)
			if (errA == nil) != (errB == nil) || !slices.Equal(ta, tb) {
				ja, _ := json.Marshal(ta)
				jb, _ := json.Marshal(tb)
				t.Fatalf("%v: segment modes %v on both segments answer differently from modes %v: %v / %v\n%s\n%s", q, ms, ms, errA, errB, ja, jb)
			}
			same++
		}
	}
	t.Logf("%d queries with an itinerary, %d whose unrestricted fastest kept to the segment modes, %d compared with Modes", found, kept, same)
	if found < 5 || kept == 0 {
		t.Errorf("too few queries exercised the check: %d found, %d kept", found, kept)
	}
}

// offSegment returns the first link of it (and its segment) whose mode is
// not among those q gives its segment, or "" when every link keeps to them.
// A link belongs to the segment it starts on: the one that reaches the via
// node ends the first segment.
func offSegment(g *network.Graph, it *route.Itinerary, q route.Query) (string, int) {
	seg := 0
	for _, leg := range it.Legs {
		for _, id := range leg.Links {
			l, _ := g.LinkByID(id)
			k := g.Link(l)
			if ms := q.SegmentModes[seg]; len(ms) > 0 && !slices.Contains(ms, k.Mode) {
				return id, seg
			}
			if seg == 0 && k.To == q.Via[0] {
				seg = 1
			}
		}
	}
	return "", 0
}

// TestSegmentModesErrors: a wrong number of sets is an input error naming
// the field; modes no path can keep to give the diagnosis of the field.
func TestSegmentModesErrors(t *testing.T) {
	r := bundled(t)
	g := r.Graph()
	id := func(s string) network.NodeID {
		n, ok := g.NodeByID(s)
		if !ok {
			t.Fatalf("no node %s", s)
		}
		return n
	}
	q := route.NewQuery(id("CNXIY"), id("DEDUI"), time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC))
	q.Via = []network.NodeID{id("KZALA")}
	q.SegmentModes = [][]network.Mode{{network.Rail}}
	var ie *route.InputError
	if _, err := r.Search(context.Background(), q); !errors.As(err, &ie) || ie.Field != "segment_modes" {
		t.Fatalf("one set for two segments: %v", err)
	}
	q.SegmentModes = [][]network.Mode{{network.Sea}, nil} // Xi'an to Almaty by sea
	_, err := r.Search(context.Background(), q)
	var nr *route.NoRouteError
	if !errors.As(err, &nr) || nr.Constraint != "segment_modes" {
		t.Fatalf("sea to Almaty: %v", err)
	}
	t.Log(nr.Msg)
}

// totalsOf lists the hours, cost and CO2e of each itinerary, in order.
func totalsOf(its []route.Itinerary) [][3]float64 {
	out := make([][3]float64, len(its))
	for i := range its {
		out[i] = [3]float64{its[i].Total.Hours, its[i].Total.CostUSD, its[i].Total.CO2eKg}
	}
	return out
}
