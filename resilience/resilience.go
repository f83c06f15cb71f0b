package resilience

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"

	"corridor/assign"
	"corridor/network"
)

// Action is what a case does to its elements.
type Action string

// Actions.
const (
	Remove   Action = "remove"   // the elements carry nothing
	Capacity Action = "capacity" // the elements' capacity is cut by Disruption.Share
	Delay    Action = "delay"    // Disruption.Hours are added to the elements' time
)

// Disruption is the action applied to every case's elements.
type Disruption struct {
	Action Action `json:"action"`
	// Share is the part of the capacity lost (Capacity: 0 < Share < 1).
	Share float64 `json:"share,omitempty"`
	// Hours is the added time per passage (Delay: > 0).
	Hours float64 `json:"hours,omitempty"`
}

// Check reports a disruption that cannot be applied.
func (d Disruption) Check() error {
	switch d.Action {
	case Remove, "":
	case Capacity:
		if !(d.Share > 0 && d.Share < 1) {
			return fmt.Errorf("a capacity cut needs a share between 0 and 1 (exclusive), got %g", d.Share)
		}
	case Delay:
		if !(d.Hours > 0) || math.IsInf(d.Hours, 0) || d.Hours > 24*365 {
			return fmt.Errorf("a delay needs hours between 0 and 8760 (exclusive of 0), got %g", d.Hours)
		}
	default:
		return fmt.Errorf("unknown action %q (expected remove, capacity or delay)", d.Action)
	}
	return nil
}

func (d Disruption) change(c Case) assign.Change {
	ch := assign.Change{Links: c.Links, Nodes: c.Nodes}
	switch d.Action {
	case Capacity:
		ch.CapacityFactor = 1 - d.Share
	case Delay:
		ch.DelayHours = d.Hours
	default:
		ch.Remove = true
	}
	return ch
}

// Case is one element, or one named combination of elements (N-k), to
// disrupt.
type Case struct {
	// ID is the element's id (a link row's id, a node's id), or the ids
	// of a combination joined by "+".
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is link, border, port, ferry, chokepoint, node or combination.
	Kind  string           `json:"kind"`
	Links []network.LinkID `json:"-"`
	Nodes []network.NodeID `json:"-"`
}

// Outcome is a case's effect against the baseline, per year.
type Outcome struct {
	Case
	// BaseFlowTEU is the baseline flow through the case's elements (the
	// largest over its links and nodes).
	BaseFlowTEU float64 `json:"base_flow_teu_year"`
	// DeltaCostUSD is the change in generalised cost of the served
	// demand; DeltaTEUDays and DeltaCO2eTonnes likewise.
	DeltaCostUSD    float64 `json:"delta_cost_usd_year"`
	DeltaTEUDays    float64 `json:"delta_teu_days_year"`
	DeltaCO2eTonnes float64 `json:"delta_co2e_tonnes_year"`
	UnservedTEU     float64 `json:"unserved_teu_year"`
	// Impact is the ranking measure: DeltaCostUSD plus UnservedTEU
	// valued at the run's UnservedUSDPerTEU.
	Impact    float64         `json:"impact_usd_year"`
	Corridors []CorridorShift `json:"corridors,omitempty"`
	// Gains lists the links that gain the most flow (where the diverted
	// flow goes), largest first.
	Gains      []FlowShift `json:"gains,omitempty"`
	Iterations int         `json:"iterations"`
	Converged  bool        `json:"converged"`
	Seconds    float64     `json:"seconds"`
	Error      string      `json:"error,omitempty"`
}

// CorridorShift is a corridor's change in TEU carried.
type CorridorShift struct {
	Corridor string  `json:"corridor"`
	DeltaTEU float64 `json:"delta_teu_year"`
}

// FlowShift is a link's change in flow.
type FlowShift struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	From     string  `json:"from"`
	To       string  `json:"to"`
	DeltaTEU float64 `json:"delta_teu_year"`
}

