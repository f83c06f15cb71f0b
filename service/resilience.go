package service

import (
	"context"
	"fmt"
	"math"
	"sort"

	"corridor/assign"
	"corridor/errcode"
	"corridor/resilience"
)

// ResilienceRequest is a criticality analysis: the demand and scenario of
// an assignment (AssignRequest's fields; Gap defaults to the freight
// assignment's 1e-8 here, not 1e-6), the elements to disrupt and how.
type ResilienceRequest struct {
	AssignRequest
	// Elements are ids, names, "+"-joined combinations or sets (see
	// resilience.Select); default ["all"].
	Elements []string `json:"elements,omitempty"`
	// Action is remove (default), capacity (cut by Share) or delay (add
	// Hours).
	Action string  `json:"action,omitempty"`
	Share  float64 `json:"share,omitempty"`
	Hours  float64 `json:"hours,omitempty"`
	// UnservedUSDPerTEU values unserved TEU in the ranking (default
	// resilience.DefaultUnservedUSDPerTEU).
	UnservedUSDPerTEU float64 `json:"unserved_usd_per_teu,omitempty"`
	// Cold solves every case from scratch (to measure warm starts).
	Cold bool `json:"cold,omitempty"`
}

// MaxResilienceCases bounds the cases of one analysis.
const MaxResilienceCases = 5000

// ResiliencePlan is a checked analysis with its baseline solved: the
// cases can be solved here (Run) or one by one elsewhere (SolveCase), and
// the outcomes ranked into a report (Report).
type ResiliencePlan struct {
	Cases    []resilience.Case
	Baseline *resilience.Baseline
	Options  resilience.Options
}

// PrepareResilience checks req, solves the baseline assignment and selects
// the cases.
func (s *Service) PrepareResilience(ctx context.Context, req ResilienceRequest) (*ResiliencePlan, error) {
	d := resilience.Disruption{Action: resilience.Action(req.Action), Share: req.Share, Hours: req.Hours}
	if d.Action == "" {
		d.Action = resilience.Remove
	}
	if err := d.Check(); err != nil {
		return nil, errcode.Field(errcode.Invalid, "action", "%v", err)
	}
	if req.UnservedUSDPerTEU < 0 || math.IsNaN(req.UnservedUSDPerTEU) || req.UnservedUSDPerTEU > 1e7 {
		return nil, errcode.Field(errcode.Invalid, "unserved_usd_per_teu", "must be between 0 and 1e7, got %g", req.UnservedUSDPerTEU)
	}
	if len(req.Elements) > MaxResilienceCases {
		return nil, errcode.Field(errcode.Invalid, "elements", "at most %d, got %d", MaxResilienceCases, len(req.Elements))
	}
	if len(req.Elements) == 0 {
		req.Elements = []string{"all"}
	}
	if req.Gap == 0 {
		// the freight default (1e-8), not an assignment's 1e-6: a case's
		// effect can be smaller than the looser gap's noise
		req.Gap = assign.DefaultFreightParams().Options.Gap
	}
	a, err := s.PrepareAssignment(ctx, req.AssignRequest)
	if err != nil {
		return nil, err
	}
	md, err := assign.NewFreightModel(a.net.Graph, a.rows, a.params)
	if err != nil {
		return nil, err
	}
	skip, err := resilience.Endpoints(a.net.Graph, a.rows)
	if err != nil {
		return nil, errcode.Field(errcode.Invalid, "demand", "%v", err)
	}
	cases, err := resilience.Select(a.net.Graph, req.Elements, skip)
	if err != nil {
		return nil, errcode.Field(errcode.Invalid, "elements", "%v", err)
	}
	if len(cases) > MaxResilienceCases {
		return nil, errcode.Field(errcode.Invalid, "elements", "%d cases; at most %d", len(cases), MaxResilienceCases)
	}
	b, err := resilience.NewBaseline(ctx, md)
	if err != nil {
		return nil, err
	}
	return &ResiliencePlan{Cases: cases, Baseline: b, Options: resilience.Options{Disruption: d,
		UnservedUSDPerTEU: req.UnservedUSDPerTEU, Cold: req.Cold, Workers: req.Workers}}, nil
}

// SolveCase solves case i of the plan.
func (p *ResiliencePlan) SolveCase(ctx context.Context, i int) (resilience.Outcome, error) {
	if i < 0 || i >= len(p.Cases) {
		return resilience.Outcome{}, fmt.Errorf("resilience: case %d of %d", i, len(p.Cases))
	}
	return p.Baseline.Solve(ctx, p.Cases[i], p.Options)
}

