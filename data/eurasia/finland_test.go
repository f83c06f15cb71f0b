package eurasia_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"corridor/network"
	"corridor/route"
)

// TestHelsinkiFeeders: Helsinki (Vuosaari), Finland's main container port,
// is reached by sea through the North Sea hubs' feeders (section FI):
// Helsinki → Nhava Sheva by sea, which had no itinerary, now sails via a
// feeder to Rotterdam or Hamburg and then by a deep-sea lane; its days
// lie between the main line's alone and the 40 days of the Finland–India
// comparison of 2021 (sb-ceo-2021-finland-india), which counted waits at
// the hub that the model does not.
func TestHelsinkiFeeders(t *testing.T) {
	g := load(t)
	hel, _ := g.NodeByID("FIHEL")
	nsa, _ := g.NodeByID("INNSA")
	q := route.NewQuery(hel, nsa, time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC))
	q.Modes = []network.Mode{network.Sea}
	its, err := route.New(g).Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Helsinki → Nhava Sheva by sea: %v", err)
	}
	b := route.Best(its, route.Fastest)
	hub := ""
	for _, l := range b.Legs {
		for _, id := range l.Links {
			if id == "FI-C-NLRTM-FIHEL-FDR~r" || id == "FI-C-DEHAM-FIHEL-FDR~r" {
				hub = l.To.ID
			}
		}
	}
	if !slices.Contains([]string{"NLRTM", "DEHAM"}, hub) {
		t.Errorf("Helsinki → Nhava Sheva does not leave by a Helsinki feeder: %s", b.Summary)
	}
	if d := b.Total.Days; d < 20 || d > 40 {
		t.Errorf("Helsinki → Nhava Sheva by sea %.1f days, want 20–40: %s", d, b.Summary)
	}
	t.Logf("%s: %.1f days", b.Summary, b.Total.Days)
}
