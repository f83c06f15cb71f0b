package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"corridor/calibrate"
	"corridor/network"
	"corridor/observe"
)

func newCalibrateCmd() *cobra.Command {
	var dir, format, out string
	var folds, rounds int
	var prior, scale float64
	var write bool
	c := &cobra.Command{
		Use:   "calibrate",
		Short: "Fit the network's calibration parameters to its published observations",
		Long: `Fit the factors declared in parameters.csv (running times, border dwell,
handling times and tariffs of groups of links and nodes, each with bounds) to
the published observations in observations.csv, by bounded robust least squares
(docs/DATA.md, "Calibration"). Prints every parameter before and after, the
check's share in range before and after, and the k-fold cross-validation: the
share in range of each fold held out of a fit to the others, uncalibrated (every
factor at 1) and fitted from there.

--write rewrites parameters.csv in the --network folder with the fitted values
and their provenance; --out writes it to another file. The bundled network is
read-only: to refit it, run from a clone with --network data/eurasia --write.
A full run on the bundled network routes every observation a few times per
fold: expect minutes.`,
		Example: `  corridor calibrate
  corridor calibrate --network data/eurasia --write
  corridor calibrate --folds 0 --out /tmp/parameters.csv`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "table", "json"); err != nil {
				return err
			}
			if folds < 0 || folds == 1 || folds > 20 {
				return badInput("--folds must be 0 (no cross-validation) or 2 to 20, got %d", folds)
			}
			if !(prior > 0 && prior <= 100) {
				return badInput("--prior must be above 0 and at most 100, got %g", prior)
			}
			if !(scale >= 0.01 && scale <= 2) {
				return badInput("--scale must be between 0.01 and 2 (log units), got %g", scale)
			}
			if rounds < 1 || rounds > 10 {
				return badInput("--rounds must be 1 to 10, got %d", rounds)
			}
			if write && dir == "" {
				return badInput("--write needs --network DIR: the bundled network is compiled in (use --network data/eurasia from a clone, or --out FILE)")
			}
			g, name, fsys, obs, err := loadObservations(cmd.Context(), dir)
			if err != nil {
				return err
			}
			if len(g.Params()) == 0 {
				return badInput("%s declares no calibration parameters (%s)", name, network.ParamsFile)
			}
			errw := cmd.ErrOrStderr()
			start := time.Now()
			rep, err := calibrate.Run(cmd.Context(), fsys, name, obs, calibrate.Options{Folds: folds, Rounds: rounds, Prior: prior, Scale: scale,
				Log: func(f string, a ...any) {
					fmt.Fprintf(errw, "[%5.0fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(f, a...))
				}})
			if err != nil {
				return err
			}
			switch format {
			case "json":
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			default:
				writeCalibration(cmd.OutOrStdout(), rep)
			}
			target := out
			if write {
				target = filepath.Join(dir, network.ParamsFile)
			}
			if target != "" {
				if err := writeFileAtomic(target, rep.File); err != nil {
					return err
				}
				fmt.Fprintf(errw, "corridor: wrote %s\n", target)
			}
			return nil
		},
	}
	c.Flags().StringVar(&dir, "network", "", "network folder (default: the bundled network)")
	c.Flags().StringVar(&format, "format", "table", "output: table or json")
	c.Flags().IntVar(&folds, "folds", 5, "k of the k-fold cross-validation (0: none)")
	c.Flags().IntVar(&rounds, "rounds", 3, "route-and-fit rounds")
	c.Flags().Float64Var(&prior, "prior", 0.3, "weight of the pull of every factor towards 1, per (ln factor)²")
	c.Flags().Float64Var(&scale, "scale", 0.1, "scale of the robust (Cauchy) loss in log units: residuals well beyond it lose their pull")
	c.Flags().BoolVar(&write, "write", false, "rewrite parameters.csv in the --network folder with the fitted values")
	c.Flags().StringVar(&out, "out", "", "write the fitted parameters.csv to this file")
	return c
}

// writeFileAtomic writes b to a temporary file beside path and renames it
// over path: a failed write leaves the old file whole.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".parameters-*.csv")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

func writeCalibration(w io.Writer, rep *calibrate.Report) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tkind\tmonths\tbounds\tbefore\tafter\tobservations")
	for _, p := range rep.Params {
		months := "all"
		if p.From != "" || p.To != "" {
			months = p.From + ".." + p.To
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%g–%g\t%g\t%g\t%d\n", p.ID, p.Kind, months, p.Low, p.High, p.Before, p.After, len(p.Observations))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nobjective %.3f → %.3f\n\n", rep.ObjectiveBefore, rep.ObjectiveAfter)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\tobservations\tin range before\tin range after\t")
	row := func(b, a observe.Share) {
		fmt.Fprintf(tw, "%s\t%d\t%d (%.0f%%)\t%d (%.0f%%)\t\n", b.Group, b.N, b.InRange, 100*b.Share, a.InRange, 100*a.Share)
	}
	row(rep.Before.Overall, rep.After.Overall)
	pair := func(bs, as []observe.Share) {
		for _, b := range bs {
			for _, a := range as {
				if a.Group == b.Group && b.N > 0 {
					row(b, a)
				}
			}
		}
	}
	pair(rep.Before.PerKind, rep.After.PerKind)
	pair(rep.Before.PerCorridor, rep.After.PerCorridor)
	tw.Flush()
	if rep.HeldOut != nil {
		fmt.Fprintf(w, "\ncross-validation (%d folds, each fitted from every factor at 1): held-out observations in range\n", len(rep.Folds))
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "fold\tobservations\tuncalibrated\tfitted without them\t")
		for _, f := range append(rep.Folds, *rep.HeldOut) {
			name := fmt.Sprint(f.Index)
			if f.Index < 0 {
				name = "all"
			}
			fmt.Fprintf(tw, "%s\t%d\t%d (%.0f%%)\t%d (%.0f%%)\t\n", name, f.N, f.Before, pct(f.Before, f.N), f.After, pct(f.After, f.N))
		}
		tw.Flush()
	}
}

func pct(a, n int) float64 {
	if n == 0 {
		return 0
	}
	return 100 * float64(a) / float64(n)
}
