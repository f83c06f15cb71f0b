package route_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"corridor/network"
	"corridor/route"
)

// TestItinerariesJSON: AppendItinerariesJSON writes what encoding/json
// writes, byte for byte, for the fronts of 120 seeded origin-destination
// pairs of the bundled network in four query variants.
func TestItinerariesJSON(t *testing.T) {
	r := bundled(t)
	g := r.Graph()
	var places []network.NodeID
	for i := 0; i < g.NumNodes(); i++ {
		switch g.Node(network.NodeID(i)).Kind {
		case network.City, network.DryPort, network.Seaport:
			places = append(places, network.NodeID(i))
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	checked, full := 0, 0 // full: itineraries with why and dated rates
	for i := 0; i < 120; i++ {
		a, b := places[rng.IntN(len(places))], places[rng.IntN(len(places))]
		dep := time.Date(2020+rng.IntN(7), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), 0, 0, time.UTC)
		q := route.NewQuery(a, b, dep)
		switch i % 4 {
		case 1:
			q.CarbonPriceUSDPerTonne = 85.5
		case 2:
			q.Margins = route.DefaultMargins
			q.Cargo.Reefer = true
		case 3:
			q.MaxResults = 3
		}
		its, err := r.Search(context.Background(), q)
		if err != nil {
			continue
		}
		checked++
		for _, it := range its {
			if it.Why != nil && it.Rates != nil && len(it.Rates.Series) > 0 {
				full++
			}
		}
		want, err := json.Marshal(its)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := route.AppendItinerariesJSON([]byte("x"), its)
		if !ok || string(got[1:]) != string(want) {
			t.Fatalf("pair %d (%s → %s): ok %v\n got %s\nwant %s", i, g.Node(a).ID, g.Node(b).ID, ok, got[1:], want)
		}
	}
	if checked < 60 || full < 20 {
		t.Fatalf("only %d pairs had routes, %d itineraries why and dated rates", checked, full)
	}
	// an itinerary that ran on a dated parameter (the North Range ports in
	// summer 2022)
	sha, _ := g.NodeByID("CNSHA")
	ham, _ := g.NodeByID("DEHAM")
	its, err := r.Search(context.Background(), route.NewQuery(sha, ham, time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil || len(its[0].Dated) == 0 {
		t.Fatalf("Shanghai → Hamburg in August 2022: %v, dated parameters %v", err, its[0].Dated)
	}
	want, _ := json.Marshal(its)
	if got, ok := route.AppendItinerariesJSON(nil, its); !ok || string(got) != string(want) {
		t.Fatalf("dated parameters: ok %v\n got %s\nwant %s", ok, got, want)
	}
	// Strings encoding/json escapes, nil slices and non-finite numbers.
	odd := []route.Itinerary{{Corridor: `a"b\c<d>&e` + "\n\u2028é\xff", Countries: []string{}, Legs: []route.Leg{{Via: []string{}, Coordinates: [][2]float64{{1e-7, 1e21}, {-0.5, 123456789}}}}}}
	want, _ = json.Marshal(odd)
	if got, ok := route.AppendItinerariesJSON(nil, odd); !ok || string(got) != string(want) {
		t.Errorf("odd itinerary: got %s\nwant %s", got, want)
	}
	if got, ok := route.AppendItinerariesJSON(nil, nil); !ok || string(got) != "null" {
		t.Errorf("nil: %s", got)
	}
	odd[0].Total.Hours = 1 / zero()
	if _, ok := route.AppendItinerariesJSON(nil, odd); ok {
		t.Error("an infinite number encoded")
	}
}

func zero() float64 { return 0 }

// TestItinerariesJSONFields counts the JSON fields of the types
// AppendItinerariesJSON writes: a field added to them must be added there.
func TestItinerariesJSONFields(t *testing.T) {
	for _, c := range []struct {
		v any
		n int
	}{
		{route.Itinerary{}, 11}, {route.Total{}, 17}, {route.Leg{}, 19}, {route.NodeRef{}, 2},
		{route.Crossing{}, 7}, {route.Why{}, 4}, {route.Versus{}, 5}, {route.Rates{}, 2},
		{route.RateUse{}, 6}, {route.CostLine{}, 4}, {route.DatedParam{}, 5},
	} {
		typ := reflect.TypeOf(c.v)
		n := 0
		for i := 0; i < typ.NumField(); i++ {
			if f := typ.Field(i); f.IsExported() && !strings.HasPrefix(f.Tag.Get("json"), "-") {
				n++
			}
		}
		if n != c.n {
			t.Errorf("%s has %d JSON fields, AppendItinerariesJSON writes %d", typ.Name(), n, c.n)
		}
	}
}
