package resilience

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkCases solves the chokepoint, ferry and border cases of the
// 2030 demand, warm-started from the baseline or cold, on one and two
// goroutines, and reports cases per second.
func BenchmarkCases(b *testing.B) {
	g, base, skip := baseline(b)
	cases, err := Select(g, []string{"chokepoints", "ferries", "borders"}, skip)
	if err != nil {
		b.Fatal(err)
	}
	for _, cold := range []bool{false, true} {
		for _, w := range []int{1, 2} {
			name := fmt.Sprintf("warm/workers=%d", w)
			if cold {
				name = fmt.Sprintf("cold/workers=%d", w)
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					if _, err := Run(context.Background(), base, cases, Options{Workers: w, Cold: cold}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(cases)*b.N)/b.Elapsed().Seconds(), "cases/s")
			})
		}
	}
}
