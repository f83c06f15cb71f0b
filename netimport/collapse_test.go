package netimport

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"corridor/fastpath"
	"corridor/network"
)

// randomLines writes a FeatureCollection of a few random lines on a small
// lattice (positions 0.01° apart, so lines cross and share vertices), some
// one-way, some rail, some with a repeated or backtracking position, some
// a few metres off the lattice (merged with it).
func randomLines(r *rand.Rand) string {
	var feats []string
	for f := 0; f < 1+r.IntN(6); f++ {
		var pts []string
		x, y := r.IntN(8), r.IntN(8)
		for p := 0; p < 2+r.IntN(12); p++ {
			jitter := 0.0
			if r.IntN(6) == 0 {
				jitter = 0.00004 // 3 m: merged with the lattice point within the 10 m tolerance
			}
			pts = append(pts, fmt.Sprintf("[%g,%g]", 10+float64(x)/100+jitter, 40+float64(y)/100))
			switch r.IntN(5) {
			case 0:
				x++
			case 1:
				x--
			case 2:
				y++
			case 3:
				y--
			} // 4: the same position again
		}
		props := []string{`{}`, `{"direction":"forward"}`, `{"mode":"rail"}`, `{"oneway":true,"mode":"road"}`}[r.IntN(4)]
		feats = append(feats, line(props, "["+strings.Join(pts, ",")+"]"))
	}
	return fc(feats...)
}

// TestCollapseKeepsDistances: on random small line networks, the shortest
// distance between any two nodes of the collapsed graph is the one between
// the same places when every vertex is a node (to 1e-9 relative), the same
// pairs are reachable, and every vertex is a node or counted collapsed.
func TestCollapseKeepsDistances(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 50))
	n := 300
	if testing.Short() {
		n = 100
	}
	collapsedAny := 0
	for i := 0; i < n; i++ {
		doc := randomLines(r)
		collapseKm := []float64{0, -1, 2.5}[r.IntN(3)]
		all, ra, err := ReadGeoJSON(context.Background(), strings.NewReader(doc), GeoJSONOptions{KeepVertices: true})
		if err != nil {
			continue // nothing of positive length
		}
		few, rf, err := ReadGeoJSON(context.Background(), strings.NewReader(doc), GeoJSONOptions{CollapseKm: collapseKm})
		if err != nil {
			t.Fatalf("case %d: %v\n%s", i, err, doc)
		}
		if rf.Nodes+rf.CollapsedVertices != ra.Nodes || ra.CollapsedVertices != 0 || rf.LengthKm-ra.LengthKm > 1e-9*ra.LengthKm {
			t.Fatalf("case %d: %d nodes + %d collapsed, want %d; length %v, want %v\n%s", i, rf.Nodes, rf.CollapsedVertices, ra.Nodes,
				rf.LengthKm, ra.LengthKm, doc)
		}
		collapsedAny += rf.CollapsedVertices
		if collapseKm > 0 {
			for l := range few.NumLinks() {
				if k := few.Link(network.LinkID(l)); k.DistanceKm > collapseKm && k.DistanceKm > 1.2 {
					t.Fatalf("case %d: link %s of %v km, longer than %v km and than any segment", i, k.ID, k.DistanceKm, collapseKm)
				}
			}
		}
		at := map[[2]float64]network.NodeID{}
		for v := range all.NumNodes() {
			nd := all.Node(network.NodeID(v))
			at[[2]float64{nd.Lon, nd.Lat}] = network.NodeID(v)
		}
		// collapsing makes parallel links (two chains between the same
		// nodes): the contraction hierarchy is checked on them too
		h, err := fastpath.Build(context.Background(), few, fastpath.Distance)
		if err != nil {
			t.Fatal(err)
		}
		for a := range few.NumNodes() {
			for b := range few.NumNodes() {
				if a == b {
					continue
				}
				na, nb := few.Node(network.NodeID(a)), few.Node(network.NodeID(b))
				got, okGot := fastpath.Dijkstra(few, fastpath.Distance, network.NodeID(a), network.NodeID(b))
				if hp, okH := h.Query(network.NodeID(a), network.NodeID(b)); okH != okGot || math.Abs(hp.Weight-got.Weight) > 1e-9*got.Weight {
					t.Fatalf("case %d: %s → %s: hierarchy %v km (ok %v), Dijkstra %v km (ok %v)\n%s", i, na.Name, nb.Name, hp.Weight, okH, got.Weight, okGot, doc)
				}
				want, okWant := fastpath.Dijkstra(all, fastpath.Distance, at[[2]float64{na.Lon, na.Lat}], at[[2]float64{nb.Lon, nb.Lat}])
				if okGot != okWant || math.Abs(got.Weight-want.Weight) > 1e-9*want.Weight {
					t.Fatalf("case %d (collapse %v km): %s → %s: %v km (ok %v), every vertex: %v km (ok %v)\n%s", i, collapseKm,
						na.Name, nb.Name, got.Weight, okGot, want.Weight, okWant, doc)
				}
			}
		}
	}
	if collapsedAny == 0 {
		t.Error("no vertex collapsed in any case")
	}
	t.Logf("%d vertices collapsed", collapsedAny)
}

