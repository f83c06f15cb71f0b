package route_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"corridor/network"
	"corridor/route"
)

// Avoiding a country avoids the chokepoints it controls: Suez (EG), the
// Bosphorus (TR) and Bab-el-Mandeb (YE, DJ, ER), and the query echo says so.
func TestAvoidedCountryClosesItsChokepoints(t *testing.T) {
	r := bundled(t)
	g := r.Graph()
	cases := []struct {
		avoid    []string
		closed   []string // chokepoint ids no itinerary may pass
		note     string
		corridor string // every itinerary's corridor
	}{
		{[]string{"EG"}, []string{"CP-SUEZ"}, "avoiding EG closes the Suez Canal", "maritime-cape"},
		{[]string{"ER"}, []string{"CP-BAB-EL-MANDEB"}, "avoiding ER closes the Bab-el-Mandeb", "maritime-cape"},
		{[]string{"YE", "DJ"}, []string{"CP-BAB-EL-MANDEB"}, "avoiding YE and DJ closes the Bab-el-Mandeb", "maritime-cape"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.avoid, ","), func(t *testing.T) {
			q := bq(t, r, "CNSHA", "NLRTM")
			q.AvoidCountries = tc.avoid
			slices.Sort(q.AvoidCountries)
			q.Modes = []network.Mode{network.Sea}
			its, err := r.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if len(its) == 0 {
				t.Fatal("no itinerary")
			}
			for i, it := range its {
				if it.Corridor != tc.corridor {
					t.Errorf("itinerary %d: corridor %s, want %s", i+1, it.Corridor, tc.corridor)
				}
				for _, id := range tc.closed {
					for _, l := range it.Legs {
						if l.From.ID == id || l.To.ID == id || slices.Contains(l.Via, id) {
							t.Errorf("itinerary %d passes %s", i+1, id)
						}
					}
				}
			}
			if notes := route.Echo(g, q).Notes; !slices.Contains(notes, tc.note) {
				t.Errorf("notes %q, want %q", notes, tc.note)
			}
		})
	}
	// With every mode allowed, no itinerary passes Suez either.
	q := bq(t, r, "CNSHA", "NLRTM")
	q.AvoidCountries = []string{"EG"}
	its, err := r.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range its {
		for _, l := range it.Legs {
			if l.From.ID == "CP-SUEZ" || l.To.ID == "CP-SUEZ" || slices.Contains(l.Via, "CP-SUEZ") || it.Corridor == "maritime-suez" {
				t.Errorf("all modes: itinerary %d (%s) passes Suez", i+1, it.Corridor)
			}
		}
	}
	// Without the avoidance the Suez route is found and nothing is noted.
	q = bq(t, r, "CNSHA", "NLRTM")
	q.Modes = []network.Mode{network.Sea}
	its, err = r.Search(context.Background(), q)
	if err != nil || !slices.ContainsFunc(its, func(it route.Itinerary) bool { return it.Corridor == "maritime-suez" }) {
		t.Errorf("no Suez itinerary without avoidance (%v)", err)
	}
	if n := route.Echo(g, q).Notes; len(n) != 0 {
		t.Errorf("notes without avoidance: %q", n)
	}
}

// When the only way in is a closed chokepoint, the no-route message names it.
func TestNoRouteNamesClosedChokepoint(t *testing.T) {
	r := bundled(t)
	q := bq(t, r, "CNSHA", "ROCND")
	q.AvoidCountries = []string{"TR"}
	q.Modes = []network.Mode{network.Sea}
	_, err := r.Search(context.Background(), q)
	var nr *route.NoRouteError
	if !errors.As(err, &nr) || nr.Constraint != "avoid_countries" || !strings.Contains(nr.Msg, "avoiding TR closes the Bosphorus") {
		t.Errorf("got %v", err)
	}
}
