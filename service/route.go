package service

import (
	"context"

	"corridor/emissions"
	"corridor/errcode"
	"corridor/network"
	"corridor/route"
	"corridor/scenario"
)

// RouteRequest is a route query as every front end receives it: the route
// request and, optionally, a scenario to run it on (a stored or bundled
// name, or a document read from a file).
type RouteRequest struct {
	route.Request
	Scenario string `json:"scenario,omitempty"`
	// ScenarioDoc is a scenario given in full (the command line's
	// --scenario-file); give it or Scenario, not both.
	ScenarioDoc *scenario.Scenario `json:"-"`
}

// Resolved is a request resolved on the network it runs on.
type Resolved struct {
	Network *Network
	Query   route.Query
	// Snaps says how coordinate endpoints were snapped to nodes.
	Snaps []route.Snap
}

// Echo describes the resolved query.
func (r *Resolved) Echo() route.QueryEcho { return route.Echo(r.Network.Graph, r.Query) }

// Resolve finds the request's network and resolves the request on it, with
// the scenario's query settings (avoided countries, carbon price) applied.
func (s *Service) Resolve(ctx context.Context, req RouteRequest) (*Resolved, error) {
	r, err := s.resolve(ctx, req, true)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// resolve is Resolve; withSettings false leaves the scenario's settings out
// (a diff runs the same query on the baseline and applies them itself).
func (s *Service) resolve(ctx context.Context, req RouteRequest, withSettings bool) (Resolved, error) {
	n, err := s.Network(ctx, req.Scenario, req.ScenarioDoc)
	if err != nil {
		return Resolved{}, err
	}
	q, snaps, err := req.Request.Resolve(n.Graph, s.cfg.Now(), nil)
	if err != nil {
		return Resolved{}, err
	}
	if withSettings && n.Applied != nil {
		ApplySettings(n.Applied.Settings, &q)
	}
	return Resolved{Network: n, Query: q, Snaps: snaps}, nil
}

// ApplySettings merges a scenario's query settings into q: its avoided
// countries and groups are added, and its carbon price applies when q sets
// none.
func ApplySettings(st scenario.Settings, q *route.Query) {
	q.AvoidCountries = append(append([]string(nil), q.AvoidCountries...), st.AvoidCountries...)
	q.AvoidGroups = append(append([]string(nil), q.AvoidGroups...), st.AvoidGroups...)
	if st.CarbonPrice != nil && q.CarbonPriceUSDPerTonne == 0 {
		q.CarbonPriceUSDPerTonne = *st.CarbonPrice
	}
}

// RouteResult is the answer to a route query.
type RouteResult struct {
	Query       route.QueryEcho   `json:"query"`
	Snaps       []route.Snap      `json:"snaps,omitempty"`
	Itineraries []route.Itinerary `json:"itineraries"`
	// EmissionsMethod says how the CO2e figures are computed
	// (emissions.Method).
	EmissionsMethod string `json:"emissions_method,omitempty"`
	// Graph is the network the itineraries run on.
	Graph *network.Graph `json:"-"`
	// Resolved is the query as it ran.
	Resolved Resolved `json:"-"`
}

// Route finds the Pareto-optimal itineraries (time, cost, CO2e) of req.
func (s *Service) Route(ctx context.Context, req RouteRequest) (*RouteResult, error) {
	if req.Objective != "" {
		return nil, errcode.Field(errcode.Invalid, "objective", "objective applies to compare only")
	}
	r, err := s.resolve(ctx, req, true)
	if err != nil {
		return nil, err
	}
	sctx, cancel := s.searchContext(ctx)
	defer cancel()
	its, err := r.Network.Router.Search(sctx, r.Query)
	if err != nil {
		return nil, s.searchError(ctx, err)
	}
	return &RouteResult{Query: r.Echo(), Snaps: r.Snaps, Itineraries: its, EmissionsMethod: emissions.Method, Graph: r.Network.Graph, Resolved: r}, nil
}

// CompareResult is the best itinerary of every corridor.
type CompareResult struct {
	From      route.NodeRef        `json:"from"`
	To        route.NodeRef        `json:"to"`
	Objective string               `json:"objective"`
	Query     route.QueryEcho      `json:"query"`
	Snaps     []route.Snap         `json:"snaps,omitempty"`
	Corridors []route.CorridorBest `json:"corridors"`
	// EmissionsMethod says how the CO2e figures are computed
	// (emissions.Method).
	EmissionsMethod string `json:"emissions_method,omitempty"`
}

// objective parses req's objective (default fastest).
func objective(name string) (route.Objective, error) {
	if name == "" {
		return route.Fastest, nil
	}
	o, err := route.ParseObjective(name)
	if err != nil {
		return 0, errcode.Field(errcode.Invalid, "objective", "%v", err)
	}
	return o, nil
}

// Compare finds the best itinerary of every corridor by req.Objective
// (default: time).
func (s *Service) Compare(ctx context.Context, req RouteRequest) (*CompareResult, error) {
	obj, err := objective(req.Objective)
	if err != nil {
		return nil, err
	}
	r, err := s.resolve(ctx, req, true)
	if err != nil {
		return nil, err
	}
	sctx, cancel := s.searchContext(ctx)
	defer cancel()
	cmp, err := r.Network.Router.Compare(sctx, r.Query, obj)
	if err != nil {
		return nil, s.searchError(ctx, err)
	}
	e := r.Echo()
	return &CompareResult{From: e.From, To: e.To, Objective: cmp.Objective, Query: e, Snaps: r.Snaps, Corridors: cmp.Corridors, EmissionsMethod: emissions.Method}, nil
}
