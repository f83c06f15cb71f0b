package assign

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Algorithm names an assignment algorithm.
type Algorithm string

// The algorithms.
const (
	FrankWolfe    Algorithm = "fw"  // Frank–Wolfe (LeBlanc et al. 1975)
	ConjugateFW   Algorithm = "cfw" // conjugate Frank–Wolfe (Mitradjieva & Lindberg 2013)
	BiconjugateFW Algorithm = "bfw" // bi-conjugate Frank–Wolfe (Mitradjieva & Lindberg 2013)
	AlgorithmB    Algorithm = "b"   // Algorithm B, bush-based (Dial 2006)
)

// Algorithms lists the algorithms in order of sophistication.
var Algorithms = []Algorithm{FrankWolfe, ConjugateFW, BiconjugateFW, AlgorithmB}

// ParseAlgorithm reads an algorithm name (fw, cfw, bfw or b).
func ParseAlgorithm(s string) (Algorithm, error) {
	for _, a := range Algorithms {
		if string(a) == s {
			return a, nil
		}
	}
	return "", fmt.Errorf("unknown algorithm %q (expected one of fw, cfw, bfw, b)", s)
}

// GapKind says which relative gap stops a solve.
type GapKind uint8

// The gap definitions. Both compare TSTT, the total cost at the current
// flows (Σ flow × cost), with SPTT, the cost of sending every trip on a
// current shortest path.
const (
	// GapTSTT is (TSTT − SPTT) / TSTT, the usual relative gap.
	GapTSTT GapKind = iota
	// GapSPTT is (TSTT − SPTT) / SPTT = TSTT/SPTT − 1, as tap-b reports it;
	// it is larger by a factor 1 + gap.
	GapSPTT
)

// Options says how to solve.
type Options struct {
	Algorithm Algorithm // default AlgorithmB
	// Gap is the target relative gap (default 1e-6); StopOn picks its
	// definition.
	Gap    float64
	StopOn GapKind
	// MaxIter bounds the iterations (default 10,000 for the Frank–Wolfe
	// family, 1,000 for Algorithm B).
	MaxIter int
	// Workers bounds the goroutines of the all-or-nothing loads and gap
	// evaluations, and of Algorithm B's initial bushes, bush updates and
	// gap evaluations (default and maximum: GOMAXPROCS). Algorithm B's
	// results do not depend on it.
	Workers int
	// InnerSweeps is the number of flow-shifting passes over every bush
	// after each bush update in Algorithm B (default 20).
	InnerSweeps int
	// Progress, when set, is called after every iteration (from the
	// solving goroutine).
	Progress func(Iteration)
	// Warm, when set, starts Algorithm B from that earlier result's
	// bushes and flows instead of all-or-nothing trees: the problem must
	// have the same links (ends and order) and the same demand; costs,
	// capacities and fixed costs may differ. Warm is only read.
	Warm *Result
}

// Iteration reports the state after one iteration.
type Iteration struct {
	N             int           `json:"iteration"`
	RelativeGap   float64       `json:"relative_gap"`      // (TSTT − SPTT) / TSTT
	GapSPTT       float64       `json:"relative_gap_sptt"` // (TSTT − SPTT) / SPTT
	AverageExcess float64       `json:"average_excess_cost"`
	Objective     float64       `json:"objective"` // Beckmann
	TSTT          float64       `json:"tstt"`
	SPTT          float64       `json:"sptt"`
	Step          float64       `json:"step,omitempty"` // Frank–Wolfe family: the line-search step
	Elapsed       time.Duration `json:"elapsed_ns"`
}

// Gap returns the gap of the given definition.
func (it Iteration) Gap(k GapKind) float64 {
	if k == GapSPTT {
		return it.GapSPTT
	}
	return it.RelativeGap
}

// Result is an equilibrium (or the best point reached).
type Result struct {
	Algorithm Algorithm
	// Flow is the total flow per link; ClassFlow the flow per class and
	// link (ClassFlow[0] is Flow when there is one class).
	Flow      []float64
	ClassFlow [][]float64
	// Time is each link's volume-delay time at Flow, Cost the time plus the
	// network's fixed cost (without class-specific costs).
	Time, Cost []float64
	Iterations []Iteration
	Converged  bool

	bush *bushes // Algorithm B's final bushes (per-origin flows)
}

// Final is the last iteration's report.
func (r *Result) Final() Iteration {
	if len(r.Iterations) == 0 {
		return Iteration{}
	}
	return r.Iterations[len(r.Iterations)-1]
}