// TestCollapseLongLine: one line of many vertices becomes links of at most
// CollapseKm between nodes at its ends and at the cuts; with no limit, one
// link between its two ends. Features meeting, a change of properties and
// a crossing stay nodes.
func TestCollapseLongLine(t *testing.T) {
	var pts []string
	for i := 0; i <= 100; i++ {
		pts = append(pts, fmt.Sprintf("[%g,0]", float64(i)/100)) // 1.11 km apart, 111.2 km in all
	}
	long := line("", "["+strings.Join(pts, ",")+"]")
	cases := []struct {
		name      string
		doc       string
		opts      GeoJSONOptions
		nodes     int
		collapsed int
	}{
		{"no limit", fc(long), GeoJSONOptions{CollapseKm: -1}, 2, 99},
		{"default 10 km", fc(long), GeoJSONOptions{}, 14, 87}, // 12 links of 8 segments (8.9 km; 9 are 10.008 km), one of 4
		{"every vertex", fc(long), GeoJSONOptions{KeepVertices: true}, 101, 0},
		{"a feature ends on it", fc(long, line("", "[[0.5,0],[0.5,1]]")), GeoJSONOptions{CollapseKm: -1}, 4, 98},
		{"a crossing", fc(long, line("", "[[0.25,-1],[0.25,0],[0.25,1]]")), GeoJSONOptions{CollapseKm: -1}, 5, 98},
		{"properties change", fc(line("", "[[0,0],[0.5,0],[1,0]]"), line(`{"mode":"rail"}`, "[[1,0],[1.5,0],[2,0]]")), GeoJSONOptions{CollapseKm: -1}, 3, 2},
		{"one-way", fc(line(`{"direction":"forward"}`, "[[0,0],[0.5,0],[1,0],[1.5,0]]")), GeoJSONOptions{CollapseKm: -1}, 2, 2},
		{"a ring", fc(line("", "[[0,0],[1,0],[1,1],[0,1],[0,0]]")), GeoJSONOptions{CollapseKm: -1}, 2, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, rep, err := ReadGeoJSON(context.Background(), strings.NewReader(tc.doc), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if g.NumNodes() != tc.nodes || rep.CollapsedVertices != tc.collapsed {
				t.Errorf("%d nodes, %d collapsed; want %d, %d", g.NumNodes(), rep.CollapsedVertices, tc.nodes, tc.collapsed)
			}
			total := 0.0
			for l := range g.NumLinks() {
				k := g.Link(network.LinkID(l))
				if !k.Reverse {
					total += k.DistanceKm
				}
			}
			if math.Abs(total-rep.LengthKm) > 1e-9*total {
				t.Errorf("links total %v km, report %v km", total, rep.LengthKm)
			}
		})
	}
}
