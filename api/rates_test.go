package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRatesAPI(t *testing.T) {
	ts := newServer(t, nil)
	r := do(t, ts, "GET", "/api/v1/rates", "")
	if r.status != 200 {
		t.Fatalf("GET /api/v1/rates: %d %s", r.status, r.body)
	}
	var list struct {
		Series []struct {
			ID        string `json:"id"`
			Published int    `json:"published_values"`
		} `json:"series"`
	}
	if err := json.Unmarshal(r.body, &list); err != nil || len(list.Series) == 0 {
		t.Fatalf("list: %v %s", err, r.body)
	}
	r = do(t, ts, "GET", "/api/v1/rates/sea-cn-neur?from=2023-11&to=2024-02", "")
	if r.status != 200 {
		t.Fatalf("GET one series: %d %s", r.status, r.body)
	}
	var one struct {
		Values []struct {
			Month string  `json:"month"`
			USD   float64 `json:"usd_per_feu"`
			Basis string  `json:"basis"`
		} `json:"values"`
	}
	if err := json.Unmarshal(r.body, &one); err != nil || len(one.Values) != 4 || one.Values[0].Month != "2023-11" {
		t.Fatalf("values: %v %s", err, r.body)
	}
	// The Red Sea crisis: the WCI lane more than doubled from December 2023 to January 2024.
	if one.Values[3].USD < 2*one.Values[1].USD {
		t.Errorf("January 2024 %.0f, December 2023 %.0f: want the published jump", one.Values[3].USD, one.Values[1].USD)
	}
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/api/v1/rates/nope", 404, `no rate series \"nope\"`},
		{"/api/v1/rates/sea-cn-neur?from=2024-13", 400, "expected a month as YYYY-MM"},
		{"/api/v1/rates/sea-cn-neur?from=2024-05&to=2024-01", 400, "is before from"},
	} {
		r := do(t, ts, "GET", c.path, "")
		if r.status != c.status || !strings.Contains(string(r.body), c.want) || !strings.Contains(r.header.Get("Content-Type"), "json") {
			t.Errorf("%s: %d %s, want %d and %q in a JSON problem", c.path, r.status, r.body, c.status, c.want)
		}
	}
}
