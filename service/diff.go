package service

import (
	"context"
	"errors"
	"strings"

	"corridor/errcode"
	"corridor/network"
	"corridor/route"
)

// Figures are an itinerary's headline numbers.
type Figures struct {
	Days float64 `json:"days"`
	// CostUSD is nil (JSON null) when a tariff on the way is unknown.
	CostUSD *float64 `json:"cost_usd"`
	CO2eKg  float64  `json:"co2e_kg"`
	Summary string   `json:"summary"`
}

func figures(it *route.Itinerary) *Figures {
	if it == nil {
		return nil
	}
	return &Figures{it.Total.Days, knownCost(&it.Total), it.Total.CO2eKg, it.Summary}
}

// knownCost is a total's cost, or nil when it is unknown.
func knownCost(t *route.Total) *float64 {
	if t.CostUnknown {
		return nil
	}
	v := t.CostUSD
	return &v
}

// CorridorDiff compares one corridor's best itinerary in the baseline and
// in the scenario.
type CorridorDiff struct {
	Corridor           string   `json:"corridor"`
	Baseline           *Figures `json:"baseline"`
	Scenario           *Figures `json:"scenario"`
	BaselineFeasible   bool     `json:"baseline_feasible"`
	ScenarioFeasible   bool     `json:"scenario_feasible"`
	BaselineInfeasible string   `json:"baseline_infeasible,omitempty"`
	ScenarioInfeasible string   `json:"scenario_infeasible,omitempty"`
	// Delta is scenario minus baseline, when both are feasible.
	Delta *Figures `json:"delta,omitempty"`
}

// ItineraryRef identifies an itinerary of a Pareto front in a diff.
type ItineraryRef struct {
	Corridor string   `json:"corridor"`
	Summary  string   `json:"summary"`
	Days     float64  `json:"days"`
	CostUSD  *float64 `json:"cost_usd"` // nil (null) when unknown
	CO2eKg   float64  `json:"co2e_kg"`
}

// Diff is a baseline-versus-scenario comparison for one query.
type Diff struct {
	Scenario    string         `json:"scenario"`
	Objective   string         `json:"objective"`
	From        route.NodeRef  `json:"from"`
	To          route.NodeRef  `json:"to"`
	Corridors   []CorridorDiff `json:"corridors"`
	Appeared    []ItineraryRef `json:"appeared"`    // on the scenario's Pareto front, not the baseline's
	Disappeared []ItineraryRef `json:"disappeared"` // on the baseline's front, not the scenario's
	// Baseline and Scenario are the two Pareto fronts, for maps and tables.
	Baseline      []route.Itinerary `json:"baseline_itineraries"`
	ScenarioFront []route.Itinerary `json:"scenario_itineraries"`
	// BaselineError and ScenarioError say why a front is empty.
	BaselineError string `json:"baseline_error,omitempty"`
	ScenarioError string `json:"scenario_error,omitempty"`
}

// Diff runs req on the baseline and on req's scenario (named or given in
// full; one is required) and compares the best itinerary of every corridor
// by req.Objective (default: time) and the two Pareto fronts. The request
// is resolved on the scenario's network; a query that names a node only the
// scenario adds is infeasible in the baseline. Both the per-corridor bests
// and the drawn itineraries carry route.Classify's corridor, and Compare
// counts every itinerary of the whole front, so a corridor is never called
// infeasible on a side that draws one of its itineraries.
func (s *Service) Diff(ctx context.Context, req RouteRequest) (*Diff, error) {
	if req.Scenario == "" && req.ScenarioDoc == nil {
		return nil, errcode.Field(errcode.Invalid, "scenario", "a diff needs a scenario")
	}
	obj, err := objective(req.Objective)
	if err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, req, false)
	if err != nil {
		return nil, err
	}
	sctx, cancel := s.searchContext(ctx)
	defer cancel()
	d, err := diff(sctx, s.router, r.Network, r.Query, obj)
	return d, s.searchError(ctx, err)
}

