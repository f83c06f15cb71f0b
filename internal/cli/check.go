package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"corridor/data/eurasia"
	"corridor/network"
	"corridor/observe"
	"corridor/route"
)

func newCheckCmd() *cobra.Command {
	var dir, format, floors string
	var minShare, minGroup float64
	var verbose, summaryOnly bool
	c := &cobra.Command{
		Use:   "check",
		Short: "Check the network against published observations (observations.csv)",
		Long: `Run every published observation of the network (observations.csv: transit times,
prices, CO2e, distances, border crossing and dwell times) through the router on
the date of the observation and compare: observed range, modelled figure,
residual, and the share in range overall, per kind and per corridor. Exits 5
when the overall share is below --min-share, a kind's or corridor's share
is below --min-group-share, or a group is below its floor in --floors.
Volumes are listed as not modelled and not counted. A single published figure
is checked within a band around it (±5% distances, ±15% crossing and dwell
times, ±10% otherwise); a published spread (transit_spread_days) against the
simulated P10 and P90 (docs/DATA.md).`,
		Example: `  corridor data check
  corridor data check --format csv > check.csv
  corridor data check --min-share 0 --verbose
  corridor data check --summary --min-share 0 --min-group-share 0 --floors data/check_floors.csv`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "table", "json", "csv"); err != nil {
				return err
			}
			if minShare < 0 || minShare > 1 || minGroup < 0 || minGroup > 1 {
				return badInput("--min-share and --min-group-share are shares between 0 and 1")
			}
			g, _, _, obs, err := loadObservations(cmd.Context(), dir)
			if err != nil {
				return err
			}
			rs, err := observe.Check(cmd.Context(), route.New(g), obs)
			if err != nil {
				return err
			}
			sum := observe.Summarise(rs)
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(map[string]any{"summary": sum, "results": rs}); err != nil {
					return err
				}
			case "csv":
				if err := writeCheckCSV(out, rs); err != nil {
					return err
				}
			default:
				writeCheckTable(out, rs, sum, verbose, summaryOnly)
			}
			var low []string
			if sum.Overall.Share < minShare {
				low = append(low, fmt.Sprintf("overall %.0f%% < %.0f%%", 100*sum.Overall.Share, 100*minShare))
			}
			for _, s := range append(append([]observe.Share{}, sum.PerKind...), sum.PerCorridor...) {
				if s.N > 0 && s.Share < minGroup {
					low = append(low, fmt.Sprintf("%s %.0f%% < %.0f%%", s.Group, 100*s.Share, 100*minGroup))
				}
			}
			if floors != "" {
				more, err := belowFloors(floors, sum)
				if err != nil {
					return err
				}
				low = append(low, more...)
			}
			if len(low) > 0 {
				return belowThreshold{"data check below its threshold: " + strings.Join(low, "; ")}
			}
			return nil
		},
	}
	c.Flags().StringVar(&dir, "network", "", "network folder (default: the bundled network)")
	c.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	c.Flags().Float64Var(&minShare, "min-share", 0.9, "least share of observations in range overall")
	c.Flags().Float64Var(&minGroup, "min-group-share", 0.8, "least share in range for every kind and every corridor")
	c.Flags().BoolVar(&verbose, "verbose", false, "table: list the observations in range too")
	c.Flags().BoolVar(&summaryOnly, "summary", false, "table: only the shares, not the observations")
	c.Flags().StringVar(&floors, "floors", "", "CSV of group,min_share: a least share in range per group (all, a kind or a corridor), on top of the thresholds")
	return c
}

// loadObservations loads the network in dir (the bundled one when empty),
// its folder and its observations; a network without observations is bad
// input.
func loadObservations(ctx context.Context, dir string) (*network.Graph, string, fs.FS, []observe.Observation, error) {
	g, name, err := loadNetwork(ctx, dir)
	if err != nil {
		return nil, "", nil, nil, err
	}
	var fsys fs.FS = eurasia.Files
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	obs, err := observe.Load(fsys, name, g)
	if err != nil {
		return nil, "", nil, nil, invalid(err)
	}
	if len(obs) == 0 {
		return nil, "", nil, nil, badInput("%s has no observations (%s)", name, observe.File)
	}
	return g, name, fsys, obs, nil
}

