package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tntpDir returns the shared SiouxFalls folder or skips.
func tntpDir(t *testing.T) string {
	t.Helper()
	base := filepath.Join("..", "..", "..", "shared", "data", "tntp")
	if d := os.Getenv("CORRIDOR_SHARED_DATA"); d != "" {
		base = filepath.Join(d, "tntp")
	}
	dir := filepath.Join(base, "SiouxFalls")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("TNTP networks not found at %s: set CORRIDOR_SHARED_DATA to the folder holding tntp/", base)
	}
	return dir
}

func TestAssignTNTP(t *testing.T) {
	dir := tntpDir(t)
	out := filepath.Join(t.TempDir(), "flows.csv")
	code, stdout, stderr := run(t, "assign", "--tntp-net", filepath.Join(dir, "SiouxFalls_net.tntp"),
		"--tntp-trips", filepath.Join(dir, "SiouxFalls_trips.tntp"), "--gap", "1e-8", "--format", "json", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s map[string]any
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	for _, k := range []string{"algorithm", "iterations", "relative_gap", "relative_gap_sptt", "objective", "seconds"} {
		if _, ok := s[k]; !ok {
			t.Errorf("JSON summary lacks %q", k)
		}
	}
	if z := s["objective"].(float64); z < 4231335.28 || z > 4231335.30 {
		t.Errorf("objective %v, want 4231335.287", z)
	}
	if s["algorithm"] != "b" || s["converged"] != true {
		t.Errorf("algorithm %v converged %v", s["algorithm"], s["converged"])
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 77 || lines[0] != "from,to,flow,cost" || !strings.HasPrefix(lines[1], "1,2,") {
		t.Errorf("flows CSV: %d lines, starting %q %q", len(lines), lines[0], lines[1])
	}
	if stderr != "" {
		t.Errorf("stderr not quiet off a terminal: %q", stderr)
	}
	code, stdout, _ = run(t, "assign", "--tntp-net", filepath.Join(dir, "SiouxFalls_net.tntp"),
		"--tntp-trips", filepath.Join(dir, "SiouxFalls_trips.tntp"), "--algorithm", "bfw", "--gap", "1e-3")
	if code != 0 || !strings.Contains(stdout, "relative gap") || !strings.Contains(stdout, "bfw") {
		t.Errorf("table: exit %d\n%s", code, stdout)
	}
}

func TestAssignFreight(t *testing.T) {
	code, stdout, stderr := run(t, "assign", "--demand", filepath.Join("..", "..", "data", "demand", "china-europe-2030.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"TEU by corridor", "maritime-suez", "bottlenecks", "Baku (Alat port)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestAssignBadInput(t *testing.T) {
	tmp := t.TempDir()
	badNet := filepath.Join(tmp, "bad_net.tntp")
	os.WriteFile(badNet, []byte("<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n1 2 1 1 x 0.15 4 0 0 1 ;\n"), 0o644)
	trips := filepath.Join(tmp, "t_trips.tntp")
	os.WriteFile(trips, []byte("Origin 1\n2 : 5;\n"), 0o644)
	badDemand := filepath.Join(tmp, "d.csv")
	os.WriteFile(badDemand, []byte("origin,destination,teu_per_year\nCNXIY,DEDUI,-4\n"), 0o644)
	unknown := filepath.Join(tmp, "u.csv")
	os.WriteFile(unknown, []byte("origin,destination,teu_per_year\nCNXIY,Atlantis,4\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"assign"}, "give --tntp-net"},
		{[]string{"assign", "--tntp-net", badNet}, "go together"},
		{[]string{"assign", "--tntp-net", badNet, "--tntp-trips", trips}, "bad_net.tntp:6: free_flow_time: expected a number"},
		{[]string{"assign", "--tntp-net", filepath.Join(tmp, "none"), "--tntp-trips", trips}, "no such file"},
		{[]string{"assign", "--tntp-net", badNet, "--tntp-trips", trips, "--algorithm", "magic"}, "unknown algorithm"},
		{[]string{"assign", "--tntp-net", badNet, "--tntp-trips", trips, "--gap", "2"}, "--gap must be"},
		{[]string{"assign", "--demand", badDemand}, "d.csv:2: teu_per_year"},
		{[]string{"assign", "--demand", unknown}, `u.csv:2: destination: unknown place "Atlantis"`},
		{[]string{"assign", "--demand", badDemand, "--format", "xml"}, "unknown --format"},
	}
	for _, tc := range cases {
		code, _, stderr := run(t, tc.args...)
		if code != ExitBadInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args[1:], code, stderr, tc.want)
		}
	}
}
