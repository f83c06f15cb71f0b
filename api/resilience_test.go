package api_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"corridor/api"
)

// TestResilienceJob runs a criticality analysis through the API: the job
// finishes with ranked outcomes, and its CSV and GeoJSON list the cases;
// bad input is a 400 naming the field.
func TestResilienceJob(t *testing.T) {
	ts := newServer(t, func(c *api.Config) { c.JobsPerMinute = -1 })
	code, _, body := send(t, ts.URL, "POST", "/api/v1/resilience", `{"demand":"china-europe-2030","elements":["chokepoints","CP-SUEZ+CP-BAB-EL-MANDEB"]}`, nil)
	if code != 202 {
		t.Fatalf("start: %d %s", code, body)
	}
	var started struct {
		ID    string
		Links map[string]string
	}
	if err := json.Unmarshal([]byte(body), &started); err != nil {
		t.Fatal(err)
	}
	final := waitJob(t, ts.URL, "/api/v1/resilience/"+started.ID)
	var job struct {
		Status string
		Result struct {
			Outcomes []struct {
				ID     string  `json:"id"`
				Impact float64 `json:"impact_usd_year"`
			} `json:"outcomes"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(final), &job); err != nil || job.Status != "done" {
		t.Fatalf("job: %v %s", err, final)
	}
	if n := len(job.Result.Outcomes); n != 7 {
		t.Fatalf("%d outcomes, want 6 chokepoints + 1 combination", n)
	}
	for i := 1; i < len(job.Result.Outcomes); i++ {
		// impacts within 1e-4 of each other are ties (resilience.Rank orders them by id)
		if prev := job.Result.Outcomes[i-1].Impact; job.Result.Outcomes[i].Impact > prev+1e-4*math.Abs(prev) {
			t.Fatalf("not ranked: %+v", job.Result.Outcomes)
		}
	}
	code, _, csvBody := send(t, ts.URL, "GET", started.Links["csv"], "", nil)
	if code != 200 || strings.Count(csvBody, "\n") != 8 || !strings.Contains(csvBody, "CP-SUEZ+CP-BAB-EL-MANDEB") {
		t.Fatalf("csv: %d\n%s", code, csvBody)
	}
	code, _, gj := send(t, ts.URL, "GET", started.Links["geojson"], "", nil)
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if code != 200 || json.Unmarshal([]byte(gj), &fc) != nil || len(fc.Features) != 7 {
		t.Fatalf("geojson: %d %s", code, gj)
	}
	for _, f := range fc.Features {
		if f.Geometry.Type != "MultiPoint" || string(f.Geometry.Coordinates) == "null" {
			t.Fatalf("a chokepoint case without its points: %+v", f.Geometry)
		}
	}
	for _, bad := range []string{
		`{"demand":"china-europe-2030","elements":["Atlantis"]}`,
		`{"demand":"china-europe-2030","action":"capacity","share":2}`,
		`{"elements":["chokepoints"]}`,
	} {
		code, _, body := send(t, ts.URL, "POST", "/api/v1/resilience", bad, nil)
		if code != 400 || !strings.Contains(body, "problem") && !strings.Contains(body, "detail") {
			t.Errorf("%s: %d %s", bad, code, body)
		}
	}
}
