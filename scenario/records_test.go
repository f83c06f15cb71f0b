package scenario_test

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"corridor/errcode"
	"corridor/network"
	"corridor/scenario"
)

// records are the nodes, links and services of a network or of a case.
type records struct {
	nodes    []network.NodeRecord
	links    []network.LinkRecord
	services []network.ServiceRecord
}

// recordsBase is a small valid network: two cities in KZ, a border pair
// KZ–CN, joined by rail and road.
var recordsBase = records{
	nodes: []network.NodeRecord{
		{ID: "KZA", Name: "Alpha", Kind: "city", Country: "KZ", Lon: 70, Lat: 45},
		{ID: "KZB", Name: "Beta", Kind: "city", Country: "KZ", Lon: 71, Lat: 46},
		{ID: "KZBRD", Name: "Border KZ", Kind: "border", Country: "KZ", Lon: 80, Lat: 45, BorderPair: "CNBRD", BorderMedianHours: network.Given(10), BorderP90Hours: network.Given(30)},
		{ID: "CNBRD", Name: "Border CN", Kind: "border", Country: "CN", Lon: 80.1, Lat: 45, BorderPair: "KZBRD", BorderMedianHours: network.Given(5), BorderP90Hours: network.Given(20)},
	},
	links: []network.LinkRecord{
		{ID: "L1", From: "KZA", To: "KZB", Mode: "road", DistanceKm: 140, SpeedKmh: 60, Energy: "diesel"},
		{ID: "L2", From: "KZB", To: "KZBRD", Mode: "rail", GaugeMM: 1520, DistanceKm: 900, SpeedKmh: 40, Energy: "electric"},
		{ID: "L3", From: "KZBRD", To: "CNBRD", Mode: "rail", GaugeMM: 1520, DistanceKm: 12, Hours: 2, Energy: "electric"},
	},
	services: []network.ServiceRecord{
		{ID: "S1", Name: "shuttle", Link: "L1", PerWeek: 3, Reefer: true, DG: true},
	},
}

// A linked city: a node of the case that is not meant to be isolated.
func city(id string) network.NodeRecord {
	return network.NodeRecord{ID: id, Name: id, Kind: "city", Country: "KZ", Lon: 72, Lat: 44}
}

func road(id, from, to string) network.LinkRecord {
	return network.LinkRecord{ID: id, From: from, To: to, Mode: "road", DistanceKm: 10, SpeedKmh: 50, Energy: "diesel"}
}

func border(id, country, pair string) network.NodeRecord {
	return network.NodeRecord{ID: id, Name: id, Kind: "border", Country: country, Lon: 81, Lat: 44, BorderPair: pair,
		BorderMedianHours: network.Given(4), BorderP90Hours: network.Given(8)}
}

