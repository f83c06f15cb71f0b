package netimport

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/network"
	"corridor/spatial"
)

// sharedData returns the shared data folder (../shared/data next to the
// repository, or $CORRIDOR_SHARED_DATA), skipping the test when it is absent.
func sharedData(t testing.TB, sub string) string {
	t.Helper()
	dir := os.Getenv("CORRIDOR_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	p := filepath.Join(dir, sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s not found (set CORRIDOR_SHARED_DATA to the folder holding marnet/ and tntp/): %v", p, err)
	}
	return p
}

func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func line(props string, coords string) string {
	if props == "" {
		props = "{}"
	}
	return `{"type":"Feature","properties":` + props + `,"geometry":{"type":"LineString","coordinates":` + coords + `}}`
}

func TestReadGeoJSON(t *testing.T) {
	cases := []struct {
		name       string
		doc        string
		opts       GeoJSONOptions
		nodes      int
		directed   int
		components int
		check      func(t *testing.T, g *network.Graph, r *Report)
	}{
		{"one line, two segments", fc(line("", "[[0,0],[1,0],[1,1]]")), GeoJSONOptions{}, 3, 4, 1,
			func(t *testing.T, g *network.Graph, r *Report) {
				k := g.Link(0)
				want := spatial.GreatCircleKm(0, 0, 1, 0)
				if math.Abs(k.DistanceKm-want) > 1e-9 || math.Abs(want-111.195) > 0.01 {
					t.Errorf("segment length %v km, want %v (111.195)", k.DistanceKm, want)
				}
				if k.Mode != network.Sea || k.Energy != network.FuelOil || math.Abs(k.SpeedKmh-29.632) > 1e-9 {
					t.Errorf("defaults: %s %s %v km/h", k.Mode, k.Energy, k.SpeedKmh)
				}
				if g.Node(0).Kind != network.Waypoint || g.Node(0).ID != "V1" {
					t.Errorf("node: %+v", g.Node(0))
				}
			}},
		{"shared vertex joins features", fc(line("", "[[0,0],[1,0]]"), line("", "[[1,0],[2,0]]")), GeoJSONOptions{}, 3, 4, 1, nil},
		{"close vertices merge within tolerance", fc(line("", "[[0,0],[1,0]]"), line("", "[[1.00005,0],[2,0]]")), GeoJSONOptions{}, 3, 4, 1,
			func(t *testing.T, g *network.Graph, r *Report) {
				if r.MergedPositions != 1 {
					t.Errorf("merged %d, want 1", r.MergedPositions)
				}
			}},
		{"identical only keeps them apart", fc(line("", "[[0,0],[1,0]]"), line("", "[[1.00005,0],[2,0]]")), GeoJSONOptions{ToleranceM: -1}, 4, 4, 2, nil},
		{"antimeridian stitched", fc(line("", "[[170,10],[180,10]]"), line("", "[[-180,10],[-170,10]]")), GeoJSONOptions{ToleranceM: -1}, 3, 4, 1,
			func(t *testing.T, g *network.Graph, r *Report) {
				if r.AntimeridianStitched != 1 {
					t.Errorf("stitched %d, want 1", r.AntimeridianStitched)
				}
				if km := g.Link(0).DistanceKm + g.Link(2).DistanceKm; math.Abs(km-2*spatial.GreatCircleKm(170, 10, 180, 10)) > 1e-6 {
					t.Errorf("across the antimeridian: %v km", km)
				}
			}},
		{"components, largest kept", fc(line("", "[[0,0],[1,0],[2,0]]"), line("", "[[50,50],[51,50]]")), GeoJSONOptions{LargestComponent: true}, 3, 4, 2,
			func(t *testing.T, g *network.Graph, r *Report) {
				if r.DroppedVertices != 2 || r.ComponentSizes[0] != 3 || r.ComponentSizes[1] != 2 {
					t.Errorf("dropped %d, sizes %v", r.DroppedVertices, r.ComponentSizes)
				}
			}},
		{"properties mapped", fc(line(`{"mode":"rail","speed_kmh":50,"gauge_mm":1520,"direction":"forward","name":"x"}`, "[[0,0],[1,0]]")), GeoJSONOptions{}, 2, 1, 1,
			func(t *testing.T, g *network.Graph, r *Report) {
				k := g.Link(0)
				if k.Mode != network.Rail || k.Gauge != network.Russian || k.SpeedKmh != 50 || k.Energy != network.Mixed || k.Twin != network.None {
					t.Errorf("link: %+v", k)
				}
			}},
		{"multilinestring, points skipped, zero and duplicate segments", fc(
			`{"type":"Feature","properties":null,"geometry":{"type":"MultiLineString","coordinates":[[[0,0],[0,0],[1,0]],[[1,0],[0,0]]]}}`,
			`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5,5]}}`,
			`{"type":"Feature","properties":{},"geometry":null}`), GeoJSONOptions{}, 2, 2, 1,
			func(t *testing.T, g *network.Graph, r *Report) {
				if r.SkippedByType["Point"] != 1 || r.SkippedByType["null"] != 1 || r.ZeroLengthSegments != 1 || r.DuplicateSegments != 1 {
					t.Errorf("report: %+v", r)
				}
			}},
		{"a single feature", line("", "[[0,0],[0,1]]"), GeoJSONOptions{}, 2, 2, 1, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, r, err := ReadGeoJSON(context.Background(), strings.NewReader(tc.doc), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if g.NumNodes() != tc.nodes || g.NumLinks() != tc.directed || r.Components != tc.components {
				t.Errorf("%d nodes, %d directed links, %d components; want %d, %d, %d", g.NumNodes(), g.NumLinks(), r.Components,
					tc.nodes, tc.directed, tc.components)
			}
			if tc.check != nil {
				tc.check(t, g, r)
			}
		})
	}
}

