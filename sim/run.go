package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"corridor/route"
)

// Options control a simulation run.
type Options struct {
	// Runs is the number of replications (default DefaultRuns, at most MaxRuns).
	Runs int
	// Seed seeds the generators: replication i draws from a PCG seeded from
	// (Seed, i), so a result depends on Seed and Runs only, not on Workers.
	Seed uint64
	// Workers is the number of goroutines (0: GOMAXPROCS).
	Workers int
	// Deadline, when not zero, asks for the probability of arriving by it.
	Deadline time.Time
	// Calibration (nil: DefaultCalibration) is used by Simulate and Compare,
	// which compile the plans; Plan.Run uses the plan's own.
	Calibration *Calibration
	// BinDays is the histogram's bin width in days (0: chosen from the range).
	BinDays float64
	// Progress, when set, is called with the replications done and the
	// total after each block of replications, from one goroutine at a time.
	Progress func(done, total int)
	// Congestion (nil: none) adds a year's congestion delays to every
	// itinerary Simulate and Compare simulate (see Plan.WithCongestion);
	// Plan.Run ignores it.
	Congestion *Congestion
}

// Limits and defaults.
const (
	DefaultRuns = 10000
	MaxRuns     = 10_000_000
	// blockSize is the replications per unit of work. Sums are formed per
	// block in replication order and then over blocks in block order, so
	// they do not depend on the number of workers.
	blockSize = 256
)

// Run simulates opt.Runs replications of the plan in parallel and
// summarises them. It stops early with ctx's error when ctx is done.
func (p *Plan) Run(ctx context.Context, opt Options) (*Result, error) {
	runs := opt.Runs
	if runs == 0 {
		runs = DefaultRuns
	}
	if runs < 1 || runs > MaxRuns {
		return nil, fmt.Errorf("sim: runs must be between 1 and %d, got %d", MaxRuns, runs)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nblocks := (runs + blockSize - 1) / blockSize
	workers = min(workers, nblocks)

	hours := make([]float64, runs)
	nacc := len(p.legs) * nAcc
	blockAcc := make([]float64, nblocks*nacc)
	var next atomic.Int64
	var stop atomic.Bool
	doneCh := make(chan int, nblocks)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for wi := 0; wi < workers; wi++ {
		wg.Add(1)
		go func(wi int) {
			defer wg.Done()
			w := newWorker(p)
			for {
				b := int(next.Add(1) - 1)
				if b >= nblocks || stop.Load() {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[wi] = err
					stop.Store(true)
					return
				}
				clear(w.acc)
				lo, hi := b*blockSize, min((b+1)*blockSize, runs)
				for i := lo; i < hi; i++ {
					hours[i] = w.replicate(opt.Seed, i)
					if w.err != nil {
						errs[wi] = w.err
						stop.Store(true)
						return
					}
				}
				copy(blockAcc[b*nacc:(b+1)*nacc], w.acc)
				doneCh <- hi - lo
			}
		}(wi)
	}
	go func() { wg.Wait(); close(doneCh) }()
	done := 0
	for n := range doneCh {
		done += n
		if opt.Progress != nil {
			opt.Progress(done, runs)
		}
	}
	if err := errors.Join(errs...); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}

	acc := make([]float64, nacc)
	for b := 0; b < nblocks; b++ {
		for j, v := range blockAcc[b*nacc : (b+1)*nacc] {
			acc[j] += v
		}
	}
	return p.summarise(hours, acc, opt), nil
}

// Simulate finds the router's fastest itinerary for q and simulates it.
func Simulate(ctx context.Context, r *route.Router, q route.Query, opt Options) (*Result, *route.Itinerary, error) {
	its, err := r.Search(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	best := route.Best(its, route.Fastest)
	p, err := NewPlan(r.At(q.Depart).Graph(), q, &best, opt.Calibration)
	if err == nil {
		p, err = p.WithCongestion(opt.Congestion)
	}
	if err != nil {
		return nil, nil, err
	}
	res, err := p.Run(ctx, opt)
	if err != nil {
		return nil, nil, err
	}
	return res, &best, nil
}

// CorridorResult is the simulation of one corridor's fastest itinerary, or
// why the corridor has none.
type CorridorResult struct {
	Corridor   string           `json:"corridor"`
	Name       string           `json:"name"`
	Infeasible string           `json:"infeasible,omitempty"`
	Itinerary  *route.Itinerary `json:"itinerary,omitempty"`
	Result     *Result          `json:"result,omitempty"`
}

// Comparison holds the transit-time distributions of each corridor's
// fastest itinerary, with histograms on one common grid.
type Comparison struct {
	Runs      int              `json:"runs"`
	Seed      uint64           `json:"seed"`
	Corridors []CorridorResult `json:"corridors"`
}

// Compare simulates the fastest itinerary of each corridor (route.Router.Compare
// by time) with the same options. Every corridor uses the same seed, so the
// replications share their random streams (common random numbers), which
// sharpens the comparison. Progress counts over all corridors.
func Compare(ctx context.Context, r *route.Router, q route.Query, opt Options) (*Comparison, error) {
	cmp, err := r.Compare(ctx, q, route.Fastest)
	if err != nil {
		return nil, err
	}
	runs := opt.Runs
	if runs == 0 {
		runs = DefaultRuns
	}
	feasible := 0
	for _, c := range cmp.Corridors {
		if c.Best != nil {
			feasible++
		}
	}
	out := &Comparison{Runs: runs, Seed: opt.Seed}
	k := 0
	for _, c := range cmp.Corridors {
		cr := CorridorResult{Corridor: c.Corridor, Name: c.Name, Infeasible: c.Infeasible, Itinerary: c.Best}
		if c.Best != nil {
			p, err := NewPlan(r.At(q.Depart).Graph(), q, c.Best, opt.Calibration)
			if err == nil {
				p, err = p.WithCongestion(opt.Congestion)
			}
			if err != nil {
				return nil, err
			}
			o := opt
			if opt.Progress != nil {
				base := k * runs
				o.Progress = func(done, _ int) { opt.Progress(base+done, feasible*runs) }
			}
			if cr.Result, err = p.Run(ctx, o); err != nil {
				return nil, err
			}
			k++
		}
		out.Corridors = append(out.Corridors, cr)
	}
	// One histogram grid for all corridors, so that they can be drawn side by side.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range out.Corridors {
		if c.Result != nil {
			lo, hi = min(lo, c.Result.days[0]), max(hi, c.Result.days[len(c.Result.days)-1])
		}
	}
	if feasible > 0 {
		start, width, n := grid(lo, hi, opt.BinDays)
		for _, c := range out.Corridors {
			if c.Result != nil {
				c.Result.Histogram = histogram(c.Result.days, start, width, n)
			}
		}
	}
	return out, nil
}
