package route_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"corridor/route"
)

// thin is the documented rule of route.Margins applied by brute force to
// an exact front: itineraries by increasing generalised cost (ties by
// hours, cost, CO2e), each kept when it beats every kept one by the margin
// (the larger of m.Rel times the kept value and the minimum) in some
// criterion. It returns the kept itineraries sorted by hours.
func thin(front []route.Itinerary, m route.Margins) []route.Itinerary {
	its := slices.Clone(front)
	sort.SliceStable(its, func(i, j int) bool {
		a, b := its[i].Total, its[j].Total
		if a.GeneralisedUSD != b.GeneralisedUSD {
			return a.GeneralisedUSD < b.GeneralisedUSD
		}
		if a.Hours != b.Hours {
			return a.Hours < b.Hours
		}
		if a.CostUSD != b.CostUSD {
			return a.CostUSD < b.CostUSD
		}
		return a.CO2eKg < b.CO2eKg
	})
	better := func(x, k, rel, min float64) bool { return k-x >= math.Max(rel*k, min) }
	var kept []route.Itinerary
	for _, it := range its {
		a := it.Total
		ok := true
		for _, k := range kept {
			if !(better(a.Hours, k.Total.Hours, m.Rel, m.Hours) || better(a.CostUSD, k.Total.CostUSD, m.Rel, m.USD) ||
				better(a.CO2eKg, k.Total.CO2eKg, m.Rel, m.CO2eKg)) {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, it)
		}
	}
	// The router keeps the exact front's order (by unrounded hours), which
	// the rounded totals cannot reproduce when two hours round alike.
	pos := make(map[string]int, len(front))
	for i, it := range front {
		pos[key(it)] = i
	}
	sort.SliceStable(kept, func(i, j int) bool { return pos[key(kept[i])] < pos[key(kept[j])] })
	return kept
}

// key names an itinerary by its criteria (rounded as the output rounds them).
func key(it route.Itinerary) string {
	return fmt.Sprintf("%.2f/%.2f/%.2f", it.Total.Hours, it.Total.CostUSD, it.Total.CO2eKg)
}

func keys(its []route.Itinerary) []string {
	out := make([]string, len(its))
	for i, it := range its {
		out[i] = key(it)
	}
	return out
}

// nearBoundary reports whether some pair of itineraries of front differs by
// almost exactly a margin, where the rounding of the output's totals could
// decide the brute force's verdict differently from the router's.
func nearBoundary(front []route.Itinerary, m route.Margins) bool {
	near := func(x, k, rel, min float64) bool { return math.Abs((k-x)-math.Max(rel*k, min)) < 0.02 }
	for _, a := range front {
		for _, k := range front {
			if near(a.Total.Hours, k.Total.Hours, m.Rel, m.Hours) || near(a.Total.CostUSD, k.Total.CostUSD, m.Rel, m.USD) ||
				near(a.Total.CO2eKg, k.Total.CO2eKg, m.Rel, m.CO2eKg) {
				return true
			}
		}
	}
	return false
}

// TestFuzzyFrontMatchesBruteForce: on random networks, the front the router
// returns with margins is the brute-force thinning of its exact front (whose
// agreement with an enumeration of every path TestParetoMatchesBruteForce
// checks), and a subset of it.
func TestFuzzyFrontMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	ctx := context.Background()
	checked, thinned := 0, 0
	for trial := 0; trial < 600; trial++ {
		_, r, from, to, ok := randomPair(t, rng, trial)
		if !ok {
			continue
		}
		q := route.NewQuery(from, to, time.Date(2026, 3, 1+rng.IntN(7), rng.IntN(24), 0, 0, 0, time.UTC))
		exact, err := r.Search(ctx, q)
		if err != nil {
			continue
		}
		m := route.Margins{Rel: []float64{0, 0.02, 0.1}[rng.IntN(3)], Hours: rng.Float64() * 48,
			USD: rng.Float64() * 400, CO2eKg: rng.Float64() * 200}
		if rng.IntN(5) == 0 {
			m = route.DefaultMargins
		}
		q.Margins = m
		got, err := r.Search(ctx, q)
		if err != nil {
			t.Fatalf("trial %d: with margins: %v", trial, err)
		}
		if nearBoundary(exact, m) {
			continue
		}
		checked++
		want := thin(exact, m)
		if len(want) < len(exact) {
			thinned++
		}
		if g, w := keys(got), keys(want); !slices.Equal(g, w) {
			t.Errorf("trial %d, margins %+v:\nexact %v\ngot   %v\nwant  %v", trial, m, keys(exact), g, w)
		}
	}
	if checked < 100 || thinned < 20 {
		t.Errorf("only %d trials checked, %d thinned: the generator is too sparse", checked, thinned)
	}
	t.Logf("%d trials checked, %d thinned", checked, thinned)
}

