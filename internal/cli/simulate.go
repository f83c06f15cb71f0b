package cli

import (
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"corridor/assign"
	"corridor/network"
	"corridor/route"
	"corridor/service"
	"corridor/sim"
)

func newSimulateCmd() *cobra.Command {
	var f routeFlags
	var runs, workers int
	var seed uint64
	var deadline, congestion string
	var compare bool
	c := &cobra.Command{
		Use:   "simulate --from A --to B [flags]",
		Short: "Transit-time distributions by Monte Carlo simulation: percentiles, on-time probability, where the time goes",
		Long: `Simulate the fastest itinerary between two places many times (or, with --compare,
the fastest of each corridor) and report the spread of transit times: P10, P50,
P90, P95 and P99 days, the mean, the chance of arriving by --deadline, a histogram,
and where the time goes (running, waiting for departures, border dwell, handling).

Each run draws: ferry and ship departures (the Caspian ferries keep no timetable,
so their gaps are random), cancellations (Caspian weather) and full departures
(other cargo takes most of the capacity), border and canal dwell from each
crossing's median and p90, handling at transshipments, and running-time
variability. Every parameter is in the calibration table of package sim, with
its source. With --congestion, a year's TEU demand (a bundled set such as
china-europe-2030, or a demand CSV as for assign) is first assigned to the
network, and each element's congestion delay at that flow (the delay_hours
of 'corridor assign --out') is drawn along the itinerary, exponentially
distributed with that mean: queues at over-capacity ferries, ports and
borders lengthen and spread the trip. The same --seed gives the same result on any machine and number of
workers. A progress bar shows on a terminal only.

Exit codes: 0 done, 2 bad input, 3 no feasible route.`,
		Example: `  corridor simulate --from "Xi'an" --to Constanta --avoid-countries RU,BY,IR --avoid-nodes Kars --depart 2026-03-02 --deadline 2026-04-01
  corridor simulate --from "Xi'an" --to Duisburg --compare --runs 20000 --seed 7
  corridor simulate --from Chengdu --to Budapest --avoid-countries RU,BY --format json
  corridor simulate --from Aktau --to Baku --congestion china-europe-2030`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(f.format, "table", "json"); err != nil {
				return err
			}
			svc, req, done, err := f.serviceRequest(cmd)
			if err != nil {
				return err
			}
			defer done()
			if runs == 0 {
				return badInput("runs: must be between 1 and %d, got 0", sim.MaxRuns)
			}
			sr := service.SimulateRequest{RouteRequest: req,
				Runs: runs, Seed: seed, Deadline: deadline, Compare: compare, Workers: workers}
			if err := congestionDemand(congestion, &sr); err != nil {
				return err
			}
			p, err := svc.PrepareSimulation(cmd.Context(), sr)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			bar := newSimProgress(w)
			var progress service.Progress
			if bar != nil {
				progress = func(st service.Step) { bar.update(st.Done, st.Total) }
			}
			res, err := p.Run(cmd.Context(), progress)
			bar.clear()
			if err != nil {
				return err
			}
			if f.format == "json" {
				return writeJSON(w, res)
			}
			writeSnaps(w, res.Snaps)
			if res.Comparison != nil {
				writeSimCompareTable(w, res.Query, res.Comparison, res.Deadline)
				return nil
			}
			writeSimTable(w, p.Resolved().Network.Graph, res.Query, res.Result, res.Itinerary)
			return nil
		},
	}
	f.register(c.Flags(), "table or json")
	c.Flags().IntVar(&runs, "runs", sim.DefaultRuns, "number of simulated shipments")
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed: the same seed gives the same result")
	c.Flags().StringVar(&deadline, "deadline", "", "arrival deadline YYYY-MM-DD (00:00 UTC) or RFC 3339 time: report the chance to arrive by it")
	c.Flags().BoolVar(&compare, "compare", false, "simulate the fastest itinerary of each corridor, side by side")
	c.Flags().IntVar(&workers, "workers", 0, "worker goroutines (default: one per CPU); the result does not depend on it")
	c.Flags().StringVar(&congestion, "congestion", "", "draw the congestion of a year's demand: a bundled demand set ("+strings.Join(service.DemandSets(), ", ")+") or a demand CSV file")
	return c
}

// congestionDemand puts --congestion into sr: a bundled demand set by name,
// or else a demand file, read here.
func congestionDemand(v string, sr *service.SimulateRequest) error {
	if v == "" {
		return nil
	}
	if slices.Contains(service.DemandSets(), v) {
		sr.Congestion = v
		return nil
	}
	fh, err := os.Open(v)
	if err != nil {
		return badInput("--congestion: %q is neither a bundled demand set (%s) nor a readable file: %v", v, strings.Join(service.DemandSets(), ", "), err)
	}
	defer fh.Close()
	rows, err := assign.ReadDemand(fh, v)
	if err != nil {
		return err
	}
	sr.CongestionLoaded, sr.CongestionSource = rows, v
	return nil
}