// TestRecordRulesAgree runs every broken record through the three front
// ends (CSV loader, Builder, scenario.Apply) and asserts the same verdict:
// a problem with the same field and message (table names aside).
func TestRecordRulesAgree(t *testing.T) {
	link := func(f func(*network.LinkRecord)) network.LinkRecord {
		k := road("LX", "KZA", "KZB")
		f(&k)
		return k
	}
	service := func(f func(*network.ServiceRecord)) network.ServiceRecord {
		s := network.ServiceRecord{ID: "SX", Name: "x", Link: "L1", PerWeek: 1, Reefer: true, DG: true}
		f(&s)
		return s
	}
	node := func(f func(*network.NodeRecord)) network.NodeRecord {
		n := city("KZX")
		f(&n)
		return n
	}
	linked := []network.LinkRecord{road("LX", "KZX", "KZA")}
	cases := []struct {
		name  string
		add   records
		field string
		msg   string
	}{
		{"bad id", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.ID = "kz x" })}},
			"id", `must be upper-case letters, digits, '-' or '_', starting with a letter or digit, got "kz x"`},
		{"duplicate id", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.ID = "KZA" })}},
			"id", `duplicate id "KZA"`},
		{"missing name", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.Name = "" })}, links: linked},
			"name", "value is required"},
		{"unknown kind", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.Kind = "castle" })}, links: linked},
			"kind", `unknown kind "castle" (expected one of city, dry_port, seaport, border, junction, waypoint, chokepoint)`},
		{"bad country code", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.Country = "XX" })}, links: linked},
			"country", `"XX" is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. KZ)`},
		{"country not in the network", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.Country = "FR" })}, links: linked},
			"country", `country "FR" is not in countries`},
		{"longitude out of range", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.Lon = 196.5 })}, links: linked},
			"lon", "must be between -180 and 180, got 196.5"},
		{"negative handling cost", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.HandlingUSD = -3 })}, links: linked},
			"handling_usd", "must not be negative, got -3"},
		{"controlled_by on a city", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.ControlledBy = []string{"KZ"} })}, links: linked},
			"controlled_by", "only a chokepoint is controlled by countries (kind is city); a node's own country is the country column"},
		{"controlled_by bad code", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.Kind, n.Country, n.ControlledBy = "chokepoint", "", []string{"XX"} })}, links: linked},
			"controlled_by", `"XX" is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. EG)`},
		{"controlled_by twice", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) {
			n.Kind, n.Country, n.ControlledBy = "chokepoint", "", []string{"KZ", "CN", "KZ"}
		})}, links: linked},
			"controlled_by", "KZ is listed twice"},
		{"controlled_by not in the network", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.Kind, n.Country, n.ControlledBy = "chokepoint", "", []string{"EG"} })}, links: linked},
			"controlled_by", `country "EG" is not in countries`},
		{"pair on a city", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { n.BorderPair = "KZBRD" })}, links: linked},
			"border_pair", "only border nodes have a border pair (kind is city)"},
		{"border without dwell", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { *n = border("KZX", "KZ", "CNBRD"); n.BorderP90Hours = nil })}, links: linked},
			"border_median_hours", "a border node needs border_median_hours and border_p90_hours"},
		{"p90 below median", records{nodes: []network.NodeRecord{node(func(n *network.NodeRecord) { *n = border("KZX", "KZ", "CNBRD"); n.BorderP90Hours = network.Given(2) })}, links: linked},
			"border_p90_hours", "p90 (2 h) must not be below the median (4 h)"},
		{"self-paired border", records{nodes: []network.NodeRecord{border("KZX", "KZ", "KZX")}, links: linked},
			"border_pair", "a border node cannot be its own pair"},
		{"border pair in one country", records{nodes: []network.NodeRecord{border("KZX", "KZ", "KZY"), border("KZY", "KZ", "KZX")},
			links: []network.LinkRecord{road("LX", "KZX", "KZY"), road("LY", "KZY", "KZA")}},
			"border_pair", `"KZY" is in the same country (KZ); a border pair joins two countries`},
		{"pair not a border node", records{nodes: []network.NodeRecord{border("CNX", "CN", "KZA")}, links: []network.LinkRecord{road("LX", "CNX", "KZA")}},
			"border_pair", `"KZA" is a city node, not a border node`},
		{"non-reciprocal pair", records{nodes: []network.NodeRecord{border("CNX", "CN", "KZBRD")}, links: []network.LinkRecord{road("LX", "CNX", "KZBRD")}},
			"border_pair", "CNX names KZBRD as its pair, but KZBRD names CNBRD"},
		{"unreachable pair", records{nodes: []network.NodeRecord{border("CNX", "CN", "KZY"), border("KZY", "KZ", "CNX")},
			links: []network.LinkRecord{road("LX", "CNX", "KZA"), road("LY", "KZY", "KZA")}},
			"border_pair", "border pair CNX–KZY is unreachable: no link joins the two sides"},
		{"isolated node", records{nodes: []network.NodeRecord{city("KZX")}},
			"id", "node KZX has no links (every node must be reachable)"},
		{"unknown link endpoint", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.To = "NOPE" })}},
			"to", `unknown node "NOPE" (not in nodes)`},
		{"self loop", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.To = "KZA" })}},
			"to", "a link cannot start and end at the same node (KZA)"},
		{"duplicate link id", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.ID = "L2" })}},
			"id", `duplicate id "L2"`},
		{"unknown mode", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.Mode = "hovercraft" })}},
			"mode", `unknown mode "hovercraft" (expected one of rail, road, sea, ferry, iww)`},
		{"unknown energy", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.Energy = "steam" })}},
			"energy", `unknown energy "steam" (expected one of electric, diesel, fuel_oil, mgo, lng, mixed)`},
		{"gauge on a road", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.GaugeMM = 1435 })}},
			"gauge_mm", "only rail links have a gauge (mode is road); leave it empty"},
		{"rail without gauge", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.Mode, k.Energy = "rail", "electric" })}},
			"gauge_mm", "a rail link needs its gauge: 1435, 1520, 1668 or 1676"},
		{"unknown gauge", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.Mode, k.GaugeMM = "rail", 1000 })}},
			"gauge_mm", `expected 1435, 1520, 1668 or 1676, got "1000"`},
		{"negative length", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.DistanceKm = -5 })}},
			"distance_km", "must be greater than 0, got -5"},
		{"negative cost", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.TariffUSDPerKm = -0.5 })}},
			"tariff_usd_per_km", "must not be negative, got -0.5"},
		{"negative time", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.SpeedKmh, k.Hours = 0, -2 })}},
			"hours", "must be greater than 0, got -2"},
		{"speed and hours", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.Hours = 3 })}},
			"speed_kmh", "give speed_kmh or hours, not both"},
		{"too fast", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.SpeedKmh = 1200 })}},
			"speed_kmh", "1200 km/h is not a freight speed (expected at most 1000)"},
		{"bad direction", records{links: []network.LinkRecord{link(func(k *network.LinkRecord) { k.Direction = "backward" })}},
			"direction", `expected both or forward, got "backward"`},
		{"service on unknown link", records{services: []network.ServiceRecord{service(func(s *network.ServiceRecord) { s.Link = "L9" })}},
			"link", `unknown link "L9" (not in links)`},
		{"service on a reverse link", records{services: []network.ServiceRecord{service(func(s *network.ServiceRecord) { s.Link = "L1~r" })}},
			"link", `unknown link "L1~r" (not in links)`},
		{"duplicate service id", records{services: []network.ServiceRecord{service(func(s *network.ServiceRecord) { s.ID = "S1" })}},
			"id", `duplicate id "S1"`},
		{"service days and per_week", records{services: []network.ServiceRecord{service(func(s *network.ServiceRecord) { s.Days = []string{"Mon"} })}},
			"days", "give days (a timetable) or per_week (a frequency), not both"},
		{"service bad weekday", records{services: []network.ServiceRecord{service(func(s *network.ServiceRecord) { s.PerWeek, s.Days = 0, []string{"Thr"} })}},
			"days", `unknown weekday "Thr" (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)`},
		{"service bad departure", records{services: []network.ServiceRecord{service(func(s *network.ServiceRecord) {
			s.PerWeek, s.Days, s.DepartureUTC = 0, []string{"Mon"}, "25:00"
		})}},
			"departure_utc", `expected a time HH:MM (00:00 to 23:59), got "25:00"`},
		{"service too frequent", records{services: []network.ServiceRecord{service(func(s *network.ServiceRecord) { s.PerWeek = 500 })}},
			"per_week", "500 departures a week is more than one an hour; expected at most 168"},
		{"service negative capacity", records{services: []network.ServiceRecord{service(func(s *network.ServiceRecord) { s.CapacityTEU = -1 })}},
			"capacity_teu", "must be greater than 0, got -1"},
	}
	baseDir := writeCSVNetwork(t, records{})
	base, err := network.Load(baseDir)
	if err != nil {
		t.Fatalf("the base network does not load: %v", err)
	}
	fronts := []struct {
		name string
		run  func(t *testing.T, add records) ([]verdict, error)
	}{
		{"csv", loadCSV},
		{"builder", build},
		{"scenario", func(t *testing.T, add records) ([]verdict, error) { return applyScenario(base, add) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, fe := range fronts {
				got, err := fe.run(t, tc.add)
				if err == nil {
					t.Errorf("%s: accepted; want %s: %s", fe.name, tc.field, tc.msg)
					continue
				}
				if c, d := errcode.Of(err), errcode.Details(err); c != errcode.Invalid || len(d) != len(got) {
					t.Errorf("%s: code %v with %d details for %d problems, want invalid and one each", fe.name, c, len(d), len(got))
				}
				found := false
				for _, v := range got {
					found = found || v.field == tc.field && v.msg == tc.msg
				}
				if !found {
					t.Errorf("%s: no problem %s: %s in\n%v", fe.name, tc.field, tc.msg, err)
				}
			}
		})
	}
}

