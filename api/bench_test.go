package api_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"corridor/api"
	"corridor/data/eurasia"
	"corridor/network"
)

// BenchmarkRouteHandler measures POST /api/v1/route in-process (decode,
// search, encode), Xi'an → Duisburg with up to 8 itineraries.
func BenchmarkRouteHandler(b *testing.B) { benchRouteHandler(b, "") }

// BenchmarkRouteHandlerGzip is BenchmarkRouteHandler for a client that
// accepts gzip, as Go's HTTP client and browsers do: the answer is
// compressed.
func BenchmarkRouteHandlerGzip(b *testing.B) { benchRouteHandler(b, "gzip") }

// BenchmarkRouteHandlerMix is the route workload of the load generator
// (make loadtest MIX=route) in process: up to 8 itineraries between 240
// seeded random pairs of places (no waypoints, chokepoints or border
// posts) that have a route, in turn.
func BenchmarkRouteHandlerMix(b *testing.B) {
	g, err := eurasia.Load()
	if err != nil {
		b.Fatal(err)
	}
	h := api.New(api.Config{Graph: g, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }}).Handler()
	post := func(body string) int {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/route", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	var ids []string
	for i := range g.NumNodes() {
		switch n := g.Node(network.NodeID(i)); n.Kind {
		case network.Waypoint, network.Chokepoint, network.Border:
		default:
			ids = append(ids, n.ID)
		}
	}
	rng := rand.New(rand.NewPCG(13, 240))
	var bodies []string
	for tries := 0; len(bodies) < 240 && tries < 4800; tries++ {
		from, to := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
		body := fmt.Sprintf(`{"from":%q,"to":%q,"depart":"2026-03-01","max_results":8}`, from, to)
		if from != to && post(body) == http.StatusOK {
			bodies = append(bodies, body)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := post(bodies[i%len(bodies)]); code != http.StatusOK {
			b.Fatalf("status %d", code)
		}
	}
}

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
