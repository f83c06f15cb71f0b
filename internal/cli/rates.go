package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"corridor/network"
	"corridor/service"
)

func newRatesCmd() *cobra.Command {
	var dir, format, from, to string
	c := &cobra.Command{
		Use:   "rates",
		Short: "List and print the dated rate series that price the network's links",
		Long: `Rate series are published prices (USD per FEU by month, each value with its
source) that drive the tariffs of a group of links: on a departure date each
such link costs its static tariff times the series factor (see docs/DATA.md,
"Dated rates"). Months between published values are interpolated; outside
the series the nearest value is carried, and output says so.`,
		Example: `  corridor rates list
  corridor rates show sea-cn-neur --from 2021-01 --to 2024-12
  corridor rates show rail-1520-erai --format csv`,
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the rate series",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "table", "json"); err != nil {
				return err
			}
			g, _, err := loadNetwork(cmd.Context(), dir)
			if err != nil {
				return err
			}
			out := service.RateSeriesList(g)
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 2, 2, ' ', 0)
			fmt.Fprintln(w, "id\tvalues\tmonths\tlane\tdrives\treference trip\tname")
			for _, s := range out {
				ref, drives := "—", s.Drives
				if s.RefFrom != "" {
					ref = s.RefFrom + " → " + s.RefTo
				}
				if drives == "" {
					drives = "(reference only)"
				}
				fmt.Fprintf(w, "%s\t%d\t%s – %s\t%s\t%s\t%s\t%s\n", s.ID, s.Published, s.FirstMonth, s.LastMonth, dash(s.Lane), drives, ref, s.Name)
			}
			return w.Flush()
		},
	}
	show := &cobra.Command{
		Use:   "show SERIES",
		Short: "Print a series month by month, saying which values are published",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if err := checkFormat(format, "table", "json", "csv"); err != nil {
				return err
			}
			g, _, err := loadNetwork(cmd.Context(), dir)
			if err != nil {
				return err
			}
			for _, f := range []struct{ flag, v string }{{"--from", from}, {"--to", to}} {
				if _, err := network.ParseMonth(f.v); f.v != "" && err != nil {
					return badInput("%s: %v", f.flag, err)
				}
			}
			if from != "" && to != "" && to < from {
				return badInput("--to %s is before --from %s", to, from)
			}
			j, err := service.RateSeries(g, a[0], from, to)
			if err != nil {
				return err
			}
			s, _ := g.RateSeriesByID(a[0])
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(j)
			case "csv":
				w := csv.NewWriter(out)
				w.Write([]string{"series", "month", "usd_per_feu", "basis", "via", "source"})
				for _, p := range j.Values {
					w.Write([]string{s.ID, p.Month.String(), strconv.FormatFloat(p.USD, 'f', -1, 64), p.Basis.String(), p.Via, strings.Join(p.Sources, ";")})
				}
				w.Flush()
				return w.Error()
			}
			fmt.Fprintf(out, "%s — %s (USD per FEU)\n", s.ID, s.Name)
			if j.Drives != "" {
				fmt.Fprintf(out, "drives %s; reference trip %s → %s: static tariffs %.0f + handling %.0f USD/FEU\n", j.Drives, j.RefFrom, j.RefTo, j.BaseUSD, j.HandlingUSD)
			} else {
				fmt.Fprintln(out, "reference only: drives no link")
			}
			// the via column only where a value priced a trip off the reference trip
			via := slices.ContainsFunc(j.Values, func(p network.RatePoint) bool { return p.Via != "" })
			w := tabwriter.NewWriter(out, 0, 2, 2, ' ', tabwriter.AlignRight)
			if via {
				fmt.Fprintln(w, "month\tUSD/FEU\tbasis\tvia\t")
			} else {
				fmt.Fprintln(w, "month\tUSD/FEU\tbasis\t")
			}
			for _, p := range j.Values {
				if via {
					fmt.Fprintf(w, "%s\t%.0f\t%s\t%s\t\n", p.Month, p.USD, p.Basis, p.Via)
				} else {
					fmt.Fprintf(w, "%s\t%.0f\t%s\t\n", p.Month, p.USD, p.Basis)
				}
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if via {
				fmt.Fprintln(out, "via: the value was published for the trip through that node (the way the carriers sailed that month); that trip costs it too")
			}
			return nil
		},
	}
	for _, sub := range []*cobra.Command{list, show} {
		sub.Flags().StringVar(&dir, "network", "", "network folder (default: the bundled network)")
		sub.Flags().StringVar(&format, "format", "table", "output: table or json (show: also csv)")
	}
	show.Flags().StringVar(&from, "from", "", "first month YYYY-MM (default: the first published)")
	show.Flags().StringVar(&to, "to", "", "last month YYYY-MM (default: the last published)")
	c.AddCommand(list, show)
	return c
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
