package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"corridor/assign"
	"corridor/internal/textfmt"
	"corridor/resilience"
	"corridor/service"
)

type resilienceFlags struct {
	demand, dir, db, scenario, format, out, action string
	elements                                       []string
	share, hours, unserved, gap                    float64
	workers, top                                   int
	cold                                           bool
}

func newResilienceCmd() *cobra.Command {
	f := &resilienceFlags{}
	c := &cobra.Command{
		Use:   "resilience --demand FILE [--elements SPEC ...]",
		Short: "Rank links, borders, ports and chokepoints by how much their failure hurts a year's demand",
		Long: `Criticality analysis (N-1 and named N-k): assign a year's TEU demand on the
network (or a --scenario of it), then for each selected element remove it (or
cut its capacity by --share, or add --hours of delay with --action) and assign
again, starting from the baseline's equilibrium. Each case reports, against
the baseline and per year: the change in generalised cost (tariffs plus each
cargo class's value of time × hours, USD), in TEU-days, in CO2e (well-to-wheel,
moving only), the TEU that can no longer be served, which corridors gain or
lose the flow, and the links it moves to. Cases are ranked by impact: the
cost change plus unserved TEU × --unserved-usd (a stated convention).

--elements takes ids (a link row such as A-CASP-KURYK-BAK-FERRY, a node such as
CP-SUEZ or a unique name), combinations that fail together joined by "+"
(CP-SUEZ+CP-BAB-EL-MANDEB; passage:caspian, passage:suez, passage:cape;
ferries:TAG, e.g. passage:caspian+ferries:europe), or sets: all (default:
every link row, border crossing, port and chokepoint), links, ferries, sea,
borders, ports, chokepoints. Sets leave out the origins and destinations of
the demand. A progress line shows on a terminal.`,
		Example: `  corridor resilience --demand data/demand/china-europe-2030.csv --elements chokepoints,ferries --top 10
  corridor resilience --demand data/demand/china-europe-2030.csv --elements chokepoints,ferries --format csv --out crit.csv
  corridor resilience --demand data/demand/china-europe-2030.csv --elements CP-SUEZ+CP-BAB-EL-MANDEB,passage:caspian+ferries:europe
  corridor resilience --demand data/demand/china-europe-2030.csv --elements borders --action delay --hours 48`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.run(cmd) },
	}
	fs := c.Flags()
	fs.StringVar(&f.demand, "demand", "", "TEU demand CSV (origin,destination,teu_per_year[,class])")
	fs.StringSliceVar(&f.elements, "elements", []string{"all"}, "elements, combinations (a+b) or sets to disrupt, comma-separated")
	fs.StringVar(&f.action, "action", "remove", "remove, capacity (cut by --share) or delay (add --hours)")
	fs.Float64Var(&f.share, "share", 0, "capacity lost with --action capacity (0–1)")
	fs.Float64Var(&f.hours, "hours", 0, "hours added per passage with --action delay")
	fs.Float64Var(&f.unserved, "unserved-usd", resilience.DefaultUnservedUSDPerTEU, "USD per unserved TEU in the ranking")
	fs.Float64Var(&f.gap, "gap", assign.DefaultFreightParams().Options.Gap, "relative gap of every assignment")
	fs.IntVar(&f.workers, "workers", 0, "cases solved at once (default GOMAXPROCS)")
	fs.IntVar(&f.top, "top", 20, "cases to list in the table (0: all)")
	fs.BoolVar(&f.cold, "cold", false, "solve every case from scratch (to measure what warm starts save)")
	fs.StringVar(&f.format, "format", "table", "table, json, csv or geojson")
	fs.StringVar(&f.out, "out", "", "write the output to this file instead of standard output")
	networkFlag(c, &f.dir)
	fs.StringVar(&f.scenario, "scenario", "", "analyse this scenario (stored in --db, or bundled)")
	fs.StringVar(&f.db, "db", "", "scenario store (SQLite file or postgres:// URL)")
	return c
}

// loadDemandFlag reads --demand.
func loadDemandFlag(path string) ([]assign.Demand, error) {
	if path == "" {
		return nil, badInput("--demand FILE is required (e.g. data/demand/china-europe-2030.csv)")
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, badInput("--demand: %v", err)
	}
	defer fh.Close()
	return assign.ReadDemand(fh, path)
}

// output runs write on --out or standard output.
func output(cmd *cobra.Command, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(cmd.OutOrStdout())
	}
	return writeFile(path, write)
}

func (f *resilienceFlags) run(cmd *cobra.Command) error {
	if err := checkFormat(f.format, "table", "json", "csv", "geojson"); err != nil {
		return err
	}
	if f.top < 0 || f.workers < 0 {
		return badInput("--top and --workers must not be negative")
	}
	rows, err := loadDemandFlag(f.demand)
	if err != nil {
		return err
	}
	svc, done, err := newService(cmd.Context(), f.dir, f.db, f.scenario != "")
	if err != nil {
		return err
	}
	defer done()
	req := service.ResilienceRequest{AssignRequest: service.AssignRequest{Scenario: f.scenario, Loaded: rows, Source: f.demand,
		Gap: f.gap, MaxIter: 1000}, Elements: f.elements, Action: f.action, Share: f.share, Hours: f.hours,
		UnservedUSDPerTEU: f.unserved, Cold: f.cold}
	req.Workers = f.workers
	plan, err := svc.PrepareResilience(cmd.Context(), req)
	if err != nil {
		return err
	}
	opt := plan.Options
	bar := newCountProgress(cmd.ErrOrStderr(), "cases")
	if bar != nil {
		opt.Progress = bar.update
	}
	rep, err := resilience.Run(cmd.Context(), plan.Baseline, plan.Cases, opt)
	bar.clear()
	if err != nil {
		return err
	}
	switch f.format {
	case "json":
		return output(cmd, f.out, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		})
	case "csv":
		return output(cmd, f.out, func(w io.Writer) error { return resilience.WriteCSV(w, rep) })
	case "geojson":
		return output(cmd, f.out, func(w io.Writer) error { return resilience.WriteGeoJSON(w, svc.Graph(), rep) })
	}
	return output(cmd, f.out, func(w io.Writer) error { return resilience.WriteTable(w, rep, f.top) })
}

