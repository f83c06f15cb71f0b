package cli

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"corridor/emissions"
	"corridor/internal/textfmt"
	"corridor/network"
	"corridor/route"
	"corridor/service"
)

// routeFlags are the query flags shared by route and compare.
type routeFlags struct {
	dir                                   string
	from, to, depart, box                 string
	via, avoidCountries, avoidGroups      []string
	avoidNodes, modes                     []string
	segmentModes                          string
	feu, teu, maxTransshipments, maxRes   int
	tonnes, value, carbonPrice, timeValue float64
	reefer, dg, fullFront                 bool
	format                                string

	// route only: the single-criterion fast path and batch runs (batch.go)
	shortest, batch string
	repeat          int

	// scenario to run on: a stored or bundled name, or a file
	scenario, scenarioFile, db string
}

func (f *routeFlags) register(fs *pflag.FlagSet, formats string) {
	fs.StringVar(&f.dir, "network", "", "network folder, GeoJSON file or TNTP folder (default: the bundled Eurasian network)")
	fs.StringVar(&f.from, "from", "", "origin: place id or name, or lon,lat (snapped to the nearest place of the main network) (required)")
	fs.StringVar(&f.to, "to", "", "destination: place id or name, or lon,lat (required)")
	fs.StringSliceVar(&f.via, "via", nil, "places to pass, in order (ids or names, comma-separated)")
	fs.StringVar(&f.depart, "depart", "", "departure date YYYY-MM-DD (00:00 UTC) or RFC 3339 time (default: now)")
	fs.IntVar(&f.feu, "feu", 0, "number of 40-ft containers (default 1 FEU)")
	fs.IntVar(&f.teu, "teu", 0, "number of 20-ft containers")
	fs.StringVar(&f.box, "box", "", "box type: 20, 40, 40hc or 45 (default 20 with --teu, 40 otherwise); limits the tonnes per box")
	fs.Float64Var(&f.tonnes, "tonnes", 0, "goods mass in tonnes, all containers (default 12 t per FEU, 10 t per TEU)")
	fs.Float64Var(&f.value, "value-usd", 0, "value of the goods in USD, for the value of time (default 50,000 per container)")
	fs.StringSliceVar(&f.avoidCountries, "avoid-countries", nil, "ISO country codes to avoid, e.g. RU,BY")
	fs.StringSliceVar(&f.avoidGroups, "avoid-groups", nil, "country groups to avoid, e.g. EAEU")
	fs.StringSliceVar(&f.avoidNodes, "avoid-nodes", nil, "places to avoid (ids or names), e.g. Suez,Bab-el-Mandeb")
	fs.StringSliceVar(&f.modes, "modes", nil, "allowed modes: rail,road,sea,ferry,iww (default all)")
	fs.StringVar(&f.segmentModes, "segment-modes", "", "modes segment by segment, '/' between the segments the --via places make (one more than them; an empty one allows all), e.g. rail/sea,ferry/road/sea")
	fs.IntVar(&f.maxTransshipments, "max-transshipments", -1, "most changes of mode or rail gauge (-1 = no limit)")
	fs.BoolVar(&f.fullFront, "full-front", false, "keep the exact Pareto front (default: drop itineraries within 2% or 12 h / 100 USD / 50 kg CO2e of a better-ranked one)")
	fs.BoolVar(&f.reefer, "reefer", false, "refrigerated containers (skips services that refuse reefers)")
	fs.BoolVar(&f.dg, "dg", false, "dangerous goods (skips services that refuse them)")
	fs.Float64Var(&f.carbonPrice, "carbon-price", 0, "carbon price in USD per tonne CO2e, added to cost")
	fs.Float64Var(&f.timeValue, "time-value-rate", 0, "yearly rate at which goods in transit lose value (default 0.15)")
	fs.StringVar(&f.format, "format", "table", "output format: "+formats)
	fs.StringVar(&f.scenario, "scenario", "", "run on this scenario (stored in --db, or bundled; see 'corridor scenario list')")
	fs.StringVar(&f.scenarioFile, "scenario-file", "", "run on the scenario in this JSON or YAML file")
	if fs.Lookup("db") == nil {
		dbFlag(fs, &f.db)
	}
}

