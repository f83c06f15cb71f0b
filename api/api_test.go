package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"corridor/api"
	"corridor/data/eurasia"
)

var (
	valOnce sync.Once
	val     validator.Validator
	valErr  error
)

// openapiValidator builds a validator for the served OpenAPI document.
func openapiValidator(t *testing.T) validator.Validator {
	t.Helper()
	valOnce.Do(func() {
		doc, err := libopenapi.NewDocument(api.OpenAPI())
		if err != nil {
			valErr = err
			return
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			valErr = errs[0]
			return
		}
		val = v
	})
	if valErr != nil {
		t.Fatalf("OpenAPI document: %v", valErr)
	}
	return val
}

func newServer(t *testing.T, mod func(*api.Config)) *httptest.Server {
	t.Helper()
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := api.Config{Graph: g, NetworkName: eurasia.Name, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }}
	if mod != nil {
		mod(&cfg)
	}
	ts := httptest.NewServer(api.New(cfg).Handler())
	t.Cleanup(ts.Close)
	return ts
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request and checks the response against the OpenAPI document.
func do(t *testing.T, ts *httptest.Server, method, path, body string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := reply{resp.StatusCode, resp.Header, b}
	if r.status == http.StatusInternalServerError {
		t.Errorf("%s %s: server error %d: %s", method, path, r.status, b)
	}
	// Every answer of a described operation must match the document.
	described := strings.HasPrefix(path, "/api/") || path == "/healthz"
	if described && (r.status != http.StatusMethodNotAllowed && r.status != http.StatusNotFound || strings.HasPrefix(path, "/api/v1/nodes/")) {
		vreq, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		if body != "" {
			vreq.Header.Set("Content-Type", "application/json")
		}
		vresp := &http.Response{StatusCode: r.status, Header: r.header, Body: io.NopCloser(bytes.NewReader(b)), Request: vreq}
		if ok, errs := openapiValidator(t).ValidateHttpResponse(vreq, vresp); !ok && path != "/metrics" {
			for _, e := range errs {
				t.Errorf("%s %s → %d does not match the OpenAPI document: %s (%s)", method, path, r.status, e.Message, e.Reason)
			}
		}
	}
	return r
}

func problemOf(t *testing.T, r reply) api.Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p api.Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("problem body: %v: %s", err, r.body)
	}
	return p
}

