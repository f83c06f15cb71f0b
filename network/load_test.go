package network_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/network"
)

const small = "testdata/small"

func loadSmall(t *testing.T) *network.Graph {
	t.Helper()
	g, err := network.Load(small)
	if err != nil {
		t.Fatalf("Load(%s): %v", small, err)
	}
	return g
}

func TestLoadSmall(t *testing.T) {
	g := loadSmall(t)
	if g.NumNodes() != 8 {
		t.Errorf("nodes = %d, want 8", g.NumNodes())
	}
	// 7 two-way rows and 1 forward row.
	if g.NumLinks() != 15 {
		t.Errorf("links = %d, want 15", g.NumLinks())
	}
	l4, ok := g.LinkByID("L4")
	if !ok {
		t.Fatal("link L4 missing")
	}
	r4, ok := g.LinkByID("L4~r")
	if !ok {
		t.Fatal("reverse link L4~r missing")
	}
	a, b := g.Link(l4), g.Link(r4)
	if a.From != b.To || a.To != b.From || a.Twin != r4 || b.Twin != l4 || !b.Reverse || a.Reverse {
		t.Errorf("L4 and L4~r are not twins: %+v %+v", a, b)
	}
	if a.Mode != network.Ferry || a.Hours != 22 || a.SpeedKmh != 450.0/22 {
		t.Errorf("L4 = mode %v hours %v speed %v, want ferry 22 h", a.Mode, a.Hours, a.SpeedKmh)
	}
	if _, ok := g.LinkByID("L5~r"); ok {
		t.Error("forward link L5 has a reverse")
	}
	l1, _ := g.LinkByID("L1")
	if k := g.Link(l1); k.Gauge != network.Standard || k.Hours != 66 || k.Cost() != 100+0.3*3300 {
		t.Errorf("L1 = gauge %v hours %v cost %v", k.Gauge, k.Hours, k.Cost())
	}

	// Services run on both directions of a two-way link.
	for _, id := range []string{"L4", "L4~r"} {
		l, _ := g.LinkByID(id)
		svcs := g.ServicesOn(l)
		if len(svcs) != 1 || g.Service(svcs[0]).ID != "S1" {
			t.Errorf("services on %s = %v, want [S1]", id, svcs)
		}
	}
	s2, _ := g.ServiceByID("S2")
	svc := g.Service(s2)
	if !svc.Timetabled() || svc.Days.String() != "Mon;Thu" || svc.PerWeek != 2 || svc.DepartureMinute != 8*60 {
		t.Errorf("S2 = days %q per week %v dep %d", svc.Days, svc.PerWeek, svc.DepartureMinute)
	}
	s1, _ := g.ServiceByID("S1")
	if svc := g.Service(s1); svc.Timetabled() || svc.PerWeek != 2 || svc.DG || !svc.Reefer {
		t.Errorf("S1 = %+v", svc)
	}

	// Adjacency agrees with the links.
	for n := network.NodeID(0); int(n) < g.NumNodes(); n++ {
		for _, l := range g.Out(n) {
			if g.Link(l).From != n {
				t.Errorf("Out(%s) holds %s, which starts at %s", g.Node(n).ID, g.Link(l).ID, g.Node(g.Link(l).From).ID)
			}
		}
		for _, l := range g.In(n) {
			if g.Link(l).To != n {
				t.Errorf("In(%s) holds %s", g.Node(n).ID, g.Link(l).ID)
			}
		}
	}
	dos, _ := g.NodeByID("KZDOS")
	akl, _ := g.NodeByID("CNAKL")
	if g.Node(dos).BorderPair != akl || g.Node(akl).BorderPair != dos {
		t.Error("Dostyk and Alashankou are not a border pair")
	}
	if n := g.Node(dos); n.BorderMedianHours != 24 || n.BorderP90Hours != 72 || len(n.Sources) != 2 {
		t.Errorf("Dostyk = %+v", n)
	}
	members, ok := g.GroupMembers("SCO")
	if !ok || strings.Join(members, ",") != "CN,KZ" {
		t.Errorf("SCO members = %v", members)
	}
}

