package route_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"corridor/emissions"
	"corridor/internal/nettest"
	"corridor/network"
	"corridor/route"
)

// crit is a path's evaluated criteria.
type crit struct {
	hours, cost, co2 float64
	xfers            int
	path             string
}

// bruteForce enumerates every path that repeats no (node, mode, gauge,
// country where the current sea leg began) state, drops those with a sea
// leg that ends in the country it began in, and evaluates the rest
// independently of the router, returning the Pareto set.
func bruteForce(g *network.Graph, q route.Query) []crit {
	tonnes := emissions.ContainerTonnes(q.Cargo.TEUs(), q.Cargo.Tonnes)
	units := float64(q.Cargo.Containers)
	if q.Cargo.Size == route.FEU {
		units *= route.FEUTariffFactor
	}
	teus := q.Cargo.TEUs()
	type st struct {
		n     network.NodeID
		mode  network.Mode
		gauge network.Gauge
		board string // the country where the current sea leg began
	}
	var all []crit
	seen := map[st]bool{}
	// board is the country where the current sea leg began ("" off the
	// sea): a sea leg may not end in the country it began in.
	var walk func(s st, at time.Time, c crit, board string)
	walk = func(s st, at time.Time, c crit, board string) {
		if s.n == q.To {
			if board != "" && board == g.Node(s.n).Country {
				return
			}
			c.hours = at.Sub(q.Depart).Hours()
			all = append(all, c)
			return
		}
		for _, l := range g.Out(s.n) {
			k := g.Link(l)
			nb := ""
			switch {
			case k.Mode == network.Sea && s.mode == network.Sea:
				nb = board
			case k.Mode == network.Sea:
				nb = g.Node(s.n).Country
			case s.mode == network.Sea && board != "" && board == g.Node(s.n).Country:
				continue
			}
			ns := st{k.To, k.Mode, k.Gauge, nb}
			if seen[ns] {
				continue
			}
			nc := c
			t := at
			if s.mode != 0 && (s.mode != k.Mode || s.gauge != k.Gauge) {
				node := g.Node(s.n)
				t = t.Add(dur(node.HandlingHours))
				nc.cost += node.HandlingUSD * units
				nc.co2 += emissions.HubAt(node.Kind, tonnes).WTW()
				nc.xfers++
				if q.MaxTransshipments >= 0 && nc.xfers > q.MaxTransshipments {
					continue
				}
			}
			if svcs := g.ServicesOn(l); len(svcs) > 0 {
				best := math.Inf(1)
				freq := 0.0
				for _, sid := range svcs {
					svc := g.Service(sid)
					if (q.Cargo.Reefer && !svc.Reefer) || (svc.CapacityTEU > 0 && teus > svc.CapacityTEU) {
						continue
					}
					if svc.Timetabled() {
						// walk forward minute by minute-free: try each of the next 8 days
						for d := 0; d < 8; d++ {
							day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, d)
							dep := day.Add(time.Duration(svc.DepartureMinute) * time.Minute)
							if svc.Days.Has(int(day.Weekday())) && !dep.Before(t) {
								best = math.Min(best, dep.Sub(t).Hours())
								break
							}
						}
					} else {
						freq += svc.PerWeek
					}
				}
				if freq > 0 {
					best = math.Min(best, 168/freq/2)
				}
				if math.IsInf(best, 1) {
					continue
				}
				t = t.Add(dur(best))
			}
			t = t.Add(dur(k.DistanceKm / k.SpeedKmh))
			t = t.Add(dur(g.Node(k.To).BorderMedianHours))
			nc.cost += (k.TariffFixedUSD + k.TariffUSDPerKm*k.DistanceKm) * units
			nc.co2 += emissions.Leg(emissions.LinkFactor(k), tonnes, k.DistanceKm).WTW()
			nc.path += " " + k.ID
			seen[ns] = true
			walk(ns, t, nc, nb)
			delete(seen, ns)
		}
	}
	start := st{n: q.From}
	seen[start] = true
	walk(start, q.Depart, crit{}, "")
	// Pareto filter
	var front []crit
	for i, a := range all {
		dominated := false
		for j, b := range all {
			if i != j && leq(b, a, false) && (!leq(a, b, false) || j < i) {
				dominated = true
				break
			}
		}
		if !dominated {
			front = append(front, a)
		}
	}
	return front
}

const eps = 1e-6

func leq(a, b crit, xf bool) bool {
	return a.hours <= b.hours+eps && a.cost <= b.cost+eps && a.co2 <= b.co2+eps && (!xf || a.xfers <= b.xfers)
}

func dur(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// randomPair makes a random network (nettest) with its router and picks
// two distinct nodes; ok is false when the two picks coincide.
func randomPair(t *testing.T, rng *rand.Rand, trial int) (g *network.Graph, r *route.Router, from, to network.NodeID, ok bool) {
	t.Helper()
	g, err := nettest.Random(rng, nettest.Options{})
	if err != nil {
		t.Fatalf("trial %d: random network invalid: %v", trial, err)
	}
	r = route.New(g)
	from = network.NodeID(rng.IntN(g.NumNodes()))
	to = network.NodeID(rng.IntN(g.NumNodes()))
	return g, r, from, to, from != to
}

func TestParetoMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for trial := 0; trial < 400; trial++ {
		g, r, from, to, ok := randomPair(t, rng, trial)
		if !ok {
			continue
		}
		q := route.NewQuery(from, to, time.Date(2026, 3, 1+rng.IntN(7), rng.IntN(24), rng.IntN(60), 0, 0, time.UTC))
		if rng.IntN(3) == 0 {
			q.MaxTransshipments = rng.IntN(2)
		}
		if rng.IntN(4) == 0 {
			q.Cargo.Reefer = true
		}
		if rng.IntN(4) == 0 {
			q.Cargo.Containers = 2
		}
		want := bruteForce(g, q)
		got, err := r.Search(context.Background(), q)
		if len(want) == 0 {
			if err == nil {
				t.Errorf("trial %d: router found %d itineraries, brute force none", trial, len(got))
			}
			continue
		}
		if err != nil {
			t.Errorf("trial %d: router: %v; brute force found %d", trial, err, len(want))
			continue
		}
		checked++
		if len(got) != len(want) {
			t.Errorf("trial %d: router front has %d itineraries, brute force %d\nwant %v", trial, len(got), len(want), want)
			continue
		}
		// every brute-force point has a router itinerary with the same criteria
		for _, w := range want {
			found := false
			for _, it := range got {
				if math.Abs(it.Total.Hours-w.hours) < 0.01 && math.Abs(it.Total.CostUSD-w.cost) < 0.01 && math.Abs(it.Total.CO2eKg-w.co2) < 0.01 {
					found = true
				}
			}
			if !found {
				t.Errorf("trial %d: brute-force point %+v missing from router front", trial, w)
			}
		}
		// no returned itinerary dominates another, and they are sorted by hours
		for i := range got {
			if i > 0 && got[i].Total.Hours < got[i-1].Total.Hours {
				t.Errorf("trial %d: not sorted by hours", trial)
			}
			for j := range got {
				a, b := got[i].Total, got[j].Total
				if i != j && a.Hours <= b.Hours && a.CostUSD <= b.CostUSD && a.CO2eKg <= b.CO2eKg {
					t.Errorf("trial %d: itinerary %d dominates %d", trial, i, j)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d trials had routes; the generator is too sparse", checked)
	}
}
