package service

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"corridor/assign"
	"corridor/data/demand"
	"corridor/errcode"
	"corridor/network"
	"corridor/route"
	"corridor/scenario"
)

// AssignRequest is a year's demand to assign to the network (or to a
// scenario of it).
type AssignRequest struct {
	// Demand names a bundled demand set (see DemandSets); Rows gives the
	// demand inline instead.
	Demand   string      `json:"demand,omitempty"`
	Rows     []DemandRow `json:"rows,omitempty"`
	Scenario string      `json:"scenario,omitempty"`
	// Gap is the relative gap to reach (default 1e-6); MaxIter the
	// iteration limit (default 200).
	Gap     float64 `json:"gap,omitempty"`
	MaxIter int     `json:"max_iter,omitempty"`

	// ScenarioDoc is a scenario given in full, instead of Scenario.
	ScenarioDoc *scenario.Scenario `json:"-"`
	// Loaded is demand read elsewhere (a file), named by Source; give it
	// instead of Demand and Rows.
	Loaded []assign.Demand `json:"-"`
	Source string          `json:"-"`
	// Workers bounds the shortest-path goroutines (0: GOMAXPROCS).
	Workers int `json:"-"`
	// StopOn is the gap definition that stops the solver.
	StopOn assign.GapKind `json:"-"`
}

// DemandRow is one inline demand row.
type DemandRow struct {
	Origin      string  `json:"origin"`
	Destination string  `json:"destination"`
	TEUPerYear  float64 `json:"teu_per_year"`
	Class       string  `json:"class,omitempty"`
}

// Limits of an assignment's inline demand, checked by PrepareAssignment
// (so the CLI, the API and the worker share them).
const (
	MaxDemandRows = 100000 // rows
	MaxTEUPerYear = 1e9    // teu_per_year of one row (world container traffic is about 9e8 TEU a year)
)

// Defaults of an assignment.
const (
	DefaultAssignGap     = 1e-6
	DefaultAssignMaxIter = 200
)

// DemandSets lists the bundled demand sets.
func DemandSets() []string { return demand.Names() }

// Assignment is a checked assignment, ready to run.
type Assignment struct {
	req    AssignRequest
	net    *Network
	rows   []assign.Demand
	params assign.FreightParams
	// Total is the iteration limit Run reports progress against.
	Total int
}

