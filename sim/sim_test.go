package sim_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"corridor/network"
	"corridor/route"
	"corridor/sim"
)

// line is a two-node network A → B: one link of the given mode and hours,
// optionally a frequency-only service on it, optionally A and B a border
// pair with dwell at B.
type line struct {
	mode              string
	hours             float64
	perWeek           float64 // 0: no service
	capacityTEU       int
	dwellMed, dwell90 float64 // 0: no border
}

func (l line) graph(t *testing.T) *network.Graph {
	t.Helper()
	kind, pairA, pairB, med, p90 := "city", "", "", "", ""
	if l.dwellMed > 0 {
		kind, pairA, pairB, med, p90 = "border", "NB", "NA", fmt.Sprint(l.dwellMed), fmt.Sprint(l.dwell90)
	}
	gauge := ""
	if l.mode == "rail" {
		gauge = "1435"
	}
	services := "id,name,link,days,per_week,departure_utc,capacity_teu,reefer,source\n"
	if l.perWeek > 0 {
		capacity := ""
		if l.capacityTEU > 0 {
			capacity = fmt.Sprint(l.capacityTEU)
		}
		services += fmt.Sprintf("SV,Service,LK,,%g,,%s,true,src\n", l.perWeek, capacity)
	}
	fsys := fstest.MapFS{
		"sources.csv":   {Data: []byte("id,title,publisher,year\nsrc,Test,test,2024\n")},
		"countries.csv": {Data: []byte("code,name,groups,source\nCN,China,,src\nPL,Poland,,src\n")},
		"groups.csv":    {Data: []byte("code,name,source\n")},
		"corridors.csv": {Data: []byte("tag,name,source\nca,A,src\n")},
		"nodes.csv": {Data: []byte("id,name,kind,country,lon,lat,handling_hours,border_pair,border_median_hours,border_p90_hours,source\n" +
			fmt.Sprintf("NA,Alpha,%s,CN,20,50,0,%s,%s,%s,src\n", kind, pairA, med, p90) +
			fmt.Sprintf("NB,Beta,%s,PL,21,50,0,%s,%s,%s,src\n", kind, pairB, med, p90))},
		"links.csv": {Data: []byte("id,from,to,mode,gauge_mm,distance_km,hours,energy,corridors,direction,source\n" +
			fmt.Sprintf("LK,NA,NB,%s,%s,100,%g,diesel,ca,forward,src\n", l.mode, gauge, l.hours))},
		"services.csv": {Data: []byte(services)},
	}
	g, err := network.LoadFS(fsys, "line")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// simulate runs n replications of A → B (1 FEU) under cal and returns the
// transit hours, sorted, and the result.
func (l line) simulate(t *testing.T, cal *sim.Calibration, n int) ([]float64, *sim.Result) {
	t.Helper()
	g := l.graph(t)
	a, _ := g.NodeByID("NA")
	b, _ := g.NodeByID("NB")
	q := route.NewQuery(a, b, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	res, _, err := sim.Simulate(context.Background(), route.New(g), q, sim.Options{Runs: n, Seed: 42, Calibration: cal})
	if err != nil {
		t.Fatal(err)
	}
	days := res.Days()
	hours := make([]float64, len(days))
	for i, d := range days {
		hours[i] = d * 24
	}
	return hours, res
}

// defaultRule returns the per-mode default rule of cal.
func defaultRule(cal *sim.Calibration, m network.Mode) *sim.LinkRule {
	for i := range cal.Links {
		if cal.Links[i].Mode == m && len(cal.Links[i].Countries) == 0 {
			return &cal.Links[i]
		}
	}
	panic("no default rule")
}

// quantile is the type-7 sample quantile of sorted xs.
func quantile(xs []float64, p float64) float64 {
	h := p * float64(len(xs)-1)
	lo := int(h)
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}

// checkQuantiles checks that the sample p-quantiles of sorted xs (minus
// offset) lie where the distribution function cdf puts them: cdf(x̂_p) must
// be within 4.4 standard errors of p (sqrt(p(1-p)/n), the order statistic's
// distribution-free spread; two-sided 1e-5), plus one rank.
func checkQuantiles(t *testing.T, name string, xs []float64, offset float64, cdf func(float64) float64) {
	t.Helper()
	n := float64(len(xs))
	for _, p := range []float64{0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99} {
		x := quantile(xs, p) - offset
		u := cdf(x)
		if bound := 4.4*math.Sqrt(p*(1-p)/n) + 1/n; math.Abs(u-p) > bound {
			t.Errorf("%s: P%.0f = %.3f has F = %.4f, want %.2f ± %.4f", name, 100*p, x, u, p, bound)
		}
	}
}

// share returns the fraction of xs above x.
func share(xs []float64, x float64) float64 {
	k := 0
	for _, v := range xs {
		if v > x {
			k++
		}
	}
	return float64(k) / float64(len(xs))
}

// checkShare checks an observed fraction against p within 4.4 binomial standard errors.
func checkShare(t *testing.T, name string, got, p float64, n int) {
	t.Helper()
	if se := math.Sqrt(p * (1 - p) / float64(n)); math.Abs(got-p) > 4.4*se+1e-9 {
		t.Errorf("%s = %.4f, want %.4f ± %.4f", name, got, p, 4.4*se)
	}
}

func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// TestKnownDistributions: with one source of randomness at a time, the
// sample quantiles of the simulated times match the distribution the model
// says they follow.
func TestKnownDistributions(t *testing.T) {
	const n = 20000
	const H = 84.0 // hours between departures at 2 a week

	t.Run("poisson departures: exponential wait", func(t *testing.T) {
		cal := sim.ZeroVariance()
		defaultRule(cal, network.Ferry).HeadwayCV = 1
		xs, _ := line{mode: "ferry", hours: 20, perWeek: 2}.simulate(t, cal, n)
		checkQuantiles(t, "wait", xs, 20, func(x float64) float64 { return 1 - math.Exp(-x/H) })
	})
	t.Run("regular departures, random phase: uniform wait", func(t *testing.T) {
		cal := sim.ZeroVariance()
		xs, _ := line{mode: "ferry", hours: 20, perWeek: 2}.simulate(t, cal, n)
		checkQuantiles(t, "wait", xs, 20, func(x float64) float64 { return math.Min(math.Max(x/H, 0), 1) })
	})
	t.Run("gamma gaps: mean wait H(1+cv²)/2", func(t *testing.T) {
		cal := sim.ZeroVariance()
		defaultRule(cal, network.Ferry).HeadwayCV = 0.5
		xs, _ := line{mode: "ferry", hours: 20, perWeek: 2}.simulate(t, cal, n)
		var s, ss float64
		for _, x := range xs {
			s += x - 20
			ss += (x - 20) * (x - 20)
		}
		m := s / n
		sd := math.Sqrt(ss/n - m*m)
		if want := H * 1.25 / 2; math.Abs(m-want) > 4.4*sd/math.Sqrt(n) {
			t.Errorf("mean wait %.2f h, want %.2f ± %.2f", m, want, 4.4*sd/math.Sqrt(n))
		}
	})
	t.Run("border dwell: lognormal through median and p90", func(t *testing.T) {
		cal := sim.ZeroVariance()
		for i := range cal.Nodes {
			cal.Nodes[i].DwellSpread = 1
		}
		xs, res := line{mode: "rail", hours: 10, dwellMed: 24, dwell90: 72}.simulate(t, cal, n)
		sigma := math.Log(3) / 1.2815515655446004
		checkQuantiles(t, "dwell", xs, 10, func(x float64) float64 { return normCDF((math.Log(x) - math.Log(24)) / sigma) })
		if b := res.Breakdown; b.Border.Share < 0.7 || b.Running.Share+b.Border.Share < 0.999 {
			t.Errorf("breakdown %+v: want border dwell and running only", b)
		}
	})
	t.Run("running time: lognormal with mean the link hours", func(t *testing.T) {
		cal := sim.ZeroVariance()
		defaultRule(cal, network.Rail).RunCV = 0.3
		xs, res := line{mode: "rail", hours: 100}.simulate(t, cal, n)
		sigma := math.Sqrt(math.Log1p(0.09))
		checkQuantiles(t, "running", xs, 0, func(x float64) float64 { return normCDF((math.Log(x/100) + sigma*sigma/2) / sigma) })
		if m := res.TransitDays.Mean * 24; math.Abs(m-100) > 4.4*30/math.Sqrt(n)+0.12 {
			t.Errorf("mean running %.2f h, want 100", m)
		}
	})
	t.Run("cancellations: the next departure", func(t *testing.T) {
		cal := sim.ZeroVariance()
		defaultRule(cal, network.Ferry).CancelProb = 0.3
		xs, res := line{mode: "ferry", hours: 20, perWeek: 2}.simulate(t, cal, n)
		checkShare(t, "P(wait > 1 headway)", share(xs, 20+H), 0.3, n)
		checkShare(t, "P(wait > 2 headways)", share(xs, 20+2*H), 0.09, n)
		if c := res.Legs[0].CancelledDeps; math.Abs(c-0.3/0.7) > 0.03 {
			t.Errorf("cancelled departures per run %.3f, want %.3f", c, 0.3/0.7)
		}
	})
	t.Run("background load: a full departure means the next", func(t *testing.T) {
		cal := sim.ZeroVariance()
		defaultRule(cal, network.Ferry).LoadFactor = 0.5 // Beta(5, 5) with concentration 10
		xs, res := line{mode: "ferry", hours: 20, perWeek: 2, capacityTEU: 10}.simulate(t, cal, n)
		// 1 FEU = 2 TEU of 10 fits when other cargo takes at most 0.8:
		// P(Beta(5,5) <= 0.8) = P(Binomial(9, 0.8) >= 5).
		fits := 0.0
		for j := 5; j <= 9; j++ {
			fits += binom(9, j) * math.Pow(0.8, float64(j)) * math.Pow(0.2, float64(9-j))
		}
		checkShare(t, "P(first departure full)", share(xs, 20+H), 1-fits, n)
		if f := res.Legs[0].FullDeps; math.Abs(f-(1-fits)/fits) > 0.01 {
			t.Errorf("full departures per run %.4f, want %.4f", f, (1-fits)/fits)
		}
	})
}

func binom(n, k int) float64 {
	r := 1.0
	for i := 1; i <= k; i++ {
		r = r * float64(n-k+i) / float64(i)
	}
	return r
}

// TestWorkersBitIdentical: the same seed gives bit-identical results with
// 1, 2 and 8 workers (a run that is not a whole number of blocks).
func TestWorkersBitIdentical(t *testing.T) {
	p := middleBlackSeaPlan(t)
	var ref *sim.Result
	for _, workers := range []int{1, 2, 8} {
		var calls, last int
		res, err := p.Run(context.Background(), sim.Options{Runs: 3001, Seed: 7, Workers: workers,
			Deadline: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
			Progress: func(done, total int) {
				if done <= last || total != 3001 {
					t.Errorf("progress %d/%d after %d", done, total, last)
				}
				calls, last = calls+1, done
			}})
		if err != nil {
			t.Fatal(err)
		}
		if last != 3001 || calls != 12 {
			t.Errorf("%d workers: progress ended at %d after %d calls, want 3001 after 12", workers, last, calls)
		}
		if ref == nil {
			ref = res
			continue
		}
		if !reflect.DeepEqual(res, ref) {
			t.Errorf("%d workers: result differs from 1 worker's", workers)
		}
		a, b := res.Days(), ref.Days()
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Fatalf("%d workers: replication %d differs in its bits", workers, i)
			}
		}
	}
	other, err := p.Run(context.Background(), sim.Options{Runs: 3001, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	if other.TransitDays == ref.TransitDays {
		t.Error("seeds 7 and 8 give the same transit days")
	}
}

func TestCancel(t *testing.T) {
	p := middleBlackSeaPlan(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Run(ctx, sim.Options{Runs: 1000}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	_, err := p.Run(ctx, sim.Options{Runs: 1_000_000, Workers: 2, Progress: func(int, int) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during the run: err = %v", err)
	}
}

func TestBadInput(t *testing.T) {
	p := middleBlackSeaPlan(t)
	for _, runs := range []int{-1, sim.MaxRuns + 1} {
		if _, err := p.Run(context.Background(), sim.Options{Runs: runs}); err == nil {
			t.Errorf("runs %d accepted", runs)
		}
	}
	cal := sim.DefaultCalibration()
	defaultRule(cal, network.Sea).CancelProb = 1
	g := line{mode: "sea", hours: 20, perWeek: 2}.graph(t)
	a, _ := g.NodeByID("NA")
	b, _ := g.NodeByID("NB")
	q := route.NewQuery(a, b, time.Now())
	if _, _, err := sim.Simulate(context.Background(), route.New(g), q, sim.Options{Calibration: cal}); err == nil || !strings.Contains(err.Error(), "CancelProb") {
		t.Errorf("cancel probability 1: err = %v", err)
	}
	// A cargo that fills the whole ship never finds room beside other cargo.
	g = line{mode: "sea", hours: 20, perWeek: 2, capacityTEU: 2}.graph(t)
	_, _, err := sim.Simulate(context.Background(), route.New(g), q, sim.Options{Runs: 10})
	if err == nil || !strings.Contains(err.Error(), "no departure") {
		t.Errorf("cargo as large as the ship: err = %v", err)
	}
}

func TestDeadline(t *testing.T) {
	p := middleBlackSeaPlan(t)
	depart := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	res, err := p.Run(context.Background(), sim.Options{Runs: 2000, Seed: 1, Deadline: depart.AddDate(0, 0, 30)})
	if err != nil {
		t.Fatal(err)
	}
	days := res.Days()
	k := 0
	for _, d := range days {
		if d <= 30 {
			k++
		}
	}
	if res.OnTimeProbability == nil || *res.OnTimeProbability != float64(k)/2000 {
		t.Errorf("on-time probability %v, want %v", res.OnTimeProbability, float64(k)/2000)
	}
	total := 0
	for _, b := range res.Histogram.Bins {
		total += b.Count
	}
	if total != 2000 {
		t.Errorf("histogram counts %d replications, want 2000", total)
	}
	b := res.Breakdown
	if s := b.Running.Share + b.Waiting.Share + b.Border.Share + b.Handling.Share; math.Abs(s-1) > 0.001 {
		t.Errorf("breakdown shares sum to %g", s)
	}
	if m := b.Running.Days + b.Waiting.Days + b.Border.Days + b.Handling.Days; math.Abs(m-res.TransitDays.Mean) > 0.03 {
		t.Errorf("breakdown sums to %.2f days, mean transit %.2f", m, res.TransitDays.Mean)
	}
}
