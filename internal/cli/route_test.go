package cli

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRouteJSONContract(t *testing.T) {
	code, out, errOut := run(t, "route", "--from", "Xi'an", "--to", "duisburg", "--depart", "2026-03-01", "--format", "json", "--max-results", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Query           map[string]any `json:"query"`
		EmissionsMethod string         `json:"emissions_method"`
		Itineraries     []struct {
			Corridor  string           `json:"corridor"`
			Summary   string           `json:"summary"`
			Total     map[string]any   `json:"total"`
			Countries []string         `json:"countries"`
			Legs      []map[string]any `json:"legs"`
		} `json:"itineraries"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.EmissionsMethod, "WTW = WTT + TTW") || !strings.Contains(doc.EmissionsMethod, "ISO 14083") {
		t.Errorf("emissions_method %q: want the WTW scope and ISO 14083", doc.EmissionsMethod)
	}
	if doc.Query["from"].(map[string]any)["id"] != "CNXIY" || doc.Query["to"].(map[string]any)["id"] != "DEDUI" {
		t.Errorf("query echo: %v", doc.Query)
	}
	if len(doc.Itineraries) < 2 {
		t.Fatalf("want at least 2 itineraries, got %d", len(doc.Itineraries))
	}
	for i, it := range doc.Itineraries {
		for _, k := range []string{"hours", "days", "cost_usd", "co2e_kg", "distance_km", "border_crossings", "transshipments", "gauge_changes", "wait_hours"} {
			if _, ok := it.Total[k]; !ok {
				t.Errorf("itinerary %d total lacks %q", i, k)
			}
		}
		if it.Corridor == "" || it.Summary == "" || len(it.Countries) < 2 || len(it.Legs) == 0 {
			t.Errorf("itinerary %d incomplete: %+v", i, it)
		}
		if i > 0 && num(it.Total["hours"]) < num(doc.Itineraries[i-1].Total["hours"]) {
			t.Error("itineraries not sorted by hours")
		}
		for _, l := range it.Legs {
			for _, k := range []string{"from", "to", "mode", "distance_km", "hours", "wait_hours", "cost_usd", "co2e_kg", "departure", "arrival"} {
				if _, ok := l[k]; !ok {
					t.Errorf("leg lacks %q: %v", k, l)
				}
			}
		}
		// Pareto: none dominates another
		for j, o := range doc.Itineraries {
			a, b := it.Total, o.Total
			if i != j && num(a["hours"]) <= num(b["hours"]) && num(a["cost_usd"]) <= num(b["cost_usd"]) && num(a["co2e_kg"]) <= num(b["co2e_kg"]) {
				t.Errorf("itinerary %d dominates %d", i, j)
			}
		}
	}
}

func TestRouteExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg"}, 0, "Pareto-optimal"},
		{[]string{"route", "--from", "Xian", "--to", "Duisbrg"}, ExitBadInput, "did you mean Duisburg (DEDUI)"},
		{[]string{"route", "--from", "Xi'an"}, ExitBadInput, "--from and --to are required"},
		{[]string{"route", "--from", "Atlantis", "--to", "Duisburg"}, ExitBadInput, `no place matches "Atlantis"; search a country's places with 'corridor nodes --country KZ'`},
		{[]string{"route", "--from", "Shanghai", "--to", "Rotterdam", "--avoid-countries", "EG", "--modes", "sea"}, 0, "note: avoiding EG closes the Suez Canal"},
		{[]string{"route", "--from", "Shanghai", "--to", "Constanta", "--avoid-countries", "TR", "--modes", "sea"}, ExitNoRoute, "avoiding TR closes the Bosphorus"},
		{[]string{"nodes", "--country", "EG"}, 0, "CP-SUEZ"},
		{[]string{"nodes", "--country", "XX"}, ExitBadInput, "not an ISO 3166-1"},
		{[]string{"nodes", "atlantis", "--country", "KZ"}, ExitBadInput, `no place matches "atlantis" in KZ`},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--avoid-countries", "XX"}, ExitBadInput, "not an ISO 3166-1"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--feu", "-2"}, ExitBadInput, "--feu: must be at least 1"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--modes", "zeppelin"}, ExitBadInput, "unknown mode"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--feu", "1", "--tonnes", "45"}, ExitBadInput, "45 t in 1 FEU is 45 t per 40' box; a 40' box carries at most 26.73 t"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--box", "45", "--tonnes", "26", "--format", "json"}, ExitBadInput, "a 45' high-cube box carries at most 25.66 t"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--box", "40hc", "--tonnes", "26", "--format", "json"}, 0, `"box": "40hc"`},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--depart", "tomorrow"}, ExitBadInput, "expected a date"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--avoid-countries", "RU,BY,KZ,MN", "--modes", "rail"}, ExitNoRoute, "crosses"},
		{[]string{"route", "--from", "Moscow", "--to", "Duisburg", "--avoid-countries", "RU"}, ExitNoRoute, "from Moscow is in RU"},
		{[]string{"route", "--from", "Shanghai", "--to", "Rotterdam", "--avoid-nodes", "Suez", "--modes", "sea", "--format", "csv"}, 0, "1,maritime-cape,1,CNSHA"},
		{[]string{"compare", "--from", "Xi'an", "--to", "Duisburg"}, 0, "northern"},
		{[]string{"compare", "--from", "Xi'an", "--to", "Duisburg", "--objective", "speed"}, ExitBadInput, "unknown objective"},
	}
	for _, tc := range cases {
		code, out, errOut := run(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.msg) {
			t.Errorf("%v: exit %d, want %d with %q\nstdout: %.300s\nstderr: %s", tc.args, code, tc.code, tc.msg, out, errOut)
		}
	}
}

