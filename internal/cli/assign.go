package cli

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"corridor/assign"
	"corridor/emissions"
	"corridor/internal/textfmt"
	"corridor/netimport"
	"corridor/service"
)

type assignFlags struct {
	net, trips                 string
	algorithm                  string
	gap                        float64
	stopOn                     string
	maxIter, workers           int
	tollFactor, distanceFactor float64
	out, format                string
	demand, dir                string
	scenario, scenarioFile, db string
	top                        int
}

func newAssignCmd() *cobra.Command {
	var f assignFlags
	c := &cobra.Command{
		Use:   "assign (--tntp-net F --tntp-trips F | --demand FILE) [flags]",
		Short: "Equilibrium traffic assignment: TNTP road networks, or a year's TEU demand on the corridor network",
		Long: `Assign an origin–destination demand to a network at user equilibrium (every used
route between two places costs the same and no unused one costs less), with
Frank–Wolfe (fw), conjugate (cfw) or bi-conjugate Frank–Wolfe (bfw), or the
bush-based Algorithm B (b, the default, for tight gaps).

With --tntp-net and --tntp-trips it solves a TNTP road network (BPR link
costs plus --toll-factor × toll + --distance-factor × length; zones below the
FIRST THRU NODE are not passed through) and prints the iterations, the relative
gap both ways ((TSTT−SPTT)/TSTT and (TSTT−SPTT)/SPTT), the Beckmann objective
and the time; --out writes the link flows as CSV (from,to,flow,cost, in the
order of the net file). Trips files ending in .gz are decompressed.

With --demand it assigns TEU per year (CSV: origin,destination,teu_per_year[,class])
on the corridor network (bundled, --network DIR, or a --scenario of it):
ferries, ports, border crossings and rail lines with a capacity get BPR-type
delays, each cargo class (standard, time_sensitive, avoid_ru_by) its own
generalised cost. It prints each corridor's share of TEU and TEU-km (every used
path classified as route and compare classify itineraries), split by market
(china-europe, china-central-asia, china-russia-belarus, china-caucasus,
other), the TEU and tonnes crossing the Caspian, and the bottlenecks by
utilisation; --out writes every element (flow, capacity,
utilisation, delay) as CSV.

A progress line shows on a terminal only. Exit codes: 0 done (also when the
gap was not reached: see "converged"), 1 failure, 2 bad input.`,
		Example: `  corridor assign --tntp-net SiouxFalls_net.tntp --tntp-trips SiouxFalls_trips.tntp
  corridor assign --tntp-net ChicagoSketch_net.tntp --tntp-trips ChicagoSketch_trips.tntp \
      --toll-factor 0.02 --distance-factor 0.04 --gap 1e-8 --out flows.csv --format json
  corridor assign --demand data/demand/china-europe-2024.csv
  corridor assign --demand data/demand/china-europe-2030.csv --scenario caspian-ferry-expansion`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return f.run(cmd)
		},
	}
	fs := c.Flags()
	fs.StringVar(&f.net, "tntp-net", "", "TNTP network file (*_net.tntp)")
	fs.StringVar(&f.trips, "tntp-trips", "", "TNTP trips file (*_trips.tntp, or .gz)")
	fs.StringVar(&f.algorithm, "algorithm", "b", "fw, cfw, bfw or b (Algorithm B)")
	fs.Float64Var(&f.gap, "gap", 1e-6, "target relative gap")
	fs.StringVar(&f.stopOn, "gap-definition", "tstt", "the gap that stops: tstt ((TSTT−SPTT)/TSTT) or sptt ((TSTT−SPTT)/SPTT, as tap-b)")
	fs.IntVar(&f.maxIter, "max-iter", 0, "iteration limit (default 10000 for the Frank–Wolfe family, 1000 for b)")
	fs.IntVar(&f.workers, "workers", 0, "goroutines for shortest paths (default and maximum GOMAXPROCS)")
	fs.Float64Var(&f.tollFactor, "toll-factor", 0, "cost per toll unit (TNTP; Chicago-Sketch 0.02, Philadelphia 0.055)")
	fs.Float64Var(&f.distanceFactor, "distance-factor", 0, "cost per length unit (TNTP; Chicago-Sketch 0.04)")
	fs.StringVar(&f.out, "out", "", "write flows as CSV to this file")
	fs.StringVar(&f.format, "format", "table", "table or json")
	fs.StringVar(&f.demand, "demand", "", "TEU demand CSV for the corridor network")
	networkFlag(c, &f.dir)
	fs.StringVar(&f.scenario, "scenario", "", "assign on this scenario (stored in --db, or bundled)")
	fs.StringVar(&f.scenarioFile, "scenario-file", "", "assign on the scenario in this JSON or YAML file")
	fs.StringVar(&f.db, "db", "", "scenario store (SQLite file or postgres:// URL)")
	fs.IntVar(&f.top, "top", 15, "bottlenecks to list (corridor network)")
	return c
}

