package route

import (
	"errors"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
)

// TestRequestLimits: a request beyond a limit is refused by Resolve before
// any work, naming the field; within the limits it resolves.
func TestRequestLimits(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := func(v float64) *float64 { return &v }
	n := func(v int) *int { return &v }
	many := func(k int, s ...string) []string {
		var out []string
		for len(out) < k {
			out = append(out, s...)
		}
		return out[:k]
	}
	base := func() Request { return Request{From: "Xi'an", To: "Duisburg"} }
	cases := []struct {
		name  string
		mod   func(*Request)
		field string
	}{
		{"20,000 vias", func(r *Request) { r.Via = many(20000, "Aktau", "Baku") }, "via"},
		{"11 vias", func(r *Request) { r.Via = many(MaxVia+1, "Aktau", "Baku") }, "via"},
		{"51 avoided places", func(r *Request) { r.AvoidNodes = many(MaxListItems+1, "Aktau") }, "avoid_nodes"},
		{"51 avoided countries", func(r *Request) { r.AvoidCountries = many(MaxListItems+1, "RU") }, "avoid_countries"},
		{"51 avoided groups", func(r *Request) { r.AvoidGroups = many(MaxListItems+1, "EU") }, "avoid_groups"},
		{"51 modes", func(r *Request) { r.Modes = many(MaxListItems+1, "rail") }, "modes"},
		{"a 1,000,000-character origin", func(r *Request) { r.From = strings.Repeat("a", 1_000_000) }, "from"},
		{"a 201-character destination", func(r *Request) { r.To = strings.Repeat("é", MaxRefLength+1) }, "to"},
		{"value 1e308", func(r *Request) { r.Cargo = &CargoRequest{ValueUSD: f(1e308)} }, "cargo.value_usd"},
		{"tonnes 1e308", func(r *Request) { r.Cargo = &CargoRequest{Tonnes: f(1e308)} }, "cargo.tonnes"},
		{"10,001 FEU", func(r *Request) { r.Cargo = &CargoRequest{FEU: n(MaxContainers + 1)} }, "cargo.feu"},
		{"feu 0 given", func(r *Request) { r.Cargo = &CargoRequest{FEU: n(0)} }, "cargo.feu"},
		{"teu 0 given", func(r *Request) { r.Cargo = &CargoRequest{TEU: n(0)} }, "cargo.teu"},
		{"carbon price 1e308", func(r *Request) { r.CarbonPrice = 1e308 }, "carbon_price"},
		{"max results 1e9", func(r *Request) { r.MaxResults = 1e9 }, "max_results"},
		{"depart 9999", func(r *Request) { r.Depart = "9999-12-01" }, "depart"},
		{"depart 1800", func(r *Request) { r.Depart = "1800-01-01" }, "depart"},
		{"via is the origin", func(r *Request) { r.Via = []string{"Xi'an"} }, "via"},
		{"via is the destination", func(r *Request) { r.Via = []string{"Duisburg"} }, "via"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := base()
			tc.mod(&r)
			start := time.Now()
			_, _, err := r.Resolve(g, time.Now(), nil)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Fatalf("got %v, want an InputError on %s", err, tc.field)
			}
			if d := time.Since(start); d > 200*time.Millisecond {
				t.Errorf("refused after %v", d)
			}
		})
	}
	r := base()
	r.Via = many(MaxVia, "Aktau", "Baku")
	r.Cargo = &CargoRequest{FEU: n(MaxContainers), ValueUSD: f(MaxValueUSD)}
	r.CarbonPrice, r.Depart = MaxCarbonPrice, "2100-12-31"
	if _, _, err := r.Resolve(g, time.Now(), nil); err != nil {
		t.Errorf("a request at the limits: %v", err)
	}
}