func writeSimTable(w io.Writer, g *network.Graph, e route.QueryEcho, res *sim.Result, it *route.Itinerary) {
	fmt.Fprintf(w, "%s (%s) → %s (%s): %d %s, %.0f t, departing %s\n", e.From.Name, e.From.ID, e.To.Name, e.To.ID,
		e.Cargo.Containers, e.Cargo.Size, e.Cargo.Tonnes, e.Depart.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "%s — %s\n", it.Corridor, strings.Join(it.Countries, " "))
	legs := make([]string, len(it.Legs))
	for i, l := range it.Legs {
		legs[i] = simLegName(l.Mode, l.GaugeMM) + " to " + l.To.Name
	}
	fmt.Fprintf(w, "%s\n", strings.Join(legs, ", "))
	fmt.Fprintf(w, "%s simulated shipments, seed %d; the router expects %.1f days\n", simThousands(res.Runs), res.Seed, res.RouterDays)
	if c := res.Congestion; c != nil {
		fmt.Fprintf(w, "congestion of %s drawn: %.1f days on average along the itinerary (in waiting and border dwell)\n", c.Source, c.MeanDays)
	}
	fmt.Fprintln(w)

	d := res.TransitDays
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "transit days\tmean\tp10\tp50\tp90\tp95\tp99\t")
	fmt.Fprintf(tw, "\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", d.Mean, d.P10, d.P50, d.P90, d.P95, d.P99)
	tw.Flush()
	if res.OnTimeProbability != nil {
		fmt.Fprintf(w, "on time by %s: %.1f%%\n", res.Deadline.Format("2006-01-02 15:04 MST"), 100**res.OnTimeProbability)
	}
	fmt.Fprintln(w)
	writeSimHistogram(w, res.Histogram)
	b := res.Breakdown
	fmt.Fprintf(w, "\nwhere the time goes: running %.0f%% (%.1f d) · waiting for departures %.0f%% (%.1f d) · border dwell %.0f%% (%.1f d) · handling %.0f%% (%.1f d)\n\n",
		100*b.Running.Share, b.Running.Days, 100*b.Waiting.Share, b.Waiting.Days,
		100*b.Border.Share, b.Border.Days, 100*b.Handling.Share, b.Handling.Days)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "mean days per leg\trunning\twaiting\tborder\thandling\tcancelled deps\tfull deps")
	for _, l := range res.Legs {
		name := simLegName(l.Mode, l.GaugeMM) + " " + l.From.Name + " → " + l.To.Name
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%.2f\n", name, l.RunningDays, l.WaitingDays, l.BorderDays,
			l.HandlingDays, l.CancelledDeps, l.FullDeps)
	}
	tw.Flush()
}

func simLegName(mode string, gauge int) string { return modeGauge(mode, gauge) }

// writeSimHistogram draws the histogram as horizontal bars over the middle
// 99% of the runs; each tail beyond it is one line.
func writeSimHistogram(w io.Writer, h sim.Histogram) {
	total := 0
	for _, b := range h.Bins {
		total += b.Count
	}
	if total == 0 {
		return
	}
	tail := int(0.005 * float64(total))
	first, below := 0, 0
	for first < len(h.Bins)-1 && below+h.Bins[first].Count <= tail {
		below += h.Bins[first].Count
		first++
	}
	last, above := len(h.Bins)-1, 0
	for last > first && above+h.Bins[last].Count <= tail {
		above += h.Bins[last].Count
		last--
	}
	maxShare := 0.0
	for _, b := range h.Bins[first : last+1] {
		maxShare = math.Max(maxShare, b.Share)
	}
	const width = 40
	fmt.Fprintln(w, "days")
	if below > 0 {
		fmt.Fprintf(w, "%12s %5.1f%%\n", "< "+simNum(h.Bins[first].FromDays), 100*float64(below)/float64(total))
	}
	for _, b := range h.Bins[first : last+1] {
		fmt.Fprintf(w, "%6s–%-5s %5.1f%%  %s\n", simNum(b.FromDays), simNum(b.ToDays), 100*b.Share, simBar(b.Share/maxShare*width))
	}
	if above > 0 {
		fmt.Fprintf(w, "%12s %5.1f%%\n", "≥ "+simNum(h.Bins[last].ToDays), 100*float64(above)/float64(total))
	}
}

func simNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// bar draws n character cells with eighth-block precision.
func simBar(n float64) string {
	full := int(n)
	s := strings.Repeat("█", full)
	if part := int((n - float64(full)) * 8); part > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[part-1])
	}
	return s
}