func (f *assignFlags) run(cmd *cobra.Command) error {
	if err := checkFormat(f.format, "table", "json"); err != nil {
		return err
	}
	alg, err := assign.ParseAlgorithm(f.algorithm)
	if err != nil {
		return badInput("--algorithm: %v", err)
	}
	if !(f.gap > 0 && f.gap < 1) {
		return badInput("--gap must be between 0 and 1, got %g", f.gap)
	}
	if f.maxIter < 0 || f.workers < 0 || f.top < 0 {
		return badInput("--max-iter, --workers and --top must not be negative")
	}
	if f.tollFactor < 0 || f.distanceFactor < 0 {
		return badInput("--toll-factor and --distance-factor must not be negative")
	}
	opt := assign.Options{Algorithm: alg, Gap: f.gap, MaxIter: f.maxIter, Workers: f.workers}
	switch f.stopOn {
	case "tstt":
	case "sptt":
		opt.StopOn = assign.GapSPTT
	default:
		return badInput("--gap-definition must be tstt or sptt, got %q", f.stopOn)
	}
	tntp := f.net != "" || f.trips != ""
	switch {
	case tntp && f.demand != "":
		return badInput("give --tntp-net/--tntp-trips or --demand, not both")
	case tntp && (f.net == "" || f.trips == ""):
		return badInput("--tntp-net and --tntp-trips go together")
	case !tntp && f.demand == "":
		return badInput("give --tntp-net and --tntp-trips, or --demand FILE (see 'corridor assign --help')")
	case tntp && (f.dir != "" || f.scenario != "" || f.scenarioFile != ""):
		return badInput("--network and --scenario apply to --demand only")
	}
	bar := newAssignProgress(cmd.ErrOrStderr())
	if bar != nil {
		opt.Progress = func(it assign.Iteration) { bar.update(it.N, it.RelativeGap, it.Objective) }
	}
	if tntp {
		return f.runTNTP(cmd, opt, bar)
	}
	return f.runFreight(cmd, opt, bar)
}

// readTNTPFile reads one TNTP file with fn, decompressing .gz files.
func readTNTPFile(ctx context.Context, path string, fn func(context.Context, io.Reader, string) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return badInput("%v", err)
	}
	defer fh.Close()
	var r io.Reader = fh
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(fh)
		if err != nil {
			return badInput("%s: %v", path, err)
		}
		defer zr.Close()
		r = zr
	}
	if err := fn(ctx, r, path); err != nil {
		return invalid(err)
	}
	return nil
}

type assignSummary struct {
	Network         string             `json:"network,omitempty"`
	Nodes           int                `json:"nodes,omitempty"`
	Links           int                `json:"links,omitempty"`
	Demand          float64            `json:"demand"`
	Algorithm       assign.Algorithm   `json:"algorithm"`
	Iterations      int                `json:"iterations"`
	RelativeGap     float64            `json:"relative_gap"`
	RelativeGapSPTT float64            `json:"relative_gap_sptt"`
	AverageExcess   float64            `json:"average_excess_cost"`
	Objective       float64            `json:"objective"`
	Seconds         float64            `json:"seconds"`
	SolveSeconds    float64            `json:"solve_seconds"`
	Converged       bool               `json:"converged"`
	Target          float64            `json:"target_gap"`
	History         []assign.Iteration `json:"history"`
}