// PrepareAssignment checks req: the demand, the scenario, the options and
// every row's places on the scenario's network, so that bad input fails at
// once rather than in the background.
func (s *Service) PrepareAssignment(ctx context.Context, req AssignRequest) (*Assignment, error) {
	var rows []assign.Demand
	given := 0
	for _, b := range []bool{req.Demand != "", len(req.Rows) > 0, req.Loaded != nil} {
		if b {
			given++
		}
	}
	switch {
	case given > 1:
		return nil, errcode.Field(errcode.Invalid, "demand", "give demand (a bundled set) or rows, not both")
	case req.Demand != "":
		d, err := demand.Load(req.Demand)
		if err != nil {
			return nil, errcode.Field(errcode.Invalid, "demand", "%v", err)
		}
		rows = d
	case len(req.Rows) > MaxDemandRows:
		return nil, errcode.Field(errcode.Invalid, "rows", "at most %d rows, got %d", MaxDemandRows, len(req.Rows))
	case len(req.Rows) > 0:
		for i, row := range req.Rows {
			if row.Origin == "" || row.Destination == "" || !(row.TEUPerYear >= 0) || math.IsInf(row.TEUPerYear, 0) {
				return nil, errcode.Field(errcode.Invalid, fmt.Sprintf("rows[%d]", i), "origin, destination and a non-negative teu_per_year are required")
			}
			if row.TEUPerYear > MaxTEUPerYear {
				return nil, errcode.Field(errcode.Invalid, fmt.Sprintf("rows[%d].teu_per_year", i), "must be at most %g, got %g", float64(MaxTEUPerYear), row.TEUPerYear)
			}
			if utf8.RuneCountInString(row.Origin) > route.MaxRefLength || utf8.RuneCountInString(row.Destination) > route.MaxRefLength ||
				utf8.RuneCountInString(row.Class) > route.MaxRefLength {
				return nil, errcode.Field(errcode.Invalid, fmt.Sprintf("rows[%d]", i), "origin, destination and class have at most %d characters", route.MaxRefLength)
			}
			rows = append(rows, assign.Demand{Origin: row.Origin, Destination: row.Destination, TEUPerYear: row.TEUPerYear, Class: row.Class, Line: i + 1})
		}
		req.Demand = "inline"
	case req.Loaded != nil:
		if len(req.Loaded) > MaxDemandRows {
			return nil, errcode.Field(errcode.Invalid, "demand", "at most %d rows, got %d", MaxDemandRows, len(req.Loaded))
		}
		for _, d := range req.Loaded {
			if !(d.TEUPerYear <= MaxTEUPerYear) {
				return nil, errcode.Field(errcode.Invalid, "demand", "line %d: teu_per_year must be at most %g, got %g", d.Line, float64(MaxTEUPerYear), d.TEUPerYear)
			}
		}
		rows = req.Loaded
		req.Demand = req.Source
	default:
		return nil, errcode.Field(errcode.Invalid, "demand", "give a bundled demand set (%s) or rows", strings.Join(demand.Names(), ", "))
	}
	if req.Gap == 0 {
		req.Gap = DefaultAssignGap
	}
	if !(req.Gap > 0) || req.Gap >= 1 {
		return nil, errcode.Field(errcode.Invalid, "gap", "must be more than 0 and less than 1, got %g", req.Gap)
	}
	if req.MaxIter == 0 {
		req.MaxIter = DefaultAssignMaxIter
	}
	if req.MaxIter < 1 || req.MaxIter > s.cfg.MaxAssignIter {
		return nil, errcode.Field(errcode.Invalid, "max_iter", "must be between 1 and %d, got %d", s.cfg.MaxAssignIter, req.MaxIter)
	}
	if req.Workers < 0 {
		return nil, errcode.Field(errcode.Invalid, "workers", "must not be negative")
	}
	n, err := s.Network(ctx, req.Scenario, req.ScenarioDoc)
	if err != nil {
		return nil, err
	}
	fp := assign.DefaultFreightParams()
	fp.Options.Gap, fp.Options.MaxIter, fp.Options.Workers, fp.Options.StopOn = req.Gap, req.MaxIter, req.Workers, req.StopOn
	if err := assign.CheckDemand(n.Graph, rows, fp); err != nil {
		var de *assign.DemandError
		if errors.As(err, &de) && de.File == "" && req.Loaded != nil {
			de.File = req.Source
		}
		return nil, err
	}
	return &Assignment{req: req, net: n, rows: rows, params: fp, Total: req.MaxIter}, nil
}

// Request returns the assignment's request, with its defaults filled in.
func (a *Assignment) Request() AssignRequest { return a.req }

// Graph returns the network the assignment runs on.
func (a *Assignment) Graph() *network.Graph { return a.net.Graph }

// AssignResult is a finished assignment.
type AssignResult struct {
	Demand      string                `json:"demand"`
	Scenario    string                `json:"scenario,omitempty"`
	Result      *assign.FreightResult `json:"result"`
	Convergence []assign.Iteration    `json:"convergence"`
	Summary     AssignSummary         `json:"summary"`
}

// AssignSummary is an assignment's headline figures.
type AssignSummary struct {
	TotalTEU    float64 `json:"total_teu_year"`
	Iterations  int     `json:"iterations"`
	RelativeGap float64 `json:"relative_gap"`
	Converged   bool    `json:"converged"`
}

// Run assigns the demand; progress reports each iteration with its gap.
func (a *Assignment) Run(ctx context.Context, progress Progress) (*AssignResult, error) {
	fp := a.params
	var conv []assign.Iteration
	fp.Options.Progress = func(it assign.Iteration) {
		conv = append(conv, it)
		progress.report(Step{Done: it.N, Total: a.Total, RelativeGap: it.RelativeGap, Objective: it.Objective, Assignment: true})
	}
	res, err := assign.AssignFreight(ctx, a.net.Graph, a.rows, fp)
	if err != nil {
		return nil, err
	}
	name := a.req.Scenario
	if name == "" && a.req.ScenarioDoc != nil {
		name = a.req.ScenarioDoc.Name
	}
	return &AssignResult{Demand: a.req.Demand, Scenario: name, Result: res, Convergence: conv, Summary: AssignSummary{
		TotalTEU: res.TotalTEU, Iterations: res.Final.N, RelativeGap: res.Final.RelativeGap, Converged: res.Converged,
	}}, nil
}

// Assign prepares and runs an assignment.
func (s *Service) Assign(ctx context.Context, req AssignRequest, progress Progress) (*AssignResult, error) {
	a, err := s.PrepareAssignment(ctx, req)
	if err != nil {
		return nil, err
	}
	return a.Run(ctx, progress)
}
