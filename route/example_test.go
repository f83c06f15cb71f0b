package route_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"corridor/network"
	"corridor/route"
)

// Find the Pareto front from Xi'an to Duisburg on a small network and
// print each itinerary's corridor, time, cost and legs.
func ExampleRouter_Search() {
	g, err := network.Load("../network/testdata/small")
	if err != nil {
		log.Fatal(err)
	}
	from, _ := g.NodeByID("CNXIY")
	to, _ := g.NodeByID("DEDUI")
	q := route.NewQuery(from, to, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) // 1 FEU, 12 t
	its, err := route.New(g).Search(context.Background(), q)
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range its {
		fmt.Printf("%s: %.1f days, %.0f USD, %d transshipments\n", it.Corridor, it.Total.Days, it.Total.CostUSD, it.Total.Transshipments)
		for _, l := range it.Legs {
			fmt.Printf("  %s %d %s → %s, %.0f km\n", l.Mode, l.GaugeMM, l.From.Name, l.To.Name, l.DistanceKm)
		}
	}
	// Output:
	// northern: 13.3 days, 5696 USD, 2 transshipments
	//   rail 1435 Xi'an → Dostyk, 3312 km
	//   rail 1520 Dostyk → Łódź, 5400 km
	//   rail 1435 Łódź → Duisburg, 1100 km
	// maritime-suez: 27.9 days, 5448 USD, 3 transshipments
	//   rail 1435 Xi'an → Dostyk, 3312 km
	//   rail 1520 Dostyk → Aktau, 2900 km
	//   ferry 0 Aktau → Baku (Alat), 450 km
	//   sea 0 Baku (Alat) → Duisburg, 10400 km
}

// A query that no route satisfies says which constraint blocks it.
func ExampleNoRouteError() {
	g, err := network.Load("../network/testdata/small")
	if err != nil {
		log.Fatal(err)
	}
	from, _ := g.NodeByID("CNXIY")
	to, _ := g.NodeByID("DEDUI")
	q := route.NewQuery(from, to, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	q.AvoidCountries = []string{"KZ"}
	_, err = route.New(g).Search(context.Background(), q)
	if nr, ok := err.(*route.NoRouteError); ok {
		fmt.Println(nr.Constraint+":", nr.Msg)
	}
	// Output:
	// avoid_countries: every path from Xi'an to Duisburg crosses KZ, which is avoided
}
