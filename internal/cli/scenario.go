package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"corridor/errcode"
	"corridor/network"
	"corridor/scenario"
	"corridor/service"
	"corridor/store"
)

func newScenarioCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "scenario",
		Short: "Create, list, show, delete and compare what-if scenarios",
		Long: `Scenarios are named lists of edits to the network (close a node or a strait, avoid
countries, change capacities, dwell, tariffs, speeds, frequencies, add links and
services, set a carbon price), stored with every version in the store (--db).
The bundled examples (red-sea-closed, northern-sanctioned, caspian-ferry-expansion,
dostyk-fast-border, cku-railway-open, carbon-price-100, rasht-astara-railway,
afghanistan-transit) are always available by name.
The file format is JSON or YAML, described by a JSON Schema: 'corridor scenario
schema' prints it (the server serves it at /api/scenario.schema.json; in the
source tree it is scenario/scenario.schema.json).`,
	}
	c.AddCommand(newScenarioWriteCmd(true), newScenarioWriteCmd(false), newScenarioListCmd(), newScenarioShowCmd(),
		newScenarioDeleteCmd(), newScenarioDiffCmd(), newScenarioSchemaCmd())
	return c
}

// readScenarioFile decodes and validates a scenario file against g.
func readScenarioFile(path string, g *network.Graph) (*scenario.Scenario, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(os.Stdin)
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, invalid(err)
	}
	s, err := scenario.Decode(b)
	if err != nil {
		return nil, invalid(fmt.Errorf("%s: %w", path, err))
	}
	if err := scenario.Validate(g, s); err != nil {
		return nil, invalid(fmt.Errorf("%s: %w", path, err))
	}
	return s, nil
}

func newScenarioWriteCmd(create bool) *cobra.Command {
	var file, dsn, dir string
	var base int
	use, short := "update -f FILE", "Store a new version of a scenario"
	example := `  corridor scenario update -f red-sea.json
  corridor scenario update -f red-sea.yaml --base-version 3   # fails (exit 4) if someone saved version 4 first`
	if create {
		use, short = "create -f FILE", "Store a new scenario (version 1)"
		example = `  corridor scenario create -f my-scenario.json
  corridor scenario create -f my-scenario.yaml --db postgres://corridor@db/corridor`
	}
	c := &cobra.Command{
		Use: use, Short: short, Example: example, Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return badInput("-f FILE is required (a JSON or YAML scenario, or - for standard input)")
			}
			g, _, err := loadNetwork(cmd.Context(), dir)
			if err != nil {
				return err
			}
			s, err := readScenarioFile(file, g)
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			var rec store.ScenarioRecord
			if create {
				rec, err = st.CreateScenario(cmd.Context(), s)
			} else {
				rec, err = st.UpdateScenario(cmd.Context(), s, base)
			}
			if err != nil {
				return service.StoreError(err)
			}
			verb := "updated"
			if create {
				verb = "created"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s scenario %s version %d (%d edits)\n", verb, rec.Name, rec.Version, len(s.Edits))
			return nil
		},
	}
	c.Flags().StringVarP(&file, "file", "f", "", "scenario file (JSON or YAML; - reads standard input)")
	if !create {
		c.Flags().IntVar(&base, "base-version", 0, "the version this update is based on; a newer stored version makes it fail (0 = no check)")
	}
	dbFlag(c.Flags(), &dsn)
	networkFlag(c, &dir)
	return c
}