// request builds the route.Request the flags describe.
func (f *routeFlags) request(fs *pflag.FlagSet) route.Request {
	r := route.Request{
		From: f.from, To: f.to, Via: f.via, Depart: f.depart,
		AvoidCountries: f.avoidCountries, AvoidGroups: f.avoidGroups, AvoidNodes: f.avoidNodes,
		Modes: f.modes, CarbonPrice: f.carbonPrice, TimeValueRate: f.timeValue, MaxResults: f.maxRes,
		FullFront: f.fullFront,
	}
	if f.segmentModes != "" {
		for _, seg := range strings.Split(f.segmentModes, "/") {
			ms := []string{}
			for _, m := range strings.Split(seg, ",") {
				if m = strings.TrimSpace(m); m != "" {
					ms = append(ms, m)
				}
			}
			r.SegmentModes = append(r.SegmentModes, ms)
		}
	}
	if fs.Changed("max-transshipments") {
		m := f.maxTransshipments
		r.MaxTransshipments = &m
	}
	c := &route.CargoRequest{Box: f.box, Reefer: f.reefer, DG: f.dg}
	if fs.Changed("feu") {
		c.FEU = &f.feu
	}
	if fs.Changed("teu") {
		c.TEU = &f.teu
	}
	if fs.Changed("tonnes") {
		c.Tonnes = &f.tonnes
	}
	if fs.Changed("value-usd") {
		c.ValueUSD = &f.value
	}
	r.Cargo = c
	return r
}

// serviceRequest loads the network into a service (with the store when a
// stored scenario is named) and builds the request the flags describe.
// The caller closes the service's store with done.
func (f *routeFlags) serviceRequest(cmd *cobra.Command) (*service.Service, service.RouteRequest, func(), error) {
	if f.from == "" || f.to == "" {
		return nil, service.RouteRequest{}, nil, badInput("--from and --to are required (place ids or names, or lon,lat; see 'corridor nodes')")
	}
	if f.scenario != "" && f.scenarioFile != "" {
		return nil, service.RouteRequest{}, nil, badInput("give --scenario NAME or --scenario-file FILE, not both")
	}
	svc, done, err := newService(cmd.Context(), f.dir, f.db, f.scenario != "")
	if err != nil {
		return nil, service.RouteRequest{}, nil, err
	}
	req := service.RouteRequest{Request: f.request(cmd.Flags()), Scenario: f.scenario}
	if f.scenarioFile != "" {
		if req.ScenarioDoc, err = readScenarioFile(f.scenarioFile, svc.Graph()); err != nil {
			done()
			return nil, req, nil, err
		}
	}
	return svc, req, done, nil
}

// writeSnaps says, one line each, where coordinate endpoints were snapped.
func writeSnaps(w io.Writer, snaps []route.Snap) {
	for _, s := range snaps {
		fmt.Fprintf(w, "%s %g,%g snapped to %s (%.4f,%.4f), %.1f km away (not included in the distances)\n",
			s.Field, s.Lon, s.Lat, s.Node.ID, s.NodeLon, s.NodeLat, s.DistanceKm)
	}
}

