package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"corridor/api"
	"corridor/data/eurasia"
)

// BenchmarkRouteHandler measures POST /api/v1/route in-process (decode,
// search, encode), Xi'an → Duisburg with up to 8 itineraries.
func BenchmarkRouteHandler(b *testing.B) { benchRouteHandler(b, "") }

// BenchmarkRouteHandlerGzip is BenchmarkRouteHandler for a client that
// accepts gzip, as Go's HTTP client and browsers do: the answer is
// compressed.
func BenchmarkRouteHandlerGzip(b *testing.B) { benchRouteHandler(b, "gzip") }

func benchRouteHandler(b *testing.B, acceptEncoding string) {
	g, err := eurasia.Load()
	if err != nil {
		b.Fatal(err)
	}
	h := api.New(api.Config{Graph: g, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }}).Handler()
	body := `{"from":"Xi'an","to":"Duisburg","depart":"2026-03-01","max_results":8}`
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/route", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
