package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"corridor/internal/nettest"
	"corridor/network"
	"corridor/route"
)

// TestZeroVarianceReproducesRouter: with zero variance, timetabled services
// only and no cancellations, every replication takes exactly the router's
// time, and each leg its running, waiting, border and handling hours, on
// 300 random networks, every itinerary of each Pareto front, departures at
// random minutes of the week.
func TestZeroVarianceReproducesRouter(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	cal := ZeroVariance()
	checked := 0
	for trial := 0; trial < 300; trial++ {
		g, err := nettest.Random(rng, nettest.Options{TimetableOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		from := network.NodeID(rng.IntN(g.NumNodes()))
		to := network.NodeID(rng.IntN(g.NumNodes()))
		if from == to {
			continue
		}
		depart := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(7*1440)) * time.Minute)
		q := route.NewQuery(from, to, depart)
		its, err := route.New(g).Search(context.Background(), q)
		if err != nil {
			continue // no route
		}
		for _, it := range its {
			p, err := NewPlan(g, q, &it, cal)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.legs) != len(it.Legs) {
				t.Fatalf("trial %d: %d plan legs, itinerary has %d", trial, len(p.legs), len(it.Legs))
			}
			w := newWorker(p)
			for i := 0; i < 3; i++ { // any replication, any seed
				clear(w.acc)
				h := w.replicate(uint64(trial), i)
				if round(h, 2) != it.Total.Hours {
					t.Fatalf("trial %d %s: simulated %.6f h, router %.2f h", trial, it.Summary, h, it.Total.Hours)
				}
				for li, l := range it.Legs {
					a := w.acc[li*nAcc:]
					got := [4]float64{round(a[accRunning], 2), round(a[accWaiting], 2), round(a[accBorder], 2), round(a[accHandling], 2)}
					want := [4]float64{l.Hours, l.WaitHours, l.BorderHours, l.HandlingHours}
					if got != want {
						t.Fatalf("trial %d leg %d: simulated run/wait/border/handling %v, router %v", trial, li, got, want)
					}
				}
			}
			checked++
		}
	}
	t.Logf("checked %d itineraries", checked)
	if checked < 150 {
		t.Fatalf("only %d itineraries checked", checked)
	}
}

// TestSamplers checks the gamma and Beta samplers' means and variances
// against their formulas (bounds: 5 standard errors).
func TestSamplers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 200000
	check := func(name string, draw func() float64, mean, variance float64) {
		t.Helper()
		var s, ss float64
		for i := 0; i < n; i++ {
			x := draw()
			s += x
			ss += x * x
		}
		m := s / n
		v := ss/n - m*m
		if se := math.Sqrt(variance / n); math.Abs(m-mean) > 5*se {
			t.Errorf("%s: mean %.4f, want %.4f ± %.4f", name, m, mean, 5*se)
		}
		if math.Abs(v-variance) > 0.03*variance {
			t.Errorf("%s: variance %.4f, want %.4f", name, v, variance)
		}
	}
	for _, k := range []float64{0.3, 1, 4, 11.1} {
		check(fmt.Sprintf("gamma(%g)", k), func() float64 { return gamma(r, k) }, k, k)
	}
	for _, ab := range [][2]float64{{9, 1}, {5, 5}, {0.5, 0.5}} {
		a, b := ab[0], ab[1]
		check(fmt.Sprintf("beta(%g,%g)", a, b), func() float64 { return beta(r, a, b) }, a/(a+b), a*b/((a+b)*(a+b)*(a+b+1)))
	}
}

// TestQuantileAndGrid pins the quantile definition and the histogram grid.
func TestQuantileAndGrid(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	for _, c := range []struct{ p, want float64 }{{0, 1}, {0.5, 3}, {0.9, 4.6}, {1, 5}} {
		if got := quantile(xs, c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("quantile(%g) = %g, want %g", c.p, got, c.want)
		}
	}
	start, w, n := grid(12.3, 47.9, 0)
	if start != 12 || w != 1 || n != 36 {
		t.Errorf("grid(12.3, 47.9) = %g, %g, %d; want 12, 1, 36", start, w, n)
	}
	h := histogram([]float64{12.3, 12.9, 47.9}, start, w, n)
	if h.Bins[0].Count != 2 || h.Bins[n-1].Count != 1 || h.Bins[n-1].FromDays != 47 {
		t.Errorf("histogram: %+v", h.Bins)
	}
}