func TestReadGeoJSONErrors(t *testing.T) {
	cases := []struct {
		name, doc, want string
		feature         int
	}{
		{"syntax", "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [ oops ]\n}", "invalid JSON at line 3, column 17", -1},
		{"not geojson", `{"type":"Topology"}`, `expected a GeoJSON FeatureCollection or Feature, got type "Topology"`, -1},
		{"not a feature", fc(line("", "[[0,0],[1,0]]"), `{"type":"Thing"}`), `feature 1: expected type "Feature"`, 1},
		{"feature not an object", fc(`[1,2]`), "feature 0: not a Feature object", 0},
		{"one position", fc(line("", "[[0,0],[1,0]]"), line("", "[[0,0]]")), "feature 1: line 0 has 1 position(s)", 1},
		{"out of range", fc(line("", "[[0,0],[181,0]]")), "feature 0: position 1: [181, 0] is outside", 0},
		{"short position", fc(line("", "[[0,0],[1]]")), "feature 0: position 1: expected [lon, lat]", 0},
		{"coordinates not numbers", fc(line("", `[["a","b"],[1,0]]`)), "feature 0: LineString coordinates", 0},
		{"bad mode", fc(line(`{"mode":"air"}`, "[[0,0],[1,0]]")), `feature 0: property "mode": unknown mode "air"`, 0},
		{"bad speed type", fc(line(`{"speed_kmh":"fast"}`, "[[0,0],[1,0]]")), `feature 0: property "speed_kmh": expected a non-negative number`, 0},
		{"bad gauge", fc(line(`{"mode":"rail","gauge_mm":1000}`, "[[0,0],[1,0]]")), `property "gauge_mm": expected 1435, 1520, 1668 or 1676`, 0},
		{"nothing to import", fc(`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5,5]}}`), "no line segments to import", -1},
		{"empty", "", "invalid", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ReadGeoJSON(context.Background(), strings.NewReader(tc.doc), GeoJSONOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			var fe *FeatureError
			if errors.As(err, &fe) && fe.Feature != tc.feature {
				t.Errorf("feature index %d, want %d", fe.Feature, tc.feature)
			}
		})
	}
}
