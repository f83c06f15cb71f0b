package netimport

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/emissions"
	"corridor/network"
	"corridor/route"
)

// seaRoute routes 1 FEU of 12 t from one place to another on g.
func seaRoute(t *testing.T, g *network.Graph, from, to string) []route.Itinerary {
	t.Helper()
	q, err := (&route.Request{From: from, To: to, Depart: "2026-03-01"}).Query(g, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	its, err := route.New(g).Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return its
}

// An imported lane without a tariff has an unknown cost: null in JSON, not
// 0; a lane with a tariff_usd_per_km property has a known one. Imported sea
// lanes use the bundled network's deep-sea emission factor.
func TestImportedLanesUnknownCostAndSeaFactor(t *testing.T) {
	cases := []struct {
		name    string
		props   string
		unknown bool
	}{
		{"no tariff", "", true},
		{"tariff", `{"tariff_usd_per_km":0.04}`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "lanes.geojson")
			doc := fc(line(tc.props, "[[120,30],[110,20],[100,10]]"))
			if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			g, _, err := ReadGeoJSONFile(context.Background(), p, GeoJSONOptions{})
			if err != nil {
				t.Fatal(err)
			}
			its := seaRoute(t, g, "120,30", "100,10")
			if len(its) != 1 {
				t.Fatalf("%d itineraries", len(its))
			}
			it := its[0]
			b, err := json.Marshal(it)
			if err != nil {
				t.Fatal(err)
			}
			var doc2 struct {
				Total struct {
					CostUSD        *float64 `json:"cost_usd"`
					GeneralisedUSD *float64 `json:"generalised_usd"`
				} `json:"total"`
				Legs []struct {
					CostUSD *float64 `json:"cost_usd"`
				} `json:"legs"`
			}
			if err := json.Unmarshal(b, &doc2); err != nil {
				t.Fatal(err)
			}
			if got := doc2.Total.CostUSD == nil; got != tc.unknown || it.Total.CostUnknown != tc.unknown {
				t.Errorf("total cost null %v (CostUnknown %v), want %v: %s", got, it.Total.CostUnknown, tc.unknown, b)
			}
			if got := doc2.Total.GeneralisedUSD == nil; got != tc.unknown {
				t.Errorf("generalised null %v, want %v", got, tc.unknown)
			}
			for i, l := range doc2.Legs {
				if (l.CostUSD == nil) != tc.unknown {
					t.Errorf("leg %d cost %v, want null %v", i, l.CostUSD, tc.unknown)
				}
			}
			if strings.Contains(it.Summary, "cost unknown") != tc.unknown {
				t.Errorf("summary %q", it.Summary)
			}
			if !tc.unknown && !(it.Total.CostUSD > 0) {
				t.Errorf("known cost %v", it.Total.CostUSD)
			}
			bundled, err := eurasia.Load()
			if err != nil {
				t.Fatal(err)
			}
			suez := network.LinkID(network.None)
			for i := 0; i < bundled.NumLinks() && suez == network.None; i++ {
				if k := bundled.Link(network.LinkID(i)); k.Mode == network.Sea && k.HasCorridor("maritime-suez") {
					suez = network.LinkID(i)
				}
			}
			imp, want := emissions.LinkFactor(g.Link(0)), emissions.LinkFactor(bundled.Link(suez))
			if imp != want {
				t.Errorf("imported lane factor %s, bundled deep-sea lane %s", imp.Key, want.Key)
			}
		})
	}
}

// On marnet, Shanghai → Rotterdam emits per km what the bundled network's
// sea legs emit for the same trip (it was about four times as much when
// untagged lanes took the short-sea factor), and its cost is unknown.
func TestMarnetSameSeaEmissionsAsBundled(t *testing.T) {
	m, _ := loadMarnet(t, GeoJSONOptions{LargestComponent: true})
	its := seaRoute(t, m, "122.05,30.62", "4.03,51.96")
	it := its[0]
	if !it.Total.CostUnknown {
		t.Errorf("marnet route cost %v, want unknown", it.Total.CostUSD)
	}
	imported := it.Total.CO2eKg / it.Total.DistanceKm

	b, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	q, err := (&route.Request{From: "CNSHA", To: "NLRTM", Depart: "2026-03-01", Modes: []string{"sea"}}).Query(b, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	bits, err := route.New(b).Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var co2, km float64
	for _, l := range bits[0].Legs {
		if l.Mode == "sea" {
			co2, km = co2+l.CO2eKg, km+l.DistanceKm
		}
	}
	bundled := co2 / km
	if math.Abs(imported/bundled-1) > 0.01 {
		t.Errorf("marnet %.4f kg CO2e/km, bundled sea legs %.4f kg/km (ratio %.2f)", imported, bundled, imported/bundled)
	}
}
