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
	benchMix(b, func(int) string { return "/api/v1/route" }, `,"max_results":8`)
}

// BenchmarkCompareHandlerMix is the compare share of the load generator's
// mixed workload in process: POST /api/v1/compare over the same 240 pairs.
func BenchmarkCompareHandlerMix(b *testing.B) {
	benchMix(b, func(int) string { return "/api/v1/compare" }, "")
}

// BenchmarkDiffHandlerMix is the scenario-diff share of the load
// generator's mixed workload in process: POST
// /api/v1/scenarios/{name}/diff over the same 240 pairs, the five bundled
// scenarios of the load generator in turn.
func BenchmarkDiffHandlerMix(b *testing.B) {
	names := []string{"red-sea-closed", "carbon-price-100", "dostyk-fast-border", "cku-railway-open", "caspian-ferry-expansion"}
	benchMix(b, func(i int) string { return "/api/v1/scenarios/" + names[i%len(names)] + "/diff" }, "")
}

// benchMix posts {"from","to","depart"+extra} to path(i) for the i-th
// request, over 240 seeded random pairs of places (no waypoints,
// chokepoints or border posts) that have a route, in turn.
func benchMix(b *testing.B, path func(i int) string, extra string) {
	g, err := eurasia.Load()
	if err != nil {
		b.Fatal(err)
	}
	h := api.New(api.Config{Graph: g, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }}).Handler()
	post := func(path, body string) (int, string) {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
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
		if from == to {
			continue
		}
		if code, _ := post("/api/v1/route", fmt.Sprintf(`{"from":%q,"to":%q,"depart":"2026-03-01"}`, from, to)); code == http.StatusOK {
			bodies = append(bodies, fmt.Sprintf(`{"from":%q,"to":%q,"depart":"2026-03-01"%s}`, from, to, extra))
		}
	}
	for i := range 5 {
		if code, body := post(path(i), bodies[i]); code != http.StatusOK {
			b.Fatalf("POST %s %s: %d %s", path(i), bodies[i], code, body)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code, _ := post(path(i), bodies[i%len(bodies)]); code != http.StatusOK {
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
