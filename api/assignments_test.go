package api_test

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

func TestAssignmentJob(t *testing.T) {
	ts := newServer(t, withStore(t, ""))
	code, _, body := send(t, ts.URL, "POST", "/api/v1/assignments", `{"demand":"china-europe-2030","gap":1e-5}`, nil)
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var c struct {
		ID    string
		Links map[string]string
	}
	_ = json.Unmarshal([]byte(body), &c)
	final := waitJob(t, ts.URL, c.Links["self"])
	var job struct {
		Status string
		Result struct {
			Demand string
			Result struct {
				TotalTEU    float64 `json:"total_teu_year"`
				Bottlenecks []struct {
					ID          string
					Utilisation float64
				}
				Corridors []struct{ Corridor string }
			}
			Convergence []struct {
				RelativeGap float64 `json:"relative_gap"`
			}
		}
	}
	if err := json.Unmarshal([]byte(final), &job); err != nil {
		t.Fatal(err)
	}
	r := job.Result
	if job.Status != "done" || r.Demand != "china-europe-2030" || r.Result.TotalTEU <= 0 || len(r.Convergence) == 0 || len(r.Result.Bottlenecks) == 0 {
		t.Fatalf("job %.500s", final)
	}
	// In 2030 the Caspian crossing is among the worst bottlenecks.
	caspian := false
	for _, b := range r.Result.Bottlenecks[:min(5, len(r.Result.Bottlenecks))] {
		caspian = caspian || strings.Contains(b.ID, "CASP") || b.ID == "AZBAK" || b.ID == "KZSCO"
	}
	if !caspian {
		t.Errorf("no Caspian element among the top bottlenecks: %+v", r.Result.Bottlenecks[:min(5, len(r.Result.Bottlenecks))])
	}
	code, hdr, body := send(t, ts.URL, "GET", c.Links["csv"], "", nil)
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if code != 200 || err != nil || len(recs) < 10 || recs[0][7] != "flow_teu_year" || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
		t.Errorf("csv: %d %v %d rows", code, err, len(recs))
	}
	code, _, body = send(t, ts.URL, "GET", c.Links["geojson"], "", nil)
	var fc struct {
		Type     string
		Features []struct {
			Geometry   struct{ Type string }
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(body), &fc); code != 200 || err != nil || fc.Type != "FeatureCollection" || len(fc.Features) < 10 {
		t.Errorf("geojson: %d %v", code, err)
	}
	code, _, body = send(t, ts.URL, "GET", c.Links["events"], "", nil)
	if code != 200 || !strings.HasPrefix(body, "event: done") {
		t.Errorf("events of a finished job: %d %.80s", code, body)
	}
	for _, bad := range []struct{ body, want string }{
		{`{}`, `"field":"demand"`},
		{`{"demand":"atlantis-2024"}`, `unknown demand set`},
		{`{"rows":[{"origin":"CNXIY","destination":"NOWHERE","teu_per_year":5}]}`, `unknown place \"NOWHERE\"`},
		{`{"rows":[{"origin":"CNXIY","destination":"DEDUI","teu_per_year":-5}]}`, `rows[0]`},
		{`{"demand":"china-europe-2024","gap":2}`, `"field":"gap"`},
		{`{"rows":[{"origin":"CNXIY","destination":"DEDUI","teu_per_year":1e308}]}`, `"field":"rows[0].teu_per_year"`},
		{`{"demand":"china-europe-2024","scenario":"nope"}`, `"field":"scenario"`},
	} {
		if code, _, body := send(t, ts.URL, "POST", "/api/v1/assignments", bad.body, nil); code < 400 || code >= 500 || !strings.Contains(body, bad.want) {
			t.Errorf("%s: %d %s", bad.body, code, body)
		}
	}
	// Inline rows on a scenario work too.
	code, _, body = send(t, ts.URL, "POST", "/api/v1/assignments", `{"rows":[{"origin":"CNXIY","destination":"DEDUI","teu_per_year":1000}],"scenario":"northern-sanctioned"}`, nil)
	if code != 202 {
		t.Errorf("inline rows on a scenario: %d %s", code, body)
	}
}
