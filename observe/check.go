package observe

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"

	"corridor/network"
	"corridor/route"
	"corridor/sim"
)

// Status says how a modelled figure compares with its observation.
type Status string

// Statuses.
const (
	InRange     Status = "in range"
	Below       Status = "below"
	Above       Status = "above"
	NoItinerary Status = "no itinerary" // the model finds no trip for the observation
	NotModelled Status = "not modelled" // a kind the check cannot model yet (volumes)
)

// Result is one observation checked against the model.
type Result struct {
	Observation
	Modelled *float64 `json:"modelled"` // nil when there is no figure
	Status   Status   `json:"status"`
	// Residual is the modelled figure's distance to the published range,
	// relative to the nearest bound of the checked range: 0 in range, +0.25 a quarter above the
	// high end, −0.25 a quarter below the low end.
	Residual float64 `json:"residual"`
	Detail   string  `json:"detail,omitempty"` // why there is no figure, or the itinerary used
	// CheckedLow and CheckedHigh are the range the figure is checked
	// against: the published range, or a single published figure widened
	// by its kind's PointTolerance.
	CheckedLow  float64 `json:"checked_low"`
	CheckedHigh float64 `json:"checked_high"`
	// ModelledLow is, for a spread, the simulated P10 (Modelled is the
	// P90).
	ModelledLow *float64 `json:"modelled_low,omitempty"`
	// Itinerary is the trip the figure comes from (nil for node figures
	// and when there is none).
	Itinerary *route.Itinerary `json:"-"`
}

// SpreadRuns is the number of simulated replications behind a spread.
const SpreadRuns = 2000

// SpreadTolerance is how far, relatively, the simulated P10 and P90 may be
// from a published spread's low and high ends.
const SpreadTolerance = 0.2

// PointTolerance is the relative band around a single published figure
// (low = high) within which a modelled figure counts as in range: a
// published point figure is a rounded one ("about 16 days", "11,000
// nautical miles"). Ranges are checked as published.
func PointTolerance(k Kind) float64 {
	switch k {
	case DistanceKm:
		return 0.05
	case CrossingHours, DwellHours:
		return 0.15
	default:
		return 0.10
	}
}

// Range returns the range a modelled figure is checked against (see
// PointTolerance).
func (o *Observation) Range() (low, high float64) {
	if o.Low == o.High && o.Kind != TransitSpread { // a spread's ends are checked by SpreadTolerance
		t := PointTolerance(o.Kind)
		return o.Low * (1 - t), o.High * (1 + t)
	}
	return o.Low, o.High
}

// Counted reports whether the result counts in the in-range shares.
func (r *Result) Counted() bool { return r.Status != NotModelled }

// TEUTonnes is the cargo weight of one TEU for per-TEU observations (the
// GLEC framework's default average load of a loaded TEU).
const TEUTonnes = 10

// Check models every observation on the date of the observation (the 15th
// of its month) and compares. A search that fails with an error other
// than "no route" stops the check.
// Observations are checked in parallel, one worker per CPU; the results
// are in the order of obs.
func Check(ctx context.Context, r *route.Router, obs []Observation) ([]Result, error) {
	out := make([]Result, len(obs))
	errs := make([]error, len(obs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(obs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = check(ctx, r, obs[i])
			}
		}()
	}
	for i := range obs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, err := range errs {
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return nil, fmt.Errorf("observation %s (%s → %s, %s): the search took longer than %s (a loaded machine? rerun when it is quieter): %w",
					obs[i].ID, obs[i].From, obs[i].To, obs[i].Month, searchTimeout, err)
			}
			return nil, fmt.Errorf("observation %s: %w", obs[i].ID, err)
		}
	}
	return out, nil
}

// searchTimeout bounds the search of one observation. Most take
// milliseconds, but a comparison with vias and one mode can search its
// infeasible corridors exhaustively: with every factor at 1 (the
// calibration's cross-validation start) the slowest of the bundled
// observations took 6–10 s each on 2026-12-03 (Manzhouli → Małaszewicze
// via Zabaikalsk and Brest by rail: 7 s of CPU), and a loaded machine
// stretches that several times.
const searchTimeout = 2 * time.Minute

