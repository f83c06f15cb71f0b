package network_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/network"
)

// gridCountries is the small network's countries.csv with grid
// intensities: AZ and EG have none.
const gridCountries = `code,name,groups,grid_gco2e_per_kwh,grid_year,source
CN,China,SCO,582,2023,test-a
KZ,Kazakhstan,SCO,821,2023,test-a
AZ,Azerbaijan,,,,test-a
PL,Poland,EU,662,2023,test-a
DE,Germany,EU,381,2023,test-a
EG,Egypt,,,,test-a
`

func smallWithGrid(t *testing.T) string {
	t.Helper()
	dir := copyNetwork(t, small)
	if err := os.WriteFile(filepath.Join(dir, "countries.csv"), []byte(gridCountries), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestGridIntensityLoaded(t *testing.T) {
	g, err := network.Load(smallWithGrid(t))
	if err != nil {
		t.Fatal(err)
	}
	if kz, ok := g.Country("KZ"); !ok || kz.GridGCO2ePerKWh != 821 || kz.GridYear != 2023 {
		t.Errorf("KZ = %+v, want grid 821 g/kWh (2023)", kz)
	}
	if az, _ := g.Country("AZ"); az.GridGCO2ePerKWh != 0 || az.GridYear != 0 {
		t.Errorf("AZ = %+v, want no grid intensity", az)
	}
	for _, tc := range []struct {
		link string
		want float64
	}{
		{"L1", 582},                 // CN - CN
		{"L1~r", 582},               // its reverse
		{"L2", (582 + 821) / 2.0},   // CN -> KZ: mean of the two sides
		{"L2~r", (582 + 821) / 2.0}, // same for the reverse
		{"L5", (821 + 662) / 2.0},   // KZ -> PL
		{"L4", 821},                 // KZ -> AZ: only KZ is known
		{"L7", 0},                   // AZ -> Suez (EG): neither known
	} {
		l, ok := g.LinkByID(tc.link)
		if !ok {
			t.Fatalf("no link %s", tc.link)
		}
		if got := g.Link(l).GridGCO2ePerKWh; got != tc.want {
			t.Errorf("%s: grid %v g/kWh, want %v", tc.link, got, tc.want)
		}
	}

	// Without the columns (the small network as it is) nothing is known.
	g0 := loadSmall(t)
	for i := 0; i < g0.NumLinks(); i++ {
		if k := g0.Link(network.LinkID(i)); k.GridGCO2ePerKWh != 0 {
			t.Errorf("%s: grid %v without grid columns", k.ID, k.GridGCO2ePerKWh)
		}
	}
}

func TestGridIntensityBadValues(t *testing.T) {
	const kzRow = "KZ,Kazakhstan,SCO,821,2023,test-a" // line 3 of countries.csv
	cases := []struct {
		name, row, column, msg string
	}{
		{"negative", "KZ,Kazakhstan,SCO,-821,2023,test-a", "grid_gco2e_per_kwh", "must not be negative"},
		{"not a number", "KZ,Kazakhstan,SCO,821g,2023,test-a", "grid_gco2e_per_kwh", `expected a number, got "821g"`},
		{"comma decimal", `KZ,Kazakhstan,SCO,"821,4",2023,test-a`, "grid_gco2e_per_kwh", `expected a number, got "821,4"`},
		{"zero", "KZ,Kazakhstan,SCO,0,2023,test-a", "grid_gco2e_per_kwh", "must be above 0"},
		{"NaN", "KZ,Kazakhstan,SCO,NaN,2023,test-a", "grid_gco2e_per_kwh", "expected a finite number"},
		{"kg per kWh given as g", "KZ,Kazakhstan,SCO,821000,2023,test-a", "grid_gco2e_per_kwh", "must be at most 1500"},
		{"no year", "KZ,Kazakhstan,SCO,821,,test-a", "grid_year", "value is required with grid_gco2e_per_kwh"},
		{"year without value", "KZ,Kazakhstan,SCO,,2023,test-a", "grid_year", "given without grid_gco2e_per_kwh"},
		{"year not whole", "KZ,Kazakhstan,SCO,821,2023.5,test-a", "grid_year", "expected a whole year"},
		{"year out of range", "KZ,Kazakhstan,SCO,821,1066,test-a", "grid_year", "must be between 1990 and 2100"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := smallWithGrid(t)
			applyEdit(t, dir, edit{"countries.csv", kzRow, tc.row})
			g, err := network.Load(dir)
			if err == nil {
				t.Fatalf("Load succeeded (%d nodes); want a problem at countries.csv:3 %s", g.NumNodes(), tc.column)
			}
			var ve *network.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error is %T (%v), want *ValidationError", err, err)
			}
			for _, p := range ve.Problems {
				if p.File == "countries.csv" && p.Line == 3 && p.Column == tc.column && strings.Contains(p.Msg, tc.msg) {
					if !strings.Contains(err.Error(), p.String()) {
						t.Errorf("Error() does not list %q", p.String())
					}
					return
				}
			}
			t.Errorf("no problem countries.csv:3 %s %q among:\n%s", tc.column, tc.msg, err)
		})
	}
}

// A Builder's links get the grid intensity of their countries too.
func TestGridIntensityBuilder(t *testing.T) {
	b := network.NewBuilder()
	src := []string{"src"}
	b.AddSource(network.Source{ID: "src", Title: "t", Publisher: "p", Year: 2024})
	b.AddCountry(network.Country{Code: "KZ", Name: "Kazakhstan", GridGCO2ePerKWh: 821, GridYear: 2023, Sources: src})
	b.AddCountry(network.Country{Code: "FR", Name: "France", GridGCO2ePerKWh: 56, GridYear: 2023, Sources: src})
	a := b.AddNode(network.Node{ID: "AA", Name: "A", Kind: network.City, Country: "KZ", Sources: src})
	c := b.AddNode(network.Node{ID: "CC", Name: "C", Kind: network.City, Country: "FR", Lon: 1, Sources: src})
	l := b.AddLink(network.LinkSpec{ID: "AA-CC", From: a, To: c, Mode: network.Rail, Gauge: network.Standard, DistanceKm: 100,
		SpeedKmh: 50, Energy: network.Electric, Both: true, Sources: src})
	g, err := b.Build("grid")
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Link(l).GridGCO2ePerKWh; got != (821+56)/2.0 {
		t.Errorf("AC grid = %v, want %v", got, (821+56)/2.0)
	}

	b = network.NewBuilder()
	b.AddSource(network.Source{ID: "src", Title: "t", Publisher: "p", Year: 2024})
	b.AddCountry(network.Country{Code: "KZ", Name: "Kazakhstan", GridGCO2ePerKWh: -1, Sources: src})
	if _, err := b.Build("bad"); err == nil || !strings.Contains(err.Error(), "grid_gco2e_per_kwh") {
		t.Errorf("Build with a negative grid intensity: %v", err)
	}
}