func writeSimCompareTable(w io.Writer, e route.QueryEcho, cmp *sim.Comparison, dl time.Time) {
	fmt.Fprintf(w, "%s (%s) → %s (%s): %d %s, %.0f t, departing %s\n", e.From.Name, e.From.ID, e.To.Name, e.To.ID,
		e.Cargo.Containers, e.Cargo.Size, e.Cargo.Tonnes, e.Depart.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "fastest itinerary of each corridor, %s simulated shipments each, seed %d\n", simThousands(cmp.Runs), cmp.Seed)
	var added []string
	source := ""
	for _, c := range cmp.Corridors {
		if c.Result != nil && c.Result.Congestion != nil {
			source = c.Result.Congestion.Source
			added = append(added, fmt.Sprintf("%s %.1f", c.Corridor, c.Result.Congestion.MeanDays))
		}
	}
	if source != "" {
		fmt.Fprintf(w, "congestion of %s drawn, mean days added: %s\n", source, strings.Join(added, ", "))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "corridor\trouter d\tmean\tp10\tp50\tp90\tp95\tp99"
	if !dl.IsZero() {
		head += "\ton time by " + dl.Format("2006-01-02")
	}
	fmt.Fprintln(tw, head+"\trunning\twaiting\tborder\thandling")
	for _, c := range cmp.Corridors {
		if c.Result == nil {
			fmt.Fprintf(tw, "%s\t-\t%s\n", c.Corridor, c.Infeasible)
			continue
		}
		r := c.Result
		d := r.TransitDays
		row := fmt.Sprintf("%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f", c.Corridor, r.RouterDays, d.Mean, d.P10, d.P50, d.P90, d.P95, d.P99)
		if r.OnTimeProbability != nil {
			row += fmt.Sprintf("\t%.1f%%", 100**r.OnTimeProbability)
		}
		b := r.Breakdown
		fmt.Fprintf(tw, "%s\t%.0f%%\t%.0f%%\t%.0f%%\t%.0f%%\n", row, 100*b.Running.Share, 100*b.Waiting.Share,
			100*b.Border.Share, 100*b.Handling.Share)
	}
	tw.Flush()

	// Histograms side by side on the common grid, one character per bin.
	var h *sim.Histogram
	for _, c := range cmp.Corridors {
		if c.Result != nil {
			h = &c.Result.Histogram
			break
		}
	}
	if h == nil || len(h.Bins) == 0 {
		return
	}
	fmt.Fprintf(w, "\ndistributions, %s days per character from %s days:\n", simNum(h.BinDays), simNum(h.StartDays))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	levels := []rune(" ▁▂▃▄▅▆▇█")
	for _, c := range cmp.Corridors {
		if c.Result == nil {
			continue
		}
		maxShare := 0.0
		for _, b := range c.Result.Histogram.Bins {
			maxShare = math.Max(maxShare, b.Share)
		}
		var s strings.Builder
		for _, b := range c.Result.Histogram.Bins {
			lvl := 0
			if b.Count > 0 {
				lvl = max(1, int(math.Round(b.Share/maxShare*8)))
			}
			s.WriteRune(levels[lvl])
		}
		fmt.Fprintf(tw, "%s\t│%s│\n", c.Corridor, strings.TrimRight(s.String(), " "))
	}
	tw.Flush()
	axis := ""
	for i := 0; i < len(h.Bins); i += 5 {
		label := simNum(h.Bins[i].FromDays)
		axis += label + strings.Repeat(" ", max(1, 5-len(label)))
	}
	fmt.Fprintf(w, "%s │%s\n", strings.Repeat(" ", simNameWidth(cmp)), strings.TrimRight(axis, " "))
}

func simNameWidth(cmp *sim.Comparison) int {
	n := 0
	for _, c := range cmp.Corridors {
		if c.Result != nil {
			n = max(n, len(c.Corridor))
		}
	}
	return n + 1
}

func simThousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// simProgress draws a progress bar on a terminal, at most ten times a second.
type simProgress struct {
	w    io.Writer
	last time.Time
}

// newSimProgress returns a bar drawing on w, or nil when w is not a
// terminal (a pipe, a file, a test buffer): the output then stays clean.
func newSimProgress(w io.Writer) *simProgress {
	if !isTerminalWriter(w) {
		return nil
	}
	return &simProgress{w: w}
}

// isTerminalWriter reports whether w is a character device such as a terminal.
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *simProgress) update(done, total int) {
	if now := time.Now(); done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	} else {
		p.last = now
	}
	const width = 30
	n := width * done / total
	fmt.Fprintf(p.w, "\rsimulating [%s%s] %3d%% %s/%s", strings.Repeat("=", n), strings.Repeat(" ", width-n),
		100*done/total, simThousands(done), simThousands(total))
}

// clear removes the bar (a nil bar does nothing).
func (p *simProgress) clear() {
	if p != nil {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