func check(ctx context.Context, r *route.Router, o Observation) (Result, error) {
	r = r.At(depart(&o)) // the network as it was in the observation's month
	g := r.Graph()
	res := Result{Observation: o}
	res.CheckedLow, res.CheckedHigh = o.Range()
	from, _ := g.NodeByID(o.From)
	switch o.Kind {
	case VolumeTEUYear:
		res.Status, res.Detail = NotModelled, "volumes need an assignment of the year's demand (not modelled by the check yet)"
		return res, nil
	case CrossingHours:
		n := g.Node(from)
		v := n.BorderMedianHours
		if to, ok := g.NodeByID(o.To); ok && o.To != "" && to != from {
			v += g.Node(to).BorderMedianHours
		}
		res.settle(v, "median dwell of the border node(s)")
		return res, nil
	case DwellHours:
		n := g.Node(from)
		res.settle(n.HandlingHours+n.BorderMedianHours, "handling plus median dwell at the node")
		return res, nil
	}
	q := query(g, &o)
	obj := route.Fastest
	switch o.Kind { // spreads take the fastest, as corridor simulate does
	case CostPerFEU, CostPerTEU:
		obj = route.Cheapest
	case CO2ePerTEU:
		obj = route.Greenest
	}
	sctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	var best *route.Itinerary
	if o.Corridor != "" {
		cmp, err := r.Compare(sctx, q, obj)
		if err != nil {
			return res, noRoute(&res, err)
		}
		for _, c := range cmp.Corridors {
			if c.Corridor == o.Corridor {
				best = c.Best
				if best == nil {
					res.Status, res.Detail = NoItinerary, c.Infeasible
					return res, nil
				}
			}
		}
		if best == nil {
			res.Status, res.Detail = NoItinerary, "no itinerary is classified as "+o.Corridor
			return res, nil
		}
	} else {
		its, err := r.Search(sctx, q)
		if err != nil {
			return res, noRoute(&res, err)
		}
		b := route.Best(its, obj)
		best = &b
	}
	t := best.Total
	var v float64
	switch o.Kind {
	case TransitDays:
		v = t.Days
	case TransitSpread:
		return res, spread(ctx, r, q, best, &res)
	case VoyageDays:
		v = t.Days
		for i := range best.Legs {
			v -= best.Legs[i].WaitHours / 24
		}
	case CostPerFEU, CostPerTEU:
		v = t.CostUSD
	case CO2ePerTEU:
		v = t.CO2eKg
	case DistanceKm:
		v = t.DistanceKm
	}
	res.settle(v, best.Corridor+": "+best.Summary)
	res.Itinerary = best
	return res, nil
}

// query is the trip of an observation, departing on the 15th of its month.
func query(g *network.Graph, o *Observation) route.Query {
	from, _ := g.NodeByID(o.From)
	to, _ := g.NodeByID(o.To)
	q := route.NewQuery(from, to, depart(o))
	q.Modes = o.Modes
	q.SegmentModes = o.SegmentModes
	for _, v := range o.Via {
		n, _ := g.NodeByID(v)
		q.Via = append(q.Via, n)
	}
	if o.Kind == CostPerTEU || o.Kind == CO2ePerTEU {
		q.Cargo = route.Cargo{Containers: 1, Size: route.TEU, Tonnes: TEUTonnes, ValueUSD: route.DefaultCargo().ValueUSD}
	}
	return q
}

// depart is an observation's departure: the 15th of its month.
func depart(o *Observation) time.Time { return o.Month.Start().Add(14 * 24 * time.Hour) }

// Resimulate checks a spread observation again on g (the same network
// with other simulation parameters) along the itinerary of an earlier
// result, without routing: the calibration of spreads calls it for every
// trial of the factors. Other results are returned as they are.
func Resimulate(ctx context.Context, g *network.Graph, prev *Result) (Result, error) {
	if prev.Itinerary == nil || prev.Kind != TransitSpread {
		return *prev, nil
	}
	res := Result{Observation: prev.Observation, CheckedLow: prev.CheckedLow, CheckedHigh: prev.CheckedHigh}
	err := spreadOn(ctx, g.AtMonth(network.MonthOf(depart(&prev.Observation))), query(g, &prev.Observation), prev.Itinerary, &res)
	return res, err
}

