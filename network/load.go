package network

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
)

// The file names of a network folder.
const (
	SourcesFile   = "sources.csv"
	GroupsFile    = "groups.csv"
	CountriesFile = "countries.csv"
	CorridorsFile = "corridors.csv"
	NodesFile     = "nodes.csv"
	LinksFile     = "links.csv"
	ServicesFile  = "services.csv"
)

var (
	sourceCols  = []column{{"id", true}, {"title", true}, {"publisher", true}, {"year", true}, {"url", false}, {"note", false}}
	groupCols   = []column{{"code", true}, {"name", true}, {"source", true}}
	countryCols = []column{{"code", true}, {"name", true}, {"groups", false}, {"grid_gco2e_per_kwh", false}, {"grid_year", false},
		{"source", true}}
	corridorCols = []column{{"tag", true}, {"name", true}, {"description", false}, {"source", true}}
	nodeCols     = []column{{"id", true}, {"name", true}, {"aliases", false}, {"kind", true}, {"country", true},
		{"lon", true}, {"lat", true}, {"handling_hours", false}, {"handling_usd", false}, {"border_pair", false},
		{"border_median_hours", false}, {"border_p90_hours", false}, {"capacity_teu_year", false}, {"controlled_by", false},
		{"source", true}}
	linkCols = []column{{"id", true}, {"from", true}, {"to", true}, {"mode", true}, {"gauge_mm", false},
		{"distance_km", true}, {"speed_kmh", false}, {"hours", false}, {"tariff_fixed_usd", false},
		{"tariff_usd_per_km", false}, {"energy", true}, {"capacity_teu_year", false}, {"corridors", false},
		{"direction", false}, {"source", true}}
	serviceCols = []column{{"id", true}, {"name", true}, {"operator", false}, {"link", true}, {"days", false},
		{"per_week", false}, {"departure_utc", false}, {"capacity_teu", false}, {"reefer", false}, {"dg", false},
		{"source", true}}
)

// Load reads and validates the network in folder dir. On bad data it returns
// a *ValidationError listing every problem with its file, line and column.
func Load(dir string) (*Graph, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("network folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("network folder %s: not a directory", dir)
	}
	return LoadFS(os.DirFS(dir), dir)
}

// LoadFS reads and validates a network from the root of fsys; name is used in
// error messages.
func LoadFS(fsys fs.FS, name string) (*Graph, error) {
	g := &Graph{}
	l := &loader{fsys: fsys, g: g, a: newAssembly(g, csvTables)}
	l.load()
	if len(l.ps) > 0 {
		l.ps.sort()
		return nil, &ValidationError{Dir: name, Problems: l.ps}
	}
	l.loadParams() // before the indexes and the rates' reference trips: they see the calibrated records
	if len(l.ps) > 0 {
		l.ps.sort()
		return nil, &ValidationError{Dir: name, Problems: l.ps}
	}
	l.g.buildIndexes()
	l.loadRates() // reference trips need the adjacency
	if len(l.ps) > 0 {
		l.ps.sort()
		return nil, &ValidationError{Dir: name, Problems: l.ps}
	}
	l.g.indexRates()
	l.g.applyTariffs()
	l.g.priceRefTrips()
	return l.g, nil
}

type loader struct {
	fsys fs.FS
	g    *Graph
	a    *assembly // adds nodes, links and services through the record rules
	ps   problems

	nodeLine []int // line of each node row
}

func (l *loader) load() {
	g := l.g
	g.sourceIndex = map[string]int{}
	g.groupIndex = map[string]int{}
	g.countryIndex = map[string]int{}
	g.nodeIndex = map[string]NodeID{}
	g.linkIndex = map[string]LinkID{}
	g.serviceIndex = map[string]ServiceID{}

	l.loadSources()
	l.a.sortTables()
	l.loadGroups()
	l.loadCountries()
	l.a.sortTables()
	l.loadCorridors()
	l.loadNodes()
	l.loadLinks()
	l.loadServices()
	l.finish()
}

func (l *loader) loadSources() {
	readTable(l.fsys, SourcesFile, false, sourceCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		s := Source{ID: r.get("id"), Title: r.get("title"), Publisher: r.get("publisher"), URL: r.get("url"), Note: r.get("note")}
		y := f.number("year", true)
		if y != math.Trunc(y) {
			f.bad("year", "expected a whole year, got %s", r.get("year"))
		}
		s.Year = int(y)
		l.a.source(s, f)
	})
}

func (l *loader) loadGroups() {
	readTable(l.fsys, GroupsFile, true, groupCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		l.a.group(Group{Code: r.get("code"), Name: r.get("name"), Sources: f.list("source")}, f)
	})
}