// belowFloors reads a floors file (group,min_share) and lists the groups
// of sum below their floor.
func belowFloors(path string, sum observe.Summary) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, badInput("--floors: %v", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comment = '#'
	cr.FieldsPerRecord = 2
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, badInput("--floors %s: %v", path, err)
	}
	shares := map[string]observe.Share{"all": sum.Overall}
	for _, s := range append(append([]observe.Share{}, sum.PerKind...), sum.PerCorridor...) {
		shares[s.Group] = s
	}
	var low []string
	for i, r := range rows {
		if i == 0 {
			if r[0] != "group" || r[1] != "min_share" {
				return nil, badInput("--floors %s:1: expected the header group,min_share", path)
			}
			continue
		}
		min, err := strconv.ParseFloat(strings.TrimSpace(r[1]), 64)
		if err != nil || min < 0 || min > 1 {
			return nil, badInput("--floors %s:%d: min_share: expected a share between 0 and 1, got %q", path, i+1, r[1])
		}
		s, ok := shares[r[0]]
		if !ok {
			return nil, badInput("--floors %s:%d: group: no observations in group %q", path, i+1, r[0])
		}
		if s.Share < min {
			low = append(low, fmt.Sprintf("%s %.1f%% < floor %.1f%%", s.Group, 100*s.Share, 100*min))
		}
	}
	return low, nil
}

func modelled(r *observe.Result) string {
	if r.Modelled == nil {
		return ""
	}
	return strconv.FormatFloat(*r.Modelled, 'f', -1, 64)
}

func writeCheckCSV(w io.Writer, rs []observe.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "kind", "from", "to", "corridor", "month", "low", "high", "checked_low", "checked_high", "modelled_low", "modelled", "status", "residual", "source", "detail"})
	for i := range rs {
		r := &rs[i]
		low := ""
		if r.ModelledLow != nil {
			low = ftoa(*r.ModelledLow)
		}
		cw.Write([]string{r.ID, string(r.Kind), r.From, r.To, r.Corridor, r.Month.String(), ftoa(r.Low), ftoa(r.High),
			ftoa(r.CheckedLow), ftoa(r.CheckedHigh), low, modelled(r), string(r.Status), ftoa(r.Residual), strings.Join(r.Sources, ";"), r.Detail})
	}
	cw.Flush()
	return cw.Error()
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func writeCheckTable(w io.Writer, rs []observe.Result, sum observe.Summary, verbose, summaryOnly bool) {
	if summaryOnly {
		rs = nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tkind\tfrom → to\tcorridor\tmonth\tpublished\tmodelled\tstatus\tresidual")
	for i := range rs {
		r := &rs[i]
		if r.Status == observe.InRange && !verbose {
			continue
		}
		pub := ftoa(r.Low)
		if r.High != r.Low {
			pub += "–" + ftoa(r.High)
		}
		ends := r.From
		if r.To != "" {
			ends += " → " + r.To
		}
		res := ""
		if r.Status == observe.Above || r.Status == observe.Below {
			res = fmt.Sprintf("%+.0f%%", 100*r.Residual)
		}
		mod := modelled(r)
		if r.ModelledLow != nil { // a spread: simulated P10–P90
			mod = ftoa(*r.ModelledLow) + "–" + mod
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Kind, ends, dash(r.Corridor), r.Month, pub, dash(mod), r.Status, res)
	}
	if !summaryOnly {
		tw.Flush()
		fmt.Fprintln(w)
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\tobservations\tin range\tshare\tnot modelled\t")
	row := func(s observe.Share) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f%%\t%d\t\n", s.Group, s.N, s.InRange, 100*s.Share, s.Excluded)
	}
	row(sum.Overall)
	for _, s := range sum.PerKind {
		row(s)
	}
	for _, s := range sum.PerCorridor {
		row(s)
	}
	tw.Flush()
}