// verdict is a problem without its location: the field and the message
// (with the CSV loader's ".csv" dropped from table names).
type verdict struct{ field, msg string }

func fromValidation(err error) ([]verdict, error) {
	var ve *network.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	var out []verdict
	for _, p := range ve.Problems {
		out = append(out, verdict{p.Column, strings.ReplaceAll(p.Msg, ".csv", "")})
	}
	return out, err
}

func loadCSV(t *testing.T, add records) ([]verdict, error) {
	_, err := network.Load(writeCSVNetwork(t, add))
	return fromValidation(err)
}

func build(_ *testing.T, add records) ([]verdict, error) {
	b := network.NewBuilder()
	b.AddSource(network.Source{ID: "src", Title: "test", Publisher: "test", Year: 2026})
	for _, c := range []string{"CN", "KZ"} {
		b.AddCountry(network.Country{Code: c, Name: c, Sources: []string{"src"}})
	}
	src := []string{"src"}
	for _, rs := range []records{recordsBase, add} {
		for _, n := range rs.nodes {
			n.Sources = src
			b.AddNodeRecord(n)
		}
	}
	for _, rs := range []records{recordsBase, add} {
		for _, k := range rs.links {
			k.Sources = src
			b.AddLinkRecord(k)
		}
	}
	for _, rs := range []records{recordsBase, add} {
		for _, s := range rs.services {
			s.Sources = src
			b.AddServiceRecord(s)
		}
	}
	_, err := b.Build("test")
	return fromValidation(err)
}

