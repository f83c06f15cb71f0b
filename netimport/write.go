package netimport

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"corridor/network"
)

// WriteNetwork writes g as a network folder in the CSV format of
// docs/DATA.md (sources, groups, countries, corridors, nodes, links,
// services), creating dir if needed. Two links made from one row (twins)
// are written as one row with direction both. network.Load reads the folder
// back into an equal graph, provided every node that is not a waypoint or
// chokepoint has a country (the CSV format requires one).
func WriteNetwork(g *network.Graph, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	num := func(x float64) string {
		if x == 0 {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	list := func(xs []string) string { return strings.Join(xs, ";") }
	files := []struct {
		name   string
		header []string
		rows   func(emit func(...string))
	}{
		{network.SourcesFile, []string{"id", "title", "publisher", "year", "url", "note"}, func(emit func(...string)) {
			for _, s := range g.Sources() {
				emit(s.ID, s.Title, s.Publisher, strconv.Itoa(s.Year), s.URL, s.Note)
			}
		}},
		{network.GroupsFile, []string{"code", "name", "source"}, func(emit func(...string)) {
			for _, gr := range g.Groups() {
				emit(gr.Code, gr.Name, list(gr.Sources))
			}
		}},
		{network.CountriesFile, []string{"code", "name", "groups", "grid_gco2e_per_kwh", "grid_year", "source"}, func(emit func(...string)) {
			for _, c := range g.Countries() {
				year := ""
				if c.GridYear != 0 {
					year = strconv.Itoa(c.GridYear)
				}
				emit(c.Code, c.Name, list(c.Groups), num(c.GridGCO2ePerKWh), year, list(c.Sources))
			}
		}},
		{network.CorridorsFile, []string{"tag", "name", "description", "source"}, func(emit func(...string)) {
			for _, c := range g.Corridors() {
				emit(c.Tag, c.Name, c.Description, list(c.Sources))
			}
		}},
		{network.NodesFile, []string{"id", "name", "aliases", "kind", "country", "lon", "lat", "handling_hours", "handling_usd",
			"border_pair", "border_median_hours", "border_p90_hours", "capacity_teu_year", "source"}, func(emit func(...string)) {
			for i := 0; i < g.NumNodes(); i++ {
				n := g.Node(network.NodeID(i))
				pair := ""
				if n.BorderPair != network.None {
					pair = g.Node(n.BorderPair).ID
				}
				median, p90 := num(n.BorderMedianHours), num(n.BorderP90Hours)
				if n.Kind == network.Border && median == "" {
					median, p90 = "0", "0"
				}
				emit(n.ID, n.Name, list(n.Aliases), n.Kind.String(), n.Country, strconv.FormatFloat(n.Lon, 'f', -1, 64),
					strconv.FormatFloat(n.Lat, 'f', -1, 64), num(n.HandlingHours), num(n.HandlingUSD), pair, median, p90,
					num(n.CapacityTEUYear), list(n.Sources))
			}
		}},
		{network.LinksFile, []string{"id", "from", "to", "mode", "gauge_mm", "distance_km", "hours", "tariff_fixed_usd",
			"tariff_usd_per_km", "energy", "capacity_teu_year", "corridors", "direction", "source"}, func(emit func(...string)) {
			for i := 0; i < g.NumLinks(); i++ {
				k := g.Link(network.LinkID(i))
				if k.Reverse {
					continue // written with its twin
				}
				dir := "forward"
				if k.Twin != network.None {
					dir = "both"
				}
				gauge := ""
				if k.Gauge != 0 {
					gauge = strconv.Itoa(int(k.Gauge))
				}
				emit(k.ID, g.Node(k.From).ID, g.Node(k.To).ID, k.Mode.String(), gauge, strconv.FormatFloat(k.DistanceKm, 'f', -1, 64),
					strconv.FormatFloat(k.Hours, 'f', -1, 64), num(k.TariffFixedUSD), num(k.TariffUSDPerKm), k.Energy.String(),
					num(k.CapacityTEUYear), list(k.Corridors), dir, list(k.Sources))
			}
		}},
		{network.ServicesFile, []string{"id", "name", "operator", "link", "days", "per_week", "departure_utc", "capacity_teu",
			"reefer", "dg", "source"}, func(emit func(...string)) {
			for i := 0; i < g.NumServices(); i++ {
				s := g.Service(network.ServiceID(i))
				days, per, dep := "", "", ""
				if s.Timetabled() {
					days = s.Days.String()
					dep = fmt.Sprintf("%02d:%02d", s.DepartureMinute/60, s.DepartureMinute%60)
				} else {
					per = num(s.PerWeek)
				}
				emit(s.ID, s.Name, s.Operator, g.Link(s.Links[0]).ID, days, per, dep, num(s.CapacityTEU),
					strconv.FormatBool(s.Reefer), strconv.FormatBool(s.DG), list(s.Sources))
			}
		}},
	}
	for _, f := range files {
		if err := writeCSV(filepath.Join(dir, f.name), f.header, f.rows); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(path string, header []string, rows func(emit func(...string))) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := csv.NewWriter(f)
	if err := w.Write(header); err != nil {
		return err
	}
	rows(func(rec ...string) {
		if err == nil {
			err = w.Write(rec)
		}
	})
	if err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}
