package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedData returns ../shared/data next to the repository (or
// $CORRIDOR_SHARED_DATA), skipping the test when it is absent.
func sharedData(t *testing.T, sub string) string {
	t.Helper()
	dir := os.Getenv("CORRIDOR_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	p := filepath.Join(dir, sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s not found (set CORRIDOR_SHARED_DATA): %v", p, err)
	}
	return p
}

// lanes writes a small sea-lane GeoJSON file: a main line across the
// antimeridian and a detached stub near the first point.
func lanes(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "lanes.geojson")
	doc := `{"type":"FeatureCollection","features":[
	  {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[160,20],[170,20],[180,20]]}},
	  {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[-180,20],[-170,20],[-160,21]]}},
	  {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[160.5,20.5],[160.6,20.6]]}}]}`
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDataImportGeoJSON(t *testing.T) {
	p := lanes(t)
	out := filepath.Join(t.TempDir(), "net")
	code, stdout, stderr := run(t, "data", "import", "--format", "geojson", p, "--largest-component", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"vertices             7 (0 positions merged within 10 m, 1 stitched across the antimeridian)",
		"components           2 (largest: 5, 2)", "dropped              2 vertices outside the largest component",
		"imported             5 nodes, 4 links (8 directed)", "written: " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = run(t, "data", "validate", "--network", out)
	if code != 0 || !strings.Contains(stdout, "5 nodes, 8 links") {
		t.Errorf("written network: exit %d, %s", code, stdout)
	}
	code, stdout, _ = run(t, "data", "import", "--format", "geojson", p, "--report", "json")
	var rep map[string]any
	if code != 0 || json.Unmarshal([]byte(stdout), &rep) != nil || rep["components"] != float64(2) {
		t.Errorf("json report: exit %d, %s", code, stdout)
	}
}

func TestDataImportTNTP(t *testing.T) {
	t.Setenv("CORRIDOR_CACHE_DIR", t.TempDir())
	dir := filepath.Join(sharedData(t, "tntp"), "SiouxFalls")
	out := filepath.Join(t.TempDir(), "sf")
	code, stdout, stderr := run(t, "data", "import", "--format", "tntp", dir, "--country", "US", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"zones, nodes      24, 24", "links             76", "demand            576 OD entries, total 360600.00",
		"coordinates degrees"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	// the TNTP folder itself is a --network; the written folder too
	for _, net := range []string{dir, out} {
		code, stdout, stderr = run(t, "route", "--network", net, "--from", "N1", "--to", "N20", "--shortest", "time", "--format", "json")
		var r struct {
			Hours float64 `json:"hours"`
		}
		if code != 0 || json.Unmarshal([]byte(stdout), &r) != nil || r.Hours <= 0 {
			t.Errorf("route on %s: exit %d %s %s", net, code, stdout, stderr)
		}
	}
}

func TestDataImportBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.geojson")
	os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[0,95]]}}]}`), 0o644)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no format", []string{"data", "import", bad}, 2, "unknown --format"},
		{"no file", []string{"data", "import", "--format", "geojson"}, 2, "accepts 1 arg"},
		{"bad mode", []string{"data", "import", "--format", "geojson", "--mode", "air", bad}, 2, "--mode: unknown mode"},
		{"bad feature", []string{"data", "import", "--format", "geojson", bad}, 2, "feature 0: position 1: [0, 95] is outside"},
		{"missing file", []string{"data", "import", "--format", "geojson", "/nonexistent.geojson"}, 1, "no such file"},
		{"tntp out needs country", []string{"data", "import", "--format", "tntp", t.TempDir(), "--out", t.TempDir()}, 2, "needs --country"},
		{"tntp empty folder", []string{"data", "import", "--format", "tntp", t.TempDir()}, 1, "expected one *_net.tntp file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

// TestImportTNTPMissingMetadata: a _net file without its mandatory metadata
// is refused naming the file and the field, unless --infer-metadata.
func TestImportTNTPMissingMetadata(t *testing.T) {
	dir := t.TempDir()
	net := "~ init term cap len fft b power speed toll type ;\n1 2 100 6 6 0.15 4 0 0 1 ;\n2 1 100 6 6 0.15 4 0 0 1 ;\n"
	if err := os.WriteFile(filepath.Join(dir, "x_net.tntp"), []byte(net), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "data", "import", "--format", "tntp", dir)
	if code != ExitBadInput || !strings.Contains(errOut, "x_net.tntp:0: missing metadata <NUMBER OF ZONES>") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	code, out, errOut := run(t, "data", "import", "--format", "tntp", "--infer-metadata", dir)
	if code != 0 {
		t.Errorf("--infer-metadata: exit %d, stderr %q, out %q", code, errOut, out)
	}
}

// A long line (here 300 positions, 333 km) imports as a few nodes, its
// chains collapsed into links of at most 10 km, and routes from one end
// to the other over the same distance as with every vertex a node.
func TestRouteLongLineCollapsed(t *testing.T) {
	t.Setenv("CORRIDOR_CACHE_DIR", t.TempDir())
	var pts []string
	for i := 0; i < 300; i++ {
		pts = append(pts, fmt.Sprintf("[%g,%g]", 30+float64(i)/100, 10+float64(i%2)/1000))
	}
	p := filepath.Join(t.TempDir(), "long.geojson")
	doc := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[` +
		strings.Join(pts, ",") + `]}}]}`
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	var reps [2]struct {
		Nodes     int     `json:"nodes"`
		Collapsed int     `json:"collapsed_vertices"`
		LengthKm  float64 `json:"length_km"`
	}
	for i, extra := range [][]string{nil, {"--keep-vertices"}} {
		code, stdout, stderr := run(t, append([]string{"data", "import", "--format", "geojson", p, "--report", "json"}, extra...)...)
		if code != 0 || json.Unmarshal([]byte(stdout), &reps[i]) != nil {
			t.Fatalf("import %v: exit %d %s %s", extra, code, stdout, stderr)
		}
	}
	if reps[0].Nodes+reps[0].Collapsed != 300 || reps[0].Nodes > 40 || reps[1].Nodes != 300 || reps[1].Collapsed != 0 {
		t.Fatalf("reports: %+v", reps)
	}
	last := fmt.Sprintf("V%d", reps[0].Nodes)
	code, stdout, stderr := run(t, "route", "--network", p, "--from", "V1", "--to", last, "--shortest", "distance", "--format", "json")
	var r shortestResult
	if code != 0 || json.Unmarshal([]byte(stdout), &r) != nil {
		t.Fatalf("route V1 → %s: exit %d %s %s", last, code, stdout, stderr)
	}
	if math.Abs(r.DistanceKm-reps[1].LengthKm) > 1e-9*reps[1].LengthKm || len(r.Links) != reps[0].Nodes-1 {
		t.Errorf("V1 → %s: %v km over %d links, want %v km (every vertex a node) over %d", last, r.DistanceKm, len(r.Links),
			reps[1].LengthKm, reps[0].Nodes-1)
	}
	// the ends by coordinates, and the multi-criteria router
	code, stdout, stderr = run(t, "route", "--network", p, "--from", "30,10", "--to", "32.99,10.001", "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"itineraries"`) {
		t.Errorf("pareto route: exit %d %s %s", code, stdout[:min(len(stdout), 300)], stderr)
	}
	code, _, stderr = run(t, "data", "import", "--format", "geojson", p, "--collapse-km", "0")
	if code != 2 || !strings.Contains(stderr, "--collapse-km must be above 0") {
		t.Errorf("--collapse-km 0: exit %d %s", code, stderr)
	}
}
