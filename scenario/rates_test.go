package scenario_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"corridor/network"
	"corridor/scenario"
)

func ratedBase(t *testing.T) *network.Graph {
	t.Helper()
	g, err := network.Load("../network/testdata/rated")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func f64(x float64) *float64 { return &x }

func mustMonth(t *testing.T, s string) network.Month {
	t.Helper()
	m, err := network.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestScaleRate: months in [from, until) are scaled, months outside keep
// their values (published or interpolated), and the base is untouched.
func TestScaleRate(t *testing.T) {
	base := ratedBase(t)
	s := &scenario.Scenario{Name: "shock", Edits: []scenario.Edit{{Op: scenario.OpScaleRate, Series: "rail-1520", Factor: f64(2), From: "2019-03", Until: "2019-06"}}}
	a, err := scenario.Apply(base, s)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := base.RateSeriesByID("rail-1520")
	after, _ := a.Graph.RateSeriesByID("rail-1520")
	for m := mustMonth(t, "2018-01"); m <= mustMonth(t, "2020-01"); m++ {
		b, _ := before.At(m)
		x, _ := after.At(m)
		want := b.USD
		if m >= mustMonth(t, "2019-03") && m < mustMonth(t, "2019-06") {
			want *= 2
		}
		if math.Abs(x.USD-want) > 0.01 {
			t.Errorf("%s: %.2f after the edit, want %.2f (base %.2f)", m, x.USD, want, b.USD)
		}
		if b.Basis != network.Published && x.Basis == network.Published {
			t.Errorf("%s: an inserted value is shown as published", m)
		}
	}
	if len(before.Values) != 3 {
		t.Errorf("the base series changed: %d values", len(before.Values))
	}
}

// TestSurchargeEdits: add_surcharge validates like surcharges.csv;
// scale_surcharge from a day splits the surcharge at that day.
func TestSurchargeEdits(t *testing.T) {
	base := ratedBase(t)
	s := &scenario.Scenario{Name: "fees", Edits: []scenario.Edit{
		{Op: scenario.OpAddSurcharge, Surcharge: &network.SurchargeFields{ID: "new-fee", Kind: "other", Name: "A new fee", Applies: "mode=ferry", AmountUSD: 75}},
		{Op: scenario.OpScaleSurcharge, Surcharges: []string{"suez-war-risk-2024"}, Factor: f64(3), From: "2024-07-01"},
	}}
	a, err := scenario.Apply(base, s)
	if err != nil {
		t.Fatal(err)
	}
	g := a.Graph
	amount := func(id string, day string) float64 {
		d, _ := time.Parse(time.DateOnly, day)
		sum := 0.0
		for _, sc := range g.Surcharges() {
			if strings.HasPrefix(sc.ID, id) && sc.ActiveOn(d) {
				sum += sc.AmountUSD
			}
		}
		return sum
	}
	if got := amount("suez-war-risk-2024", "2024-03-01"); got != 1000 {
		t.Errorf("war risk before the edit's day %.0f, want 1000", got)
	}
	if got := amount("suez-war-risk-2024", "2024-08-01"); got != 3000 {
		t.Errorf("war risk after the edit's day %.0f, want 3000", got)
	}
	l4, _ := g.LinkByID("L4")
	found := false
	for _, i := range g.SurchargesOn(l4) {
		found = found || g.Surcharges()[i].ID == "new-fee"
	}
	if !found {
		t.Error("the added surcharge is not charged on the ferry link")
	}
	if n := len(base.Surcharges()); n != 5 {
		t.Errorf("the base has %d surcharges, want its 5", n)
	}

	for _, c := range []struct {
		ed   scenario.Edit
		want string
	}{
		{scenario.Edit{Op: scenario.OpScaleRate, Series: "nope", Factor: f64(2), From: "2020-01"}, `unknown rate series "nope"`},
		{scenario.Edit{Op: scenario.OpScaleRate, Series: "rail-1520", Factor: f64(2)}, "give from and/or until"},
		{scenario.Edit{Op: scenario.OpScaleRate, Series: "rail-1520", Factor: f64(2), From: "2020-05", Until: "2020-01"}, "must be after from"},
		{scenario.Edit{Op: scenario.OpScaleSurcharge, Surcharges: []string{"nope"}, Factor: f64(2)}, `unknown surcharge "nope"`},
		{scenario.Edit{Op: scenario.OpAddSurcharge, Surcharge: &network.SurchargeFields{ID: "x1", Kind: "fee", Name: "X", Applies: "mode=sea", AmountUSD: 1}}, "surcharge.kind: expected one of"},
		{scenario.Edit{Op: scenario.OpAddSurcharge, Surcharge: &network.SurchargeFields{ID: "x1", Kind: "other", Name: "X", Applies: "mode=boat", AmountUSD: 1}}, "surcharge.applies"},
		{scenario.Edit{Op: scenario.OpAddSurcharge, Surcharge: &network.SurchargeFields{ID: "thc-xian", Kind: "other", Name: "X", Applies: "mode=sea", AmountUSD: 1}}, "exists already"},
	} {
		_, err := scenario.Apply(base, &scenario.Scenario{Name: "bad", Edits: []scenario.Edit{c.ed}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.ed, err, c.want)
		}
	}
}
