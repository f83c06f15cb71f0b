package network_test

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"corridor/network"
)

// fuzzFile feeds arbitrary contents for one file of the small network to the
// loader. Whatever the bytes, LoadFS must return either a usable Graph or a
// ValidationError, never panic; a Graph it returns must export cleanly.
func fuzzFile(f *testing.F, file string, seeds ...string) { fuzzFileIn(f, small, file, seeds...) }

// fuzzFileIn is fuzzFile on the network in dir.
func fuzzFileIn(f *testing.F, dir, file string, seeds ...string) {
	base := fstest.MapFS{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		base[e.Name()] = &fstest.MapFile{Data: b}
	}
	f.Add(base[file].Data)
	f.Add([]byte{})
	f.Add([]byte("id\n\"unterminated"))
	f.Add(bytes.ReplaceAll(base[file].Data, []byte(","), []byte(";")))
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys[file] = &fstest.MapFile{Data: data}
		g, err := network.LoadFS(fsys, "fuzz")
		if err != nil {
			var ve *network.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("error %T %v is not a ValidationError with problems", err, err)
			}
			return
		}
		for n := network.NodeID(0); int(n) < g.NumNodes(); n++ {
			for _, l := range g.Out(n) {
				k := g.Link(l)
				if k.From != n || k.DistanceKm <= 0 || k.Hours <= 0 ||
					k.GridGCO2ePerKWh < 0 || k.GridGCO2ePerKWh > network.MaxGridGCO2ePerKWh {
					t.Fatalf("bad link %+v", k)
				}
			}
		}
		if err := g.WriteGeoJSON(io.Discard); err != nil {
			t.Fatal(err)
		}
		_ = g.Stats()
		for _, rs := range g.RateSeries() {
			for m := network.Month(2000 * 12); m < 2030*12; m += 7 {
				if f := rs.Factor(m); math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
					t.Fatalf("series %s: factor %v in %s", rs.ID, f, m)
				}
			}
		}
	})
}

func FuzzSources(f *testing.F)   { fuzzFile(f, "sources.csv") }
func FuzzGroups(f *testing.F)    { fuzzFile(f, "groups.csv") }
func FuzzCountries(f *testing.F) { fuzzFile(f, "countries.csv", gridCountries) }
func FuzzCorridors(f *testing.F) { fuzzFile(f, "corridors.csv") }
func FuzzNodes(f *testing.F)     { fuzzFile(f, "nodes.csv") }
func FuzzLinks(f *testing.F)     { fuzzFile(f, "links.csv") }
func FuzzServices(f *testing.F)  { fuzzFile(f, "services.csv") }

// The dated rate files, on the rated test network.
func FuzzRates(f *testing.F)      { fuzzFileIn(f, "testdata/rated", network.RatesFile) }
func FuzzRateValues(f *testing.F) { fuzzFileIn(f, "testdata/rated", network.RateValuesFile) }
func FuzzSurcharges(f *testing.F) { fuzzFileIn(f, "testdata/rated", network.SurchargesFile) }

// FuzzParams fuzzes the calibration parameters on the rated test network.
func FuzzParams(f *testing.F) { fuzzFileIn(f, "testdata/rated", network.ParamsFile) }
