package observe

import (
	"context"
	"errors"
	"math"
	"sort"
	"time"

	"corridor/route"
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
	// relative to the nearest bound: 0 in range, +0.25 a quarter above the
	// high end, −0.25 a quarter below the low end.
	Residual float64 `json:"residual"`
	Detail   string  `json:"detail,omitempty"` // why there is no figure, or the itinerary used
}

// Counted reports whether the result counts in the in-range shares.
func (r *Result) Counted() bool { return r.Status != NotModelled }

// TEUTonnes is the cargo weight of one TEU for per-TEU observations (the
// GLEC framework's default average load of a loaded TEU).
const TEUTonnes = 10

// Check models every observation on the date of the observation (the 15th
// of its month) and compares. A search that fails with an error other
// than "no route" stops the check.
func Check(ctx context.Context, r *route.Router, obs []Observation) ([]Result, error) {
	out := make([]Result, 0, len(obs))
	for _, o := range obs {
		res, err := check(ctx, r, o)
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}

func check(ctx context.Context, r *route.Router, o Observation) (Result, error) {
	g := r.Graph()
	res := Result{Observation: o}
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
	to, _ := g.NodeByID(o.To)
	q := route.NewQuery(from, to, o.Month.Start().Add(14*24*time.Hour))
	q.Modes = o.Modes
	for _, v := range o.Via {
		n, _ := g.NodeByID(v)
		q.Via = append(q.Via, n)
	}
	if o.Kind == CostPerTEU || o.Kind == CO2ePerTEU {
		q.Cargo = route.Cargo{Containers: 1, Size: route.TEU, Tonnes: TEUTonnes, ValueUSD: route.DefaultCargo().ValueUSD}
	}
	obj := route.Fastest
	switch o.Kind {
	case CostPerFEU, CostPerTEU:
		obj = route.Cheapest
	case CO2ePerTEU:
		obj = route.Greenest
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
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
	case CostPerFEU, CostPerTEU:
		v = t.CostUSD
	case CO2ePerTEU:
		v = t.CO2eKg
	case DistanceKm:
		v = t.DistanceKm
	}
	res.settle(v, best.Corridor+": "+best.Summary)
	return res, nil
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
	switch {
	case v < r.Low:
		r.Status, r.Residual = Below, (v-r.Low)/math.Max(r.Low, 1e-9)
	case v > r.High:
		r.Status, r.Residual = Above, (v-r.High)/math.Max(r.High, 1e-9)
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
