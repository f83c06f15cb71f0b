package network_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"corridor/network"
)

func loadRated(t *testing.T) *network.Graph {
	t.Helper()
	g, err := network.Load("testdata/rated")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func month(t *testing.T, s string) network.Month {
	t.Helper()
	m, err := network.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRateSeriesLoad(t *testing.T) {
	g := loadRated(t)
	if n := len(g.RateSeries()); n != 5 {
		t.Fatalf("%d series, want 5", n)
	}
	rail, ok := g.RateSeriesByID("rail-1520")
	if !ok {
		t.Fatal("rail-1520 missing")
	}
	// The reference trip KZDOS → PLLOD over 1520 mm rail is L5 alone:
	// 0.3 USD/TEU-km × 5400 km × 1.6 TEU tariffs per FEU.
	if want := 0.3 * 5400 * network.FEUTariffFactor; math.Abs(rail.BaseUSD-want) > 1e-9 {
		t.Errorf("base %v, want %v", rail.BaseUSD, want)
	}
	if len(rail.RefLinks) != 1 || g.Link(rail.RefLinks[0]).ID != "L5" {
		t.Errorf("reference links %v, want [L5]", rail.RefLinks)
	}
	sea, _ := g.RateSeriesByID("sea-cn-eu")
	if want := (200 + 0.05*3900 + 0.05*6500) * network.FEUTariffFactor; math.Abs(sea.BaseUSD-want) > 1e-9 {
		t.Errorf("sea base %v, want %v", sea.BaseUSD, want)
	}
	if got := sea.Lane.From; len(got) != 1 || got[0] != "CN" {
		t.Errorf("lane origins %v, want [CN]", got)
	}
	if got := sea.Lane.To; strings.Join(got, ",") != "DE,PL" { // the EU group expanded
		t.Errorf("lane destinations %v, want [DE PL]", got)
	}
	// A reference trip that changes mode: the handling at Aktau (150 USD
	// per TEU tariff unit) is not scaled, the tariffs are.
	casp, _ := g.RateSeriesByID("caspian-through")
	u := network.FEUTariffFactor
	if math.Abs(casp.BaseUSD-(725+400)*u) > 1e-9 || math.Abs(casp.HandlingUSD-150*u) > 1e-9 {
		t.Errorf("caspian-through base %v handling %v, want %v and %v", casp.BaseUSD, casp.HandlingUSD, 1125*u, 150*u)
	}
	if f := casp.Factor(month(t, "2019-01")); math.Abs(f-1) > 1e-9 {
		t.Errorf("factor %v, want 1 (2040 = 1800 tariffs + 240 handling)", f)
	}
	// Which series may drive each link, in file order (not_corridor keeps
	// caspian-through off the links the northern corridor shares).
	for id, want := range map[string][]string{"L5": {"rail-1520"}, "L3~r": {"rail-1520", "caspian-through"}, "L4": {"caspian-through"}, "L1": nil, "L7": {"sea-cn-eu", "sea-any"}} {
		l, _ := g.LinkByID(id)
		var got []string
		for _, s := range g.RatesOn(l) {
			got = append(got, g.RateSeries()[s].ID)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("RatesOn(%s) = %v, want %v", id, got, want)
		}
	}
	l8, _ := g.LinkByID("L8")
	// L8 (CP-SUEZ → DEDUI, sea) takes only the Duisburg THC: the war-risk
	// surcharge is charged on links to CP-SUEZ, the reefer one on rail.
	if s := g.SurchargesOn(l8); len(s) != 1 || g.Surcharges()[s[0]].ID != "thc-duisburg" {
		t.Errorf("SurchargesOn(L8) = %v, want [thc-duisburg]", s)
	}
}

func TestRateSeriesAt(t *testing.T) {
	g := loadRated(t)
	rail, _ := g.RateSeriesByID("rail-1520")
	for _, c := range []struct {
		month string
		usd   float64
		basis network.RateBasis
	}{
		{"2017-01", 1296, network.CarriedBack},
		{"2018-06", 1296, network.Published},
		{"2018-09", 1296 + (2592-1296)*3.0/7, network.Interpolated},
		{"2019-01", 2592, network.Published},
		{"2019-04", 3888, network.Interpolated},
		{"2019-07", 5184, network.Published},
		{"2026-12", 5184, network.CarriedForward},
	} {
		p, ok := rail.At(month(t, c.month))
		if !ok || math.Abs(p.USD-c.usd) > 0.01 || p.Basis != c.basis {
			t.Errorf("At(%s) = %v %v %v, want %v %v", c.month, p.USD, p.Basis, ok, c.usd, c.basis)
		}
	}
	if f := rail.Factor(month(t, "2019-04")); math.Abs(f-1.5) > 1e-9 {
		t.Errorf("factor in 2019-04 = %v, want 1.5", f)
	}
	if n := len(rail.Range(month(t, "2018-01"), month(t, "2019-12"))); n != 24 {
		t.Errorf("Range gave %d months, want 24", n)
	}
	interp, _ := rail.At(month(t, "2019-04"))
	if strings.Join(interp.Sources, ";") != "test-a;test-a;test-b" {
		t.Errorf("interpolated value cites %v, want both neighbours' sources", interp.Sources)
	}
}

// A value published while the carriers sailed another way (via) prices
// that trip too: its links off the reference trip take a second factor so
// that both trips cost the value; a scenario's scaling keeps both.
func TestRateValueVia(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/rated", dir)
	appendTo := func(file, rows string) {
		f, err := os.OpenFile(filepath.Join(dir, file), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(rows); err != nil {
			t.Fatal(err)
		}
	}
	// a second way from Baku to Duisburg: round a cape, 18,000 km at 0.05
	appendTo("nodes.csv", "WP-CAPE,A cape,,waypoint,,18.3,-34.6,,,,,,,test-b\n")
	appendTo("links.csv", "L9,AZBAK,WP-CAPE,sea,,9000,28,,0,0.05,fuel_oil,,maritime-suez,both,test-b\n"+
		"L10,WP-CAPE,DEDUI,sea,,9000,28,,0,0.05,fuel_oil,,maritime-suez,both,test-b\n")
	appendTo(network.RateValuesFile, "sea-cn-eu,2024-06,2880,WP-CAPE,test-b,sailed round the cape\n")
	g, err := network.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	sea, _ := g.RateSeriesByID("sea-cn-eu")
	u := network.FEUTariffFactor
	// reference trip L7 L8: (200 + 195 + 325) × 1.6 = 1152; the cape trip
	// L9 L10: 900 × 1.6 = 1440, all of it off the reference trip
	if len(sea.Refs) != 2 || g.Node(sea.Refs[1].Via).ID != "WP-CAPE" || math.Abs(sea.Refs[1].DetourUSD-900*u) > 1e-9 ||
		sea.Refs[1].SharedUSD != 0 || len(sea.Refs[1].Detour) != 2 {
		t.Fatalf("trips %+v, want the reference trip and the cape trip (1440 USD off it)", sea.Refs)
	}
	for _, c := range []struct {
		month          string
		factor, detour float64
	}{
		{"2024-01", 4000 / 1152.0, 0},              // the reference trip's month
		{"2024-03", (4000 - 1120*2/5.0) / 1152, 0}, // interpolated: the trip of the value before
		{"2024-06", 2880 / 1152.0, 2880 / 1440.0},  // both trips cost 2880
		{"2025-01", 2880 / 1152.0, 2880 / 1440.0},  // carried forward with its trip
		{"2023-01", 4000 / 1152.0, 0},              // carried back
	} {
		f := sea.Factor(month(t, c.month))
		_, df := sea.DetourFactor(month(t, c.month))
		if math.Abs(f-c.factor) > 1e-6 || math.Abs(df-c.detour) > 1e-6 {
			t.Errorf("%s: factor %v, detour %v; want %v and %v", c.month, f, df, c.factor, c.detour)
		}
	}
	if p, _ := sea.At(month(t, "2024-06")); p.Via != "WP-CAPE" {
		t.Errorf("At(2024-06).Via = %q, want WP-CAPE", p.Via)
	}
	// a scenario doubling from 2024-06 pins 2024-05 (interpolated, the
	// reference trip's) so the months before keep their prices
	i := slices.IndexFunc(g.RateSeries(), func(s network.RateSeries) bool { return s.ID == "sea-cn-eu" })
	h, err := g.Derive(func(e *network.Editor) error {
		e.ScaleRateSeries(i, 2, month(t, "2024-06"), 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := h.RateSeriesByID("sea-cn-eu")
	for _, c := range []struct {
		month          string
		factor, detour float64
	}{
		{"2024-05", (4000 - 1120*4/5.0) / 1152, 0},
		{"2024-06", 5760 / 1152.0, 5760 / 1440.0},
	} {
		f := s2.Factor(month(t, c.month))
		_, df := s2.DetourFactor(month(t, c.month))
		if math.Abs(f-c.factor) > 1e-6 || math.Abs(df-c.detour) > 1e-6 {
			t.Errorf("scaled, %s: factor %v, detour %v; want %v and %v", c.month, f, df, c.factor, c.detour)
		}
	}
}

func TestSurchargeActiveOn(t *testing.T) {
	g := loadRated(t)
	var war *network.Surcharge
	for i := range g.Surcharges() {
		if g.Surcharges()[i].ID == "suez-war-risk-2024" {
			war = &g.Surcharges()[i]
		}
	}
	for day, want := range map[string]bool{"2023-12-31": false, "2024-01-01": true, "2024-12-31": true, "2025-01-01": false} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := war.ActiveOn(d.Add(23 * time.Hour)); got != want {
			t.Errorf("ActiveOn(%s) = %v, want %v", day, got, want)
		}
	}
}

// TestRateFilesBad: each broken rate row is reported with its file, line,
// column and what was expected, and the network is not loaded.
func TestRateFilesBad(t *testing.T) {
	for _, c := range []struct {
		name, file, row, want string
	}{
		{"unknown key", network.RatesFile, "xx,X,usd_per_feu,,colour=red,KZDOS,PLLOD,test-a,", `rates.csv:8: drives: condition "colour=red": unknown key "colour"`},
		{"unit", network.RatesFile, "xx,X,eur,,,,,test-a,", `rates.csv:8: unit: expected usd_per_feu, got "eur"`},
		{"no path", network.RatesFile, "xx,X,usd_per_feu,,mode=ferry,KZDOS,PLLOD,test-a,", "rates.csv:8: ref_to: no path from KZDOS to PLLOD"},
		{"no reference", network.RatesFile, "xx,X,usd_per_feu,,mode=sea,,,test-a,", "rates.csv:8: ref_from: a series that drives links needs its reference trip"},
		{"lane", network.RatesFile, "xx,X,usd_per_feu,CN>XX,,,,test-a,", `rates.csv:8: lane: "XX" is neither a country`},
		{"unknown node", network.RatesFile, "xx,X,usd_per_feu,,from=NOWHERE,KZDOS,PLLOD,test-a,", `unknown node "NOWHERE"`},
		{"month", network.RateValuesFile, "rail-1520,2019-13,10,,test-a,", `rate_values.csv:9: month: expected a month as YYYY-MM, got "2019-13"`},
		{"duplicate month", network.RateValuesFile, "rail-1520,2019-01,10,,test-a,", "rate_values.csv:9: month: series rail-1520 already has a value for 2019-01"},
		{"unknown series", network.RateValuesFile, "nope,2019-01,10,,test-a,", `rate_values.csv:9: series: unknown series "nope"`},
		{"value", network.RateValuesFile, "rail-1520,2020-01,-5,,test-a,", "rate_values.csv:9: value: must be between 0 and 1e+06, got -5"},
		{"source", network.RateValuesFile, "rail-1520,2020-01,5,,nobody,", `rate_values.csv:9: source: unknown source "nobody"`},
		{"via unknown", network.RateValuesFile, "rail-1520,2020-01,10,NOWHERE,test-a,", `rate_values.csv:9: via: unknown node "NOWHERE"`},
		{"via off the driven links", network.RateValuesFile, "rail-1520,2020-01,10,CP-SUEZ,test-a,", "rate_values.csv:9: via: no path KZDOS → CP-SUEZ → PLLOD over the links series rail-1520 drives (mode=rail gauge=1520)"},
		{"via without links", network.RateValuesFile, "watch,2020-06,10,KZSCO,test-a,", "rate_values.csv:9: via: series watch drives no links"},
		{"kind", network.SurchargesFile, "xx,fee,X,,mode=sea,link,10,,,,test-a,", `surcharges.csv:7: kind: expected one of bunker`},
		{"charge", network.SurchargesFile, "xx,other,X,,mode=sea,always,10,,,,test-a,", `surcharges.csv:7: charge: expected link, first or last, got "always"`},
		{"dates", network.SurchargesFile, "xx,other,X,,mode=sea,link,10,2024-02-01,2024-01-01,,test-a,", "surcharges.csv:7: valid_to: is before valid_from"},
		{"no selector", network.SurchargesFile, "xx,other,X,,,link,10,,,,test-a,", "surcharges.csv:7: applies: value is required"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, "testdata/rated", dir)
			f, err := os.OpenFile(filepath.Join(dir, c.file), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(c.row + "\n")
			f.Close()
			_, err = network.Load(dir)
			var ve *network.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n%v\ndoes not contain\n%s", err, c.want)
			}
		})
	}
}

func TestRatesWithoutValues(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/rated", dir)
	if err := os.WriteFile(filepath.Join(dir, network.RateValuesFile), []byte("series,month,value,source,note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := network.Load(dir)
	if err == nil || !strings.Contains(err.Error(), "rates.csv:3: id: series rail-1520 drives links but has no value in rate_values.csv") {
		t.Fatalf("got %v", err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	es, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ParseDay is the one day parser of rates, surcharges and scenarios: a
// YYYY-MM-DD within MinYear..MaxYear, spaces trimmed, anything else refused
// with a message naming the expected form.
func TestParseDay(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" when refused
	}{
		{"2024-03-01", "2024-03-01"},
		{" 1900-01-01 ", "1900-01-01"},
		{"2100-12-31", "2100-12-31"},
		{"1899-12-31", ""},
		{"2101-01-01", ""},
		{"2024-02-30", ""},
		{"2024-03", ""},
		{"2024-03-01T00:00:00Z", ""},
		{"", ""},
	} {
		got, err := network.ParseDay(c.in)
		if c.want == "" {
			if err == nil || !strings.Contains(err.Error(), "expected a date YYYY-MM-DD within 1900–2100") {
				t.Errorf("ParseDay(%q) = %v, %v; want the expected-form error", c.in, got, err)
			}
			continue
		}
		if err != nil || got.Format(time.DateOnly) != c.want || got.Location() != time.UTC {
			t.Errorf("ParseDay(%q) = %v, %v; want %s UTC", c.in, got, err, c.want)
		}
	}
}