// Report ranks outcomes (solved anywhere) into a report.
func (p *ResiliencePlan) Report(outs []resilience.Outcome, seconds float64) *resilience.Report {
	o := p.Options
	if o.UnservedUSDPerTEU <= 0 {
		o.UnservedUSDPerTEU = resilience.DefaultUnservedUSDPerTEU
	}
	outs = append([]resilience.Outcome(nil), outs...)
	resilience.Rank(outs)
	return &resilience.Report{Disruption: o.Disruption, UnservedUSDPerTEU: o.UnservedUSDPerTEU, Baseline: p.Baseline.Result.Totals,
		BaselineSeconds: p.Baseline.Seconds, Outcomes: outs, Seconds: seconds, Warm: !o.Cold}
}

// Resilience prepares and runs a criticality analysis in this process;
// progress counts the cases.
func (s *Service) Resilience(ctx context.Context, req ResilienceRequest, progress Progress) (*resilience.Report, error) {
	p, err := s.PrepareResilience(ctx, req)
	if err != nil {
		return nil, err
	}
	opt := p.Options
	opt.Progress = func(done, total int) { progress.report(Step{Done: done, Total: total}) }
	return resilience.Run(ctx, p.Baseline, p.Cases, opt)
}

// AppraiseRequest compares candidate projects, each a scenario, with the
// baseline (or a base scenario) under the same demand.
type AppraiseRequest struct {
	AssignRequest
	Projects []string `json:"projects"`
}

// Appraisal is one project's benefit a year against the base: positive
// means the project saves cost, TEU-days or CO2e, or serves more TEU.
type Appraisal struct {
	Project          string                     `json:"project"`
	CostBenefitUSD   float64                    `json:"cost_benefit_usd_year"`
	TEUDaysSaved     float64                    `json:"teu_days_saved_year"`
	CO2eSavedTonnes  float64                    `json:"co2e_saved_tonnes_year"`
	ExtraServedTEU   float64                    `json:"extra_served_teu_year"`
	Seconds          float64                    `json:"seconds"`
	Converged        bool                       `json:"converged"`
	CorridorShiftTEU []resilience.CorridorShift `json:"corridors,omitempty"`
}

// AppraiseResult ranks the projects by cost benefit, largest first.
type AppraiseResult struct {
	Base     string        `json:"base"`
	Baseline assign.Totals `json:"baseline"`
	Projects []Appraisal   `json:"projects"`
}

// Appraise assigns the demand on the base and on each project's scenario
// (a cold solve each: a project may add links) and ranks the benefits.
func (s *Service) Appraise(ctx context.Context, req AppraiseRequest, progress Progress) (*AppraiseResult, error) {
	if len(req.Projects) == 0 {
		return nil, errcode.Field(errcode.Invalid, "projects", "give one or more project scenarios")
	}
	if len(req.Projects) > 100 {
		return nil, errcode.Field(errcode.Invalid, "projects", "at most 100, got %d", len(req.Projects))
	}
	base, err := s.Assign(ctx, req.AssignRequest, nil)
	if err != nil {
		return nil, fmt.Errorf("base: %w", err)
	}
	out := &AppraiseResult{Base: req.Scenario, Baseline: base.Result.Totals}
	if out.Base == "" {
		out.Base = "baseline"
	}
	for i, name := range req.Projects {
		r := req.AssignRequest
		r.Scenario, r.ScenarioDoc = name, nil
		res, err := s.Assign(ctx, r, nil)
		if err != nil {
			return nil, fmt.Errorf("project %q: %w", name, err)
		}
		t, b := res.Result.Totals, base.Result.Totals
		ap := Appraisal{Project: name, CostBenefitUSD: b.CostUSD - t.CostUSD, TEUDaysSaved: b.TEUDays - t.TEUDays,
			CO2eSavedTonnes: b.CO2eTonnes - t.CO2eTonnes, ExtraServedTEU: t.ServedTEU - b.ServedTEU,
			Seconds: res.Result.Final.Elapsed.Seconds(), Converged: res.Summary.Converged}
		ap.CorridorShiftTEU = resilience.CorridorShifts(base.Result.Corridors, res.Result.Corridors)
		out.Projects = append(out.Projects, ap)
		progress.report(Step{Done: i + 1, Total: len(req.Projects)})
	}
	sort.SliceStable(out.Projects, func(i, j int) bool { return out.Projects[i].CostBenefitUSD > out.Projects[j].CostBenefitUSD })
	return out, nil
}