func applyScenario(base *network.Graph, add records) ([]verdict, error) {
	s := &scenario.Scenario{Name: "records"}
	for _, n := range add.nodes {
		s.Edits = append(s.Edits, scenario.Edit{Op: scenario.OpAddNode, Node: &scenario.NodeSpec{ID: n.ID, Name: n.Name,
			Kind: n.Kind, Country: n.Country, Lon: n.Lon, Lat: n.Lat, HandlingHours: n.HandlingHours, HandlingUSD: n.HandlingUSD,
			BorderPair: n.BorderPair, BorderMedianHours: deref(n.BorderMedianHours), BorderP90Hours: deref(n.BorderP90Hours),
			CapacityTEUYear: n.CapacityTEUYear, ControlledBy: n.ControlledBy}})
	}
	for _, k := range add.links {
		s.Edits = append(s.Edits, scenario.Edit{Op: scenario.OpAddLink, Link: &scenario.LinkSpec{ID: k.ID, From: k.From, To: k.To,
			Mode: k.Mode, GaugeMM: k.GaugeMM, DistanceKm: k.DistanceKm, SpeedKmh: k.SpeedKmh, Hours: k.Hours,
			TariffFixedUSD: k.TariffFixedUSD, TariffUSDPerKm: k.TariffUSDPerKm, Energy: k.Energy,
			CapacityTEUYear: k.CapacityTEUYear, Corridors: k.Corridors, Direction: k.Direction}})
	}
	for _, v := range add.services {
		s.Edits = append(s.Edits, scenario.Edit{Op: scenario.OpAddService, Service: &scenario.ServiceSpec{ID: v.ID, Name: v.Name,
			Operator: v.Operator, Link: v.Link, Days: v.Days, PerWeek: v.PerWeek, DepartureUTC: v.DepartureUTC,
			CapacityTEU: v.CapacityTEU}})
	}
	_, err := scenario.Apply(base, s)
	var se *scenario.Error
	if !errors.As(err, &se) {
		return nil, err
	}
	var out []verdict
	for _, p := range se.Problems {
		if p.Edit < 0 {
			continue
		}
		_, field, _ := strings.Cut(p.Field, ".") // node.id -> id
		out = append(out, verdict{field, p.Msg})
	}
	return out, err
}