// DefaultUnservedUSDPerTEU values a TEU that cannot be served at all when
// outcomes are ranked: about three times a 2024 Asia–Europe spot rate per
// TEU, for a box that finds no corridor and must wait, go by air or not
// go. It is a ranking convention, stated with every run; the unserved
// TEU are reported on their own.
const DefaultUnservedUSDPerTEU = 10000

// Options set a run.
type Options struct {
	Disruption Disruption
	// UnservedUSDPerTEU values unserved TEU in the ranking (0: the default).
	UnservedUSDPerTEU float64
	// Workers bounds the cases solved at once (0: GOMAXPROCS).
	Workers int
	// Cold solves each case from scratch instead of from the baseline's
	// equilibrium (to measure what warm starts save).
	Cold bool
	// Gains is how many gaining links an outcome lists (0: 5).
	Gains int
	// Progress, when set, is called after each case (from any goroutine,
	// one call at a time) with the cases done and the total.
	Progress func(done, total int)
}

// Report is a finished run.
type Report struct {
	Disruption        Disruption    `json:"disruption"`
	UnservedUSDPerTEU float64       `json:"unserved_usd_per_teu"`
	Baseline          assign.Totals `json:"baseline"`
	BaselineSeconds   float64       `json:"baseline_seconds"`
	// Outcomes are ranked by Impact, largest first (ties by id).
	Outcomes []Outcome `json:"outcomes"`
	Seconds  float64   `json:"seconds"`
	Warm     bool      `json:"warm_started"`
}

// Baseline is the assignment every case is compared with.
type Baseline struct {
	Model     *assign.FreightModel
	Result    *assign.FreightResult
	Seconds   float64
	linkFlows []float64
	nodeFlows []float64
}

// NewBaseline solves the model as it is.
func NewBaseline(ctx context.Context, md *assign.FreightModel) (*Baseline, error) {
	t0 := time.Now()
	r, err := md.Solve(ctx, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("baseline assignment: %w", err)
	}
	b := &Baseline{Model: md, Result: r, Seconds: time.Since(t0).Seconds(), linkFlows: r.LinkFlows(md), nodeFlows: r.NodeFlows(md)}
	return b, nil
}

// Solve runs one case against the baseline. An error that belongs to the
// case (it cannot be applied) is returned in Outcome.Error; a cancelled
// ctx is returned as the error.
func (b *Baseline) Solve(ctx context.Context, c Case, opt Options) (Outcome, error) {
	out := Outcome{Case: c}
	g := b.Model.Graph()
	for _, l := range c.Links {
		out.BaseFlowTEU = max(out.BaseFlowTEU, b.linkFlows[l])
	}
	for _, n := range c.Nodes {
		in := 0.0
		for _, l := range g.In(n) {
			in += b.linkFlows[l]
		}
		out.BaseFlowTEU = max(out.BaseFlowTEU, b.nodeFlows[n], in)
	}
	warm := b.Result
	if opt.Cold {
		warm = nil
	}
	t0 := time.Now()
	r, err := b.Model.Solve(ctx, []assign.Change{opt.Disruption.change(c)}, warm)
	out.Seconds = time.Since(t0).Seconds()
	if err != nil {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		out.Error = err.Error()
		return out, nil
	}
	bt, t := b.Result.Totals, r.Totals
	out.DeltaCostUSD = t.CostUSD - bt.CostUSD
	out.DeltaTEUDays = t.TEUDays - bt.TEUDays
	out.DeltaCO2eTonnes = t.CO2eTonnes - bt.CO2eTonnes
	out.UnservedTEU = t.UnservedTEU - bt.UnservedTEU
	usd := opt.UnservedUSDPerTEU
	if usd <= 0 {
		usd = DefaultUnservedUSDPerTEU
	}
	out.Impact = out.DeltaCostUSD + usd*out.UnservedTEU
	out.Iterations, out.Converged = r.Final.N, r.Converged
	out.Corridors = CorridorShifts(b.Result.Corridors, r.Corridors)
	k := opt.Gains
	if k <= 0 {
		k = 5
	}
	lf := r.LinkFlows(b.Model)
	var gains []FlowShift
	for l, v := range lf {
		lk := g.Link(network.LinkID(l))
		if lk.Reverse && lk.Twin != network.None {
			continue // a row counts once: both directions summed below
		}
		d := v - b.linkFlows[l]
		if lk.Twin != network.None {
			d += lf[lk.Twin] - b.linkFlows[lk.Twin]
		}
		if d >= 0.5 {
			gains = append(gains, FlowShift{ID: lk.ID, Name: g.Node(lk.From).Name + " – " + g.Node(lk.To).Name,
				From: g.Node(lk.From).ID, To: g.Node(lk.To).ID, DeltaTEU: d})
		}
	}
	sort.Slice(gains, func(i, j int) bool {
		if gains[i].DeltaTEU != gains[j].DeltaTEU {
			return gains[i].DeltaTEU > gains[j].DeltaTEU
		}
		return gains[i].ID < gains[j].ID
	})
	if len(gains) > k {
		gains = gains[:k]
	}
	out.Gains = gains
	return out, nil
}

