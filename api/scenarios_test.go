package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"corridor/api"
	"corridor/store/sqlite"
)

func withStore(t *testing.T, key string) func(*api.Config) {
	return func(c *api.Config) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		c.Store, c.APIKey = st, key
	}
}

// send is do with headers.
func send(t *testing.T, base, method, path, body string, hdr map[string]string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, resp.Header, b.String()
}

const suezClosed = `{"name":"suez-closed","description":"Suez shut","edits":[{"op":"close_nodes","nodes":["CP-SUEZ"]}]}`

func TestScenarioAPI(t *testing.T) {
	ts := newServer(t, withStore(t, "s3cret"))
	key := map[string]string{"X-API-Key": "s3cret"}
	cases := []struct {
		method, path, body string
		hdr                map[string]string
		status             int
		contains           string
	}{
		{"GET", "/api/v1/scenarios", "", nil, 200, `"red-sea-closed"`},
		{"GET", "/api/v1/scenarios/red-sea-closed", "", nil, 200, `"origin":"bundled"`},
		{"GET", "/api/scenario.schema.json", "", nil, 200, `"$schema"`},
		{"POST", "/api/v1/scenarios", suezClosed, nil, 401, "API key"},
		{"POST", "/api/v1/scenarios", suezClosed, map[string]string{"X-API-Key": "wrong"}, 401, "API key"},
		{"POST", "/api/v1/scenarios", suezClosed, key, 201, `"version":1`},
		{"POST", "/api/v1/scenarios", suezClosed, map[string]string{"Authorization": "Bearer s3cret"}, 409, "already exists"},
		{"POST", "/api/v1/scenarios", `{"name":"bad","edits":[{"op":"scale_tariff","corridor":"middle","factor":-2}]}`, key, 400, `"field":"edits[0].factor"`},
		{"POST", "/api/v1/scenarios", `{"name":"bad","edits":[{"op":"close_nodes","nodes":["Atlantis"]}]}`, key, 400, `edits[0].nodes`},
		{"POST", "/api/v1/scenarios", `{"name":"bad","edits":[{"op":"close_nodes","nodez":["X"]}]}`, key, 400, `unknown field`},
		{"PUT", "/api/v1/scenarios/suez-closed", suezClosed, mergeHdr(key, "If-Match", `"1"`), 200, `"version":2`},
		{"PUT", "/api/v1/scenarios/suez-closed", suezClosed, mergeHdr(key, "If-Match", `"1"`), 409, "Version conflict"},
		{"PUT", "/api/v1/scenarios/other", suezClosed, key, 400, "the body names"},
		{"GET", "/api/v1/scenarios/suez-closed?version=1", "", nil, 200, `"version":1`},
		{"GET", "/api/v1/scenarios/suez-closed/versions", "", nil, 200, `"version":2`},
		{"GET", "/api/v1/scenarios/nope", "", nil, 404, "not found"},
		{"POST", "/api/v1/route", `{"from":"CNSHA","to":"NLRTM","modes":["sea"],"scenario":"suez-closed"}`, nil, 200, `"maritime-cape"`},
		{"POST", "/api/v1/route", `{"from":"CNSHA","to":"NLRTM","scenario":"nope"}`, nil, 404, `"field":"scenario"`},
		{"POST", "/api/v1/scenarios/red-sea-closed/diff", `{"from":"Shanghai","to":"Rotterdam","modes":["sea"]}`, nil, 200, `"scenario_feasible":false`},
		{"POST", "/api/v1/scenarios/northern-sanctioned/diff", `{"from":"Xi'an","to":"Duisburg"}`, nil, 200, `"disappeared":[{`},
		{"POST", "/api/v1/scenarios/cku-railway-open/diff", `{"from":"Kashgar","to":"Tashkent"}`, nil, 200, `"summary":"rail to Andijan, rail 1520 to Tashkent`},
		{"DELETE", "/api/v1/scenarios/suez-closed", "", mergeHdr(key, "If-Match", `"1"`), 409, "Version conflict"},
		{"DELETE", "/api/v1/scenarios/suez-closed", "", mergeHdr(key, "If-Match", `"2"`), 204, ""},
		{"DELETE", "/api/v1/scenarios/suez-closed", "", key, 404, "not found"},
	}
	for i, tc := range cases {
		code, _, body := send(t, ts.URL, tc.method, tc.path, tc.body, tc.hdr)
		if code != tc.status || !strings.Contains(body, tc.contains) {
			t.Errorf("case %d %s %s: %d %.300s; want %d with %q", i, tc.method, tc.path, code, body, tc.status, tc.contains)
		}
	}
}

