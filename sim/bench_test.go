package sim_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"corridor/sim"
)

// BenchmarkShipmentLegs simulates the Middle Corridor by the Black Sea
// (Xi'an → Constanța on the bundled network: 5 legs, 2 scheduled
// crossings with cancellations and background load, border dwell,
// handling): one op is one shipment replication, including its share of
// the summary (sorting, quantiles, histogram). legs/s counts itinerary legs
// simulated per second of wall time with the given workers.
func BenchmarkShipmentLegs(b *testing.B) {
	p := middleBlackSeaPlan(b)
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			if _, err := p.Run(context.Background(), sim.Options{Runs: b.N, Seed: 1, Workers: workers}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N*p.NumLegs())/b.Elapsed().Seconds(), "legs/s")
		})
	}
}