// noRoute turns a "no route" error into a result; other errors stop.
func noRoute(res *Result, err error) error {
	var nr *route.NoRouteError
	if errors.As(err, &nr) {
		res.Status, res.Detail = NoItinerary, nr.Msg
		return nil
	}
	return err
}

func (r *Result) settle(v float64, detail string) {
	v = math.Round(v*100) / 100
	r.Modelled, r.Detail = &v, detail
	lo, hi := r.CheckedLow, r.CheckedHigh
	switch {
	case v < lo:
		r.Status, r.Residual = Below, (v-lo)/math.Max(lo, 1e-9)
	case v > hi:
		r.Status, r.Residual = Above, (v-hi)/math.Max(hi, 1e-9)
	default:
		r.Status = InRange
	}
	r.Residual = math.Round(r.Residual*1000) / 1000
}

// Share is the in-range count of a group of results.
type Share struct {
	Group    string  `json:"group"`
	N        int     `json:"n"`
	InRange  int     `json:"in_range"`
	Share    float64 `json:"share"`
	Excluded int     `json:"not_modelled,omitempty"`
}

// Summary is the in-range share overall, per kind and per corridor.
type Summary struct {
	Overall     Share   `json:"overall"`
	PerKind     []Share `json:"per_kind"`
	PerCorridor []Share `json:"per_corridor"` // observations without a corridor are "(segment)"
}

// Summarise counts results.
func Summarise(rs []Result) Summary {
	add := func(m map[string]*Share, key string, r *Result) {
		s := m[key]
		if s == nil {
			s = &Share{Group: key}
			m[key] = s
		}
		if !r.Counted() {
			s.Excluded++
			return
		}
		s.N++
		if r.Status == InRange {
			s.InRange++
		}
	}
	all, kinds, corrs := map[string]*Share{}, map[string]*Share{}, map[string]*Share{}
	for i := range rs {
		r := &rs[i]
		add(all, "all", r)
		add(kinds, string(r.Kind), r)
		c := r.Corridor
		if c == "" {
			c = "(segment)"
		}
		add(corrs, c, r)
	}
	list := func(m map[string]*Share) []Share {
		out := make([]Share, 0, len(m))
		for _, s := range m {
			if s.N > 0 {
				s.Share = math.Round(float64(s.InRange)/float64(s.N)*1000) / 1000
			}
			out = append(out, *s)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
		return out
	}
	sum := Summary{PerKind: list(kinds), PerCorridor: list(corrs)}
	if o := list(all); len(o) > 0 {
		sum.Overall = o[0]
	}
	return sum
}

// spread simulates best and compares its P10 and P90 with the published
// ends: in range when both are within SpreadTolerance of them; the
// residual is the end further off.
func spread(ctx context.Context, r *route.Router, q route.Query, best *route.Itinerary, res *Result) error {
	return spreadOn(ctx, r.Graph(), q, best, res)
}

func spreadOn(ctx context.Context, g *network.Graph, q route.Query, best *route.Itinerary, res *Result) error {
	p, err := sim.NewPlan(g, q, best, nil)
	if err != nil {
		res.Status, res.Detail = NoItinerary, err.Error()
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte(res.ID))
	sr, err := p.Run(ctx, sim.Options{Runs: SpreadRuns, Seed: h.Sum64(), Workers: 1})
	if err != nil {
		return err
	}
	p10, p90 := math.Round(sr.TransitDays.P10*100)/100, math.Round(sr.TransitDays.P90*100)/100
	res.ModelledLow, res.Modelled, res.Itinerary = &p10, &p90, best
	res.Detail = fmt.Sprintf("simulated P10–P90 %.1f–%.1f days (%d runs): %s: %s", p10, p90, SpreadRuns, best.Corridor, best.Summary)
	lo, hi := (p10-res.Low)/math.Max(res.Low, 1e-9), (p90-res.High)/math.Max(res.High, 1e-9)
	r0 := lo
	if math.Abs(hi) > math.Abs(lo) {
		r0 = hi
	}
	res.Residual = math.Round(r0*1000) / 1000
	switch {
	case math.Abs(r0) <= SpreadTolerance:
		res.Status, res.Residual = InRange, 0
	case r0 < 0:
		res.Status = Below
	default:
		res.Status = Above
	}
	return nil
}