// Solve finds the user equilibrium of p. It returns the result reached
// so far together with ctx's error when ctx is cancelled, and an error
// when a destination cannot be reached.
func Solve(ctx context.Context, p *Problem, opt Options) (*Result, error) {
	if opt.Algorithm == "" {
		opt.Algorithm = AlgorithmB
	}
	if opt.Gap <= 0 {
		opt.Gap = 1e-6
	}
	maxW := runtime.GOMAXPROCS(0)
	if opt.Workers <= 0 || opt.Workers > maxW {
		opt.Workers = maxW
	}
	if opt.Workers > len(p.origins) {
		opt.Workers = len(p.origins)
	}
	if opt.InnerSweeps <= 0 {
		opt.InnerSweeps = 20
	}
	res := &Result{Algorithm: opt.Algorithm}
	var err error
	switch opt.Algorithm {
	case FrankWolfe, ConjugateFW, BiconjugateFW:
		if opt.MaxIter <= 0 {
			opt.MaxIter = 10000
		}
		err = solveFW(ctx, p, opt, res)
	case AlgorithmB:
		if opt.MaxIter <= 0 {
			opt.MaxIter = 1000
		}
		err = solveB(ctx, p, opt, res)
	default:
		return nil, fmt.Errorf("assign: unknown algorithm %q", opt.Algorithm)
	}
	if res.Flow != nil {
		net := p.net
		res.Time = make([]float64, net.NumLinks())
		res.Cost = make([]float64, net.NumLinks())
		for a := range res.Flow {
			res.Time[a] = net.Time(a, res.Flow[a])
			res.Cost[a] = res.Time[a] + net.fixed[a]
		}
	}
	return res, err
}

// evaluator runs shortest paths from every origin in parallel, with at
// most Workers goroutines, each with its own workspace; origin i goes to
// worker i mod W, so results are deterministic for a given W.
type evaluator struct {
	p     *Problem
	ws    []*spWork
	flows [][][]float64 // [worker][class][link]
	sptt  []float64
	errs  []error
}

func newEvaluator(p *Problem, workers int) *evaluator {
	e := &evaluator{p: p, sptt: make([]float64, workers), errs: make([]error, workers)}
	for i := 0; i < workers; i++ {
		e.ws = append(e.ws, newSPWork(p.net.numNodes))
	}
	return e
}

// run computes SPTT with the per-class link costs; with out non-nil it
// also loads every origin's demand on its shortest paths (all or nothing)
// into out[class].
func (e *evaluator) run(ctx context.Context, costs [][]float64, out [][]float64) (float64, error) {
	W := len(e.ws)
	if out != nil && e.flows == nil {
		e.flows = make([][][]float64, W)
		for w := range e.flows {
			e.flows[w] = make([][]float64, len(out))
			for c := range out {
				e.flows[w][c] = make([]float64, len(out[c]))
			}
		}
	}
	var wg sync.WaitGroup
	for w := 0; w < W; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			ws := e.ws[w]
			e.sptt[w], e.errs[w] = 0, nil
			if out != nil {
				for _, f := range e.flows[w] {
					clear(f)
				}
			}
			for i := w; i < len(e.p.origins); i += W {
				if i%16 == w && ctx.Err() != nil {
					e.errs[w] = ctx.Err()
					return
				}
				o := &e.p.origins[i]
				ws.run(e.p.net, costs[o.class], o.node)
				if out != nil {
					s, err := ws.loadTree(e.p.net, o, e.flows[w][o.class])
					if err != nil {
						e.errs[w] = err
						return
					}
					e.sptt[w] += s
				} else {
					s, err := ws.spCost(o)
					if err != nil {
						e.errs[w] = err
						return
					}
					e.sptt[w] += s
				}
			}
		}(w)
	}
	wg.Wait()
	total := 0.0
	for w := 0; w < W; w++ {
		if e.errs[w] != nil {
			return 0, e.errs[w]
		}
		total += e.sptt[w]
	}
	for c := range out {
		o := out[c]
		copy(o, e.flows[0][c])
		for w := 1; w < W; w++ {
			for a, v := range e.flows[w][c] {
				o[a] += v
			}
		}
	}
	return total, nil
}

// classCosts fills costs[c][a] = time[a] + fixed_c[a]; classes that share
// the network's fixed costs share one slice.
func (p *Problem) classCosts(time []float64, costs [][]float64) {
	for c := range costs {
		f := p.fixed[c]
		cc := costs[c]
		if c > 0 && &f[0] == &p.fixed[0][0] {
			copy(cc, costs[0])
			continue
		}
		for a, t := range time {
			cc[a] = t + f[a]
		}
	}
}

// measure fills an Iteration for the flows x (total) and xc (per class)
// given SPTT.
func (p *Problem) measure(x []float64, xc [][]float64, time []float64, sptt float64) Iteration {
	net := p.net
	tstt, obj := 0.0, 0.0
	for a, v := range x {
		tstt += v * time[a]
		obj += net.integral(a, v)
	}
	for c, f := range p.fixed {
		for a, v := range xc[c] {
			tstt += v * f[a]
			obj += v * f[a]
		}
	}
	it := Iteration{TSTT: tstt, SPTT: sptt, Objective: obj}
	if tstt > 0 {
		it.RelativeGap = (tstt - sptt) / tstt
	}
	if sptt > 0 {
		it.GapSPTT = (tstt - sptt) / sptt
	}
	it.AverageExcess = (tstt - sptt) / p.total
	return it
}