func (f *assignFlags) runTNTP(cmd *cobra.Command, opt assign.Options, bar *assignProgress) error {
	start := time.Now()
	t := &netimport.TNTP{}
	if err := readTNTPFile(cmd.Context(), f.net, t.ReadNet); err != nil {
		return err
	}
	if err := readTNTPFile(cmd.Context(), f.trips, t.ReadTrips); err != nil {
		return err
	}
	t.Name = strings.TrimSuffix(strings.TrimSuffix(baseName(f.net), ".tntp"), "_net")
	p, err := assign.FromTNTP(t, assign.CostWeights{Toll: f.tollFactor, Distance: f.distanceFactor})
	if err != nil {
		return invalid(err)
	}
	res, err := assign.Solve(cmd.Context(), p, opt)
	bar.clear()
	if err != nil {
		return err
	}
	if f.out != "" {
		if err := writeFile(f.out, func(w io.Writer) error {
			fmt.Fprintln(w, "from,to,flow,cost")
			for a := range res.Flow {
				fmt.Fprintf(w, "%d,%d,%s,%s\n", t.Init[a], t.Term[a], strconv.FormatFloat(res.Flow[a], 'g', 15, 64), strconv.FormatFloat(res.Cost[a], 'g', 15, 64))
			}
			return nil
		}); err != nil {
			return err
		}
	}
	fin := res.Final()
	s := assignSummary{Network: t.Name, Nodes: p.Network().NumNodes(), Links: p.Network().NumLinks(), Demand: p.TotalDemand(),
		Algorithm: res.Algorithm, Iterations: fin.N, RelativeGap: fin.RelativeGap, RelativeGapSPTT: fin.GapSPTT,
		AverageExcess: fin.AverageExcess, Objective: fin.Objective, Seconds: time.Since(start).Seconds(),
		SolveSeconds: fin.Elapsed.Seconds(), Converged: res.Converged, Target: opt.Gap, History: res.Iterations}
	if f.format == "json" {
		_ = writeAssignSummary(cmd, "json", s, nil)
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	return writeAssignSummary(cmd, f.format, s, nil)
}

func writeAssignSummary(cmd *cobra.Command, format string, s assignSummary, extra func(io.Writer)) error {
	w := cmd.OutOrStdout()
	if !s.Converged {
		fmt.Fprintf(cmd.ErrOrStderr(), "corridor: the target gap %g was not reached in %d iterations (gap %.3g)\n", s.Target, s.Iterations, s.RelativeGap)
	}
	if format == "json" {
		return nil // the caller writes JSON
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if s.Network != "" {
		fmt.Fprintf(tw, "network\t%s: %d nodes, %d links\n", s.Network, s.Nodes, s.Links)
	}
	fmt.Fprintf(tw, "demand\t%s\n", textfmt.Thousands(s.Demand))
	fmt.Fprintf(tw, "algorithm\t%s\n", s.Algorithm)
	fmt.Fprintf(tw, "iterations\t%d\n", s.Iterations)
	fmt.Fprintf(tw, "relative gap\t%.3e (TSTT−SPTT)/TSTT; %.3e (TSTT−SPTT)/SPTT\n", s.RelativeGap, s.RelativeGapSPTT)
	fmt.Fprintf(tw, "average excess cost\t%.4g\n", s.AverageExcess)
	fmt.Fprintf(tw, "objective (Beckmann)\t%.10g\n", s.Objective)
	fmt.Fprintf(tw, "seconds\t%.3f (solving %.3f)\n", s.Seconds, s.SolveSeconds)
	fmt.Fprintf(tw, "converged\t%v\n", s.Converged)
	if err := tw.Flush(); err != nil {
		return err
	}
	if extra != nil {
		extra(w)
	}
	return nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// writeFile writes path with fn, reporting I/O errors.
func writeFile(path string, fn func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return badInput("--out: %v", err)
	}
	if err := fn(fh); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

func (f *assignFlags) runFreight(cmd *cobra.Command, opt assign.Options, bar *assignProgress) error {
	start := time.Now()
	if f.scenario != "" && f.scenarioFile != "" {
		return badInput("give --scenario NAME or --scenario-file FILE, not both")
	}
	svc, done, err := newService(cmd.Context(), f.dir, f.db, f.scenario != "")
	if err != nil {
		return err
	}
	defer done()
	req := service.AssignRequest{Scenario: f.scenario, Source: f.demand, Gap: opt.Gap, MaxIter: opt.MaxIter,
		Workers: opt.Workers, StopOn: opt.StopOn}
	if f.scenarioFile != "" {
		if req.ScenarioDoc, err = readScenarioFile(f.scenarioFile, svc.Graph()); err != nil {
			return err
		}
	}
	fh, err := os.Open(f.demand)
	if err != nil {
		return badInput("--demand: %v", err)
	}
	req.Loaded, err = assign.ReadDemand(fh, f.demand)
	fh.Close()
	if err != nil {
		return err
	}
	if opt.Algorithm != assign.AlgorithmB {
		fmt.Fprintln(cmd.ErrOrStderr(), "corridor: freight assignment uses Algorithm B (it needs per-origin flows for the corridor shares)")
	}
	if !cmd.Flags().Changed("gap") {
		req.Gap = assign.DefaultFreightParams().Options.Gap
	}
	if req.MaxIter == 0 {
		req.MaxIter = 1000 // Algorithm B's default
	}
	a, err := svc.PrepareAssignment(cmd.Context(), req)
	if err != nil {
		return err
	}
	var progress service.Progress
	if bar != nil {
		progress = func(st service.Step) { bar.update(st.Done, st.RelativeGap, st.Objective) }
	}
	res, err := a.Run(cmd.Context(), progress)
	bar.clear()
	if err != nil {
		return err
	}
	r, g := res.Result, a.Graph()
	if f.out != "" {
		if err := writeFile(f.out, func(w io.Writer) error { return writeElements(w, r.Elements) }); err != nil {
			return err
		}
	}
	fin := r.Final
	s := assignSummary{Network: "corridor network", Nodes: g.NumNodes(), Links: g.NumLinks(), Demand: r.TotalTEU, Algorithm: assign.AlgorithmB,
		Iterations: fin.N, RelativeGap: fin.RelativeGap, RelativeGapSPTT: fin.GapSPTT, AverageExcess: fin.AverageExcess,
		Objective: fin.Objective, Seconds: time.Since(start).Seconds(), SolveSeconds: fin.Elapsed.Seconds(), Converged: r.Converged, Target: opt.Gap}
	if f.format == "json" {
		_ = writeAssignSummary(cmd, "json", s, nil)
		top := r.Bottlenecks
		if len(top) > f.top {
			top = top[:f.top]
		}
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			assignSummary
			Classes     []assign.CargoClass    `json:"classes"`
			Corridors   []assign.CorridorShare `json:"corridors"`
			Caspian     assign.CaspianCrossing `json:"caspian"`
			Bottlenecks []assign.Element       `json:"bottlenecks"`
		}{s, r.Classes, r.Corridors, r.Caspian, top})
	}
	return writeAssignSummary(cmd, "table", s, func(w io.Writer) {
		fmt.Fprintln(w, "\nTEU by corridor (each path classified as route itineraries are), and by market:")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "corridor\tmarket\tTEU/year\tshare\tbn TEU-km/year\tshare")
		for _, c := range r.Corridors {
			fmt.Fprintf(tw, "%s\tall\t%s\t%.1f%%\t%.2f\t%.1f%%\n", c.Corridor, textfmt.Thousands(c.TEU), 100*c.ShareTEU, c.TEUKm/1e9, 100*c.ShareTEUKm)
			if len(c.Markets) > 1 {
				for _, m := range c.Markets {
					fmt.Fprintf(tw, "\t%s\t%s\t\t%.2f\t\n", m.Market, textfmt.Thousands(m.TEU), m.TEUKm/1e9)
				}
			}
		}
		tw.Flush()
		fmt.Fprintf(w, "\nTrans-Caspian crossing (Kazakhstan or Turkmenistan – Azerbaijan, both ways): %s TEU/year, %s t/year (at %g t per TEU)\n",
			textfmt.Thousands(r.Caspian.TEU), textfmt.Thousands(r.Caspian.Tonnes), emissions.DefaultCargoTonnesPerTEU)
		fmt.Fprintln(w, "\nbottlenecks (capacity-limited elements by utilisation):")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "element\tkind\tTEU/year\tcapacity\tutilisation\tfree h\tdelay h")
		for i, e := range r.Bottlenecks {
			if i == f.top {
				break
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.0f%%\t%.1f\t%.1f\n", e.Name, e.Mode, textfmt.Thousands(e.FlowTEU), textfmt.Thousands(e.CapacityTEU), 100*e.Utilisation, e.FreeHours, e.DelayHours)
		}
		tw.Flush()
	})
}

