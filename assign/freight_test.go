package assign

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"corridor/data/eurasia"
)

func readDemandFile(t *testing.T, name string) []Demand {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(root, "data", "demand", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := ReadDemand(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func find(els []Element, kind, id string) *Element {
	for i := range els {
		if els[i].Kind == kind && els[i].ID == id {
			return &els[i]
		}
	}
	return nil
}

// TestFreightCaspian assigns the bundled 2024 and 2030 demand: the
// Caspian crossing carries the TITR volume, it is below capacity in 2024
// and becomes the top bottleneck when the Middle Corridor volume triples.
func TestFreightCaspian(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	run := func(file string) *FreightResult {
		r, err := AssignFreight(context.Background(), g, readDemandFile(t, file), DefaultFreightParams())
		if err != nil {
			t.Fatal(err)
		}
		if !r.Converged {
			t.Fatalf("%s: not converged (gap %.2g)", file, r.Final.RelativeGap)
		}
		return r
	}
	r24, r30 := run("china-europe-2024.csv"), run("china-europe-2030.csv")
	baku24, baku30 := find(r24.Elements, "node", "AZBAK"), find(r30.Elements, "node", "AZBAK")
	if baku24 == nil || baku30 == nil {
		t.Fatal("no Baku port element")
	}
	if baku24.FlowTEU < 50000 || baku24.FlowTEU > 60000 {
		t.Errorf("2024: Baku port %.0f TEU, want about the 56,500 TEU of TITR", baku24.FlowTEU)
	}
	if baku24.Utilisation >= 1 {
		t.Errorf("2024: Baku port utilisation %.2f, want below 1", baku24.Utilisation)
	}
	if baku30.Utilisation <= 1 || baku30.DelayHours <= 5*baku24.DelayHours {
		t.Errorf("2030: Baku port utilisation %.2f, delay %.1f h (2024: %.1f h): want over capacity, a much longer delay", baku30.Utilisation, baku30.DelayHours, baku24.DelayHours)
	}
	top := r30.Bottlenecks[0]
	if top.Kind != "link" || (top.Mode != "ferry" && top.Mode != "sea") || top.Utilisation <= 1 {
		t.Errorf("2030: top bottleneck %s (%s, %.2f), want a Caspian crossing over capacity", top.Name, top.Mode, top.Utilisation)
	}
	share := 0.0
	for _, c := range r24.Corridors {
		share += c.ShareTEU
	}
	if share < 0.999 || share > 1.001 || r24.Corridors[0].Corridor != "maritime-suez" {
		t.Errorf("2024 corridor shares %+v: want them to sum to 1, the sea via Suez first", r24.Corridors)
	}
}

func TestFreightBadDemand(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		d    Demand
		want string
	}{
		{Demand{Origin: "Nowhere", Destination: "DEDUI", TEUPerYear: 1, Line: 2}, `line 2: origin: unknown place "Nowhere"`},
		{Demand{Origin: "CNXIY", Destination: "DEDUI", TEUPerYear: 1, Class: "gold", Line: 3}, `line 3: unknown class "gold"`},
	} {
		_, err := AssignFreight(context.Background(), g, []Demand{tc.d}, DefaultFreightParams())
		if err == nil || err.Error()[:len(tc.want)] != tc.want {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}