func (l *loader) loadCountries() {
	readTable(l.fsys, CountriesFile, false, countryCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		ct := Country{Code: r.get("code"), Name: r.get("name"), Groups: f.list("groups"), Sources: f.list("source")}
		if g := f.given("grid_gco2e_per_kwh"); g != nil {
			if *g == 0 && !f.unread["grid_gco2e_per_kwh"] {
				f.bad("grid_gco2e_per_kwh", "must be above 0 g CO2e/kWh (leave empty when not known)")
			}
			ct.GridGCO2ePerKWh = *g
		}
		y := f.number("grid_year", false)
		if y != math.Trunc(y) {
			f.bad("grid_year", "expected a whole year, got %s", r.get("grid_year"))
		}
		ct.GridYear = int(y)
		l.a.country(ct, f)
	})
}

func (l *loader) loadCorridors() {
	readTable(l.fsys, CorridorsFile, true, corridorCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		l.a.corridor(Corridor{Tag: r.get("tag"), Name: r.get("name"), Description: r.get("description"), Sources: f.list("source")}, f)
	})
}

func (l *loader) loadNodes() {
	readTable(l.fsys, NodesFile, false, nodeCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		rec := NodeRecord{
			ID:                r.get("id"),
			Name:              r.get("name"),
			Aliases:           f.list("aliases"),
			Kind:              r.get("kind"),
			Country:           r.get("country"),
			Lon:               f.number("lon", true),
			Lat:               f.number("lat", true),
			HandlingHours:     f.number("handling_hours", false),
			HandlingUSD:       f.number("handling_usd", false),
			BorderPair:        r.get("border_pair"),
			BorderMedianHours: f.given("border_median_hours"),
			BorderP90Hours:    f.given("border_p90_hours"),
			CapacityTEUYear:   f.number("capacity_teu_year", false),
			ControlledBy:      f.list("controlled_by"),
			Sources:           f.list("source"),
		}
		if l.a.node(rec, f) != None {
			l.nodeLine = append(l.nodeLine, r.line)
		}
	})
}

func (l *loader) loadLinks() {
	if n := rowsHint(l.fsys, LinksFile); n > 0 && len(l.g.links) == 0 {
		// a two-way row (the default) makes two links: sized once, the
		// tables are not copied again and again as they grow
		l.g.links = make([]Link, 0, 2*n)
		l.g.linkIndex = make(map[string]LinkID, 2*n)
	}
	readTable(l.fsys, LinksFile, false, linkCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		rec := LinkRecord{
			ID:              r.get("id"),
			From:            r.get("from"),
			To:              r.get("to"),
			Mode:            r.get("mode"),
			DistanceKm:      f.number("distance_km", true),
			SpeedKmh:        f.number("speed_kmh", false),
			Hours:           f.number("hours", false),
			TariffFixedUSD:  f.number("tariff_fixed_usd", false),
			TariffUSDPerKm:  f.number("tariff_usd_per_km", false),
			Energy:          r.get("energy"),
			CapacityTEUYear: f.number("capacity_teu_year", false),
			Corridors:       f.list("corridors"),
			Direction:       r.get("direction"),
			Sources:         f.list("source"),
		}
		if gs := r.get("gauge_mm"); gs != "" {
			gv, err := strconv.Atoi(gs)
			if err != nil || gv == 0 {
				f.bad("gauge_mm", "expected "+GaugeList+", got %q", gs)
			}
			rec.GaugeMM = gv
		}
		l.a.link(rec, f)
	})
}

// rowsHint estimates the data rows of a CSV file with a quick pass over it:
// lines with at least six commas (links.csv has seven required columns),
// never more than one row per 24 bytes (the shortest valid row). It is a
// capacity hint only; 0 when the file cannot be read.
func rowsHint(fsys fs.FS, file string) int {
	f, err := fsys.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	rows, commas, size := 0, 0, 0
	for {
		n, err := f.Read(buf)
		size += n
		for _, c := range buf[:n] {
			switch c {
			case ',':
				commas++
			case '\n':
				if commas >= 6 {
					rows++
				}
				commas = 0
			}
		}
		if err != nil {
			break
		}
	}
	if commas >= 6 {
		rows++
	}
	return max(min(rows-1, size/24), 0) // less the header
}

var weekdayByName = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

func (l *loader) loadServices() {
	readTable(l.fsys, ServicesFile, true, serviceCols, &l.ps, func(r row) {
		f := newFields(r, &l.ps)
		l.a.service(ServiceRecord{
			ID:           r.get("id"),
			Name:         r.get("name"),
			Operator:     r.get("operator"),
			Link:         r.get("link"),
			Days:         f.list("days"),
			PerWeek:      f.number("per_week", false),
			DepartureUTC: r.get("departure_utc"),
			CapacityTEU:  f.number("capacity_teu", false),
			Reefer:       f.boolean("reefer", true),
			DG:           f.boolean("dg", true),
			Sources:      f.list("source"),
		}, f)
	})
}

func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}

// finish resolves border pairs and runs CheckGraph, placing each node's
// problems at its row of nodes.csv.
func (l *loader) finish() {
	l.a.finish(func(n NodeID) Reporter { return newFields(row{t: &table{file: NodesFile}, line: l.nodeLine[n]}, &l.ps) })
}
