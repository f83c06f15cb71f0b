package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const smallNet = "../../network/testdata/small"

// run executes the CLI in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/name, rewriting it when UPDATE_GOLDEN=1.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestStatsJSONGolden(t *testing.T) {
	code, out, errOut := run(t, "data", "stats", "--network", smallNet, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "stats-small.json", out)
	var s map[string]any
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"nodes", "links", "services", "countries", "modes", "corridors", "sources"} {
		if _, ok := s[k]; !ok {
			t.Errorf("stats JSON lacks %q", k)
		}
	}
}

func TestStatsTable(t *testing.T) {
	code, out, _ := run(t, "data", "stats", "--network", smallNet)
	if code != 0 || !strings.Contains(out, "links (directed)     15") || !strings.Contains(out, "SCO members (nodes)  CN 2, KZ 2") || !strings.Contains(out, "AZ CN DE EG KZ PL") {
		t.Errorf("exit %d, table:\n%s", code, out)
	}
}

func TestValidate(t *testing.T) {
	code, out, _ := run(t, "data", "validate", "--network", smallNet)
	if code != 0 || !strings.HasPrefix(out, "valid: ") || strings.Count(out, "\n") != 1 {
		t.Errorf("valid network: exit %d, out %q", code, out)
	}
	code, out, errOut := run(t, "data", "validate", "--network", "../../network/testdata/broken")
	if code != ExitBadInput {
		t.Errorf("broken network: exit %d, want %d", code, ExitBadInput)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 4 {
		t.Errorf("broken network: want 4 problems, got:\n%s", out)
	}
	if !strings.Contains(out, `links.csv:2: to: unknown node "NOWHERE"`) || !strings.Contains(errOut, "4 problems") {
		t.Errorf("broken network output:\n%s\n%s", out, errOut)
	}
	code, _, errOut = run(t, "data", "validate", "--network", filepath.Join(t.TempDir(), "none"))
	if code != ExitFailure || !strings.Contains(errOut, "no such file") {
		t.Errorf("missing folder: exit %d, %q", code, errOut)
	}
}

func TestBadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"data", "stats", "--format", "xml"},
		{"data", "stats", "--no-such-flag"},
		{"data", "export", "--format", "kml"},
		{"nodes", "a", "b"},
	} {
		code, _, errOut := run(t, args...)
		if code != ExitBadInput || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and a message", args, code, errOut)
		}
	}
}

func TestExportGeoJSON(t *testing.T) {
	code, out, errOut := run(t, "data", "export", "--format", "geojson", "--network", smallNet)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var fc struct {
		Type     string
		Features []struct {
			Type     string
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" {
		t.Errorf("type %q", fc.Type)
	}
	counts := map[string]int{}
	for _, f := range fc.Features {
		counts[f.Geometry.Type]++
		if f.Type != "Feature" {
			t.Errorf("feature type %q", f.Type)
		}
		switch f.Geometry.Type {
		case "Point":
			var c [2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil || c[0] < -180 || c[0] > 180 {
				t.Errorf("point %s: %v %v", f.Properties["id"], c, err)
			}
		case "LineString":
			var c [][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil || len(c) < 2 {
				t.Errorf("line %s: %v %v", f.Properties["id"], c, err)
			}
			if f.Properties["mode"] == "" || f.Properties["distance_km"] == nil {
				t.Errorf("line %s lacks properties: %v", f.Properties["id"], f.Properties)
			}
		}
	}
	if counts["Point"] != 8 || counts["LineString"] != 15 {
		t.Errorf("features = %v, want 8 points and 15 lines", counts)
	}
}

func TestExportCSV(t *testing.T) {
	out := filepath.Join(t.TempDir(), "links.csv")
	code, _, errOut := run(t, "data", "export", "--format", "csv", "--network", smallNet, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 16 || recs[0][0] != "id" {
		t.Fatalf("want header + 15 rows, got %d", len(recs))
	}
	found := false
	for _, r := range recs {
		if r[0] == "L4~r" {
			found = r[1] == "AZBAK" && r[4] == "KZSCO" && r[7] == "ferry" && r[15] == "S1"
		}
	}
	if !found {
		t.Error("reverse ferry link L4~r missing or wrong in CSV export")
	}
}

func TestNodes(t *testing.T) {
	code, out, _ := run(t, "nodes", "lodz", "--network", smallNet)
	if code != 0 || !strings.Contains(out, "PLLOD") || !strings.Contains(out, "Łódź") {
		t.Errorf("nodes lodz: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "nodes", "--format", "json", "--network", smallNet, "suez")
	var ns []nodeJSON
	if err := json.Unmarshal([]byte(out), &ns); err != nil || code != 0 || len(ns) != 1 || ns[0].ID != "CP-SUEZ" {
		t.Errorf("nodes suez json: exit %d %v %v", code, ns, err)
	}
	code, _, errOut := run(t, "nodes", "dustyk", "--network", smallNet)
	if code != ExitBadInput || !strings.Contains(errOut, "did you mean Dostyk (KZDOS)") {
		t.Errorf("nodes dustyk: exit %d %q", code, errOut)
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, args := range [][]string{{"data", "validate"}, {"data", "stats"}, {"data", "export"}, {"nodes"}} {
		code, out, _ := run(t, append(args, "--help")...)
		if code != 0 || !strings.Contains(out, "Examples:") {
			t.Errorf("%v --help: exit %d, no examples:\n%s", args, code, out)
		}
	}
}

// TestValidateNotesAbsentServices: services.csv is optional (docs/DATA.md:
// links without a service are usable at any time), so a folder without it
// is valid, and validate says the file is absent instead of passing over it
// in silence.
func TestValidateNotesAbsentServices(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir(smallNet)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "services.csv" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(smallNet, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := run(t, "data", "validate", "--network", dir)
	if code != 0 || !strings.HasPrefix(out, "valid: ") || !strings.Contains(out, "0 services") ||
		!strings.Contains(out, "note: services.csv is absent (optional): no scheduled services: every link is usable at any time") {
		t.Errorf("exit %d, out %q", code, out)
	}
}