func TestEndpoints(t *testing.T) {
	ts := newServer(t, nil)
	cases := []struct {
		method, path, body string
		status             int
		contains           string
	}{
		{"GET", "/healthz", "", 200, `"status":"ok"`},
		{"GET", "/metrics", "", 200, "go_goroutines"},
		{"GET", "/api/openapi.json", "", 200, `"openapi": "3.1.0"`},
		{"GET", "/api/v1/nodes?q=lodz", "", 200, `"id":"PLLOD"`},
		{"GET", "/api/v1/nodes?kind=chokepoint&limit=50", "", 200, `"CP-SUEZ"`},
		{"GET", "/api/v1/nodes/DEDUI", "", 200, `"name":"Duisburg"`},
		{"GET", "/api/v1/nodes?country=EG&kind=chokepoint", "", 200, `"controlled_by":["EG"]`},
		{"GET", "/api/v1/nodes?country=XX", "", 400, `not an ISO 3166-1`},
		{"POST", "/api/v1/route", `{"from":"CNSHA","to":"NLRTM","avoid_countries":["EG"],"modes":["sea"]}`, 200, `"notes":["avoiding EG closes the Suez Canal"]`},
		{"GET", "/api/v1/countries", "", 200, `"code":"EAEU"`},
		{"GET", "/api/v1/network", "", 200, `"FeatureCollection"`},
		{"GET", "/api/v1/network/stats", "", 200, `"corridors"`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","depart":"2026-03-01"}`, 200, `"itineraries"`},
		{"POST", "/api/v1/route", `{"from":"CNSHA","to":"NLRTM","avoid_nodes":["suez"],"modes":["sea"]}`, 200, `"maritime-cape"`},
		{"POST", "/api/v1/compare", `{"from":"Xi'an","to":"Duisburg","objective":"cost"}`, 200, `"corridor":"middle"`},
		// bad input: never a 500
		{"POST", "/api/v1/route", `{"from":"Xi'an",`, 400, "malformed JSON"},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","speed":"fast"}`, 400, `unknown field`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","cargo":{"feu":"two"}}`, 400, `cargo.feu`},
		{"POST", "/api/v1/route", `{"from":"Atlantis","to":"Duisburg"}`, 404, `no place matches \"Atlantis\"`},
		{"POST", "/api/v1/route", `{"from":"Atlantis","to":"Duisburg"}`, 404, `"title":"Unknown place"`},
		{"POST", "/api/v1/route", `{"from":"Xian","to":"Duisbrg"}`, 404, `"suggestions":[{"id":"DEDUI"`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","cargo":{"feu":-3}}`, 400, `cargo.feu: must be at least 1`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","cargo":{"tonnes":-1}}`, 400, `cargo.tonnes`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","cargo":{"feu":1,"tonnes":45}}`, 400, `{"field":"cargo.tonnes","reason":"45 t in 1 FEU is 45 t per 40' box; a 40' box carries at most 26.73 t`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","cargo":{"box":"53"}}`, 400, `cargo.box`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","avoid_countries":["XX"]}`, 400, `not an ISO 3166-1`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","avoid_groups":["NATO"]}`, 400, `unknown group`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","modes":["teleport"]}`, 400, `unknown mode`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","depart":"next week"}`, 400, `expected a date`},
		{"POST", "/api/v1/route", `{"from":"St Petersburg","to":"Nhava Sheva","via":["Astrakhan","Anzali","Bandar Abbas"],"segment_modes":[["rail"],["sea","ferry"],["road"],["sea"]],"depart":"2022-06-15"}`, 200, `"segment_modes":[["rail"],["sea","ferry"],["road"],["sea"]]`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","via":["Almaty"],"segment_modes":[["rail"]]}`, 400, `1 list of modes for 2 segments`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","via":["Almaty"],"segment_modes":[["rail"],["boat"]]}`, 400, `segment 2: unknown mode`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","segment_modes":[[],[],[],[],[],[],[],[],[],[],[],[]]}`, 400, `at most 11 lists, got 12`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","via":["Almaty"],"segment_modes":[["sea"],[]]}`, 422, `takes the modes given segment by segment (sea, then any mode)`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","objective":"time"}`, 400, `compare only`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg"} {}`, 400, `unexpected data`},
		{"POST", "/api/v1/route", ``, 400, `empty`},
		{"POST", "/api/v1/route", `[1,2]`, 400, `expected`},
		{"POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg","avoid_countries":["RU","BY","KZ","MN"],"modes":["rail"]}`, 422, `crosses BY or KZ or RU`},
		{"POST", "/api/v1/compare", `{"from":"Xi'an","to":"Duisburg","objective":"speed"}`, 400, `unknown objective`},
		{"GET", "/api/v1/nodes/NOWHERE", "", 404, `no place has the id`},
		{"GET", "/api/v1/nodes?limit=0", "", 400, `limit`},
		{"GET", "/api/v1/nodes?kind=castle", "", 400, `unknown kind`},
		{"DELETE", "/api/v1/route", "", 405, `use POST`},
		{"GET", "/api/v1/route", "", 405, `use POST`},
		{"GET", "/api/v2/anything", "", 404, `no API endpoint`},
	}
	for _, tc := range cases {
		r := do(t, ts, tc.method, tc.path, tc.body)
		if r.status != tc.status || !strings.Contains(string(r.body), tc.contains) {
			t.Errorf("%s %s %s: %d %.300s; want %d containing %q", tc.method, tc.path, tc.body, r.status, r.body, tc.status, tc.contains)
			continue
		}
		if tc.status >= 400 {
			p := problemOf(t, r)
			if p.Status != tc.status || p.Title == "" || p.Type == "" || p.Detail == "" {
				t.Errorf("%s %s: incomplete problem %+v", tc.method, tc.path, p)
			}
		}
	}
}

func TestMalformedJSONNamesPosition(t *testing.T) {
	ts := newServer(t, nil)
	r := do(t, ts, "POST", "/api/v1/route", "{\n  \"from\": \"Xi'an\",\n  \"to\": Duisburg\n}")
	p := problemOf(t, r)
	if r.status != 400 || !strings.Contains(p.Detail, "line 3, column 9") {
		t.Errorf("got %d %q, want 400 naming line 3, column 9", r.status, p.Detail)
	}
}

func TestBodyLimitAndTimeout(t *testing.T) {
	ts := newServer(t, func(c *api.Config) { c.MaxBodyBytes = 256 })
	big := `{"from":"Xi'an","to":"Duisburg","via":["` + strings.Repeat("x", 400) + `"]}`
	if r := do(t, ts, "POST", "/api/v1/route", big); r.status != 413 {
		t.Errorf("huge body: %d %s, want 413", r.status, r.body)
	}
	// A search that cannot finish in time gives 503, not a hang or a 500.
	ts = newServer(t, func(c *api.Config) { c.SearchTimeout = time.Nanosecond })
	r := do(t, ts, "POST", "/api/v1/compare", `{"from":"Xi'an","to":"Duisburg"}`)
	if r.status != 503 || problemOf(t, r).Type != "/problems/search-timeout" {
		t.Errorf("timeout: %d %s, want 503", r.status, r.body)
	}
}