func newScenarioListCmd() *cobra.Command {
	var dsn, format string
	c := &cobra.Command{
		Use: "list", Short: "List stored and bundled scenarios", Args: args(cobra.NoArgs),
		Example: `  corridor scenario list
  corridor scenario list --format json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "table", "json"); err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := service.ScenarioSource{Store: st}.List(cmd.Context())
			if err != nil {
				return err
			}
			type row struct {
				Name        string    `json:"name"`
				Origin      string    `json:"origin"`
				Version     int       `json:"version"`
				Edits       int       `json:"edits"`
				UpdatedAt   time.Time `json:"updated_at,omitzero"`
				Description string    `json:"description"`
			}
			rows := make([]row, len(list))
			for i, r := range list {
				rows[i] = row{r.Name, r.Origin, r.Version, len(r.Scenario.Edits), r.UpdatedAt, r.Scenario.Description}
			}
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), rows)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tORIGIN\tVERSION\tEDITS\tDESCRIPTION")
			for _, r := range rows {
				d := r.Description
				if rs := []rune(d); len(rs) > 70 {
					d = string(rs[:67]) + "..."
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", r.Name, r.Origin, r.Version, r.Edits, d)
			}
			return tw.Flush()
		},
	}
	dbFlag(c.Flags(), &dsn)
	c.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return c
}

func newScenarioShowCmd() *cobra.Command {
	var dsn string
	var version int
	c := &cobra.Command{
		Use: "show NAME", Short: "Print a scenario (a stored version, or a bundled one) as JSON", Args: args(cobra.ExactArgs(1)),
		Example: `  corridor scenario show red-sea-closed
  corridor scenario show my-scenario --version 2`,
		RunE: func(cmd *cobra.Command, a []string) error {
			st, err := openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			src := service.ScenarioSource{Store: st}
			info, err := src.Get(cmd.Context(), a[0], version)
			if err != nil {
				return versionError(cmd.Context(), src, a[0], version, err)
			}
			return writeJSON(cmd.OutOrStdout(), info.Scenario)
		},
	}
	dbFlag(c.Flags(), &dsn)
	c.Flags().IntVar(&version, "version", 0, "version to show (default the latest)")
	return c
}

func newScenarioDeleteCmd() *cobra.Command {
	var dsn string
	var base int
	c := &cobra.Command{
		Use: "delete NAME", Short: "Delete a stored scenario and all its versions", Args: args(cobra.ExactArgs(1)),
		Example: `  corridor scenario delete my-scenario
  corridor scenario delete my-scenario --base-version 3   # fails (exit 4) if a newer version was saved`,
		RunE: func(cmd *cobra.Command, a []string) error {
			st, err := openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.DeleteScenario(cmd.Context(), a[0], base); err != nil {
				return service.StoreError(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "deleted scenario %s\n", a[0])
			return nil
		},
	}
	c.Flags().IntVar(&base, "base-version", 0, "delete only if this is still the latest version (0 = no check)")
	dbFlag(c.Flags(), &dsn)
	return c
}

func newScenarioDiffCmd() *cobra.Command {
	var f routeFlags
	var file, objective string
	c := &cobra.Command{
		Use:   "diff NAME --from A --to B [route flags]",
		Short: "Compare a scenario with the baseline for one query, corridor by corridor",
		Example: `  corridor scenario diff red-sea-closed --from Shanghai --to Rotterdam
  corridor scenario diff northern-sanctioned --from "Xi'an" --to Duisburg --format json
  corridor scenario diff --file my-scenario.yaml --from Chongqing --to Budapest --objective cost`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if err := checkFormat(f.format, "table", "json"); err != nil {
				return err
			}
			if (len(a) == 1) == (file != "") {
				return badInput("give a scenario NAME or --file FILE (one of them)")
			}
			f.scenarioFile = file
			if len(a) == 1 {
				f.scenario = a[0]
			}
			svc, req, done, err := f.serviceRequest(cmd)
			if err != nil {
				return err
			}
			defer done()
			req.Objective = objective
			d, err := svc.Diff(cmd.Context(), req)
			if err != nil {
				return err
			}
			if f.format == "json" {
				return writeJSON(cmd.OutOrStdout(), d)
			}
			writeDiffTable(cmd.OutOrStdout(), d)
			return nil
		},
	}
	f.register(c.Flags(), "table or json") // includes --db
	c.Flags().StringVar(&file, "file", "", "a scenario file instead of a stored or bundled NAME")
	c.Flags().StringVar(&objective, "objective", "time", "what 'best' means per corridor: time, cost, co2e or generalised")
	return c
}