// TestMarginsInvalid: negative or infinite margins are refused.
func TestMarginsInvalid(t *testing.T) {
	r := bundled(t)
	for _, m := range []route.Margins{{Rel: -0.1}, {Hours: math.Inf(1)}, {USD: math.NaN()}, {CO2eKg: -1}} {
		q := bq(t, r, "CNXIY", "DEDUI")
		q.Margins = m
		_, err := r.Search(context.Background(), q)
		var ie *route.InputError
		if !errors.As(err, &ie) || ie.Field != "margins" {
			t.Errorf("margins %+v: got %v, want an InputError on margins", m, err)
		}
	}
}

// TestDefaultFrontDropsNoise: the detours and shuttles of issue 12 leave
// the default front (route.DefaultMargins) and stay in the full one.
func TestDefaultFrontDropsNoise(t *testing.T) {
	r := bundled(t)
	g := r.Graph()
	// via reports whether it passes through every country of cs.
	countries := func(cs ...string) func(route.Itinerary) bool {
		return func(it route.Itinerary) bool {
			for _, c := range cs {
				if !slices.Contains(it.Countries, c) {
					return false
				}
			}
			return true
		}
	}
	// detour: the path goes through UZ and TM but not on into Iran, so it
	// comes back into Kazakhstan (the Altynkol → UZ → TM → KZ detour). Going
	// on from Turkmenistan into Iran is a corridor of its own, not noise.
	detour := func(it route.Itinerary) bool {
		return countries("UZ", "TM")(it) && !slices.Contains(it.Countries, "IR")
	}
	leg := func(from, to string) func(route.Itinerary) bool {
		return func(it route.Itinerary) bool {
			for _, l := range it.Legs {
				if l.From.ID == from && l.To.ID == to {
					return true
				}
			}
			return false
		}
	}
	tests := []struct {
		name     string
		from, to string
		noise    func(route.Itinerary) bool
		inFull   bool // the full front still has it
	}{
		// With dated rates (March 2026: ERAI and the Caspian ferry series
		// raise the Kazakh and Caspian tariffs) the detour is on the full
		// front again; the default front must still drop it.
		{"Altynkol detour via UZ and TM, Lianyungang–Istanbul", "CNLYG", "TRIST", detour, true},
		{"Altynkol detour via UZ and TM, Almaty–Baku", "KZALA", "AZBAK", detour, true},
		// The rule on domestic sea legs (TestNoDomesticSeaLeg) takes it out of
		// the full front as well.
		{"Shanghai–Ningbo shuttle, Shanghai–Rotterdam", "CNSHA", "NLRTM", leg("CNSHA", "CNNGB"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := route.Request{From: tt.from, To: tt.to, Depart: "2026-03-02"}
			q, err := req.Query(g, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if q.Margins != route.DefaultMargins {
				t.Fatalf("a Request's default margins are %+v, want %+v", q.Margins, route.DefaultMargins)
			}
			def, err := r.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			req.FullFront = true
			if q, err = req.Query(g, time.Now()); err != nil {
				t.Fatal(err)
			}
			full, err := r.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if len(def) > len(full) {
				t.Errorf("default front has %d itineraries, full front %d", len(def), len(full))
			}
			for _, it := range def {
				if tt.noise(it) {
					t.Errorf("default front keeps %s %s", it.Summary, key(it))
				}
			}
			if got := slices.ContainsFunc(full, tt.noise); got != tt.inFull {
				t.Errorf("full front has it: %v, want %v", got, tt.inFull)
			}
		})
	}
}
