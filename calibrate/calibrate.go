package calibrate

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/optimize"

	"corridor/network"
	"corridor/observe"
	"corridor/route"
)

// Options tune a calibration.
type Options struct {
	// Folds is k of the k-fold cross-validation; 0 or 1 skips it.
	Folds int
	// Rounds is the number of route-and-fit rounds (default 3).
	Rounds int
	// Prior weighs the pull of every factor towards 1 (default 0.3).
	Prior float64
	// Scale is the Cauchy loss scale in log units (default 0.1: residuals
	// beyond about 10% count less than quadratically).
	Scale float64
	// Date is the provenance date written with fitted values (default now).
	Date time.Time
	// Log receives progress lines; nil discards them.
	Log func(format string, args ...any)
}

func (o *Options) defaults() {
	if o.Rounds <= 0 {
		o.Rounds = 3
	}
	if o.Prior <= 0 {
		o.Prior = 0.3
	}
	if o.Scale <= 0 {
		o.Scale = 0.1
	}
	if o.Date.IsZero() {
		o.Date = time.Now().UTC()
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
}

// ParamFit is one parameter before and after the fit.
type ParamFit struct {
	ID     string            `json:"id"`
	Kind   network.ParamKind `json:"kind"`
	Select string            `json:"select"`
	Low    float64           `json:"low"`
	High   float64           `json:"high"`
	// From and To are a dated parameter's months (YYYY-MM; empty: open).
	From   string  `json:"from,omitempty"`
	To     string  `json:"to,omitempty"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	// Observations are the ids of the fitted observations whose figure
	// depends on the parameter (its provenance).
	Observations []string `json:"observations"`
}

// Fold is one held-out fold of the cross-validation.
type Fold struct {
	Index  int `json:"fold"`
	N      int `json:"n"`      // held-out observations counted
	Before int `json:"before"` // in range uncalibrated (every factor at 1)
	After  int `json:"after"`  // in range with the values fitted without them, from 1
}

// Report is the outcome of a calibration.
type Report struct {
	Params []ParamFit `json:"params"`
	// Before and After are the check of every observation with the
	// starting and the fitted values.
	Before observe.Summary `json:"before"`
	After  observe.Summary `json:"after"`
	// ObjectiveBefore and ObjectiveAfter are the fit's loss on all
	// observations.
	ObjectiveBefore float64 `json:"objective_before"`
	ObjectiveAfter  float64 `json:"objective_after"`
	Folds           []Fold  `json:"folds,omitempty"`
	// HeldOut sums the folds: the share in range of observations the fit
	// did not see, before and after.
	HeldOut *Fold `json:"held_out,omitempty"`
	// Results are the observations checked with the fitted values.
	Results []observe.Result `json:"-"`
	// File is parameters.csv with the fitted values and their provenance.
	File []byte `json:"-"`
}

// Run calibrates the network in base (a network folder) against obs.
func Run(ctx context.Context, base fs.FS, name string, obs []observe.Observation, opt Options) (*Report, error) {
	opt.defaults()
	raw, err := fs.ReadFile(base, network.ParamsFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (calibration needs the parameters to fit, with their bounds)", network.ParamsFile, err)
	}
	c := &calib{base: base, name: name, opt: opt, header: raw}
	g, err := c.load(nil)
	if err != nil {
		return nil, err
	}
	ps := g.Params()
	if len(ps) == 0 {
		return nil, fmt.Errorf("%s declares no parameters", network.ParamsFile)
	}
	c.params = slices.Clone(ps)
	x0 := make([]float64, len(ps))
	for i, p := range ps {
		x0[i] = p.Value
	}
	opt.Log("checking %d observations with the starting values", len(obs))
	res0, err := observe.Check(ctx, route.New(g), obs)
	if err != nil {
		return nil, err
	}
	rep := &Report{Before: observe.Summarise(res0)}

	if opt.Folds > 1 {
		// The folds start from the uncalibrated network, every factor at 1
		// (within its bounds): values fitted earlier to all observations
		// would carry the held-out ones into both the start and "before".
		xn := make([]float64, len(ps))
		for i, p := range ps {
			xn[i] = math.Min(math.Max(1, p.Low), p.High)
		}
		gn, err := c.load(xn)
		if err != nil {
			return nil, err
		}
		opt.Log("checking %d observations with every factor at 1, the folds' start", len(obs))
		resN, err := observe.Check(ctx, route.New(gn), obs)
		if err != nil {
			return nil, err
		}
		heldOut := Fold{Index: -1}
		for k := 0; k < opt.Folds; k++ {
			var train []int
			var test []observe.Observation
			for i, o := range obs {
				if foldOf(o.ID, opt.Folds) == k {
					test = append(test, o)
				} else {
					train = append(train, i)
				}
			}
			opt.Log("fold %d/%d: fitting %d observations, holding out %d", k+1, opt.Folds, len(train), len(test))
			x, _, _, err := c.fit(ctx, gn, xn, obs, train, resN)
			if err != nil {
				return nil, fmt.Errorf("fold %d: %w", k+1, err)
			}
			gk, err := c.load(x)
			if err != nil {
				return nil, err
			}
			after, err := observe.Check(ctx, route.New(gk), test)
			if err != nil {
				return nil, err
			}
			f := Fold{Index: k + 1}
			j := 0
			for i, o := range obs {
				if foldOf(o.ID, opt.Folds) != k {
					continue
				}
				if resN[i].Counted() {
					f.N++
					if resN[i].Status == observe.InRange {
						f.Before++
					}
					if after[j].Status == observe.InRange {
						f.After++
					}
				}
				j++
			}
			opt.Log("fold %d/%d: held-out in range %d → %d of %d", k+1, opt.Folds, f.Before, f.After, f.N)
			rep.Folds = append(rep.Folds, f)
			heldOut.N += f.N
			heldOut.Before += f.Before
			heldOut.After += f.After
		}
		rep.HeldOut = &heldOut
	}

	all := make([]int, len(obs))
	for i := range all {
		all[i] = i
	}
	opt.Log("fitting all %d observations", len(obs))
	x, res, informs, err := c.fit(ctx, g, x0, obs, all, res0)
	if err != nil {
		return nil, err
	}
	rep.ObjectiveBefore = c.objective(res0, all, x0)
	rep.ObjectiveAfter = c.objective(res, all, x)
	rep.After = observe.Summarise(res)
	rep.Results = res
	for i, p := range c.params {
		ids := informs[i]
		rep.Params = append(rep.Params, ParamFit{ID: p.ID, Kind: p.Kind, Select: p.Select, Low: p.Low, High: p.High,
			From: month(p.From), To: month(p.To), Before: x0[i], After: x[i], Observations: ids})
	}
	if rep.File, err = c.file(x, informs); err != nil {
		return nil, err
	}
	return rep, nil
}

type calib struct {
	base   fs.FS
	name   string
	opt    Options
	header []byte
	params []network.Param
	// plain fits at the loss scale only, without the graduated stages
	// (tests compare the two).
	plain bool
}

// foldOf assigns an observation to a fold by a hash of its id: stable when
// observations are added or reordered.
func foldOf(id string, k int) int {
	h := fnv.New32a()
	_, _ = io.WriteString(h, id)
	return int(h.Sum32() % uint32(k))
}

// load reads the network with the parameter values x (nil: as in the file).
func (c *calib) load(x []float64) (*network.Graph, error) {
	if x == nil {
		return network.LoadFS(c.base, c.name)
	}
	b, err := c.file(x, nil)
	if err != nil {
		return nil, err
	}
	return network.LoadFS(overlay{c.base, fstest.MapFS{network.ParamsFile: {Data: b}}}, c.name)
}

// overlay serves some files from over and the rest from base.
type overlay struct {
	base fs.FS
	over fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.over[name]; ok {
		return o.over.Open(name)
	}
	return o.base.Open(name)
}

// file writes parameters.csv with values x; informs (when not nil) gives
// each fitted parameter's provenance.
func (c *calib) file(x []float64, informs [][]string) ([]byte, error) {
	var b bytes.Buffer
	// keep the comment lines at the top of the original file
	for _, line := range strings.SplitAfter(string(c.header), "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		b.WriteString(line)
	}
	w := csv.NewWriter(&b)
	_ = w.Write(network.ParamColumns())
	for i, p := range c.params {
		fitted := p.Fitted
		if informs != nil {
			if len(informs[i]) == 0 {
				fitted = "no observation informs it (" + c.opt.Date.Format(time.DateOnly) + ")"
			} else {
				fitted = fmt.Sprintf("fitted %s to %d observations: %s", c.opt.Date.Format(time.DateOnly), len(informs[i]), strings.Join(informs[i], " "))
			}
		}
		_ = w.Write([]string{p.ID, string(p.Kind), p.Select, num(p.Low), num(p.High), num(x[i]), month(p.From), month(p.To), priorText(p.Prior), fitted,
			strings.Join(p.Sources, ";"), p.Note})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// priorText writes a parameter's prior weight, "" for the default 1.
func priorText(w float64) string {
	if w == 1 {
		return ""
	}
	return num(w)
}

// month writes a parameter's from or to month, "" when open.
func month(m network.Month) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// term is one observation's figure as a linear function of the factors,
// around the values it was routed with: v(x) = fixed + Σ a[p]·x[p]/x0[p].
type term struct {
	obs    int
	fixed  float64
	p      []int
	a      []float64
	lo, hi float64 // the checked range, in logs
}

// fit runs the rounds on the observations idx, starting from x0 with the
// results res0 (of all observations, routed with x0). It returns the
// values, the results of all observations idx routed with them (indexed
// like obs; others zero) and, per parameter, the ids of the observations
// that inform it.
func (c *calib) fit(ctx context.Context, g0 *network.Graph, x0 []float64, obs []observe.Observation, idx []int, res0 []observe.Result) ([]float64, []observe.Result, [][]string, error) {
	x, g, res := slices.Clone(x0), g0, res0
	sub := make([]observe.Observation, len(idx))
	for j, i := range idx {
		sub[j] = obs[i]
	}
	cur := c.objective(res, idx, x)
	var informs [][]string
	for round := 1; round <= c.opt.Rounds; round++ {
		terms, inf := c.linearise(g, obs, idx, res)
		informs = inf
		if len(terms) == 0 {
			break
		}
		xn := c.minimise(terms, x)
		c.opt.Log("  round %d: step %s", round, c.step(x, xn))
		accepted := false
		for try := 0; try < 3 && !accepted; try++ {
			gn, err := c.load(xn)
			if err != nil {
				return nil, nil, nil, err
			}
			rs, err := observe.Check(ctx, route.New(gn), sub)
			if err != nil {
				return nil, nil, nil, err
			}
			full := make([]observe.Result, len(obs))
			for j, i := range idx {
				full[i] = rs[j]
			}
			obj := c.objective(full, idx, xn)
			c.opt.Log("  round %d: objective %.3f → %.3f", round, cur, obj)
			if obj < cur {
				x, g, res, cur, accepted = xn, gn, full, obj, true
				break
			}
			for i := range xn { // halve the step (geometric), 4 significant digits
				xn[i] = math.Min(math.Max(roundSig(math.Sqrt(xn[i]*x[i]), 4), c.params[i].Low), c.params[i].High)
			}
		}
		if !accepted {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
	}
	if informs == nil {
		informs = make([][]string, len(c.params))
	}
	x, res, err := c.fitSpread(ctx, x, obs, idx, res, informs)
	if err != nil {
		return nil, nil, nil, err
	}
	return x, res, informs, nil
}

// step names the factors that move by more than 1% from x to xn.
func (c *calib) step(x, xn []float64) string {
	var b strings.Builder
	for i := range x {
		if math.Abs(xn[i]/x[i]-1) > 0.01 {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %.4g → %.4g", c.params[i].ID, x[i], xn[i])
		}
	}
	if b.Len() == 0 {
		return "none above 1%"
	}
	return b.String()
}

// spreadLoss is the loss of a simulated spread: its P10 against the
// published low end, its P90 against the high end.
func (c *calib) spreadLoss(r *observe.Result) float64 {
	if r.Modelled == nil || r.ModelledLow == nil {
		return 0
	}
	return c.loss(math.Log(math.Max(*r.ModelledLow, 1e-9)/r.Low)) + c.loss(math.Log(math.Max(*r.Modelled, 1e-9)/r.High))
}

// fitSpread fits the spread parameters (run_cv, headway_cv, dwell_spread)
// to the published spreads among the observations idx, by simulation:
// Nelder–Mead over the bounded factors, every evaluation re-simulating the
// spreads (with fixed seeds, so the objective is deterministic). The other
// factors stay as fitted. res is updated with the spreads' new results.
func (c *calib) fitSpread(ctx context.Context, x []float64, obs []observe.Observation, idx []int, res []observe.Result, informs [][]string) ([]float64, []observe.Result, error) {
	var sp []int // spread parameters
	for i, p := range c.params {
		if p.Kind.Spread() {
			sp = append(sp, i)
		}
	}
	var so []int // spread observations
	for _, i := range idx {
		if obs[i].Kind == observe.TransitSpread && res[i].Modelled != nil && res[i].Itinerary != nil {
			so = append(so, i)
		}
	}
	if len(sp) == 0 || len(so) == 0 {
		return x, res, nil
	}
	// provenance: a spread factor is informed by the spreads whose
	// itinerary it touches
	g0, err := c.load(x)
	if err != nil {
		return nil, nil, err
	}
	for _, i := range so {
		it := res[i].Itinerary
		if it == nil {
			continue
		}
		for _, p := range sp {
			if touches(g0, &c.params[p], it) {
				informs[p] = append(informs[p], obs[i].ID)
			}
		}
	}
	eval := func(xs []float64) (float64, []observe.Result, error) {
		g, err := c.load(xs)
		if err != nil {
			return 0, nil, err
		}
		rs := make([]observe.Result, len(so))
		for j, i := range so { // the routes do not depend on spread factors
			if rs[j], err = observe.Resimulate(ctx, g, &res[i]); err != nil {
				return 0, nil, err
			}
		}
		var f float64
		for j := range rs {
			f += c.spreadLoss(&rs[j])
		}
		for _, p := range sp {
			l := math.Log(xs[p])
			f += c.opt.Prior * c.params[p].Prior * l * l
		}
		return f, rs, nil
	}
	f0, _, err := eval(x)
	if err != nil {
		return nil, nil, err
	}
	toX := func(z []float64) []float64 {
		xs := slices.Clone(x)
		for k, p := range sp {
			lo, hi := c.params[p].Low, c.params[p].High
			xs[p] = math.Min(math.Max(roundSig(lo+(hi-lo)/(1+math.Exp(-z[k])), 4), lo), hi)
		}
		return xs
	}
	z0 := make([]float64, len(sp))
	for k, p := range sp {
		lo, hi := c.params[p].Low, c.params[p].High
		u := math.Min(math.Max((x[p]-lo)/(hi-lo), 1e-6), 1-1e-6)
		z0[k] = math.Log(u / (1 - u))
	}
	var evalErr error
	prob := optimize.Problem{Func: func(z []float64) float64 {
		if evalErr != nil {
			return math.Inf(1)
		}
		f, _, err := eval(toX(z))
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		return f
	}}
	r, _ := optimize.Minimize(prob, z0, &optimize.Settings{FuncEvaluations: 15 * (len(sp) + 1)}, &optimize.NelderMead{SimplexSize: 1})
	if evalErr != nil {
		return nil, nil, evalErr
	}
	if r == nil || !(r.F < f0) {
		c.opt.Log("  spreads: %d observations, objective %.3f, no improvement", len(so), f0)
		return x, res, nil
	}
	xs := toX(r.X)
	f1, rs, err := eval(xs)
	if err != nil {
		return nil, nil, err
	}
	c.opt.Log("  spreads: %d observations, objective %.3f → %.3f", len(so), f0, f1)
	if !(f1 < f0) {
		return x, res, nil
	}
	res = slices.Clone(res)
	for j, i := range so {
		res[i] = rs[j]
	}
	return xs, res, nil
}

// touches reports whether the spread parameter p selects a link or node of
// the itinerary.
func touches(g *network.Graph, p *network.Param, it *route.Itinerary) bool {
	for li := range it.Legs {
		leg := &it.Legs[li]
		for _, id := range leg.Links {
			if l, ok := g.LinkByID(id); ok && p.MatchLink(g, l) {
				return true
			}
		}
		for _, id := range append(slices.Clone(leg.Via), leg.To.ID) {
			if n, ok := g.NodeByID(id); ok && p.MatchNode(g, n) {
				return true
			}
		}
	}
	return false
}

// linearise builds the terms of the observations idx from their
// itineraries on g.
func (c *calib) linearise(g *network.Graph, obs []observe.Observation, idx []int, res []observe.Result) ([]term, [][]string) {
	informs := make([][]string, len(c.params))
	var terms []term
	for _, i := range idx {
		r := &res[i]
		if r.Modelled == nil || !r.Counted() {
			continue
		}
		a := make([]float64, len(c.params))
		contribute(g, r, a)
		t := term{obs: i, fixed: *r.Modelled}
		for p, v := range a {
			if v > 1e-9 {
				t.p = append(t.p, p)
				t.a = append(t.a, v)
				t.fixed -= v
				informs[p] = append(informs[p], obs[i].ID)
			}
		}
		if len(t.p) == 0 {
			continue
		}
		t.lo, t.hi = target(&r.Observation)
		terms = append(terms, t)
	}
	return terms, informs
}

// contribute adds to a[p] the part of r's figure that parameter p scales.
// The figure was modelled on the network as it was in the observation's
// month, with the dated parameters in force then.
func contribute(g *network.Graph, r *observe.Result, a []float64) {
	m := r.Month
	g = g.AtMonth(m)
	switch r.Kind {
	case observe.CrossingHours, observe.DwellHours:
		ids := []string{r.From}
		if r.Kind == observe.CrossingHours && r.To != "" && r.To != r.From {
			ids = append(ids, r.To)
		}
		for _, id := range ids {
			n, ok := g.NodeByID(id)
			if !ok {
				continue
			}
			if p := g.ParamOfNodeAt(network.BorderDwell, n, m); p >= 0 {
				a[p] += g.Node(n).BorderMedianHours
			}
			if r.Kind == observe.DwellHours {
				if p := g.ParamOfNodeAt(network.HandlingTime, n, m); p >= 0 {
					a[p] += g.Node(n).HandlingHours
				}
			}
		}
		return
	}
	it := r.Itinerary
	if it == nil {
		return
	}
	for li := range it.Legs {
		leg := &it.Legs[li]
		switch r.Kind {
		case observe.TransitDays, observe.VoyageDays:
			var sum float64
			for _, id := range leg.Links {
				if l, ok := g.LinkByID(id); ok {
					sum += g.Link(l).Hours
				}
			}
			for _, id := range leg.Links {
				if l, ok := g.LinkByID(id); ok && sum > 0 {
					if p := g.ParamOfLinkAt(network.RunTime, l, m); p >= 0 {
						a[p] += leg.Hours * g.Link(l).Hours / sum / 24
					}
				}
			}
			var msum float64
			nodes := append(slices.Clone(leg.Via), leg.To.ID)
			for _, id := range nodes {
				if n, ok := g.NodeByID(id); ok {
					msum += g.Node(n).BorderMedianHours
				}
			}
			for _, id := range nodes {
				if n, ok := g.NodeByID(id); ok && msum > 0 {
					if p := g.ParamOfNodeAt(network.BorderDwell, n, m); p >= 0 {
						a[p] += leg.BorderHours * g.Node(n).BorderMedianHours / msum / 24
					}
				}
			}
			if n, ok := g.NodeByID(leg.From.ID); ok && leg.HandlingHours > 0 {
				mode, _ := network.ParseMode(leg.Mode)
				if p := g.ParamOfHandlingAt(n, mode, network.Gauge(leg.GaugeMM), m); p >= 0 {
					a[p] += leg.HandlingHours / 24
				}
			}
			if r.Kind == observe.TransitDays && leg.WaitBasis == route.HalfHeadway && leg.WaitHours > 0 && len(leg.Links) > 0 {
				if l, ok := g.LinkByID(leg.Links[0]); ok {
					if p := g.ParamOfLinkAt(network.ServiceWait, l, m); p >= 0 {
						a[p] += leg.WaitHours / 24
					}
				}
			}
		case observe.CostPerFEU, observe.CostPerTEU:
			var sum float64
			for _, id := range leg.Links {
				if l, ok := g.LinkByID(id); ok {
					sum += g.Link(l).Cost()
				}
			}
			if n, ok := g.NodeByID(leg.From.ID); ok && leg.HandlingHours > 0 {
				sum += g.Node(n).HandlingUSD
			}
			for _, id := range leg.Links {
				if l, ok := g.LinkByID(id); ok && sum > 0 && !g.OnRateReference(l) {
					if p := g.ParamOfLinkAt(network.Tariff, l, m); p >= 0 {
						a[p] += leg.CostUSD * g.Link(l).Cost() / sum
					}
				}
			}
		}
	}
}

// target is the range (in logs) the fit aims at: the published figure
// itself, not the check's tolerance band around a point (observe.Range), so
// that a point figure pins its parameters; a published range a little
// inside its ends, so that a re-route does not tip a figure fitted to an
// end out of it.
func target(o *observe.Observation) (lo, hi float64) {
	l, h := o.Low, o.High
	m := 0.05 * (h - l) / 2
	return math.Log(math.Max(l+m, 1e-9)), math.Log(math.Max(h-m, 1e-9))
}

// loss is the robust loss of a log residual: Cauchy, s²·ln(1 + (r/s)²),
// whose weight falls off for residuals far beyond the scale, so that
// observations the model's structure cannot reach (or that contradict
// others) do not pull every factor to its bound.
func (c *calib) loss(r float64) float64 { return cauchy(r, c.opt.Scale) }

// cauchy is the Cauchy loss of r at scale s.
func cauchy(r, s float64) float64 {
	z := r / s
	return s * s * math.Log1p(z*z)
}

// logResidual is the log distance of v from [lo, hi] (logs), 0 inside.
func logResidual(v, lo, hi float64) float64 {
	lv := math.Log(math.Max(v, 1e-9))
	switch {
	case lv < lo:
		return lv - lo
	case lv > hi:
		return lv - hi
	}
	return 0
}

// objective is the loss of the routed results idx plus the prior.
func (c *calib) objective(res []observe.Result, idx []int, x []float64) float64 {
	var f float64
	for _, i := range idx {
		r := &res[i]
		if r.Modelled == nil || !r.Counted() {
			continue
		}
		if r.Kind == observe.TransitSpread {
			f += c.spreadLoss(r)
			continue
		}
		lo, hi := target(&r.Observation)
		f += c.loss(logResidual(*r.Modelled, lo, hi))
	}
	return f + c.prior(x)
}

// prior is the pull of the factors towards 1: --prior times each
// parameter's own weight (its prior column) times (ln x)².
func (c *calib) prior(x []float64) float64 {
	var f float64
	for i, v := range x {
		l := math.Log(v)
		f += c.opt.Prior * c.params[i].Prior * l * l
	}
	return f
}

// minimise fits the factors to the linear terms, within bounds, from x.
//
// The robust loss has a local minimum wherever a cluster of observations
// sits far beyond its scale: far residuals pull little, so a fit started
// near 1 stays there even when moving a factor would bring the cluster in
// range. minimise therefore also fits by graduated non-convexity: first at
// a loss scale of 1 (close to least squares, every observation pulling),
// then at halved scales down to Scale, each stage starting where the last
// ended. Of the two ends (and the start) it keeps the one whose loss at
// Scale is least, so the result is never worse than the plain fit.
func (c *calib) minimise(terms []term, x []float64) []float64 {
	n := len(x)
	lo, hi := make([]float64, n), make([]float64, n)
	z0 := make([]float64, n)
	free := make([]bool, n)
	for _, t := range terms {
		for _, p := range t.p {
			free[p] = true
		}
	}
	for i, p := range c.params {
		lo[i], hi[i] = p.Low, p.High
		if !free[i] {
			// No term depends on it (a spread parameter, fitted by
			// simulation afterwards, or one no observation informs): the
			// prior alone would pull it to 1, so it stays where it is.
			lo[i], hi[i] = x[i], x[i]
		}
		if hi[i]-lo[i] < 1e-12 {
			continue
		}
		u := (x[i] - lo[i]) / (hi[i] - lo[i])
		u = math.Min(math.Max(u, 1e-6), 1-1e-6)
		z0[i] = math.Log(u / (1 - u))
	}
	toX := func(z, dst []float64) {
		for i := range z {
			dst[i] = lo[i] + (hi[i]-lo[i])/(1+math.Exp(-z[i]))
		}
	}
	buf := make([]float64, n)
	lossAt := func(scale float64) func(z []float64) float64 {
		return func(z []float64) float64 {
			toX(z, buf)
			var s float64
			for _, t := range terms {
				v := t.fixed
				for k, p := range t.p {
					v += t.a[k] * buf[p] / x[p]
				}
				s += cauchy(logResidual(v, t.lo, t.hi), scale)
			}
			return s + c.prior(buf)
		}
	}
	// run minimises the loss at scale from z; a line-search failure near
	// the optimum still returns the best point found, kept when it improves
	// on the start.
	run := func(scale float64, z []float64) []float64 {
		f := lossAt(scale)
		prob := optimize.Problem{Func: f, Grad: func(grad, z []float64) { fd.Gradient(grad, f, z, nil) }}
		res, _ := optimize.Minimize(prob, z, &optimize.Settings{MajorIterations: 500}, &optimize.LBFGS{})
		if res == nil || !(res.F < f(z)) {
			return z
		}
		return res.X
	}
	f := lossAt(c.opt.Scale)
	best, fBest := z0, f(z0)
	plain := run(c.opt.Scale, z0)
	if v := f(plain); v < fBest {
		best, fBest = plain, v
	}
	if c.plain {
		return c.toValues(plain, toX, x, lo, hi)
	}
	z := z0
	for s := 1.0; s > c.opt.Scale*1.01; s /= 2 {
		z = run(s, z)
	}
	z = run(c.opt.Scale, z)
	if v := f(z); v < fBest {
		best = z
	}
	return c.toValues(best, toX, x, lo, hi)
}

// toValues maps the unbounded z back to factors within [lo, hi], rounded
// to 4 significant digits for a readable file.
func (c *calib) toValues(z []float64, toX func(z, dst []float64), x, lo, hi []float64) []float64 {
	out := slices.Clone(x)
	toX(z, out)
	for i := range out {
		out[i] = math.Min(math.Max(roundSig(out[i], 4), lo[i]), hi[i])
	}
	return out
}

func roundSig(v float64, d int) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, float64(d)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}
