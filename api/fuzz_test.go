package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/route"
)

// requestSeeds are the seeds of both fuzz targets and of
// TestRequestCorpusThroughHandler.
var requestSeeds = []string{
	`{"from":"Xi'an","to":"Duisburg"}`,
	`{"from":"CNXIY","to":"DEDUI","cargo":{"feu":2,"tonnes":20,"reefer":true},"avoid_countries":["RU","BY"],"modes":["rail","sea"],"max_transshipments":3}`,
	`{"from":"a",`, `[]`, `null`, `{"x":1}`, `{"cargo":{"feu":"2"}}`, "{\n\"from\": x}", `{"from":"a"} {"to":"b"}`,
	`{"from":"Xi'an","to":"Duisburg","cargo":{"value_usd":1e308}}`,
	`{"from":"Xi'an","to":"Duisburg","carbon_price":1e308,"time_value_rate":10}`,
	`{"from":"Xi'an","to":"Duisburg","depart":"9999-12-01"}`,
	`{"from":"Xi'an","to":"Duisburg","via":["Aktau","Baku","Aktau","Baku","Aktau","Baku","Aktau","Baku","Aktau","Baku"]}`,
	`{"from":"Xi'an","to":"Duisburg","to":"Rotterdam"}`,
	`{"from":"Xi'an","to":"Duisburg","cargo":{"feu":0}}`,
	`{"from":"122.05,30.62","to":"4.4,51.9","full_front":true,"max_results":1000}`,
	`{"from":"Shanghai","to":"Rotterdam","avoid_nodes":["CP-SUEZ"],"objective":"cost"}`,
}

// FuzzDecodeRequest feeds arbitrary bodies to the request decoder: it must
// never panic, a refusal is always a 4xx problem with a detail, and an
// accepted body re-encodes and decodes to the same request.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range requestSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req route.Request
		p := decodeBytes(body, &req)
		if p != nil {
			if p.Status < 400 || p.Status > 499 || p.Detail == "" || p.Title == "" {
				t.Fatalf("bad problem %+v", p)
			}
			return
		}
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		var again route.Request
		if p := decodeBytes(b, &again); p != nil {
			t.Fatalf("re-encoded request refused: %+v\n%s", p, b)
		}
	})
}

var (
	fuzzOnce    sync.Once
	fuzzHandler http.Handler
)

// realHandler is the whole server on the bundled network, built once.
func realHandler(t testing.TB) http.Handler {
	fuzzOnce.Do(func() {
		g, err := eurasia.Load()
		if err != nil {
			t.Fatal(err)
		}
		fuzzHandler = New(Config{Graph: g, SearchTimeout: time.Second,
			Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }}).Handler()
	})
	return fuzzHandler
}

// maxAnswerTime bounds the time of one request through the handler: the
// search timeout (1 s here) and a margin for encoding and a loaded machine.
const maxAnswerTime = 2 * time.Second

// checkAnswer sends body to path through the whole handler (decode,
// resolve, search, encode) and checks the answer: never a 5xx but a search
// timeout, never a 2xx without a body, a problem has a detail, and the
// time is bounded.
func checkAnswer(t *testing.T, h http.Handler, path string, body []byte) {
	t.Helper()
	r := httptest.NewRequest("POST", path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(w, r)
	d := time.Since(start)
	switch {
	case w.Code >= 500 && w.Code != http.StatusServiceUnavailable:
		t.Fatalf("%s %q: %d %s", path, body, w.Code, w.Body.Bytes())
	case w.Code >= 200 && w.Code < 300 && w.Body.Len() == 0:
		t.Fatalf("%s %q: %d with an empty body", path, body, w.Code)
	case w.Code >= 200 && w.Code < 300 && !json.Valid(w.Body.Bytes()):
		t.Fatalf("%s %q: %d with a body that is not JSON", path, body, w.Code)
	case w.Code >= 400 && !strings.Contains(w.Body.String(), `"detail"`):
		t.Fatalf("%s %q: %d without a detail: %s", path, body, w.Code, w.Body.Bytes())
	case d > maxAnswerTime:
		t.Fatalf("%s %q: answered after %v", path, body, d)
	}
}

// FuzzRouteRequest sends arbitrary bodies through the real handler of
// /api/v1/route and /api/v1/compare (see checkAnswer).
func FuzzRouteRequest(f *testing.F) {
	for _, s := range requestSeeds {
		f.Add([]byte(s), false)
	}
	f.Add([]byte(`{"from":"Kashgar","to":"Tashkent","scenario":"cku-railway-open"}`), true)
	f.Fuzz(func(t *testing.T, body []byte, compare bool) {
		path := "/api/v1/route"
		if compare {
			path = "/api/v1/compare"
		}
		checkAnswer(t, realHandler(t), path, body)
	})
}

// TestRequestCorpusThroughHandler runs the seeds and the stored fuzz corpus
// of both targets (testdata/fuzz/...) through the whole handler.
func TestRequestCorpusThroughHandler(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the searches")
	}
	bodies := [][]byte{}
	for _, s := range requestSeeds {
		bodies = append(bodies, []byte(s))
	}
	for _, target := range []string{"FuzzDecodeRequest", "FuzzRouteRequest"} {
		files, _ := filepath.Glob(filepath.Join("testdata", "fuzz", target, "*"))
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if body, ok := corpusBytes(b); ok {
				bodies = append(bodies, body)
			}
		}
	}
	h := realHandler(t)
	for _, b := range bodies {
		for _, path := range []string{"/api/v1/route", "/api/v1/compare", "/api/v1/scenarios/red-sea-closed/diff"} {
			checkAnswer(t, h, path, b)
		}
	}
}

// corpusBytes reads the first []byte value of a "go test fuzz v1" file.
func corpusBytes(file []byte) ([]byte, bool) {
	for _, line := range strings.Split(string(file), "\n") {
		if lit, ok := strings.CutPrefix(line, "[]byte("); ok {
			s, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
			return []byte(s), err == nil
		}
	}
	return nil, false
}
