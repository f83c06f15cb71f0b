package netimport

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"corridor/data/eurasia"
	"corridor/network"
)

// WriteNetwork then network.Load gives back the same network: the bundled
// one (borders, services, corridors, countries) and an imported one.
func TestWriteNetworkRoundTrip(t *testing.T) {
	bundled, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	imported, _, err := ReadGeoJSON(context.Background(), strings.NewReader(fc(line("", "[[0,0],[1,0],[1,1]]"), line(`{"direction":"forward"}`, "[[1,1],[0,0]]"))), GeoJSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, g := range map[string]*network.Graph{"bundled": bundled, "imported": imported} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := WriteNetwork(g, dir); err != nil {
				t.Fatal(err)
			}
			back, err := network.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g.Countries(), back.Countries()) {
				t.Errorf("countries differ:\n%+v\n%+v", g.Countries(), back.Countries())
			}
			if !reflect.DeepEqual(g.Stats(), back.Stats()) {
				t.Errorf("stats differ:\n%+v\n%+v", g.Stats(), back.Stats())
			}
			for i := 0; i < g.NumLinks(); i++ {
				a, b := g.Link(network.LinkID(i)), back.Link(network.LinkID(i))
				if a.ID != b.ID || a.From != b.From || a.To != b.To || a.DistanceKm != b.DistanceKm || a.Hours != b.Hours || a.Twin != b.Twin ||
					a.GridGCO2ePerKWh != b.GridGCO2ePerKWh {
					t.Fatalf("link %d: %+v\nread back as %+v", i, a, b)
				}
			}
		})
	}
}
