package route_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"corridor/network"
	"corridor/route"
)

// TestCompareFront: CompareFront answers exactly what Compare and Search
// answer one after the other — the same comparison, the same itineraries
// (margins or the exact front, cut or not, dated or not) and, when the
// query has no itinerary, the same NoRouteError with every corridor
// infeasible for its reason — over seeded random pairs and the invariant
// pairs of TestCompareAgreesWithSearch.
func TestCompareFront(t *testing.T) {
	r := bundled(t)
	pairs := invariantAndDrawnPairs(r.Graph(), 41)
	ctx := context.Background()
	objectives := []route.Objective{route.Fastest, route.Cheapest, route.Greenest, route.Generalised}
	departs := []time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 7, 15, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)}
	var withFront, noRoute int
	for i, p := range pairs {
		q := bq(t, r, p[0], p[1])
		q.Depart = departs[i%len(departs)]
		switch i % 4 {
		case 0:
			q.Margins = route.DefaultMargins
		case 1:
			q.Margins, q.MaxResults = route.DefaultMargins, 3
		case 2:
			q.MaxResults = 8
		}
		if i%10 == 9 { // no itinerary: by sea only between inland places, or a ferry only
			q.Modes = []network.Mode{network.Ferry}
		}
		obj := objectives[i%len(objectives)]

		wantCmp, wantCmpErr := r.Compare(ctx, q, obj)
		wantFront, wantErr := r.Search(ctx, q)
		gotCmp, gotFront, gotErr := r.CompareFront(ctx, q, obj)
		if wantCmpErr != nil {
			if gotErr == nil || gotErr.Error() != wantCmpErr.Error() {
				t.Errorf("%s→%s: CompareFront error %v, Compare's %v", p[0], p[1], gotErr, wantCmpErr)
			}
			continue
		}
		if !reflect.DeepEqual(gotCmp, wantCmp) {
			t.Errorf("%s→%s (%s, %s): CompareFront's comparison differs from Compare's", p[0], p[1], obj, q.Depart.Format("2006-01"))
		}
		var nr *route.NoRouteError
		switch {
		case errors.As(wantErr, &nr):
			noRoute++
			if gotErr == nil || gotErr.Error() != wantErr.Error() || gotFront != nil {
				t.Errorf("%s→%s: CompareFront gives %d itineraries and %v, Search %v", p[0], p[1], len(gotFront), gotErr, wantErr)
			}
		case wantErr != nil:
			t.Fatalf("%s→%s: search: %v", p[0], p[1], wantErr)
		default:
			withFront++
			if gotErr != nil {
				t.Errorf("%s→%s: CompareFront error %v, Search none", p[0], p[1], gotErr)
			}
			if !reflect.DeepEqual(gotFront, wantFront) {
				t.Errorf("%s→%s (margins %v, max %d, %s): CompareFront's %d itineraries differ from Search's %d",
					p[0], p[1], q.Margins, q.MaxResults, q.Depart.Format("2006-01"), len(gotFront), len(wantFront))
			}
		}
	}
	if withFront < 40 || noRoute < 3 {
		t.Errorf("%d queries with a front and %d without: the draw no longer covers both cases", withFront, noRoute)
	}
}