// diff compares q (resolved on the scenario's graph, without the
// scenario's settings) on the baseline router and on the scenario sc.
func diff(ctx context.Context, base *route.Router, sc *Network, q route.Query, obj route.Objective) (*Diff, error) {
	g := sc.Graph
	d := &Diff{Scenario: sc.Applied.Scenario.Name, Objective: obj.String(),
		From: route.NodeRef{ID: g.Node(q.From).ID, Name: g.Node(q.From).Name},
		To:   route.NodeRef{ID: g.Node(q.To).ID, Name: g.Node(q.To).Name}}
	sq := q
	ApplySettings(sc.Applied.Settings, &sq)
	scRouter := sc.Router

	inBase := func(n network.NodeID) bool { return int(n) < base.Graph().NumNodes() }
	baseOK := inBase(q.From) && inBase(q.To)
	for _, v := range append(append([]network.NodeID(nil), q.Via...), q.AvoidNodes...) {
		baseOK = baseOK && inBase(v)
	}

	var baseCmp *route.Comparison
	if baseOK {
		var err error
		baseCmp, d.Baseline, err = base.CompareFront(ctx, q, obj)
		if err := fatal(err); err != nil {
			return nil, err
		}
		if err != nil {
			d.BaselineError = err.Error()
		}
	} else {
		d.BaselineError = "the query names a place that only the scenario adds"
	}
	// One exact search gives the comparison and the drawn front (Search's
	// answer) on each side.
	scCmp, scFront, err := scRouter.CompareFront(ctx, sq, obj)
	if err := fatal(err); err != nil {
		return nil, err
	}
	if err != nil {
		d.ScenarioError = err.Error()
	}
	d.ScenarioFront = scFront

	for _, c := range g.Corridors() {
		if c.Tag == "europe" {
			continue
		}
		cd := CorridorDiff{Corridor: c.Tag}
		if b := best(baseCmp, c.Tag); b != nil && b.Best != nil {
			cd.Baseline, cd.BaselineFeasible = figures(b.Best), true
		} else if b != nil {
			cd.BaselineInfeasible = b.Infeasible
		} else {
			cd.BaselineInfeasible = d.BaselineError
		}
		if s := best(scCmp, c.Tag); s != nil && s.Best != nil {
			cd.Scenario, cd.ScenarioFeasible = figures(s.Best), true
		} else if s != nil {
			cd.ScenarioInfeasible = s.Infeasible
		} else {
			cd.ScenarioInfeasible = d.ScenarioError
		}
		if cd.BaselineFeasible && cd.ScenarioFeasible {
			cd.Delta = &Figures{
				Days:   round2(cd.Scenario.Days - cd.Baseline.Days),
				CO2eKg: round2(cd.Scenario.CO2eKg - cd.Baseline.CO2eKg),
			}
			if cd.Scenario.CostUSD != nil && cd.Baseline.CostUSD != nil {
				v := round2(*cd.Scenario.CostUSD - *cd.Baseline.CostUSD)
				cd.Delta.CostUSD = &v
			}
		}
		d.Corridors = append(d.Corridors, cd)
	}
	d.Appeared = missing(d.ScenarioFront, d.Baseline)
	d.Disappeared = missing(d.Baseline, d.ScenarioFront)
	return d, nil
}

// fatal keeps the errors that end a diff (cancellation, bad input); a
// NoRouteError is an answer, not a failure.
func fatal(err error) error {
	var nr *route.NoRouteError
	if err == nil || errors.As(err, &nr) {
		return nil
	}
	return err
}

func best(c *route.Comparison, tag string) *route.CorridorBest {
	if c == nil {
		return nil
	}
	for i := range c.Corridors {
		if c.Corridors[i].Corridor == tag {
			return &c.Corridors[i]
		}
	}
	return nil
}

// signature identifies an itinerary by the links it takes.
func signature(it *route.Itinerary) string {
	var b strings.Builder
	for _, l := range it.Legs {
		for _, id := range l.Links {
			b.WriteString(id)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// missing lists the itineraries of a whose path is not in b.
func missing(a, b []route.Itinerary) []ItineraryRef {
	have := map[string]bool{}
	for i := range b {
		have[signature(&b[i])] = true
	}
	out := []ItineraryRef{}
	for i := range a {
		if !have[signature(&a[i])] {
			it := &a[i]
			out = append(out, ItineraryRef{it.Corridor, it.Summary, it.Total.Days, knownCost(&it.Total), it.Total.CO2eKg})
		}
	}
	return out
}

func round2(x float64) float64 {
	if x < 0 {
		return -float64(int64(-x*100+0.5)) / 100
	}
	return float64(int64(x*100+0.5)) / 100
}