func newRouteCmd() *cobra.Command {
	var f routeFlags
	c := &cobra.Command{
		Use:   "route --from A --to B [flags]",
		Short: "Find the Pareto-optimal routes (time, cost, CO2e) between two places",
		Long: `Find every route between two places that no other route beats on time, cost and
CO2e together (the Pareto front), with legs, borders, waits and transshipments.

Times include handling where the mode or rail gauge changes, border dwell (median),
and waits for scheduled departures: the next timetabled departure after arrival, or
half the headway of a frequency-only service (shown as wait_basis). Costs are
terminal-to-terminal tariffs plus handling (a 40-ft box pays 1.6 TEU tariffs).
CO2e is well-to-wheel (ISO 14083 / GLEC v3.0). Exit codes: 0 found, 2 bad input,
3 no feasible route (the message names the blocking constraint).`,
		Example: `  corridor route --from "Xi'an" --to Duisburg --depart 2026-03-01
  corridor route --from CNXIY --to DEDUI --avoid-countries RU,BY --feu 2 --format json
  corridor route --from Shanghai --to Rotterdam --avoid-nodes Suez --format geojson
  corridor route --from Chongqing --to Budapest --modes rail,ferry --max-results 3
  corridor route --network marnet.geojson --from 122.05,30.62 --to 4.03,51.96 --shortest distance
  corridor route --network marnet.geojson --batch pairs.csv --shortest distance --format csv`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.batch != "" {
				return runBatch(cmd, &f)
			}
			if f.shortest != "" {
				return runShortest(cmd, &f)
			}
			if err := checkFormat(f.format, routeFormats...); err != nil {
				return err
			}
			svc, req, done, err := f.serviceRequest(cmd)
			if err != nil {
				return err
			}
			defer done()
			res, err := svc.Route(cmd.Context(), req)
			if err != nil {
				return err
			}
			its, snaps := res.Itineraries, res.Snaps
			w := cmd.OutOrStdout()
			if wrote, err := writeItineraries(w, f.format, res, its); wrote {
				return err
			}
			writeSnaps(w, snaps)
			writeRouteTable(w, res.Graph, res.Resolved.Query, its)
			return nil
		},
	}
	f.register(c.Flags(), "table, json, csv or geojson")
	c.Flags().IntVar(&f.maxRes, "max-results", 8, "most itineraries to show (0 = the whole Pareto front)")
	c.Flags().StringVar(&f.shortest, "shortest", "", "single criterion, fast: distance or time (contraction hierarchy, cached next to --network)")
	c.Flags().StringVar(&f.batch, "batch", "", "CSV file with columns from,to (ids, names or \"lon,lat\"; optional id): one result row per pair")
	c.Flags().IntVar(&f.repeat, "repeat", 1, "batch: run every pair this many times after a warm-up pass and report the median time")
	return c
}

// routeFormats are the output formats of route and compare.
var routeFormats = []string{"table", "json", "csv", "geojson"}

// writeItineraries writes a result in the machine formats route and compare
// share: all of v as JSON, or the legs of its as CSV or GeoJSON. It reports
// false, writing nothing, for the table, which each command writes itself.
func writeItineraries(w io.Writer, format string, v any, its []route.Itinerary) (bool, error) {
	switch format {
	case "json":
		return true, writeJSON(w, v)
	case "csv":
		return true, writeLegsCSV(w, its)
	case "geojson":
		return true, writeLegsGeoJSON(w, its)
	}
	return false, nil
}

// compareItineraries returns the best itinerary of each feasible corridor,
// in order.
func compareItineraries(cs []route.CorridorBest) []route.Itinerary {
	var its []route.Itinerary
	for _, c := range cs {
		if c.Best != nil {
			its = append(its, *c.Best)
		}
	}
	return its
}

