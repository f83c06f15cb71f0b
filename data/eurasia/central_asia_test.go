package eurasia_test

import (
	"strings"
	"testing"

	"corridor/data/scenarios"
	"corridor/network"
	"corridor/scenario"
)

// Section A of issue 14: the road layer of Central Asia and Xinjiang, the
// China–Pakistan Economic Corridor (Karakoram Highway, ML-1 railway, the
// ports of Karachi, Port Qasim and Gwadar) and the afghanistan-transit
// scenario. Sources are in sources.csv (a-road-derivation and the a-…
// rows it names).

// TestCentralAsiaCountries: every SCO member of the region has at least
// three places.
func TestCentralAsiaCountries(t *testing.T) {
	g := load(t)
	count := map[string]int{}
	for i := 0; i < g.NumNodes(); i++ {
		count[g.Node(network.NodeID(i)).Country]++
	}
	for _, cc := range []string{"CN", "KZ", "KG", "UZ", "TJ", "PK"} {
		if count[cc] < 3 {
			t.Errorf("%s has %d nodes, want at least 3", cc, count[cc])
		}
	}
}

// TestCentralAsiaRealism checks journeys by truck (and truck plus rail)
// against published transit times. Time is running time plus border dwell
// medians plus handling where the mode or gauge changes, as in
// TestBundledRealism, but over the given modes instead of corridor tags
// (road links carry no corridor tag).
func TestCentralAsiaRealism(t *testing.T) {
	g := load(t)
	road := []network.Mode{network.Road}
	cases := []struct {
		name             string
		from, to         string
		modes            []network.Mode
		minDays, maxDays float64
		minKm, maxKm     float64
		published        string
	}{
		{"Kashgar–Tashkent by road", "CN-KASHGAR", "UZTAS", road, 1, 3, 850, 1050,
			"a-kabar-2018-irkeshtam: pilot convoy Tashkent–Andijan–Osh–Irkeshtam–Kashgar 920 km in 31 h; a-timesca-2018-irkeshtam: about 2 days"},
		{"Karachi–Kashgar by road (Karakoram Highway)", "PKKHI", "CN-KASHGAR", road, 4, 10, 2450, 3000,
			"a-dailytimes-2025-khunjerab: Karachi to Kashgar by truck in about 8 days; a-wiki-khunjerab: Khunjerab–Islamabad 870 km, Khunjerab–Kashgar 420 km"},
		{"Ürümqi–Almaty by road (Khorgos)", "CNURC", "KZALA", road, 2, 4.5, 950, 1250,
			"a-cpmm-2023-bcp-monitor: Khorgos road crossing 51.4 h on average; ~1,100 km of road at CAREC truck speeds (a-cpmm-2022-road: 42 km/h without delay)"},
		{"Chongqing–Bishkek by road", "CNCKG", "KGFRU", road, 5, 13, 4900, 6000,
			"a-xinhua-2021-chongqing-kg: Chongqing–Kyrgyzstan truck line, 5,400 km in about 12 days (door to door, clearance at origin included)"},
		{"Karachi–Peshawar by ML-1 rail", "PKKHI", "PKPEW", []network.Mode{network.Rail}, 1.5, 4, 1650, 1800,
			"a-hrnww-2026-ml1: ML-1 Karachi–Peshawar 1,726 km; a-app-2016-ml1: line speed down to 60 km/h"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hours, km, path := byModes(g, tc.from, tc.to, tc.modes...)
			if path == nil {
				t.Fatalf("no path from %s to %s by %v", tc.from, tc.to, tc.modes)
			}
			days := hours / 24
			t.Logf("%.1f days, %.0f km via %s", days, km, strings.Join(path, " "))
			if days < tc.minDays || days > tc.maxDays {
				t.Errorf("%.1f days; published: %s (accepted %v–%v days)", days, tc.published, tc.minDays, tc.maxDays)
			}
			if km < tc.minKm || km > tc.maxKm {
				t.Errorf("%.0f km; published: %s (accepted %v–%v km)", km, tc.published, tc.minKm, tc.maxKm)
			}
		})
	}
}

