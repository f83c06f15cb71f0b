package resilience

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"corridor/network"
)

// WriteCSV writes one row per outcome, in rank order.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"rank", "id", "name", "kind", "base_flow_teu_year", "impact_usd_year", "delta_cost_usd_year",
		"delta_teu_days_year", "delta_co2e_tonnes_year", "unserved_teu_year", "corridors", "gains", "iterations", "converged", "error"})
	for i, o := range r.Outcomes {
		var cs, gs []string
		for _, c := range o.Corridors {
			cs = append(cs, fmt.Sprintf("%s:%+.0f", c.Corridor, c.DeltaTEU))
		}
		for _, g := range o.Gains {
			gs = append(gs, fmt.Sprintf("%s:%+.0f", g.ID, g.DeltaTEU))
		}
		_ = cw.Write([]string{strconv.Itoa(i + 1), o.ID, o.Name, o.Kind, ftoa(o.BaseFlowTEU), ftoa(o.Impact), ftoa(o.DeltaCostUSD),
			ftoa(o.DeltaTEUDays), ftoa(o.DeltaCO2eTonnes), ftoa(o.UnservedTEU), strings.Join(cs, ";"), strings.Join(gs, ";"),
			strconv.Itoa(o.Iterations), strconv.FormatBool(o.Converged), o.Error})
	}
	cw.Flush()
	return cw.Error()
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// WriteGeoJSON writes one feature per outcome: its links as a
// MultiLineString, or its nodes as a MultiPoint when it has no link, with
// the outcome's figures and rank as properties.
func WriteGeoJSON(w io.Writer, g *network.Graph, r *Report) error {
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	pt := func(n network.NodeID) [2]float64 { nd := g.Node(n); return [2]float64{nd.Lon, nd.Lat} }
	fs := []feature{}
	for i, o := range r.Outcomes {
		props := map[string]any{"rank": i + 1, "id": o.ID, "name": o.Name, "kind": o.Kind, "base_flow_teu_year": o.BaseFlowTEU,
			"impact_usd_year": o.Impact, "delta_cost_usd_year": o.DeltaCostUSD, "delta_teu_days_year": o.DeltaTEUDays,
			"delta_co2e_tonnes_year": o.DeltaCO2eTonnes, "unserved_teu_year": o.UnservedTEU}
		var geom map[string]any
		if len(o.Links) > 0 {
			var lines [][][2]float64
			for _, l := range o.Links {
				lk := g.Link(l)
				if lk.Reverse && lk.Twin != network.None {
					continue
				}
				lines = append(lines, [][2]float64{pt(lk.From), pt(lk.To)})
			}
			geom = map[string]any{"type": "MultiLineString", "coordinates": lines}
		} else {
			var ps [][2]float64
			for _, n := range o.Nodes {
				ps = append(ps, pt(n))
			}
			geom = map[string]any{"type": "MultiPoint", "coordinates": ps}
		}
		fs = append(fs, feature{"Feature", geom, props})
	}
	return json.NewEncoder(w).Encode(map[string]any{"type": "FeatureCollection", "features": fs})
}

// WriteTable writes the top outcomes as an aligned text table with the
// baseline and the conventions of the run.
func WriteTable(w io.Writer, r *Report, top int) error {
	b := r.Baseline
	fmt.Fprintf(w, "Baseline: %.0f TEU a year served, generalised cost %.4g USD, %.4g TEU-days, %.4g t CO2e (WTW)\n",
		b.ServedTEU, b.CostUSD, b.TEUDays, b.CO2eTonnes)
	what := "removed"
	switch r.Disruption.Action {
	case Capacity:
		what = fmt.Sprintf("capacity cut by %.0f%%", 100*r.Disruption.Share)
	case Delay:
		what = fmt.Sprintf("+%g h per passage", r.Disruption.Hours)
	}
	fmt.Fprintf(w, "Each case: its elements %s; impact = Δ generalised cost + unserved TEU × %.0f USD; %d cases in %.1f s (%s)\n\n",
		what, r.UnservedUSDPerTEU, len(r.Outcomes), r.Seconds, map[bool]string{true: "warm-started", false: "cold"}[r.Warm])
	fmt.Fprintf(w, "%4s  %-34s %-10s %12s %14s %14s %12s %12s  %s\n", "rank", "element", "kind", "base TEU", "impact USD", "Δ TEU-days", "Δ t CO2e", "unserved", "flow moves to")
	for i, o := range r.Outcomes {
		if top > 0 && i >= top {
			break
		}
		if o.Error != "" {
			fmt.Fprintf(w, "%4d  %-34s %-10s failed: %s\n", i+1, clip(o.ID, 34), o.Kind, o.Error)
			continue
		}
		var cs []string
		for k, c := range o.Corridors {
			if k == 3 {
				break
			}
			cs = append(cs, fmt.Sprintf("%s %+.0f", c.Corridor, c.DeltaTEU))
		}
		fmt.Fprintf(w, "%4d  %-34s %-10s %12.0f %14.4g %14.4g %12.4g %12.0f  %s\n", i+1, clip(o.ID, 34), o.Kind, o.BaseFlowTEU,
			o.Impact, o.DeltaTEUDays, o.DeltaCO2eTonnes, o.UnservedTEU, strings.Join(cs, ", "))
	}
	return nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
