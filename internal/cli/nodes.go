package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"corridor/errcode"
	"corridor/network"
)

// nodeJSON is a node as the CLI (and later the API) shows it.
type nodeJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Country string   `json:"country"`
	Lon     float64  `json:"lon"`
	Lat     float64  `json:"lat"`
	Aliases []string `json:"aliases,omitempty"`
}

func newNodesCmd() *cobra.Command {
	var dir, format, country string
	c := &cobra.Command{
		Use:   "nodes [QUERY]",
		Short: "Find places (nodes) by id or name (case- and accent-insensitive)",
		Long: `List the places whose id, name or an alias matches QUERY, best matches first.
Matching ignores case and accents, so "lodz" finds Łódź and "constanta" finds
Constanța. Without QUERY every place is listed. --country keeps the places in
one country (and the straits and canals it controls).`,
		Example: `  corridor nodes lodz
  corridor nodes suez
  corridor nodes --country KZ
  corridor nodes --format json xi`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "table", "json"); err != nil {
				return err
			}
			g, _, err := loadNetwork(cmd.Context(), dir)
			if err != nil {
				return err
			}
			q := ""
			if len(args) == 1 {
				q = args[0]
			}
			cc := strings.ToUpper(strings.TrimSpace(country))
			if cc != "" && !network.IsISO3166(cc) {
				return badInput("--country: %q is not an ISO 3166-1 alpha-2 country code", country)
			}
			ms := g.FindNodes(q)
			out := make([]nodeJSON, 0, len(ms))
			for _, m := range ms {
				n := g.Node(m.Node)
				if _, in := n.InCountry(map[string]bool{cc: true}); cc != "" && !in {
					continue
				}
				out = append(out, nodeJSON{n.ID, n.Name, n.Kind.String(), n.Country, n.Lon, n.Lat, n.Aliases})
			}
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			if len(out) == 0 {
				msg := fmt.Sprintf("no place matches %q", q)
				if cc != "" {
					msg += " in " + cc
				}
				if _, sugg, _ := g.Resolve(q); len(sugg) > 0 {
					msg += "; did you mean " + suggestionList(g, sugg) + "?"
				}
				fmt.Fprintln(cmd.ErrOrStderr(), msg)
				return silent{errcode.NotFound}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tKIND\tCOUNTRY")
			for _, n := range out {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.ID, n.Name, n.Kind, n.Country)
			}
			return tw.Flush()
		},
	}
	networkFlag(c, &dir)
	c.Flags().StringVar(&format, "format", "table", "output format: table or json")
	c.Flags().StringVar(&country, "country", "", "only places in this country (ISO 3166-1 alpha-2, e.g. KZ)")
	return c
}

// suggestionList formats nodes as `Name (ID)`, comma-separated.
func suggestionList(g *network.Graph, ids []network.NodeID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		n := g.Node(id)
		parts[i] = fmt.Sprintf("%s (%s)", n.Name, n.ID)
	}
	return strings.Join(parts, ", ")
}