func writeDiffTable(w io.Writer, d *service.Diff) {
	fmt.Fprintf(w, "scenario %s: %s (%s) → %s (%s), best by %s\n\n", d.Scenario, d.From.Name, d.From.ID, d.To.Name, d.To.ID, d.Objective)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "corridor\tbaseline days\tscenario days\tΔ days\tbaseline USD\tscenario USD\tΔ USD\tΔ CO2e kg")
	cell := func(f *service.Figures, get func(*service.Figures) *float64, why string) string {
		if f == nil {
			if why == "" {
				return "-"
			}
			return "infeasible"
		}
		if v := get(f); v != nil {
			return fmt.Sprintf("%.1f", *v)
		}
		return "unknown"
	}
	days := func(f *service.Figures) *float64 { return &f.Days }
	usd := func(f *service.Figures) *float64 { return f.CostUSD }
	for _, c := range d.Corridors {
		dd, du, dc := "", "", ""
		if c.Delta != nil {
			dd, du, dc = fmt.Sprintf("%+.1f", c.Delta.Days), "unknown", fmt.Sprintf("%+.0f", c.Delta.CO2eKg)
			if c.Delta.CostUSD != nil {
				du = fmt.Sprintf("%+.0f", *c.Delta.CostUSD)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Corridor,
			cell(c.Baseline, days, c.BaselineInfeasible), cell(c.Scenario, days, c.ScenarioInfeasible), dd,
			cell(c.Baseline, usd, c.BaselineInfeasible), cell(c.Scenario, usd, c.ScenarioInfeasible), du, dc)
	}
	tw.Flush()
	list := func(title string, refs []service.ItineraryRef) {
		if len(refs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, r := range refs {
			fmt.Fprintf(w, "  %s — %s\n", r.Corridor, r.Summary)
		}
	}
	list("appeared on the Pareto front", d.Appeared)
	list("disappeared from the Pareto front", d.Disappeared)
	if d.ScenarioError != "" {
		fmt.Fprintf(w, "\nscenario: %s\n", strings.TrimSpace(d.ScenarioError))
	}
}

func newScenarioSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the scenario file format",
		Long: `Print the JSON Schema (draft 2020-12) that scenario files, JSON or YAML, follow.
Editors that read JSON Schema (VS Code, JetBrains, yaml-language-server) use it
to check and complete a scenario file as it is written.`,
		Example: `  corridor scenario schema > scenario.schema.json`,
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(scenario.Schema())
			return err
		},
	}
}

// versionError explains a scenario that was not found at a version: when
// the scenario exists, the error says which versions it has. Any other
// error is returned as it is.
func versionError(ctx context.Context, src service.ScenarioSource, name string, version int, err error) error {
	if version <= 0 || errcode.Of(err) != errcode.NotFound {
		return err
	}
	vs, verr := src.Versions(ctx, name)
	if errcode.Of(verr) == errcode.NotFound {
		return verr // the scenario itself does not exist: say so
	}
	if verr != nil || len(vs) == 0 {
		return err
	}
	nums := make([]int, len(vs))
	for i, v := range vs {
		nums[i] = v.Version
	}
	return errcode.Field(errcode.NotFound, "version", "scenario %s has %s; version %d does not exist", name, versionList(nums), version)
}

// versionList writes versions as "version 1", "versions 1..4" (a run) or
// "versions 1, 3, 4".
func versionList(v []int) string {
	if len(v) == 1 {
		return fmt.Sprintf("version %d", v[0])
	}
	if v[len(v)-1]-v[0] == len(v)-1 {
		return fmt.Sprintf("versions %d..%d", v[0], v[len(v)-1])
	}
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return "versions " + strings.Join(parts, ", ")
}