// TestKashgarTashkentRailRoad: the multimodal route Uzbekistan Railways
// opened in 2023 (a-kun-2023-langfang-osh): truck from Kashgar over
// Irkeshtam to Osh, rail from Osh to Tashkent. It is slower than the truck
// all the way (a-kabar-2018-irkeshtam: 31 h) by the transshipment at Osh and
// the rail border at Kara-Suu–Savay, but within a few days.
func TestKashgarTashkentRailRoad(t *testing.T) {
	g := load(t)
	roadH, roadKm, roadPath := byModes(g, "CN-KASHGAR", "KGOSS", []network.Mode{network.Road}...)
	railH, railKm, railPath := byModes(g, "KGOSS", "UZTAS", []network.Mode{network.Rail}...)
	if roadPath == nil || railPath == nil {
		t.Fatalf("no truck leg Kashgar–Osh (%v) or no rail leg Osh–Tashkent (%v)", roadPath, railPath)
	}
	osh, _ := g.NodeByID("KGOSS")
	days := (roadH + g.Node(osh).HandlingHours + railH) / 24
	km := roadKm + railKm
	t.Logf("%.1f days, %.0f km: road %s, rail %s", days, km, strings.Join(roadPath, " "), strings.Join(railPath, " "))
	if days < 1.2 || days > 4 {
		t.Errorf("%.1f days by truck and rail; accepted 1.2–4 (road alone 31 h–2 days, a-kabar-2018-irkeshtam, a-timesca-2018-irkeshtam)", days)
	}
	if km < 700 || km > 1100 {
		t.Errorf("%.0f km; accepted 700–1,100 (920 km by road, a-kabar-2018-irkeshtam)", km)
	}
}

// TestPakistaniPortsOnTheLanes: Karachi, Port Qasim and Gwadar reach the
// deep-sea lanes both ways.
func TestPakistaniPortsOnTheLanes(t *testing.T) {
	g := load(t)
	sea := []network.Mode{network.Sea}
	for _, p := range []string{"PKKHI", "PKBQM", "PKGWD"} {
		for _, other := range []string{"NLRTM", "CNSHA"} {
			if _, _, path := byModes(g, p, other, sea...); path == nil {
				t.Errorf("no sea path %s → %s", p, other)
			}
			if _, _, path := byModes(g, other, p, sea...); path == nil {
				t.Errorf("no sea path %s → %s", other, p)
			}
		}
	}
	// Karachi–Rotterdam via Suez is about 6,400 nm (11,900 km).
	if _, km, _ := byModes(g, "PKKHI", "NLRTM", sea...); km < 11000 || km > 13500 {
		t.Errorf("Karachi–Rotterdam by sea %.0f km, want 11,000–13,500", km)
	}
}

// TestAfghanistanTransitScenario: the bundled afghanistan-transit scenario
// applies, and with it Termez reaches Peshawar through Afghanistan by road
// (Hairatan, Mazar-i-Sharif, Kabul, Torkham), far shorter than the base
// network's way round by Kashgar and the Karakoram Highway.
func TestAfghanistanTransitScenario(t *testing.T) {
	g := load(t)
	s, ok := scenarios.Get("afghanistan-transit")
	if !ok {
		t.Fatal("no bundled scenario afghanistan-transit")
	}
	a, err := scenario.Apply(g, s)
	if err != nil {
		t.Fatalf("afghanistan-transit: %v", err)
	}
	road := []network.Mode{network.Road}
	_, baseKm, _ := byModes(g, "UZ-TERMEZ", "PKPEW", road...)
	h, km, path := byModes(a.Graph, "UZ-TERMEZ", "PKPEW", road...)
	if path == nil {
		t.Fatal("no road path Termez → Peshawar in the scenario")
	}
	t.Logf("scenario: %.1f days, %.0f km via %s (base: %.0f km)", h/24, km, strings.Join(path, " "), baseKm)
	if !strings.Contains(strings.Join(path, " "), "AF-KABUL") || km > 1000 {
		t.Errorf("Termez → Peshawar should cross Afghanistan by Kabul (~800 km road), got %.0f km via %v", km, path)
	}
	if baseKm != 0 && baseKm < 2*km {
		t.Errorf("base network Termez → Peshawar %.0f km is not much longer than through Afghanistan (%.0f km)", baseKm, km)
	}
	// The planned Trans-Afghan railway joins the 1520 mm and 1676 mm networks
	// directly. Without it the only rail way is round by Iran and the
	// Quetta–Zahedan line (section F, issue 14), far longer.
	_, scenRailKm, scenRail := byModes(a.Graph, "UZ-TERMEZ", "PKKHI", []network.Mode{network.Rail}...)
	if scenRail == nil || !strings.Contains(strings.Join(scenRail, " "), "AF-") {
		t.Errorf("no rail path Termez → Karachi over the Trans-Afghan railway in the scenario: %v", scenRail)
	}
	if _, baseRailKm, path := byModes(g, "UZ-TERMEZ", "PKKHI", []network.Mode{network.Rail}...); path != nil {
		if strings.Contains(strings.Join(path, " "), "AF-") {
			t.Errorf("the base network has a rail path Termez → Karachi through Afghanistan: %v", path)
		}
		if baseRailKm < 1.5*scenRailKm {
			t.Errorf("base rail Termez → Karachi %.0f km is not much longer than over the Trans-Afghan railway (%.0f km)", baseRailKm, scenRailKm)
		}
	}
}