func writeElements(w io.Writer, els []assign.Element) error {
	fmt.Fprintln(w, "kind,id,name,mode,from,to,corridors,flow_teu_year,capacity_teu_year,utilisation,free_flow_hours,delay_hours")
	for _, e := range els {
		name := e.Name
		if strings.ContainsAny(name, ",\"") {
			name = `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		}
		_, err := fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%.3f,%.0f,%.4f,%.3f,%.3f\n", e.Kind, e.ID, name, e.Mode, e.From, e.To,
			strings.Join(e.Corridors, ";"), e.FlowTEU, e.CapacityTEU, e.Utilisation, e.FreeHours, e.DelayHours)
		if err != nil {
			return err
		}
	}
	return nil
}

// assignProgress draws one progress line on a terminal.
type assignProgress struct {
	w           io.Writer
	start, last time.Time
}

func newAssignProgress(w io.Writer) *assignProgress {
	if !isTerminalWriter(w) {
		return nil
	}
	return &assignProgress{w: w}
}

func (p *assignProgress) update(n int, gap, objective float64) {
	now := time.Now()
	if p.start.IsZero() {
		p.start = now
	}
	if now.Sub(p.last) < 100*time.Millisecond && n > 1 {
		return
	}
	p.last = now
	fmt.Fprintf(p.w, "\r\033[Kiteration %d  gap %.3e  objective %.10g  %.1fs", n, gap, objective, now.Sub(p.start).Seconds())
}

func (p *assignProgress) clear() {
	if p != nil {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
