package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"corridor/errcode"
	"corridor/network"
)

func newDataCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "data",
		Short: "Validate, summarise and export a network",
		Long:  "Commands that work on network data: the bundled Eurasian network or a folder given with --network.",
	}
	c.AddCommand(newValidateCmd(), newStatsCmd(), newExportCmd(), newImportCmd(), newCheckCmd())
	return c
}

func newValidateCmd() *cobra.Command {
	var dir string
	c := &cobra.Command{
		Use:   "validate",
		Short: "Check a network and list every problem",
		Long: `Check a network's files. A valid network prints a one-line summary and exits 0;
an invalid one prints every problem (file:line: column: what was expected) and exits 2.`,
		Example: `  corridor data validate
  corridor data validate --network ./my-network`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			g, name, err := loadNetwork(cmd.Context(), dir)
			var ve *network.ValidationError
			if errors.As(err, &ve) {
				for _, p := range ve.Problems {
					fmt.Fprintln(cmd.OutOrStdout(), p.String())
				}
				n := len(ve.Problems)
				fmt.Fprintf(cmd.ErrOrStderr(), "invalid: %s: %d problem%s\n", name, n, plural(n))
				return silent{errcode.Invalid}
			}
			if err != nil {
				return err
			}
			s := g.Stats()
			fmt.Fprintf(cmd.OutOrStdout(), "valid: %s: %d nodes, %d links, %d services, %d countries, %d sources\n",
				name, s.Nodes, s.Links, s.Services, len(s.Countries), s.Sources)
			for _, n := range absentOptional(dir) {
				fmt.Fprintln(cmd.OutOrStdout(), "note: "+n)
			}
			return nil
		},
	}
	networkFlag(c, &dir)
	return c
}

// absentOptional names the optional files (docs/DATA.md) a CSV network
// folder does not have, saying what their absence means; nothing for the
// bundled network or an imported file.
func absentOptional(dir string) []string {
	if st, err := os.Stat(filepath.Join(dir, network.NodesFile)); dir == "" || err != nil || st.IsDir() {
		return nil
	}
	var notes []string
	for _, f := range []struct{ file, meaning string }{
		{network.ServicesFile, "no scheduled services: every link is usable at any time"},
		{network.GroupsFile, "no country groups"},
		{network.CorridorsFile, "no corridor names"},
	} {
		if _, err := os.Stat(filepath.Join(dir, f.file)); errors.Is(err, fs.ErrNotExist) {
			notes = append(notes, fmt.Sprintf("%s is absent (optional): %s", f.file, f.meaning))
		}
	}
	return notes
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func newStatsCmd() *cobra.Command {
	var dir, format string
	c := &cobra.Command{
		Use:   "stats",
		Short: "Summarise a network: counts of nodes, links, modes, corridors, countries",
		Example: `  corridor data stats
  corridor data stats --format json
  corridor data stats --network ./my-network --format json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "table", "json"); err != nil {
				return err
			}
			g, name, err := loadNetwork(cmd.Context(), dir)
			if err != nil {
				return err
			}
			s := g.Stats()
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			}
			writeStatsTable(cmd.OutOrStdout(), name, s)
			return nil
		},
	}
	networkFlag(c, &dir)
	c.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return c
}

func writeStatsTable(w io.Writer, name string, s network.Stats) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "network\t%s\n", name)
	fmt.Fprintf(tw, "nodes\t%d\n", s.Nodes)
	fmt.Fprintf(tw, "links (directed)\t%d\n", s.Links)
	fmt.Fprintf(tw, "services\t%d (%d with a weekly timetable)\n", s.Services, s.TimetabledServices)
	fmt.Fprintf(tw, "with a capacity\t%d records\n", s.WithCapacity)
	fmt.Fprintf(tw, "border crossings\t%d\n", s.BorderCrossings)
	fmt.Fprintf(tw, "length (km)\t%.0f\n", s.LengthKm)
	fmt.Fprintf(tw, "sources\t%d\n", s.Sources)
	fmt.Fprintf(tw, "countries (%d)\t%s\n", len(s.Countries), strings.Join(s.Countries, " "))
	fmt.Fprintf(tw, "modes\t%s\n", joinCounts(s.Modes))
	fmt.Fprintf(tw, "node kinds\t%s\n", joinCounts(s.Kinds))
	fmt.Fprintf(tw, "corridors (links)\t%s\n", joinCounts(s.Corridors))
	groups := make([]string, 0, len(s.GroupNodes))
	for code := range s.GroupNodes {
		groups = append(groups, code)
	}
	sort.Strings(groups)
	for _, code := range groups {
		fmt.Fprintf(tw, "%s members (nodes)\t%s\n", code, joinCounts(s.GroupNodes[code]))
	}
	tw.Flush()
}

func joinCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func newExportCmd() *cobra.Command {
	var dir, format, out string
	c := &cobra.Command{
		Use:   "export",
		Short: "Export a network as GeoJSON or as a flat CSV table of links",
		Long: `Export a network. geojson writes a FeatureCollection with a Point per node and a
LineString per directed link, each with its attributes as properties. csv writes one
row per directed link with its end nodes' names and countries.`,
		Example: `  corridor data export --format geojson > eurasia.geojson
  corridor data export --format csv --out links.csv`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			if err := checkFormat(format, "geojson", "csv"); err != nil {
				return err
			}
			g, _, err := loadNetwork(cmd.Context(), dir)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if out != "" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer func() {
					if cerr := f.Close(); err == nil {
						err = cerr
					}
				}()
				w = f
			}
			if format == "geojson" {
				return g.WriteGeoJSON(w)
			}
			return g.WriteLinkTable(w)
		},
	}
	networkFlag(c, &dir)
	c.Flags().StringVar(&format, "format", "geojson", "output format: geojson or csv")
	c.Flags().StringVarP(&out, "out", "o", "", "write to this file instead of standard output")
	return c
}
