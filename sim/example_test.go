package sim_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"corridor/network"
	"corridor/route"
	"corridor/sim"
)

// Simulate the fastest route from Xi'an to Baku on a small network: rail to
// the Kazakh border, a change of gauge, rail to Aktau, and the Caspian
// ferry, which keeps no timetable. The router expects half a headway of
// waiting at Aktau; the simulation shows how far the waits can stretch.
func ExampleSimulate() {
	g, err := network.Load("../network/testdata/small")
	if err != nil {
		log.Fatal(err)
	}
	from, _ := g.NodeByID("CNXIY")
	to, _ := g.NodeByID("AZBAK")
	q := route.NewQuery(from, to, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) // 1 FEU
	res, it, err := sim.Simulate(context.Background(), route.New(g), q, sim.Options{
		Runs:     10000,
		Seed:     1,
		Deadline: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	d := res.TransitDays
	fmt.Printf("router: %.1f days\n", it.Total.Days)
	fmt.Printf("simulated: P10 %.1f, P50 %.1f, P90 %.1f, P99 %.1f days\n", d.P10, d.P50, d.P90, d.P99)
	fmt.Printf("on time by 16 March: %.0f%%\n", 100**res.OnTimeProbability)
	b := res.Breakdown
	fmt.Printf("running %.0f%%, waiting %.0f%%, border %.0f%%, handling %.0f%%\n",
		100*b.Running.Share, 100*b.Waiting.Share, 100*b.Border.Share, 100*b.Handling.Share)
	// Output:
	// router: 11.2 days
	// simulated: P10 10.0, P50 13.6, P90 21.1, P99 32.5 days
	// on time by 16 March: 54%
	// running 47%, waiting 33%, border 14%, handling 6%
}
