package route_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"corridor/network"
	"corridor/route"
)

// Road legs carry at most the published road payload per box of the
// countries they run in; elsewhere only the box's own limit applies, and a
// query that only road could serve says which limit blocks it.
func TestRoadPayloadLimits(t *testing.T) {
	r := bundled(t)
	tests := []struct {
		name      string
		from, to  string
		box       route.Box
		tonnes    float64
		roadOnly  bool
		wantRoute bool
		wantRoad  bool // some itinerary has a road leg
	}{
		{"40' under Germany's 22 t", "DEHAM", "DEMUC", route.Box40, 21, true, true, true},
		{"40' over Germany's 22 t, road only", "DEHAM", "DEMUC", route.Box40, 23, true, false, false},
		{"20' under Germany's 24 t", "DEHAM", "DEMUC", route.Box20, 23, true, true, true},
		{"40' over 22 t with every mode: rail takes it, no truck in Germany", "DEHAM", "DEMUC", route.Box40, 23, false, true, false},
		{"no published limit in Türkiye: the box limit only", "TRIST", "TRANK", route.Box40, 26, true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := bq(t, r, tt.from, tt.to)
			q.Cargo = route.Cargo{Containers: 1, Size: route.FEU, Box: tt.box, Tonnes: tt.tonnes, ValueUSD: 50000}
			if tt.box == route.Box20 {
				q.Cargo.Size = route.TEU
			}
			if tt.roadOnly {
				q.Modes = []network.Mode{network.Road}
			}
			its, err := r.Search(context.Background(), q)
			if !tt.wantRoute {
				var nr *route.NoRouteError
				if !errors.As(err, &nr) || !strings.Contains(nr.Msg, "road payload limit (DE 22 t") {
					t.Fatalf("got %v, want a no-route error naming Germany's 22 t road limit", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			road := false
			for _, it := range its {
				for _, l := range it.Legs {
					if l.Mode == "road" {
						road = true
						if lim, ok := route.RoadPayloadTonnes("DE", tt.box); ok && (l.From.ID[:2] == "DE" || l.To.ID[:2] == "DE") && tt.tonnes > lim {
							t.Errorf("%s: road leg %s → %s in Germany carries %.0f t per box, limit %.1f", it.Summary, l.From.ID, l.To.ID, tt.tonnes, lim)
						}
					}
				}
			}
			if road != tt.wantRoad {
				t.Errorf("road legs: %v, want %v (%d itineraries)", road, tt.wantRoad, len(its))
			}
		})
	}
}