// bestCorridors keeps the n feasible corridors whose best itineraries are
// best by obj, best first (ties keep the network's order).
func bestCorridors(cs []route.CorridorBest, obj route.Objective, n int) []route.CorridorBest {
	var out []route.CorridorBest
	for _, c := range cs {
		if c.Best != nil {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b route.CorridorBest) int {
		return cmp.Compare(route.ObjectiveValue(&a.Best.Total, obj), route.ObjectiveValue(&b.Best.Total, obj))
	})
	return out[:min(n, len(out))]
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeRouteTable(w io.Writer, g *network.Graph, q route.Query, its []route.Itinerary) {
	e := route.Echo(g, q)
	fmt.Fprintf(w, "%s (%s) → %s (%s): %d %s, %.0f t, departing %s\n", e.From.Name, e.From.ID, e.To.Name, e.To.ID,
		e.Cargo.Containers, e.Cargo.Size, e.Cargo.Tonnes, e.Depart.Format("2006-01-02 15:04 MST"))
	for _, n := range e.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintf(w, "%d Pareto-optimal itineraries (time, cost, CO2e), fastest first; times UTC\n", len(its))
	fmt.Fprintf(w, "%s\n\n", emissions.Method)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "#\tcorridor\ttime\tcost USD\tCO2e kg\tkm\tborders\ttransship\tgauge chg\twait\t")
	for i, it := range its {
		t := it.Total
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.0f\t%.0f\t%d\t%d\t%d\t%s\t\n", i+1, it.Corridor, duration(t.Hours), usd(t.CostUSD, t.CostUnknown), t.CO2eKg,
			t.DistanceKm, t.BorderCrossings, t.Transshipments, t.GaugeChanges, duration(t.WaitHours))
	}
	tw.Flush()
	for i, it := range its {
		fmt.Fprintf(w, "\n%d. %s — %s — %s → %s\n", i+1, it.Corridor, strings.Join(it.Countries, " "), stamp(it.Departure), stamp(it.Arrival))
		if it.Why != nil && it.Why.Text != "" {
			fmt.Fprintf(w, "   why: %s\n", it.Why.Text)
		}
		if c := costLine(&it); c != "" {
			fmt.Fprintf(w, "   cost: %s\n", c)
		}
		if r := ratesLine(it.Rates); r != "" {
			fmt.Fprintf(w, "   rates: %s\n", r)
		}
		if d := datedLine(it.Dated); d != "" {
			fmt.Fprintf(w, "   dated: %s\n", d)
		}
		writeLegsTable(w, &it)
	}
}

// costLine lists an itinerary's cost breakdown: "tariffs 1,349 (sea-cn-neur) ·
// thc-destination 268".
func costLine(it *route.Itinerary) string {
	if it.Total.CostUnknown || len(it.Total.Breakdown) == 0 {
		return ""
	}
	parts := make([]string, 0, len(it.Total.Breakdown))
	for _, l := range it.Total.Breakdown {
		label := l.Kind
		if l.Kind == "tariff" {
			label = "tariffs"
			if l.ID != "" {
				label += " (" + l.ID + ")"
			} else {
				label += " (static)"
			}
		}
		parts = append(parts, label+" "+textfmt.Thousands(l.USD))
	}
	return strings.Join(parts, " · ") + " USD"
}

// ratesLine says which dated series priced an itinerary and how.
func ratesLine(r *route.Rates) string {
	if r == nil || len(r.Series) == 0 {
		return ""
	}
	parts := make([]string, 0, len(r.Series))
	for _, s := range r.Series {
		p := fmt.Sprintf("%s %s USD/FEU", s.ID, textfmt.Thousands(s.USD))
		switch s.Basis {
		case "published":
		case "carried-forward":
			p += " (latest published value carried forward)"
		case "carried-back":
			p += " (earliest published value carried back)"
		default:
			p += " (" + s.Basis + ")"
		}
		parts = append(parts, p)
	}
	return r.Month + ": " + strings.Join(parts, "; ")
}

// datedLine names the dated calibration parameters an itinerary ran on:
// "bd-eu-east-2024 border_dwell ×2.1 (2024-01..2024-07)".
func datedLine(ds []route.DatedParam) string {
	parts := make([]string, 0, len(ds))
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%s %s ×%s (%s..%s)", d.ID, d.Kind, strconv.FormatFloat(d.Value, 'g', 4, 64), d.From, d.To))
	}
	return strings.Join(parts, "; ")
}

