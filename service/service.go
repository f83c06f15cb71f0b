package service

import (
	"context"
	"errors"
	"time"

	"corridor/errcode"
	"corridor/network"
	"corridor/route"
	"corridor/scenario"
	"corridor/sim"
	"corridor/store"
)

// Config configures a Service.
type Config struct {
	// Graph is the baseline network (required).
	Graph *network.Graph
	// Store keeps scenarios; nil serves the bundled scenarios only.
	Store store.Store
	// Now gives the default departure (default time.Now).
	Now func() time.Time
	// SearchTimeout bounds each route search (0: no bound but the context's).
	SearchTimeout time.Duration
	// MaxRuns caps a simulation's replications (default sim.MaxRuns).
	MaxRuns int
	// MaxAssignIter caps an assignment's iterations (default 2000).
	MaxAssignIter int
}

// Service runs corridor's operations on one network. It is safe for
// concurrent use.
type Service struct {
	cfg       Config
	router    *route.Router
	base      *Network
	scenarios ScenarioSource
	cache     appliedCache
}

// New returns a Service for cfg.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = sim.MaxRuns
	}
	if cfg.MaxAssignIter <= 0 {
		cfg.MaxAssignIter = 2000
	}
	r := route.New(cfg.Graph)
	return &Service{cfg: cfg, router: r, base: &Network{Graph: cfg.Graph, Router: r}, scenarios: ScenarioSource{Store: cfg.Store}}
}

// Graph returns the baseline network.
func (s *Service) Graph() *network.Graph { return s.cfg.Graph }

// Router returns the baseline network's router.
func (s *Service) Router() *route.Router { return s.router }

// Scenarios returns where the service finds scenarios.
func (s *Service) Scenarios() ScenarioSource { return s.scenarios }

// Step is one progress report of a long operation.
type Step struct {
	Done, Total int
	// RelativeGap and Objective describe an assignment's iteration.
	RelativeGap, Objective float64
	// Assignment is true for an assignment's iteration (the gap is set).
	Assignment bool
}

// Progress receives the progress of a long operation, from one goroutine
// at a time. A nil Progress is ignored.
type Progress func(Step)

func (p Progress) report(st Step) {
	if p != nil {
		p(st)
	}
}

// Network is a network to run queries on: the baseline or a scenario
// applied to it, with its router.
type Network struct {
	Graph  *network.Graph
	Router *route.Router
	// Applied is the applied scenario (nil for the baseline).
	Applied *scenario.Applied
}

// Network returns the network of the named scenario, or of the scenario
// doc, or the baseline when both are empty. Applied scenarios are cached by
// name, version and content.
func (s *Service) Network(ctx context.Context, name string, doc *scenario.Scenario) (*Network, error) {
	switch {
	case name != "" && doc != nil:
		return nil, errcode.Field(errcode.Invalid, "scenario", "give a scenario name or a scenario document, not both")
	case doc != nil:
		return s.cache.get(ctx, s.cfg.Graph, "", 0, doc)
	case name != "":
		info, err := s.scenarios.Get(ctx, name, 0)
		if err != nil {
			return nil, err
		}
		return s.cache.get(ctx, s.cfg.Graph, info.Name, info.Version, info.Scenario)
	}
	return s.base, nil
}

// searchContext bounds one search by the configured timeout.
func (s *Service) searchContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.cfg.SearchTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.cfg.SearchTimeout)
}

// searchError gives a search that ran out of the service's time a message
// that says so; other errors pass through.
func (s *Service) searchError(parent context.Context, err error) error {
	if err != nil && errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil && s.cfg.SearchTimeout > 0 {
		return &errcode.Error{Code: errcode.Unavailable, Msg: "the search took longer than " + s.cfg.SearchTimeout.String() + "; narrow the query", Err: err}
	}
	return err
}