// edit changes one file of a copy of the small network.
type edit struct {
	file     string
	old, new string // replace the first old with new; old == "" appends new as a line
}

func TestBrokenNetworks(t *testing.T) {
	cases := []struct {
		name   string
		edits  []edit
		file   string
		line   int
		column string
		msg    string
	}{
		{"unknown node in link", []edit{{"links.csv", "L6,PLLOD,DEDUI", "L6,PLLOD,DEDUX"}},
			"links.csv", 7, "to", `unknown node "DEDUX"`},
		{"duplicate node id", []edit{{"nodes.csv", "DEDUI,Duisburg", "PLLOD,Duisburg"}},
			"nodes.csv", 9, "id", `duplicate id "PLLOD"`},
		{"duplicate link id", []edit{{"links.csv", "L8,CP-SUEZ", "L7,CP-SUEZ"}},
			"links.csv", 9, "id", `duplicate id "L7"`},
		{"negative distance", []edit{{"links.csv", "L3,KZDOS,KZSCO,rail,1520,2900", "L3,KZDOS,KZSCO,rail,1520,-2900"}},
			"links.csv", 4, "distance_km", "must be greater than 0"},
		{"NaN distance", []edit{{"links.csv", "L3,KZDOS,KZSCO,rail,1520,2900", "L3,KZDOS,KZSCO,rail,1520,NaN"}},
			"links.csv", 4, "distance_km", "expected a finite number"},
		{"not a number", []edit{{"links.csv", "L3,KZDOS,KZSCO,rail,1520,2900", "L3,KZDOS,KZSCO,rail,1520,2 900"}},
			"links.csv", 4, "distance_km", `expected a number, got "2 900"`},
		{"gauge on a sea link", []edit{{"links.csv", "L7,AZBAK,CP-SUEZ,sea,,", "L7,AZBAK,CP-SUEZ,sea,1435,"}},
			"links.csv", 8, "gauge_mm", "only rail links have a gauge"},
		{"rail link without gauge", []edit{{"links.csv", "L6,PLLOD,DEDUI,rail,1435", "L6,PLLOD,DEDUI,rail,"}},
			"links.csv", 7, "gauge_mm", "needs its gauge"},
		{"unknown gauge", []edit{{"links.csv", "L6,PLLOD,DEDUI,rail,1435", "L6,PLLOD,DEDUI,rail,1000"}},
			"links.csv", 7, "gauge_mm", "expected 1435, 1520, 1668 or 1676"},
		{"unknown mode", []edit{{"links.csv", "L4,KZSCO,AZBAK,ferry", "L4,KZSCO,AZBAK,hovercraft"}},
			"links.csv", 5, "mode", `unknown mode "hovercraft"`},
		{"missing source", []edit{{"nodes.csv", "DEDUI,Duisburg,,city,DE,6.76,51.43,6,50,,,,,test-b", "DEDUI,Duisburg,,city,DE,6.76,51.43,6,50,,,,,"}},
			"nodes.csv", 9, "source", "every record needs a source"},
		{"unknown source", []edit{{"links.csv", "fuel_oil,,maritime-suez,both,test-b\nL8", "fuel_oil,,maritime-suez,both,test-z\nL8"}},
			"links.csv", 8, "source", `unknown source "test-z"`},
		{"bad country code", []edit{{"nodes.csv", "PLLOD,Łódź,Lodz,city,PL", "PLLOD,Łódź,Lodz,city,XX"}},
			"nodes.csv", 8, "country", `"XX" is not an ISO 3166-1 alpha-2`},
		{"country not in table", []edit{{"nodes.csv", "PLLOD,Łódź,Lodz,city,PL", "PLLOD,Łódź,Lodz,city,FR"}},
			"nodes.csv", 8, "country", `country "FR" is not in countries.csv`},
		{"bad ISO code in countries", []edit{{"countries.csv", "", "ZZ,Nowhere,,test-a"}},
			"countries.csv", 8, "code", `"ZZ" is not an ISO 3166-1`},
		{"unreachable border pair", []edit{{"links.csv", "L2,CNAKL,KZDOS,rail,1435", "L2,CNAKL,CNXIY,rail,1435"}},
			"nodes.csv", 4, "border_pair", "border pair CNAKL–KZDOS is unreachable"},
		{"border pair not a border node", []edit{{"nodes.csv", "border,CN,82.57,45.17,4,60,KZDOS", "border,CN,82.57,45.17,4,60,PLLOD"}},
			"nodes.csv", 4, "border_pair", `"PLLOD" is a city node`},
		{"border without dwell", []edit{{"nodes.csv", "KZDOS,10,30,,test-a", "KZDOS,,,,test-a"}},
			"nodes.csv", 4, "border_median_hours", "needs border_median_hours and border_p90_hours"},
		{"p90 below median", []edit{{"nodes.csv", "KZDOS,10,30", "KZDOS,10,3"}},
			"nodes.csv", 4, "border_p90_hours", "must not be below the median"},
		{"longitude out of range", []edit{{"nodes.csv", "city,DE,6.76,51.43", "city,DE,196.76,51.43"}},
			"nodes.csv", 9, "lon", "must be between -180 and 180"},
		{"speed and hours both", []edit{{"links.csv", "L4,KZSCO,AZBAK,ferry,,450,,22", "L4,KZSCO,AZBAK,ferry,,450,20,22"}},
			"links.csv", 5, "speed_kmh", "not both"},
		{"neither speed nor hours", []edit{{"links.csv", "L4,KZSCO,AZBAK,ferry,,450,,22", "L4,KZSCO,AZBAK,ferry,,450,,"}},
			"links.csv", 5, "speed_kmh", "needs speed_kmh or hours"},
		{"unknown corridor tag", []edit{{"links.csv", "middle;northern,both,test-a\nL2", "middle;nothern,both,test-a\nL2"}},
			"links.csv", 2, "corridors", `unknown corridor tag "nothern"`},
		{"self loop", []edit{{"links.csv", "L6,PLLOD,DEDUI", "L6,PLLOD,PLLOD"}},
			"links.csv", 7, "to", "same node"},
		{"unknown column", []edit{{"nodes.csv", "capacity_teu_year,source", "capacity_teu_yr,source"}},
			"nodes.csv", 2, "capacity_teu_yr", "unknown column"},
		{"missing required column", []edit{{"links.csv", ",energy,", ",energie,"}},
			"links.csv", 1, "energy", "required column is missing"},
		{"wrong field count", []edit{{"links.csv", "L6,PLLOD,DEDUI,rail,1435,1100,40,,80,0.5,electric,,northern,both,test-a", "L6,PLLOD,DEDUI,rail,1435,1100,40,,80,0.5,electric,,northern,both"}},
			"links.csv", 7, "", "row has 14 fields, the header has 15"},
		{"CSV quote error", []edit{{"nodes.csv", `Xi'an,Xian`, `Xi"an,Xian`}},
			"nodes.csv", 3, "", "CSV syntax"},
		{"missing file", []edit{{"links.csv", "DELETE", ""}},
			"links.csv", 0, "", "file is missing"},
		{"service on unknown link", []edit{{"services.csv", "ASCO,L4", "ASCO,L44"}},
			"services.csv", 2, "link", `unknown link "L44"`},
		{"service days and per_week", []edit{{"services.csv", ",L1,Mon;Thu,,", ",L1,Mon;Thu,3,"}},
			"services.csv", 3, "days", "not both"},
		{"service bad weekday", []edit{{"services.csv", "Mon;Thu", "Mon;Thr"}},
			"services.csv", 3, "days", `unknown weekday "Thr"`},
		{"service bad departure time", []edit{{"services.csv", "08:00", "25:00"}},
			"services.csv", 3, "departure_utc", "expected a time HH:MM"},
		{"bad id", []edit{{"nodes.csv", "DEDUI,Duisburg", "de dui,Duisburg"}},
			"nodes.csv", 9, "id", "must be upper-case letters"},
		{"unknown kind", []edit{{"nodes.csv", "KZSCO,Aktau,,seaport", "KZSCO,Aktau,,harbour"}},
			"nodes.csv", 6, "kind", `unknown kind "harbour"`},
		{"unknown energy", []edit{{"links.csv", "80,0.5,electric", "80,0.5,steam"}},
			"links.csv", 7, "energy", `unknown energy "steam"`},
		{"isolated node", []edit{{"nodes.csv", "", "KZALA,Almaty,,city,KZ,76.9,43.2,,,,,,,test-a"}},
			"nodes.csv", 11, "id", "node KZALA has no links"},
		{"bad source year", []edit{{"sources.csv", "Test publisher,2023", "Test publisher,23"}},
			"sources.csv", 3, "year", "must be between 1900 and 2100"},
		{"unknown group", []edit{{"countries.csv", "CN,China,SCO", "CN,China,SCOO"}},
			"countries.csv", 2, "groups", `unknown group "SCOO"`},
		{"bad direction", []edit{{"links.csv", "northern,forward,test-a", "northern,backward,test-a"}},
			"links.csv", 6, "direction", `expected both or forward, got "backward"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyNetwork(t, small)
			for _, e := range tc.edits {
				applyEdit(t, dir, e)
			}
			g, err := network.Load(dir)
			if err == nil {
				t.Fatalf("Load succeeded (%d nodes); want a problem in %s:%d %s", g.NumNodes(), tc.file, tc.line, tc.column)
			}
			var ve *network.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error is %T (%v), want *ValidationError", err, err)
			}
			for _, p := range ve.Problems {
				if p.File == tc.file && p.Line == tc.line && p.Column == tc.column && strings.Contains(p.Msg, tc.msg) {
					if !strings.Contains(err.Error(), p.String()) && len(ve.Problems) <= 20 {
						t.Errorf("Error() does not list %q", p.String())
					}
					return
				}
			}
			t.Errorf("no problem %s:%d %s %q among:\n%s", tc.file, tc.line, tc.column, tc.msg, err)
		})
	}
}

func TestManyProblemsAtOnce(t *testing.T) {
	dir := copyNetwork(t, small)
	applyEdit(t, dir, edit{"links.csv", "L6,PLLOD,DEDUI,rail,1435,1100", "L6,PLLOD,DEDUX,road,1435,-1"})
	applyEdit(t, dir, edit{"nodes.csv", "city,DE,6.76", "city,XX,6.76"})
	_, err := network.Load(dir)
	var ve *network.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %v", err)
	}
	cols := map[string]bool{}
	for _, p := range ve.Problems {
		cols[p.File+":"+p.Column] = true
	}
	for _, want := range []string{"links.csv:to", "links.csv:gauge_mm", "links.csv:distance_km", "nodes.csv:country"} {
		if !cols[want] {
			t.Errorf("missing a problem in %s; got:\n%v", want, err)
		}
	}
}

func TestLoadNotADirectory(t *testing.T) {
	if _, err := network.Load(filepath.Join(small, "nodes.csv")); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Load(file) = %v, want 'not a directory'", err)
	}
	if _, err := network.Load(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("Load(missing dir) succeeded")
	}
}

func copyNetwork(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func applyEdit(t *testing.T, dir string, e edit) {
	t.Helper()
	p := filepath.Join(dir, e.file)
	if e.old == "DELETE" {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if e.old == "" {
		s += e.new + "\n"
	} else {
		if !strings.Contains(s, e.old) {
			t.Fatalf("%s does not contain %q", e.file, e.old)
		}
		s = strings.Replace(s, e.old, e.new, 1)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