// TestCompareReasons: a corridor without an itinerary is blamed on a
// constraint only when lifting it gives an itinerary of that corridor, and
// otherwise the reason says what the corridor's own search established.
// Hamburg → Warsaw stays in Europe: the searches find European paths, so
// each corridor's paths are dominated, not absent (before, each corridor
// was blamed on the default cargo, one 12 t FEU: "uses a service that
// refuses this cargo (2 TEU)", and on an empty list of road payload
// limits). Xi'an → Tehran by the Middle Corridor exists (Aktau – Baku by
// ferry, then by road: middle, as ClassifyCorridor ranks the Caspian
// crossing before Iran), but not without Iran's links, which the middle
// search keeps off: the reason says so instead of "no path". Xi'an →
// Duisburg avoiding Russia and Belarus names the avoided countries for the
// Northern Corridor only.
func TestCompareReasons(t *testing.T) {
	r := bundled(t)
	ctx := context.Background()
	cmp, err := r.Compare(ctx, bq(t, r, "DEHAM", "PLWAW"), route.Fastest)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cmp.Corridors {
		within := ", without another corridor's passage,"
		if c.Corridor == network.TagNorthern { // ranked last: its paths make no other passage
			within = ""
		}
		want := "every path from Hamburg to Warsaw by the " + c.Name + within + " is no faster, no cheaper and no greener than one that does not take it"
		if c.Best != nil || c.Infeasible != want {
			t.Errorf("Hamburg → Warsaw, %s: best %v, reason %q, want none and %q", c.Corridor, c.Best != nil, c.Infeasible, want)
		}
	}

	cmp, err = r.Compare(ctx, bq(t, r, "CNXIY", "IRTHR"), route.Fastest)
	if err != nil {
		t.Fatal(err)
	}
	want := "no path from Xi'an to Tehran takes the Middle Corridor (Trans-Caspian International Transport Route) without another corridor's passage"
	for _, c := range cmp.Corridors {
		if c.Corridor == network.TagMiddle && (c.Best != nil || c.Infeasible != want) {
			t.Errorf("Xi'an → Tehran, middle: %v, reason %q, want none and %q", c.Best != nil, c.Infeasible, want)
		}
	}
	q := bq(t, r, "CNXIY", "IRTHR")
	q.Via = []network.NodeID{mustNode(t, r.Graph(), "KZSCO"), mustNode(t, r.Graph(), "AZBAK")}
	its, err := r.Search(ctx, q)
	if err != nil || len(its) == 0 || its[0].Corridor != network.TagMiddle {
		t.Errorf("Xi'an → Tehran via Aktau and Baku: %d itineraries (%v), want a middle one first", len(its), err)
	}

	q = bq(t, r, "CNXIY", "DEDUI")
	q.AvoidCountries = []string{"RU", "BY"}
	cmp, err = r.Compare(ctx, q, route.Fastest)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cmp.Corridors {
		switch {
		case c.Corridor == network.TagNorthern:
			if c.Best != nil || !strings.Contains(c.Infeasible, "which are avoided") || !strings.Contains(c.Infeasible, "BY or RU") {
				t.Errorf("Xi'an → Duisburg avoiding RU and BY, northern: best %v, reason %q, want the avoided countries named", c.Best != nil, c.Infeasible)
			}
		case c.Best == nil && strings.Contains(c.Infeasible, "cargo"):
			t.Errorf("Xi'an → Duisburg avoiding RU and BY, %s: reason %q blames the cargo", c.Corridor, c.Infeasible)
		}
	}
}

// TestNoPathWithoutConstraints: with Łódź closed, no path leads from
// Xi'an to Duisburg but by sea, and with the Suez Canal closed too none at
// all; the query sets no constraint, and its default cargo (one 12 t FEU)
// blocks nothing, so the diagnosis says the network has no path rather
// than that the constraints block it together.
func TestNoPathWithoutConstraints(t *testing.T) {
	g, err := network.Load("../network/testdata/small")
	if err != nil {
		t.Fatal(err)
	}
	closed, err := g.Derive(func(e *network.Editor) error {
		for _, id := range []string{"PLLOD", "CP-SUEZ"} {
			n, _ := g.NodeByID(id)
			e.CloseNode(n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := route.New(closed)
	q := route.NewQuery(mustNode(t, closed, "CNXIY"), mustNode(t, closed, "DEDUI"), monday)
	_, err = r.Search(context.Background(), q)
	var nr *route.NoRouteError
	want := "no path from Xi'an to Duisburg exists in this network (closed places and links included)"
	if !errors.As(err, &nr) || nr.Constraint != "" || nr.Msg != want {
		t.Errorf("Search: %v, want a NoRouteError %q", err, want)
	}
	cmp, err := r.Compare(context.Background(), q, route.Fastest)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cmp.Corridors {
		if c.Infeasible != want {
			t.Errorf("Compare, %s: %q, want %q", c.Corridor, c.Infeasible, want)
		}
	}
}

// TestCompareClosedPassage: with the Suez Canal closed, Shanghai →
// Rotterdam has other paths, but none makes the Suez passage: the reason
// says that no path takes the corridor (and that the network has closed
// places), not that its paths are dominated, which would be vacuously true.
func TestCompareClosedPassage(t *testing.T) {
	g := bundled(t).Graph()
	closed, err := g.Derive(func(e *network.Editor) error {
		e.CloseNode(mustNode(t, g, "CP-SUEZ"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := route.New(closed)
	cmp, err := r.Compare(context.Background(), bq(t, r, "CNSHA", "NLRTM"), route.Fastest)
	if err != nil {
		t.Fatal(err)
	}
	want := "no path from Shanghai to Rotterdam takes the Sea route via Suez without another corridor's passage, with the closed nodes and links of this network"
	for _, c := range cmp.Corridors {
		switch {
		case c.Corridor == network.TagMaritimeSuez && (c.Best != nil || c.Infeasible != want):
			t.Errorf("suez: best %v, reason %q, want none and %q", c.Best != nil, c.Infeasible, want)
		case c.Corridor == network.TagMaritimeCape && c.Best == nil:
			t.Errorf("cape: none (%s), want the Cape route", c.Infeasible)
		}
	}
}
