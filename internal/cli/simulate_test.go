package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSimulateJSONContract(t *testing.T) {
	args := []string{"simulate", "--from", "Xi'an", "--to", "Constanta", "--avoid-nodes", "Kars", "--modes", "rail,ferry,sea",
		"--avoid-countries", "RU", "--depart", "2026-03-02", "--deadline", "2026-04-01", "--runs", "3000", "--seed", "5", "--format", "json"}
	code, out, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.ContainsAny(out, "\r\x1b") {
		t.Error("progress output when stdout is not a terminal")
	}
	var doc struct {
		Query       map[string]any     `json:"query"`
		Runs        int                `json:"runs"`
		Seed        uint64             `json:"seed"`
		Corridor    string             `json:"corridor"`
		TransitDays map[string]float64 `json:"transit_days"`
		OnTime      *float64           `json:"on_time_probability"`
		Histogram   struct {
			BinDays float64 `json:"bin_days"`
			Bins    []struct {
				FromDays float64 `json:"from_days"`
				Count    int     `json:"count"`
			} `json:"bins"`
		} `json:"histogram"`
		Breakdown map[string]struct {
			Days  float64 `json:"days"`
			Share float64 `json:"share"`
		} `json:"breakdown"`
		Legs      []map[string]any `json:"legs"`
		Itinerary struct {
			Corridor string `json:"corridor"`
		} `json:"itinerary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Runs != 3000 || doc.Seed != 5 || doc.Corridor != "middle" || doc.Itinerary.Corridor != "middle" {
		t.Errorf("runs %d seed %d corridor %q/%q", doc.Runs, doc.Seed, doc.Corridor, doc.Itinerary.Corridor)
	}
	for _, k := range []string{"mean", "p10", "p50", "p90", "p95", "p99"} {
		if v, ok := doc.TransitDays[k]; !ok || !(v > 0) {
			t.Errorf("transit_days.%s = %v", k, v)
		}
	}
	if d := doc.TransitDays; !(d["p10"] <= d["p50"] && d["p50"] <= d["p90"] && d["p90"] <= d["p95"] && d["p95"] <= d["p99"]) {
		t.Errorf("quantiles out of order: %v", d)
	}
	if doc.OnTime == nil || *doc.OnTime <= 0 || *doc.OnTime >= 1 {
		t.Errorf("on_time_probability = %v", doc.OnTime)
	}
	n := 0
	for _, b := range doc.Histogram.Bins {
		n += b.Count
	}
	if n != 3000 || doc.Histogram.BinDays <= 0 {
		t.Errorf("histogram: %d runs in bins of %g days", n, doc.Histogram.BinDays)
	}
	share := 0.0
	for _, k := range []string{"running", "waiting", "border", "handling"} {
		share += doc.Breakdown[k].Share
	}
	if share < 0.999 || share > 1.001 || doc.Breakdown["waiting"].Days <= 0 {
		t.Errorf("breakdown: %v", doc.Breakdown)
	}
	if len(doc.Legs) < 4 {
		t.Errorf("%d legs", len(doc.Legs))
	}

	// The same seed gives the same document, whatever the workers.
	code, again, _ := run(t, append(args, "--workers", "1")...)
	if code != 0 || again != out {
		t.Error("the same seed with 1 worker gives another result")
	}
}

func TestSimulateTable(t *testing.T) {
	code, out, errOut := run(t, "simulate", "--from", "Xi'an", "--to", "Duisburg", "--depart", "2026-03-02", "--runs", "500",
		"--deadline", "2026-03-20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"transit days", "p90", "on time by 2026-03-20", "where the time goes", "waiting for departures", "mean days per leg", "█"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestSimulateCompare(t *testing.T) {
	code, out, errOut := run(t, "simulate", "--from", "Xi'an", "--to", "Duisburg", "--depart", "2026-03-02", "--runs", "400", "--compare", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Runs      int `json:"runs"`
		Corridors []struct {
			Corridor   string `json:"corridor"`
			Infeasible string `json:"infeasible"`
			Result     *struct {
				TransitDays map[string]float64 `json:"transit_days"`
				Histogram   struct {
					StartDays float64 `json:"start_days"`
					BinDays   float64 `json:"bin_days"`
				} `json:"histogram"`
			} `json:"result"`
		} `json:"corridors"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range doc.Corridors {
		if c.Result != nil {
			got[c.Corridor] = true
			if c.Result.TransitDays["p50"] <= 0 {
				t.Errorf("%s: %v", c.Corridor, c.Result.TransitDays)
			}
		} else if c.Infeasible == "" {
			t.Errorf("%s: neither a result nor a reason", c.Corridor)
		}
	}
	if doc.Runs != 400 || !got["middle"] || !got["northern"] || !got["maritime-suez"] {
		t.Errorf("runs %d, corridors %v", doc.Runs, got)
	}
	code, out, _ = run(t, "simulate", "--from", "Xi'an", "--to", "Duisburg", "--runs", "300", "--compare")
	if code != 0 || !strings.Contains(out, "northern") || !strings.Contains(out, "distributions,") {
		t.Errorf("compare table, exit %d:\n%s", code, out)
	}
}

func TestSimulateExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--from", "Xian", "--to", "Duisbrg"}, ExitBadInput, "did you mean Duisburg (DEDUI)"},
		{[]string{"--from", "Xi'an"}, ExitBadInput, "--from and --to are required"},
		{[]string{"--from", "Xi'an", "--to", "Duisburg", "--runs", "0"}, ExitBadInput, "runs: must be between"},
		{[]string{"--from", "Xi'an", "--to", "Duisburg", "--deadline", "soon"}, ExitBadInput, "deadline: expected a date"},
		{[]string{"--from", "Xi'an", "--to", "Duisburg", "--depart", "2026-03-02", "--deadline", "2026-03-01"}, ExitBadInput, "not after the departure"},
		{[]string{"--from", "Xi'an", "--to", "Duisburg", "--format", "csv"}, ExitBadInput, "unknown --format"},
		{[]string{"--from", "Xi'an", "--to", "Duisburg", "--seed", "-1"}, ExitBadInput, `--seed: expected a whole number of 0 or more, got "-1"`},
		{[]string{"--from", "Xi'an", "--to", "Duisburg", "--avoid-countries", "RU,BY,KZ,MN", "--modes", "rail"}, ExitNoRoute, "crosses"},
		{[]string{"--from", "Xi'an", "--to", "Duisburg", "--avoid-countries", "RU,BY,KZ,MN", "--modes", "rail", "--compare"}, ExitNoRoute, "no feasible route: no corridor has a feasible itinerary"},
	}
	for _, c := range cases {
		code, _, errOut := run(t, append([]string{"simulate"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q", c.args, code, errOut, c.code, c.msg)
		}
	}
}

func TestIsTerminalWriter(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminalWriter(f) || isTerminalWriter(w) || isTerminalWriter(&strings.Builder{}) {
		t.Error("a file, a pipe or a buffer taken for a terminal")
	}
	var b strings.Builder
	p := &simProgress{w: &b}
	p.update(5, 10)
	p.update(10, 10)
	p.clear()
	if !strings.Contains(b.String(), "100% 10/10") || !strings.HasSuffix(b.String(), "\r\x1b[K") {
		t.Errorf("progress bar output %q", b.String())
	}
}

// --congestion takes a bundled demand set or a demand file (the same demand
// gives the same draws), says what it drew, and refuses anything else by
// name with exit 2.
func TestSimulateCongestion(t *testing.T) {
	args := []string{"simulate", "--from", "Aktau", "--to", "Baku", "--depart", "2026-03-02", "--runs", "500"}
	code, named, errOut := run(t, append(args, "--congestion", "china-europe-2030")...)
	if code != 0 || !strings.Contains(named, "congestion of china-europe-2030 drawn: ") {
		t.Fatalf("exit %d: %s%s", code, named, errOut)
	}
	file := filepath.Join("..", "..", "data", "demand", "china-europe-2030.csv")
	code, fromFile, errOut := run(t, append(args, "--congestion", file)...)
	if code != 0 || !strings.Contains(fromFile, "congestion of "+file+" drawn: ") {
		t.Fatalf("file: exit %d: %s%s", code, fromFile, errOut)
	}
	tables := func(s string) string { return s[strings.Index(s, "transit days"):] }
	if tables(named) != tables(fromFile) {
		t.Errorf("the bundled set and its file draw differently:\n%s\n%s", tables(named), tables(fromFile))
	}
	code, _, errOut = run(t, append(args, "--congestion", "china-europe-2099")...)
	if code != 2 || !strings.Contains(errOut, `--congestion: "china-europe-2099" is neither a bundled demand set`) {
		t.Errorf("unknown demand: exit %d: %s", code, errOut)
	}
}