func mergeHdr(h map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range h {
		out[a] = b
	}
	return out
}

func TestScenarioWritesNeedKeyAndStore(t *testing.T) {
	ro := newServer(t, withStore(t, "")) // a store but no key: read-only
	if code, _, body := send(t, ro.URL, "POST", "/api/v1/scenarios", suezClosed, nil); code != 403 || !strings.Contains(body, "--api-key") {
		t.Errorf("no key configured: %d %s", code, body)
	}
	none := newServer(t, nil) // no store at all
	if code, _, _ := send(t, none.URL, "POST", "/api/v1/scenarios", suezClosed, map[string]string{"X-API-Key": "x"}); code != 503 {
		t.Errorf("no store: %d", code)
	}
	if code, _, body := send(t, none.URL, "GET", "/api/v1/scenarios", "", nil); code != 200 || !strings.Contains(body, "carbon-price-100") {
		t.Errorf("bundled list without a store: %d", code)
	}
}

// Concurrent updates based on the same version: exactly one wins, the
// others get 409 — no lost update.
func TestConcurrentUpdatesConflict(t *testing.T) {
	ts := newServer(t, withStore(t, "k"))
	key := map[string]string{"X-API-Key": "k"}
	if code, _, body := send(t, ts.URL, "POST", "/api/v1/scenarios", suezClosed, key); code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	const n = 6
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			codes[i], _, _ = send(t, ts.URL, "PUT", "/api/v1/scenarios/suez-closed", suezClosed, mergeHdr(key, "If-Match", `"1"`))
		}(i)
	}
	wg.Wait()
	ok, conflict := 0, 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case 409:
			conflict++
		}
	}
	if ok != 1 || conflict != n-1 {
		t.Errorf("codes %v: want one 200 and %d 409", codes, n-1)
	}
	_, _, body := send(t, ts.URL, "GET", "/api/v1/scenarios/suez-closed/versions", "", nil)
	var v struct{ Versions []json.RawMessage }
	_ = json.Unmarshal([]byte(body), &v)
	if len(v.Versions) != 2 {
		t.Errorf("%d versions, want 2", len(v.Versions))
	}
}

// A scenario deleted and created again under the same name (so at version 1
// again) is not served from the cache of the old one.
func TestScenarioRecreatedNotStale(t *testing.T) {
	ts := newServer(t, withStore(t, "k"))
	key := map[string]string{"X-API-Key": "k"}
	route := `{"from":"CNSHA","to":"NLRTM","modes":["sea"],"scenario":"x"}`
	if code, _, body := send(t, ts.URL, "POST", "/api/v1/scenarios", `{"name":"x","edits":[{"op":"close_nodes","nodes":["CP-SUEZ"]}]}`, key); code != 201 {
		t.Fatal(code, body)
	}
	if _, _, body := send(t, ts.URL, "POST", "/api/v1/route", route, nil); strings.Contains(body, `"corridor":"maritime-suez"`) {
		t.Fatal("Suez used while closed")
	}
	send(t, ts.URL, "DELETE", "/api/v1/scenarios/x", "", key)
	if code, _, body := send(t, ts.URL, "POST", "/api/v1/scenarios", `{"name":"x","edits":[{"op":"set_carbon_price","value":5}]}`, key); code != 201 {
		t.Fatal(code, body)
	}
	if _, _, body := send(t, ts.URL, "POST", "/api/v1/route", route, nil); !strings.Contains(body, `"corridor":"maritime-suez"`) {
		t.Errorf("the re-created scenario still closes Suez (stale cache): %.200s", body)
	}
}