func TestRouteGeoJSON(t *testing.T) {
	code, out, errOut := run(t, "route", "--from", "CNSHA", "--to", "NLRTM", "--format", "geojson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [][2]float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		t.Fatalf("bad collection: %s", out[:min(len(out), 300)])
	}
	for _, f := range fc.Features {
		if f.Geometry.Type != "LineString" || len(f.Geometry.Coordinates) < 2 || f.Properties["mode"] == nil || f.Properties["itinerary"] == nil {
			t.Errorf("bad feature %+v", f)
		}
	}
}

func TestCompareJSON(t *testing.T) {
	code, out, errOut := run(t, "compare", "--from", "Xi'an", "--to", "Duisburg", "--format", "json", "--avoid-countries", "RU,BY")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		From      map[string]string `json:"from"`
		To        map[string]string `json:"to"`
		Corridors []struct {
			Corridor   string          `json:"corridor"`
			Best       json.RawMessage `json:"best"`
			Infeasible string          `json:"infeasible"`
		} `json:"corridors"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range doc.Corridors {
		got[c.Corridor] = string(c.Best) != "null"
	}
	if doc.From["id"] != "CNXIY" || !got["middle"] || got["northern"] {
		t.Errorf("compare avoiding RU,BY: from %v, corridors %v", doc.From, got)
	}
}

// A lane without a tariff has an unknown cost: "unknown" in tables, null
// in JSON, empty in CSV; never 0.
func TestRouteUnknownCost(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lanes.geojson")
	doc := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},` +
		`"geometry":{"type":"LineString","coordinates":[[120,30],[110,20],[100,10]]}}]}`
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		format string
		want   string
		not    string
	}{
		{"table", "cost unknown", " 0 USD"},
		{"json", `"cost_usd": null`, `"cost_usd": 0`},
	}
	for _, tc := range cases {
		code, out, errOut := run(t, "route", "--network", p, "--from", "120,30", "--to", "100,10", "--format", tc.format)
		if code != 0 || !strings.Contains(out, tc.want) || (tc.not != "" && strings.Contains(out, tc.not)) {
			t.Errorf("%s: exit %d, want %q without %q\n%s%s", tc.format, code, tc.want, tc.not, out, errOut)
		}
	}
	_, out, _ := run(t, "route", "--network", p, "--from", "120,30", "--to", "100,10", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv: %v\n%s", err, out)
	}
	col := slices.Index(recs[0], "cost_usd")
	if col < 0 || recs[1][col] != "" {
		t.Errorf("csv cost_usd %q, want empty (unknown)", recs[1][col])
	}
}

// num reads a JSON number decoded into an any (NaN for anything else).
func num(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	return math.NaN()
}
