package spatial

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"corridor/network"
)

func TestGreatCircleKm(t *testing.T) {
	cases := []struct {
		name                   string
		lon1, lat1, lon2, lat2 float64
		want                   float64
	}{
		{"one degree of the equator", 0, 0, 1, 0, 111.19508},
		{"across the antimeridian", 179.5, 0, -179.5, 0, 111.19508},
		{"pole to pole", 0, 90, 0, -90, math.Pi * EarthRadiusKm},
		{"same point", 12, 34, 12, 34, 0},
		{"-180 is +180", -180, 20, 180, 20, 0},
	}
	for _, tc := range cases {
		if got := GreatCircleKm(tc.lon1, tc.lat1, tc.lon2, tc.lat2); math.Abs(got-tc.want) > 1e-3 {
			t.Errorf("%s: %v km, want %v", tc.name, got, tc.want)
		}
	}
}

// Nearest agrees with a linear scan, including near the poles and the antimeridian.
func TestNearestMatchesLinearScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 10, 1000} {
		pts := make([][2]float64, n)
		ids := make([]int32, n)
		for i := range pts {
			pts[i] = [2]float64{r.Float64()*360 - 180, r.Float64()*180 - 90}
			ids[i] = int32(100 + i)
		}
		pts[0] = [2]float64{180, 10}
		ix := New(pts, ids)
		queries := [][2]float64{{-179.99, 10}, {0, 90}, {0, -90}, {180, 0}}
		for q := 0; q < 300; q++ {
			queries = append(queries, [2]float64{r.Float64()*360 - 180, r.Float64()*180 - 90})
		}
		for _, q := range queries {
			id, km, ok := ix.Nearest(q[0], q[1])
			best := math.Inf(1)
			for _, p := range pts {
				best = math.Min(best, GreatCircleKm(q[0], q[1], p[0], p[1]))
			}
			if !ok || math.Abs(km-best) > 1e-6 {
				t.Fatalf("n=%d %v: nearest %d at %v km, linear scan %v km", n, q, id, km, best)
			}
		}
	}
	if _, _, ok := New(nil, nil).Nearest(0, 0); ok {
		t.Error("empty index found a point")
	}
}

// NodeIndex snaps only onto the largest component.
func TestNodeIndexSnapsToMainComponent(t *testing.T) {
	b := network.NewBuilder()
	b.AddSource(network.Source{ID: "src", Title: "t", Publisher: "p", Year: 2026})
	add := func(id string, lon, lat float64) network.NodeID {
		return b.AddNode(network.Node{ID: id, Name: id, Kind: network.Waypoint, Lon: lon, Lat: lat, Sources: []string{"src"}})
	}
	link := func(id string, a, c network.NodeID) {
		b.AddLink(network.LinkSpec{ID: id, From: a, To: c, Mode: network.Sea, DistanceKm: 100, SpeedKmh: 30, Energy: network.FuelOil, Sources: []string{"src"}, Both: true})
	}
	m1, m2, m3 := add("M1", 0, 0), add("M2", 1, 0), add("M3", 2, 0)
	s1, s2 := add("S1", 10, 10), add("S2", 10.1, 10)
	link("LA", m1, m2)
	link("LB", m2, m3)
	link("LC", s1, s2)
	g, err := b.Build("t")
	if err != nil {
		t.Fatal(err)
	}
	comp, sizes := Components(g)
	if fmt.Sprint(sizes) != "[3 2]" || comp[m1] != 0 || comp[s1] != 1 {
		t.Fatalf("components %v sizes %v", comp, sizes)
	}
	ix := NewNodeIndex(g)
	n, km, ok := ix.Snap(10, 10) // on the stub, but the stub is detached
	if !ok || n != m3 || math.Abs(km-GreatCircleKm(10, 10, 2, 0)) > 1e-6 {
		t.Errorf("snapped to %d at %v km, want M3", n, km)
	}
	if ix.Components() != 2 || ix.MainSize() != 3 {
		t.Errorf("components %d main %d", ix.Components(), ix.MainSize())
	}
}

func BenchmarkNearest(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	pts := make([][2]float64, 100_000)
	ids := make([]int32, len(pts))
	for i := range pts {
		pts[i] = [2]float64{r.Float64()*360 - 180, r.Float64()*180 - 90}
		ids[i] = int32(i)
	}
	ix := New(pts, ids)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Nearest(r.Float64()*360-180, r.Float64()*180-90)
	}
}
