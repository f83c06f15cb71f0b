package service_test

import (
	"context"
	"fmt"

	"corridor/data/eurasia"
	"corridor/errcode"
	"corridor/route"
	"corridor/service"
)

// A service on the bundled network answers a route query on a bundled
// scenario; errors carry a code that front ends map to exit codes or HTTP
// statuses.
func Example() {
	g, err := eurasia.Load()
	if err != nil {
		panic(err)
	}
	svc := service.New(service.Config{Graph: g}) // no store: bundled scenarios only
	ctx := context.Background()

	res, err := svc.Route(ctx, service.RouteRequest{
		Request:  route.Request{From: "Shanghai", To: "Rotterdam", Depart: "2026-03-02"},
		Scenario: "red-sea-closed",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Query.From.ID, "→", res.Query.To.ID, "has itineraries:", len(res.Itineraries) > 0)

	_, err = svc.Route(ctx, service.RouteRequest{Request: route.Request{From: "Atlantis", To: "Rotterdam"}})
	fmt.Println(errcode.Of(err))
	// Output:
	// CNSHA → NLRTM has itineraries: true
	// not_found
}
