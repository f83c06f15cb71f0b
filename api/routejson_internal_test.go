package api

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/route"
	"corridor/service"
)

// TestRouteJSON: the route answer is what json.Encoder writes for it, byte
// for byte, with snapped coordinates, via nodes and a full front too.
func TestRouteJSON(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(service.Config{Graph: g, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }})
	for _, req := range []route.Request{
		{From: "Xi'an", To: "Duisburg", MaxResults: 8},
		{From: "108.9,34.3", To: "6.76,51.43"},
		{From: "Shanghai", To: "Rotterdam", Via: []string{"Almaty"}, FullFront: true},
		{From: "Chongqing", To: "Budapest", CarbonPrice: 90, Modes: []string{"rail", "road"}},
	} {
		res, err := svc.Route(context.Background(), service.RouteRequest{Request: req})
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(res); err != nil {
			t.Fatal(err)
		}
		got, ok := appendRouteJSON(nil, res)
		if !ok || !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("%+v: ok %v\n got %s\nwant %s", req, ok, got, want.Bytes())
		}
		if req.From == "108.9,34.3" && len(res.Snaps) == 0 {
			t.Error("no snaps for coordinates")
		}
		res.Itineraries[0].Total.CO2eKg = math.NaN()
		if _, ok := appendRouteJSON(nil, res); ok {
			t.Error("NaN encoded")
		}
	}
}