// Run solves every case against the baseline on opt.Workers goroutines
// and ranks the outcomes.
func Run(ctx context.Context, b *Baseline, cases []Case, opt Options) (*Report, error) {
	if err := opt.Disruption.Check(); err != nil {
		return nil, err
	}
	if opt.Disruption.Action == "" {
		opt.Disruption.Action = Remove
	}
	if opt.UnservedUSDPerTEU <= 0 {
		opt.UnservedUSDPerTEU = DefaultUnservedUSDPerTEU
	}
	w := opt.Workers
	if w <= 0 || w > runtime.GOMAXPROCS(0) {
		w = runtime.GOMAXPROCS(0)
	}
	t0 := time.Now()
	outs := make([]Outcome, len(cases))
	var (
		mu       sync.Mutex
		done     int
		firstErr error
		next     int
		wg       sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(cases) || ctx.Err() != nil {
					return
				}
				o, err := b.Solve(ctx, cases[i], opt)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					cancel()
				} else {
					outs[i] = o
					done++
					if opt.Progress != nil {
						opt.Progress(done, len(cases))
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	Rank(outs)
	return &Report{Disruption: opt.Disruption, UnservedUSDPerTEU: opt.UnservedUSDPerTEU, Baseline: b.Result.Totals,
		BaselineSeconds: b.Seconds, Outcomes: outs, Seconds: time.Since(t0).Seconds(), Warm: !opt.Cold}, nil
}

// Rank orders outcomes by Impact, largest first; failed cases last; ties
// by id. Impacts that agree to rankDigits significant figures are ties:
// each is an equilibrium solved to a small gap, so the elements of one
// chain (a canal and the lanes leading to it, say) differ only in noise
// that a warm and a cold start, or two machines, resolve differently.
func Rank(outs []Outcome) {
	sort.SliceStable(outs, func(i, j int) bool {
		a, b := outs[i], outs[j]
		if (a.Error == "") != (b.Error == "") {
			return a.Error == ""
		}
		if ka, kb := rankKey(a.Impact), rankKey(b.Impact); ka != kb {
			return ka > kb
		}
		return a.ID < b.ID
	})
}

// rankDigits is how many significant figures of an impact Rank compares.
const rankDigits = 5

// rankKey rounds v to rankDigits significant figures.
func rankKey(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	scale := math.Pow(10, float64(rankDigits-1)-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*scale) / scale
}

// CorridorShifts returns each corridor's change in TEU from base to now
// (a corridor missing on one side counts as 0 there), changes under half a
// TEU left out, largest change first (ties by name).
func CorridorShifts(base, now []assign.CorridorShare) []CorridorShift {
	d := map[string]float64{}
	for _, c := range base {
		d[c.Corridor] -= c.TEU
	}
	for _, c := range now {
		d[c.Corridor] += c.TEU
	}
	var out []CorridorShift
	for name, v := range d {
		if math.Abs(v) >= 0.5 {
			out = append(out, CorridorShift{name, v})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if math.Abs(a.DeltaTEU) != math.Abs(b.DeltaTEU) {
			return math.Abs(a.DeltaTEU) > math.Abs(b.DeltaTEU)
		}
		return a.Corridor < b.Corridor
	})
	return out
}
