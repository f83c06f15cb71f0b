package network_test

import (
	"fmt"
	"log"

	"corridor/network"
)

// Load a network folder, look a place up by name and walk its links.
func ExampleLoad() {
	g, err := network.Load("testdata/small")
	if err != nil {
		log.Fatal(err)
	}
	ms := g.FindNodes("dostyk")
	n := ms[0].Node
	fmt.Println(g.Node(n).Name, g.Node(n).Country)
	for _, l := range g.Out(n) {
		k := g.Link(l)
		fmt.Printf("  to %s by %s (%d mm), %.0f km\n", g.Node(k.To).Name, k.Mode, k.Gauge, k.DistanceKm)
	}
	// Output:
	// Dostyk KZ
	//   to Alashankou by rail (1435 mm), 12 km
	//   to Aktau by rail (1520 mm), 2900 km
	//   to Łódź by rail (1520 mm), 5400 km
}

// A broken network reports every problem with its file, line and column.
func ExampleValidationError() {
	_, err := network.Load("testdata/broken")
	if ve, ok := err.(*network.ValidationError); ok {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// nodes.csv:3: country: "XX" is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. KZ)
	// links.csv:2: to: unknown node "NOWHERE" (not in nodes.csv)
	// links.csv:2: gauge_mm: only rail links have a gauge (mode is sea); leave it empty
	// links.csv:2: distance_km: must be greater than 0, got -5
}
