package fastpath_test

import (
	"context"
	"fmt"
	"log"

	"corridor/data/eurasia"
	"corridor/fastpath"
)

// Preprocess the bundled network once, then answer shortest-distance
// queries in microseconds.
func ExampleBuild() {
	g, err := eurasia.Load()
	if err != nil {
		log.Fatal(err)
	}
	h, err := fastpath.Build(context.Background(), g, fastpath.Distance)
	if err != nil {
		log.Fatal(err)
	}
	from, _ := g.NodeByID("CNXIY") // Xi'an
	to, _ := g.NodeByID("DEDUI")   // Duisburg
	p, ok := h.Query(from, to)
	want, _ := fastpath.Dijkstra(g, fastpath.Distance, from, to)
	fmt.Println(ok, len(p.Links) > 0, p.Weight == want.Weight)
	// Output: true true true
}
