package sim

import (
	"math"
	"slices"
	"time"

	"corridor/route"
)

// Result summarises the replications of one plan. Days are transit days
// from the departure to arrival at the destination terminal.
type Result struct {
	Corridor   string     `json:"corridor"`
	Summary    string     `json:"summary"`     // the itinerary's summary line
	RouterDays float64    `json:"router_days"` // the router's expected time for the itinerary
	Runs       int        `json:"runs"`
	Seed       uint64     `json:"seed"`
	Depart     time.Time  `json:"depart"`
	Deadline   *time.Time `json:"deadline,omitempty"`

	TransitDays Stats `json:"transit_days"`
	// OnTimeProbability is the share of replications arriving by the
	// deadline (present with a deadline).
	OnTimeProbability *float64  `json:"on_time_probability,omitempty"`
	Histogram         Histogram `json:"histogram"`
	Breakdown         Breakdown `json:"breakdown"`
	Legs              []LegStat `json:"legs"`
	// Congestion is present when the simulation drew a year's congestion
	// delays (see Congestion); they are in the waiting and border parts.
	Congestion *CongestionInfo `json:"congestion,omitempty"`

	days []float64 // sorted transit days of every replication
}

// Stats are the mean, standard deviation and quantiles of transit days.
// Quantiles interpolate linearly between order statistics (Hyndman and
// Fan's type 7, the default of R and NumPy).
type Stats struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	P10  float64 `json:"p10"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
}

// Histogram counts replications per bin of BinDays days from StartDays.
type Histogram struct {
	StartDays float64 `json:"start_days"`
	BinDays   float64 `json:"bin_days"`
	Bins      []Bin   `json:"bins"`
}

// Bin is one histogram bin: [FromDays, ToDays).
type Bin struct {
	FromDays float64 `json:"from_days"`
	ToDays   float64 `json:"to_days"`
	Count    int     `json:"count"`
	Share    float64 `json:"share"`
}

// Breakdown says where the time goes: mean days per replication and their
// share of the mean transit time.
type Breakdown struct {
	Running  Part `json:"running"`  // in motion
	Waiting  Part `json:"waiting"`  // for departures: phase, cancellations, full departures
	Border   Part `json:"border"`   // border and canal dwell
	Handling Part `json:"handling"` // transshipments (mode or gauge changes), port dwell
}

// Part is one component of the breakdown.
type Part struct {
	Days  float64 `json:"days"`
	Share float64 `json:"share"`
}

// LegStat is one leg's mean times per replication, and how many departures
// the shipment saw cancelled or full on it, per replication.
type LegStat struct {
	From          route.NodeRef `json:"from"`
	To            route.NodeRef `json:"to"`
	Mode          string        `json:"mode"`
	GaugeMM       int           `json:"gauge_mm,omitempty"`
	Service       string        `json:"service,omitempty"`
	RunningDays   float64       `json:"running_days"`
	WaitingDays   float64       `json:"waiting_days"`
	BorderDays    float64       `json:"border_days"`
	HandlingDays  float64       `json:"handling_days"`
	CancelledDeps float64       `json:"cancelled_departures"`
	FullDeps      float64       `json:"full_departures"`
}

// Days returns the sorted transit days of every replication (a copy).
func (r *Result) Days() []float64 { return slices.Clone(r.days) }

// OnTime returns the share of replications arriving within days of the departure.
func (r *Result) OnTime(days float64) float64 {
	n, _ := slices.BinarySearch(r.days, math.Nextafter(days, math.Inf(1)))
	return float64(n) / float64(len(r.days))
}

func (p *Plan) summarise(hours, acc []float64, opt Options) *Result {
	n := float64(len(hours))
	days := make([]float64, len(hours))
	for i, h := range hours {
		days[i] = h / 24
	}
	sum := 0.0
	for _, d := range days { // replication order: the same sum for any number of workers
		sum += d
	}
	mean := sum / n
	ss := 0.0
	for _, d := range days {
		ss += (d - mean) * (d - mean)
	}
	slices.Sort(days)
	res := &Result{
		Corridor: p.corridor, Summary: p.summary, RouterDays: round(p.routerHours/24, 2),
		Runs: len(hours), Seed: opt.Seed, Depart: p.depart, days: days,
	}
	if p.congestion != nil {
		c := *p.congestion
		res.Congestion = &c
	}
	sd := 0.0
	if len(days) > 1 {
		sd = math.Sqrt(ss / (n - 1))
	}
	res.TransitDays = Stats{Mean: round(mean, 2), SD: round(sd, 2), Min: round(days[0], 2),
		P10: round(quantile(days, 0.10), 2), P50: round(quantile(days, 0.50), 2), P90: round(quantile(days, 0.90), 2),
		P95: round(quantile(days, 0.95), 2), P99: round(quantile(days, 0.99), 2), Max: round(days[len(days)-1], 2)}
	if !opt.Deadline.IsZero() {
		dl := opt.Deadline.UTC()
		res.Deadline = &dl
		pr := round(res.OnTime(dl.Sub(p.depart).Hours()/24), 4)
		res.OnTimeProbability = &pr
	}
	start, width, nb := grid(days[0], days[len(days)-1], opt.BinDays)
	res.Histogram = histogram(days, start, width, nb)

	var tot [4]float64
	for li := range p.legs {
		L := &p.legs[li]
		a := acc[li*nAcc : (li+1)*nAcc]
		g := p.g
		ls := LegStat{
			From: route.NodeRef{ID: g.Node(L.from).ID, Name: g.Node(L.from).Name},
			To:   route.NodeRef{ID: g.Node(L.to).ID, Name: g.Node(L.to).Name},
			Mode: L.mode.String(), GaugeMM: int(L.gauge), Service: L.service,
			RunningDays: round(a[accRunning]/n/24, 3), WaitingDays: round(a[accWaiting]/n/24, 3),
			BorderDays: round(a[accBorder]/n/24, 3), HandlingDays: round(a[accHandling]/n/24, 3),
			CancelledDeps: round(a[accCancelled]/n, 3), FullDeps: round(a[accFull]/n, 3),
		}
		res.Legs = append(res.Legs, ls)
		for j := 0; j < 4; j++ {
			tot[j] += a[j]
		}
	}
	all := tot[0] + tot[1] + tot[2] + tot[3]
	part := func(x float64) Part {
		if all == 0 {
			return Part{}
		}
		return Part{Days: round(x/n/24, 2), Share: round(x/all, 4)}
	}
	res.Breakdown = Breakdown{Running: part(tot[accRunning]), Waiting: part(tot[accWaiting]),
		Border: part(tot[accBorder]), Handling: part(tot[accHandling])}
	return res
}

// quantile returns the p-quantile of sorted xs by linear interpolation
// between order statistics (type 7).
func quantile(xs []float64, p float64) float64 {
	if len(xs) == 1 {
		return xs[0]
	}
	h := p * float64(len(xs)-1)
	lo := int(math.Floor(h))
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}

// grid chooses histogram bins covering [lo, hi]: width w (or the smallest
// of 0.25, 0.5, 1, 2, 5, 10, 20, 50 days giving at most 40 bins) from a
// multiple of w.
func grid(lo, hi, w float64) (start, width float64, n int) {
	if !(w > 0) {
		for _, c := range []float64{0.25, 0.5, 1, 2, 5, 10, 20, 50} {
			w = c
			if (math.Floor(hi/c)-math.Floor(lo/c))+1 <= 40 {
				break
			}
		}
	}
	start = math.Floor(lo/w) * w
	n = int(math.Floor((hi-start)/w)) + 1
	n = max(1, min(n, 10000))
	return start, w, n
}

// histogram counts sorted days into n bins of width w from start.
func histogram(days []float64, start, w float64, n int) Histogram {
	h := Histogram{StartDays: start, BinDays: w, Bins: make([]Bin, n)}
	for i := range h.Bins {
		h.Bins[i].FromDays = round(start+float64(i)*w, 4)
		h.Bins[i].ToDays = round(start+float64(i+1)*w, 4)
	}
	for _, d := range days {
		i := int(math.Floor((d - start) / w))
		h.Bins[max(0, min(i, n-1))].Count++
	}
	for i := range h.Bins {
		h.Bins[i].Share = round(float64(h.Bins[i].Count)/float64(len(days)), 4)
	}
	return h
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}