func TestMetricsCountRequestsAndSearches(t *testing.T) {
	ts := newServer(t, nil)
	do(t, ts, "POST", "/api/v1/route", `{"from":"Xi'an","to":"Duisburg"}`)
	do(t, ts, "POST", "/api/v1/route", `{"from":"Atlantis","to":"Duisburg"}`)
	r := do(t, ts, "GET", "/metrics", "")
	body := string(r.body)
	for _, want := range []string{
		`corridor_http_requests_total{code="200",method="POST",route="POST /api/v1/route"} 1`,
		`corridor_http_requests_total{code="404",method="POST",route="POST /api/v1/route"} 1`,
		`corridor_searches_total{kind="route",outcome="found"} 1`,
		`corridor_searches_total{kind="route",outcome="not_found"} 1`,
		`corridor_http_request_duration_seconds_bucket{route="POST /api/v1/route"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// Every route the server registers is described in the OpenAPI document,
// every described operation answers, and the document itself is valid.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	v := openapiValidator(t)
	if ok, errs := v.ValidateDocument(); !ok {
		for _, e := range errs {
			t.Errorf("OpenAPI document invalid: %s (%s)", e.Message, e.Reason)
		}
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	g, _ := eurasia.Load()
	s := api.New(api.Config{Graph: g})
	described := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			switch method {
			case "get", "post", "put", "delete", "patch":
				described[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	registered := map[string]bool{}
	for _, r := range s.Routes() {
		registered[r] = true
		if !described[r] {
			t.Errorf("route %s is not described in the OpenAPI document", r)
		}
	}
	// every job route starts a job: more than the open server's quota a minute
	ts := newServer(t, func(c *api.Config) { c.JobsPerMinute = -1 })
	for op := range described {
		if !registered[op] {
			t.Errorf("the OpenAPI document describes %s, which the server does not register", op)
		}
		method, path, _ := strings.Cut(op, " ")
		path = strings.ReplaceAll(path, "{name}", "red-sea-closed")
		if strings.Contains(path, "nodes/{id}") {
			path = strings.ReplaceAll(path, "{id}", "DEDUI")
		}
		if strings.Contains(path, "rates/{id}") {
			path = strings.ReplaceAll(path, "{id}", "sea-cn-neur")
		}
		if strings.Contains(path, "{id}") { // a job: start one first, and let it finish
			kind, body := "simulations", `{"from":"Xi'an","to":"Duisburg","runs":100}`
			if strings.Contains(path, "assignments") {
				kind, body = "assignments", `{"demand":"china-europe-2024","gap":1e-3}`
			}
			if strings.Contains(path, "resilience") {
				kind, body = "resilience", `{"demand":"china-europe-2024","gap":1e-3,"elements":["chokepoints"]}`
			}
			_, _, created := send(t, ts.URL, "POST", "/api/v1/"+kind, body, nil)
			var c struct{ ID string }
			_ = json.Unmarshal([]byte(created), &c)
			waitJob(t, ts.URL, "/api/v1/"+kind+"/"+c.ID)
			path = strings.ReplaceAll(path, "{id}", c.ID)
		}
		body := ""
		if method == "POST" {
			switch {
			case strings.Contains(path, "simulations"):
				body = `{"from":"Xi'an","to":"Duisburg","runs":100}`
			case strings.Contains(path, "assignments"):
				body = `{"demand":"china-europe-2024","gap":1e-3}`
			case strings.Contains(path, "resilience"):
				body = `{"demand":"china-europe-2024","gap":1e-3,"elements":["chokepoints"]}`
			default:
				body = `{"from":"Xi'an","to":"Duisburg"}`
			}
		}
		r := do(t, ts, method, path, body)
		if r.status == 404 || r.status == 405 {
			t.Errorf("described operation %s answers %d", op, r.status)
		}
		if r.status == http.StatusAccepted { // a job started: let it end, so the next one is not refused
			var c struct{ ID string }
			_ = json.Unmarshal([]byte(r.body), &c)
			waitJob(t, ts.URL, path+"/"+c.ID)
		}
	}
}

func TestUIFallback(t *testing.T) {
	ts := newServer(t, nil)
	r := do(t, ts, "GET", "/", "")
	if r.status != 200 || !strings.Contains(string(r.body), "make run") {
		t.Errorf("/ without a built UI: %d %s", r.status, r.body)
	}
}

// waitJob polls a job until it is no longer running.
func waitJob(t *testing.T, base, path string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		_, _, body := send(t, base, "GET", path, "", nil)
		if !strings.Contains(body, `"status":"running"`) {
			return body
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("job %s did not finish", path)
	return ""
}