// writeCSVNetwork writes recordsBase and add as a network folder.
func writeCSVNetwork(t *testing.T, add records) string {
	t.Helper()
	dir := t.TempDir()
	num := func(x float64) string {
		if x == 0 {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	files := map[string][][]string{
		network.SourcesFile:   {{"id", "title", "publisher", "year"}, {"src", "test", "test", "2026"}},
		network.CountriesFile: {{"code", "name", "source"}, {"CN", "China", "src"}, {"KZ", "Kazakhstan", "src"}},
		network.NodesFile: {{"id", "name", "kind", "country", "lon", "lat", "handling_hours", "handling_usd", "border_pair",
			"border_median_hours", "border_p90_hours", "capacity_teu_year", "controlled_by", "source"}},
		network.LinksFile: {{"id", "from", "to", "mode", "gauge_mm", "distance_km", "speed_kmh", "hours", "tariff_fixed_usd",
			"tariff_usd_per_km", "energy", "capacity_teu_year", "corridors", "direction", "source"}},
		network.ServicesFile: {{"id", "name", "operator", "link", "days", "per_week", "departure_utc", "capacity_teu", "reefer", "dg", "source"}},
	}
	for _, rs := range []records{recordsBase, add} {
		for _, n := range rs.nodes {
			files[network.NodesFile] = append(files[network.NodesFile], []string{n.ID, n.Name, n.Kind, n.Country,
				strconv.FormatFloat(n.Lon, 'g', -1, 64), strconv.FormatFloat(n.Lat, 'g', -1, 64), num(n.HandlingHours),
				num(n.HandlingUSD), n.BorderPair, num(deref(n.BorderMedianHours)), num(deref(n.BorderP90Hours)), num(n.CapacityTEUYear),
				strings.Join(n.ControlledBy, ";"), "src"})
		}
		for _, k := range rs.links {
			gauge := ""
			if k.GaugeMM != 0 {
				gauge = strconv.Itoa(k.GaugeMM)
			}
			files[network.LinksFile] = append(files[network.LinksFile], []string{k.ID, k.From, k.To, k.Mode, gauge,
				num(k.DistanceKm), num(k.SpeedKmh), num(k.Hours), num(k.TariffFixedUSD), num(k.TariffUSDPerKm), k.Energy,
				num(k.CapacityTEUYear), strings.Join(k.Corridors, ";"), k.Direction, "src"})
		}
		for _, s := range rs.services {
			files[network.ServicesFile] = append(files[network.ServicesFile], []string{s.ID, s.Name, s.Operator, s.Link,
				strings.Join(s.Days, ";"), num(s.PerWeek), s.DepartureUTC, num(s.CapacityTEU), strconv.FormatBool(s.Reefer),
				strconv.FormatBool(s.DG), "src"})
		}
	}
	for name, rows := range files {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// deref is *p, or 0 for nil.
func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