// usd formats a cost for a table: whole dollars, or "unknown" when a
// tariff is missing (never 0 for unknown).
func usd(v float64, unknown bool) string {
	if unknown {
		return "unknown"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// usdUnit is usd with its unit: "1990 USD" or "cost unknown".
func usdUnit(v float64, unknown bool) string {
	if unknown {
		return "cost unknown"
	}
	return usd(v, false) + " USD"
}

// csvUSD formats a cost for CSV: empty when unknown.
func csvUSD(v float64, unknown bool) string {
	if unknown {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// writeLegsTable writes an itinerary's legs, one row each, with a row for
// each border after the leg that crosses it.
func writeLegsTable(w io.Writer, it *route.Itinerary) {
	var buf strings.Builder
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	next := 0 // the next border to write
	for j, l := range it.Legs {
		extra := ""
		if l.Service != "" {
			extra = " · " + l.Service + " (" + l.WaitBasis.String() + ")"
		}
		fmt.Fprintf(tw, "   %s\t%s → %s\t%s → %s\t%.0f km\t%s run\t%s wait\t%s border\t%s\t%.0f kg%s\n",
			modeGauge(l.Mode, l.GaugeMM), l.From.Name, l.To.Name, stamp(l.Departure), stamp(l.Arrival), l.DistanceKm,
			duration(l.Hours), duration(l.WaitHours+l.HandlingHours), duration(l.BorderHours), usdUnit(l.CostUSD, l.CostUnknown), l.CO2eKg, extra)
		for ; next < len(it.Borders) && it.Borders[next].Leg == j; next++ {
			b := &it.Borders[next]
			dwell := ""
			if b.DwellHours > 0 {
				dwell = duration(b.DwellHours) + " dwell"
			}
			fmt.Fprintf(tw, "   border\t%s\t\t\t\t\t%s\t\t\n", borderText(b), dwell)
		}
	}
	tw.Flush()
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		io.WriteString(w, strings.TrimRight(line, " \n"))
		if strings.HasSuffix(line, "\n") {
			io.WriteString(w, "\n")
		}
	}
}

// borderText names a crossing: "CN → KZ at Dostyk", "KZ → AZ at Alat, by ferry".
func borderText(b *route.Crossing) string {
	s := b.FromCountry + " → " + b.ToCountry + " at " + b.At.Name
	if b.BySea {
		s += ", by " + b.Mode
	}
	return s
}

// duration writes hours as people read them: "5.6 h", "33 d 2 h".
func duration(hours float64) string { return textfmt.Duration(hours) }

// stamp writes a time in UTC with its year: "2026-12-30 14:00".
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") }

// modeGauge writes a mode with its rail gauge, if any: "rail 1520 mm".
func modeGauge(mode string, gaugeMM int) string {
	if gaugeMM == 0 {
		return mode
	}
	return mode + " " + strconv.Itoa(gaugeMM) + " mm"
}

var legCSVHeader = []string{"itinerary", "corridor", "leg", "from", "from_name", "to", "to_name", "mode", "gauge_mm",
	"service", "wait_basis", "distance_km", "hours", "wait_hours", "handling_hours", "border_hours", "cost_usd", "co2e_kg",
	"departure", "arrival"}

func writeLegsCSV(w io.Writer, its []route.Itinerary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(legCSVHeader); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for i, it := range its {
		for j, l := range it.Legs {
			gauge := ""
			if l.GaugeMM != 0 {
				gauge = strconv.Itoa(l.GaugeMM)
			}
			rec := []string{strconv.Itoa(i + 1), it.Corridor, strconv.Itoa(j + 1), l.From.ID, l.From.Name, l.To.ID, l.To.Name,
				l.Mode, gauge, l.Service, l.WaitBasis.String(), f(l.DistanceKm), f(l.Hours), f(l.WaitHours), f(l.HandlingHours),
				f(l.BorderHours), csvUSD(l.CostUSD, l.CostUnknown), f(l.CO2eKg), l.Departure.Format(time.RFC3339), l.Arrival.Format(time.RFC3339)}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeLegsGeoJSON(w io.Writer, its []route.Itinerary) error {
	type feature struct {
		Type     string `json:"type"`
		Geometry struct {
			Type        string       `json:"type"`
			Coordinates [][2]float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	var fs []feature
	for i, it := range its {
		for j, l := range it.Legs {
			var ft feature
			ft.Type = "Feature"
			ft.Geometry.Type = "LineString"
			ft.Geometry.Coordinates = l.Coordinates
			b, err := json.Marshal(l)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(b, &ft.Properties); err != nil {
				return err
			}
			delete(ft.Properties, "coordinates")
			ft.Properties["itinerary"] = i + 1
			ft.Properties["corridor"] = it.Corridor
			ft.Properties["leg"] = j + 1
			fs = append(fs, ft)
		}
	}
	return writeJSON(w, map[string]any{"type": "FeatureCollection", "features": fs})
}

func newCompareCmd() *cobra.Command {
	var f routeFlags
	var objective string
	c := &cobra.Command{
		Use:   "compare --from A --to B [flags]",
		Short: "Compare corridors: the best itinerary of each, side by side",
		Long: `For every corridor of the network (middle, northern, maritime-suez, maritime-cape,
instc, ...), find the best itinerary by the chosen objective among all itineraries
classified as that corridor — the classification route uses (a Suez passage, a
Caspian crossing, Iran, Russian rail, ...; see the README) — and show them side
by side. A corridor with no itinerary says why.`,
		Example: `  corridor compare --from "Xi'an" --to Duisburg
  corridor compare --from Chengdu --to Budapest --objective cost --format json
  corridor compare --from Shanghai --to Milan --avoid-countries RU,BY --objective generalised`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(f.format, routeFormats...); err != nil {
				return err
			}
			if f.maxRes < 0 {
				return badInput("--max-results: must be 0 (every corridor) or more, got %d", f.maxRes)
			}
			svc, req, done, err := f.serviceRequest(cmd)
			if err != nil {
				return err
			}
			defer done()
			req.Objective = objective
			req.MaxResults = 0 // the corridors' search needs the whole front; --max-results cuts the corridors below
			cmp, err := svc.Compare(cmd.Context(), req)
			if err != nil {
				return err
			}
			if f.maxRes > 0 {
				obj, err := route.ParseObjective(cmp.Objective)
				if err != nil {
					return err
				}
				cmp.Corridors = bestCorridors(cmp.Corridors, obj, f.maxRes)
			}
			w := cmd.OutOrStdout()
			if wrote, err := writeItineraries(w, f.format, cmp, compareItineraries(cmp.Corridors)); wrote {
				return err
			}
			e := cmp.Query
			writeSnaps(w, cmp.Snaps)
			fmt.Fprintf(w, "%s (%s) → %s (%s), best by %s\n%s\n\n", e.From.Name, e.From.ID, e.To.Name, e.To.ID, cmp.Objective, cmp.EmissionsMethod)
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "corridor\ttime\tcost USD\tCO2e kg\tkm\tborders\ttransship\troute")
			for _, cb := range cmp.Corridors {
				if cb.Best == nil {
					fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\t-\t%s\n", cb.Corridor, cb.Infeasible)
					continue
				}
				t := cb.Best.Total
				fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f\t%.0f\t%d\t%d\t%s\n", cb.Corridor, duration(t.Hours), usd(t.CostUSD, t.CostUnknown), t.CO2eKg, t.DistanceKm,
					t.BorderCrossings, t.Transshipments, cb.Best.Summary)
			}
			return tw.Flush()
		},
	}
	f.register(c.Flags(), "table, json, csv (the legs of each corridor's best itinerary) or geojson (the same legs as lines)")
	c.Flags().IntVar(&f.maxRes, "max-results", 0, "show only this many corridors, the best by --objective first (0 = every corridor, in network order)")
	c.Flags().StringVar(&objective, "objective", "time", "what 'best' means: time, cost, co2e or generalised")
	return c
}