type appraiseFlags struct {
	demand, dir, db, scenario, format string
	projects                          []string
	gap                               float64
}

func newAppraiseCmd() *cobra.Command {
	f := &appraiseFlags{}
	c := &cobra.Command{
		Use:   "appraise --demand FILE --projects SCENARIO[,SCENARIO...]",
		Short: "Rank candidate projects (each a scenario) by their benefit a year under a demand",
		Long: `Investment appraisal in the frame of the resilience analysis: assign the
demand on the base (the network, or --scenario) and on each project's scenario,
and rank the projects by the generalised cost they save a year (tariffs plus
value of time × hours, USD), with the TEU-days and CO2e saved, the extra TEU
served and the corridors that gain or lose flow.`,
		Example: `  corridor appraise --demand data/demand/china-europe-2030.csv \
      --projects caspian-ferry-expansion,dostyk-fast-border,cku-railway-open,rasht-astara-railway`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.run(cmd) },
	}
	fs := c.Flags()
	fs.StringVar(&f.demand, "demand", "", "TEU demand CSV")
	fs.StringSliceVar(&f.projects, "projects", nil, "project scenarios (stored in --db, or bundled), comma-separated")
	fs.Float64Var(&f.gap, "gap", assign.DefaultFreightParams().Options.Gap, "relative gap of every assignment")
	fs.StringVar(&f.format, "format", "table", "table or json")
	networkFlag(c, &f.dir)
	fs.StringVar(&f.scenario, "scenario", "", "the base scenario (default: the network as it is)")
	fs.StringVar(&f.db, "db", "", "scenario store (SQLite file or postgres:// URL)")
	return c
}

func (f *appraiseFlags) run(cmd *cobra.Command) error {
	if err := checkFormat(f.format, "table", "json"); err != nil {
		return err
	}
	rows, err := loadDemandFlag(f.demand)
	if err != nil {
		return err
	}
	if len(f.projects) == 0 {
		return badInput("--projects: give one or more project scenarios (see 'corridor scenario list')")
	}
	svc, done, err := newService(cmd.Context(), f.dir, f.db, true)
	if err != nil {
		return err
	}
	defer done()
	res, err := svc.Appraise(cmd.Context(), service.AppraiseRequest{AssignRequest: service.AssignRequest{Scenario: f.scenario,
		Loaded: rows, Source: f.demand, Gap: f.gap, MaxIter: 1000}, Projects: f.projects}, nil)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if f.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	b := res.Baseline
	fmt.Fprintf(w, "Base (%s): %s TEU a year, generalised cost %.4g USD, %.4g TEU-days, %.4g t CO2e\n\n", res.Base,
		textfmt.Thousands(b.ServedTEU), b.CostUSD, b.TEUDays, b.CO2eTonnes)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rank\tproject\tcost saved USD/yr\tTEU-days saved\tt CO2e saved\textra TEU\tflow moves\t")
	for i, p := range res.Projects {
		var cs []string
		for k, c := range p.CorridorShiftTEU {
			if k == 3 {
				break
			}
			cs = append(cs, fmt.Sprintf("%s %+.0f", c.Corridor, c.DeltaTEU))
		}
		fmt.Fprintf(tw, "%d\t%s\t%.4g\t%.4g\t%.4g\t%.0f\t%s\t\n", i+1, p.Project, p.CostBenefitUSD, p.TEUDaysSaved, p.CO2eSavedTonnes,
			p.ExtraServedTEU, strings.Join(cs, ", "))
	}
	return tw.Flush()
}

// countProgress draws "done/total" on a terminal.
type countProgress struct {
	w    io.Writer
	what string
}

func newCountProgress(w io.Writer, what string) *countProgress {
	if !isTerminalWriter(w) {
		return nil
	}
	return &countProgress{w: w, what: what}
}

func (p *countProgress) update(done, total int) {
	fmt.Fprintf(p.w, "\r\033[K%d/%d %s", done, total, p.what)
}

func (p *countProgress) clear() {
	if p != nil {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// completeElements completes --elements: the sets, the passages and the
// place names (the last item of the comma-separated list).
func completeElements(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	done, typed := splitList(toComplete, true)
	var out []cobra.Completion
	for _, v := range append(append([]string(nil), resilience.Sets...), "passage:caspian", "passage:suez", "passage:cape") {
		if strings.HasPrefix(v, typed) {
			out = append(out, done+v)
		}
	}
	places, _ := completePlaces(true)(c, args, toComplete)
	return append(out, places...), listDirective(true)
}

// completeProjects completes --projects with scenario names (a list).
func completeProjects(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	done, typed := splitList(toComplete, true)
	names, _ := completeScenarios(c, args, typed)
	for i := range names {
		names[i] = done + names[i]
	}
	return names, listDirective(true)
}
