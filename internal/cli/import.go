package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"corridor/netimport"
	"corridor/network"
)

// loadImported loads path when it is a GeoJSON file (.geojson, .json) or a
// folder holding a *_net.tntp file, with the import defaults; ok is false
// for anything else (a CSV network folder).
func loadImported(ctx context.Context, path string) (g *network.Graph, ok bool, err error) {
	st, statErr := os.Stat(path)
	if statErr != nil {
		return nil, false, nil
	}
	ext := strings.ToLower(filepath.Ext(path))
	if !st.IsDir() && (ext == ".geojson" || ext == ".json") {
		g, _, err := netimport.ReadGeoJSONFile(ctx, path, netimport.GeoJSONOptions{})
		return g, true, err
	}
	if st.IsDir() {
		if _, err := os.Stat(filepath.Join(path, network.NodesFile)); err == nil {
			return nil, false, nil
		}
		if m, _ := filepath.Glob(filepath.Join(path, "*_net.tntp")); len(m) > 0 {
			t, err := netimport.ReadTNTP(ctx, path)
			if err != nil {
				return nil, true, err
			}
			g, _, err := t.Graph(ctx, netimport.GraphOptions{})
			return g, true, err
		}
	}
	return nil, false, nil
}

func newImportCmd() *cobra.Command {
	var (
		format, mode, out, country, report string
		tolerance, speed, collapseKm       float64
		largest, inferMeta, keepVertices   bool
	)
	c := &cobra.Command{
		Use:   "import --format geojson|tntp FILE|DIR",
		Short: "Import a GeoJSON line network or a TNTP road network",
		Long: `Import a network made elsewhere, report what was found, and optionally save it as
a network folder (--out) in corridor's CSV format.

geojson: LineStrings (and MultiLineStrings) become links measured along the great
circle in km; positions become vertices, positions closer than --tolerance-m are
merged, and -180/+180 on the same latitude is one place (the antimeridian is
stitched). Line ends, junctions, places where features meet or properties change
become nodes (V1, V2, ...); the vertices in between are collapsed: a chain of
segments becomes one link of their summed length, drawn straight, cut into links of
at most --collapse-km (default 10, -1 no limit) so that coordinates snap near the
line. --keep-vertices makes every vertex a node (one link per segment). The report
gives vertices, collapsed vertices, links, merges and connected components;
--largest-component keeps only the largest. Feature properties mode,
speed_kmh, energy, gauge_mm, direction (or oneway), tariff_usd_per_km and
capacity_teu_year are used when present.

tntp: DIR holds <name>_net.tntp and optionally _trips, _node and _flow files (the
format of github.com/bstabler/TransportationNetworks). Links become road links with
their length and free-flow time in km and hours (units from the network's README when
known); BPR parameters, tolls, demand and flows are reported and kept for assignment.

route, compare and serve also accept a .geojson file or a TNTP folder as --network
directly, imported with the defaults.`,
		Example: `  corridor data import --format geojson ../shared/data/marnet/marnet_densified.geojson
  corridor data import --format geojson --mode rail --speed-kmh 45 lines.geojson --out ./rail-net
  corridor data import --format geojson --largest-component --report json lanes.geojson
  corridor data import --format tntp ../shared/data/tntp/SiouxFalls --country US --out ./siouxfalls`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if err := checkFormat(format, "geojson", "tntp"); err != nil {
				return err
			}
			if report != "table" && report != "json" {
				return badInput("unknown --report %q (expected table or json)", report)
			}
			if country != "" && !network.IsISO3166(country) {
				return badInput("--country %q is not an ISO 3166-1 alpha-2 code", country)
			}
			w := cmd.OutOrStdout()
			var g *network.Graph
			switch format {
			case "geojson":
				m, err := network.ParseMode(mode)
				if err != nil {
					return badInput("--mode: %v", err)
				}
				if speed < 0 || speed > 1000 {
					return badInput("--speed-kmh must be between 0 and 1000")
				}
				if collapseKm == 0 {
					return badInput("--collapse-km must be above 0 (or -1: no limit); --keep-vertices keeps every vertex")
				}
				opts := netimport.GeoJSONOptions{Mode: m, SpeedKmh: speed, ToleranceM: tolerance, LargestComponent: largest,
					KeepVertices: keepVertices, CollapseKm: collapseKm}
				if tolerance == 0 {
					opts.ToleranceM = -1 // flag 0 = identical positions only
				}
				var rep *netimport.Report
				g, rep, err = netimport.ReadGeoJSONFile(cmd.Context(), a[0], opts)
				if err != nil {
					return err
				}
				if report == "json" {
					if err := writeJSON(w, rep); err != nil {
						return err
					}
				} else {
					writeGeoJSONReport(w, a[0], tolerance, rep)
				}
			case "tntp":
				if out != "" && country == "" {
					return badInput("--out with --format tntp needs --country (the CSV format requires a country on road nodes)")
				}
				t, err := netimport.ReadTNTPWith(cmd.Context(), a[0], netimport.TNTPReadOptions{InferMetadata: inferMeta})
				if err != nil {
					return err
				}
				var rep *netimport.GraphReport
				g, rep, err = t.Graph(cmd.Context(), netimport.GraphOptions{Country: country})
				if err != nil {
					return err
				}
				if report == "json" {
					if err := writeJSON(w, tntpSummary(t, rep)); err != nil {
						return err
					}
				} else {
					writeTNTPReport(w, t, rep)
				}
			}
			if out != "" {
				if err := netimport.WriteNetwork(g, out); err != nil {
					return err
				}
				if _, err := network.Load(out); err != nil {
					return fmt.Errorf("the written network does not load back: %w", err)
				}
				if report == "table" {
					fmt.Fprintf(w, "written: %s (loads with --network %s)\n", out, out)
				}
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&format, "format", "", "input format: geojson or tntp (required)")
	fl.StringVar(&mode, "mode", "sea", "geojson: mode of the links unless a feature says otherwise (rail, road, sea, ferry, iww)")
	fl.Float64Var(&speed, "speed-kmh", 0, "geojson: link speed (default by mode: sea 16 kn = 29.6 km/h, rail 40, road 60)")
	fl.Float64Var(&tolerance, "tolerance-m", 10, "geojson: merge positions closer than this many metres (0 = identical only)")
	fl.BoolVar(&largest, "largest-component", false, "geojson: keep only the largest connected component")
	fl.BoolVar(&keepVertices, "keep-vertices", false, "geojson: make every vertex a node (default: chains between junctions and line ends are collapsed into links)")
	fl.Float64Var(&collapseKm, "collapse-km", 10, "geojson: longest link a collapsed chain makes (-1: no limit)")
	fl.BoolVar(&inferMeta, "infer-metadata", false, "tntp: accept a _net file without <NUMBER OF ZONES>, <NUMBER OF NODES>, <FIRST THRU NODE> or <NUMBER OF LINKS>, inferring them from the links")
	fl.StringVar(&country, "country", "", "tntp: ISO code of the network's country, given to every node (needed with --out)")
	fl.StringVarP(&out, "out", "o", "", "save the imported network as a CSV network folder here")
	fl.StringVar(&report, "report", "table", "report format: table or json")
	return c
}

func writeGeoJSONReport(w io.Writer, path string, tol float64, r *netimport.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "file\t%s\n", path)
	fmt.Fprintf(tw, "features\t%d (%d lines", r.Features, r.LineFeatures)
	for t, n := range r.SkippedByType {
		fmt.Fprintf(tw, ", %d %s skipped", n, t)
	}
	fmt.Fprintf(tw, ")\n")
	fmt.Fprintf(tw, "positions, segments\t%d, %d\n", r.Positions, r.Segments)
	fmt.Fprintf(tw, "vertices\t%d (%d positions merged within %g m, %d stitched across the antimeridian)\n",
		r.Vertices, r.MergedPositions, tol, r.AntimeridianStitched)
	fmt.Fprintf(tw, "segments dropped\t%d zero-length, %d duplicate\n", r.ZeroLengthSegments, r.DuplicateSegments)
	fmt.Fprintf(tw, "collapsed\t%d vertices inside chains made one link\n", r.CollapsedVertices)
	fmt.Fprintf(tw, "components\t%d (largest: %s)\n", r.Components, joinInts(r.ComponentSizes))
	if r.DroppedVertices > 0 {
		fmt.Fprintf(tw, "dropped\t%d vertices outside the largest component\n", r.DroppedVertices)
	}
	fmt.Fprintf(tw, "imported\t%d nodes, %d links (%d directed), %.0f km\n", r.Nodes, r.Edges, r.DirectedLinks, r.LengthKm)
	tw.Flush()
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

type tntpDoc struct {
	Name          string                 `json:"name"`
	Files         []string               `json:"files"`
	Zones         int                    `json:"zones"`
	Nodes         int                    `json:"nodes"`
	FirstThruNode int                    `json:"first_thru_node"`
	Links         int                    `json:"links"`
	ODEntries     int                    `json:"od_entries"`
	TotalDemand   float64                `json:"total_demand"`
	HasFlows      bool                   `json:"has_flows"`
	Graph         *netimport.GraphReport `json:"graph"`
	Warnings      []string               `json:"warnings,omitempty"`
}

func tntpSummary(t *netimport.TNTP, rep *netimport.GraphReport) tntpDoc {
	sum := 0.0
	for _, d := range t.Demand {
		sum += d
	}
	return tntpDoc{t.Name, t.Files, t.Zones, t.Nodes, t.FirstThruNode, t.NumLinks(), len(t.Demand), sum, t.FlowVolume != nil, rep, t.Warnings}
}

func writeTNTPReport(w io.Writer, t *netimport.TNTP, rep *netimport.GraphReport) {
	d := tntpSummary(t, rep)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "network\t%s (%s)\n", d.Name, strings.Join(d.Files, ", "))
	fmt.Fprintf(tw, "zones, nodes\t%d, %d (first thru node %d)\n", d.Zones, d.Nodes, d.FirstThruNode)
	fmt.Fprintf(tw, "links\t%d (BPR t0, b, power, capacity, toll kept for assignment)\n", d.Links)
	fmt.Fprintf(tw, "demand\t%d OD entries, total %.2f\n", d.ODEntries, d.TotalDemand)
	fmt.Fprintf(tw, "best-known flows\t%v\n", d.HasFlows)
	fmt.Fprintf(tw, "graph\t%d nodes (%d unused left out), %d road links; coordinates %s\n", rep.Nodes, rep.UnusedNodes, rep.Links, rep.Coordinates)
	fmt.Fprintf(tw, "units\t1 length unit = %g km, 1 time unit = %g h; %d zero-length and %d zero-time links given a minimum\n",
		rep.LengthKmPerUnit, rep.TimeHPerUnit, rep.ZeroLength, rep.ZeroTime)
	for _, x := range d.Warnings {
		fmt.Fprintf(tw, "warning\t%s\n", x)
	}
	tw.Flush()
}
