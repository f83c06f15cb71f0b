package network_test

import (
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/network"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Łódź":             "lodz",
		"Constanța":        "constanta",
		"Małaszewicze":     "malaszewicze",
		"Böyük Kəsik":      "boyuk kesik",
		"İstanbul":         "istanbul",
		"Kapıkule":         "kapikule",
		"Zamyn-Üüd":        "zamyn-uud",
		"Irún":             "irun",
		"Xi'an":            "xi'an",
		"Xi’an":            "xi'an",
		"São Paulo":        "sao paulo",
		"Hendaye–Irún":     "hendaye-irun",
		"ALREADY plain 12": "already plain 12",
	} {
		if got := network.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindNodes(t *testing.T) {
	g := loadSmall(t)
	cases := []struct {
		q     string
		first string
		n     int // expected number of matches; -1 = don't care
	}{
		{"lodz", "PLLOD", 1},
		{"ŁÓDŹ", "PLLOD", 1},
		{"PLLOD", "PLLOD", 1},
		{"pllod", "PLLOD", 1},
		{"suez", "CP-SUEZ", 1},
		{"Druzhba", "KZDOS", 1},
		{"xian", "CNXIY", 1},
		{"alat", "AZBAK", 1},
		{"zzz", "", 0},
		{"", "", 8},
	}
	for _, tc := range cases {
		ms := g.FindNodes(tc.q)
		if tc.n >= 0 && len(ms) != tc.n {
			t.Errorf("FindNodes(%q) found %d, want %d", tc.q, len(ms), tc.n)
		}
		if tc.first != "" && (len(ms) == 0 || g.Node(ms[0].Node).ID != tc.first) {
			t.Errorf("FindNodes(%q) first = %v, want %s", tc.q, ms, tc.first)
		}
	}
}

func TestResolve(t *testing.T) {
	g := loadSmall(t)
	for ref, want := range map[string]string{"KZDOS": "KZDOS", "dostyk": "KZDOS", "Łódź": "PLLOD", "Suez Canal": "CP-SUEZ", "alat": "AZBAK"} {
		n, _, ok := g.Resolve(ref)
		if !ok || g.Node(n).ID != want {
			t.Errorf("Resolve(%q) = %v %v, want %s", ref, n, ok, want)
		}
	}
	// An unknown name gets close suggestions.
	_, sugg, ok := g.Resolve("Dustyk")
	if ok || len(sugg) == 0 || g.Node(sugg[0]).ID != "KZDOS" {
		t.Errorf("Resolve(Dustyk) = ok %v sugg %v, want a Dostyk suggestion", ok, sugg)
	}
	// An ambiguous prefix is not resolved, but its candidates are suggested.
	_, sugg, ok = g.Resolve("a")
	if ok || len(sugg) < 2 {
		t.Errorf("Resolve(a) = ok %v sugg %v, want ambiguity", ok, sugg)
	}
}

// TestResolveLongQuery: a 1,000,000-character reference costs no more than
// one of MaxQueryLength characters (it took 29–80 s of CPU on the bundled
// network before queries were cut).
func TestResolveLongQuery(t *testing.T) {
	g := loadSmall(t)
	for _, ref := range []string{strings.Repeat("ä", 1_000_000), strings.Repeat("Dostyk ", 150_000)} {
		start := time.Now()
		_, _, ok := g.Resolve(ref)
		g.FindNodes(ref)
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Errorf("Resolve of %d bytes took %v", len(ref), d)
		}
		if ok {
			t.Errorf("Resolve of %d bytes resolved", len(ref))
		}
	}
}

// A short query finds names, prefixes and word starts, not letters that
// happen to occur inside a word: "osh" is Osh, not Tashkent (alias
// Toshkent) nor Lőkösháza; from four letters on, a query matches inside
// words too.
func TestFindNodesShortQuery(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q       string
		want    []string // ids that must be found
		notWant []string // ids that must not
	}{
		{"Osh", []string{"KGOSS"}, []string{"UZTAS", "HU-LOKOSHAZA", "PK-HOSHAB"}},
		{"osh", []string{"KGOSS"}, []string{"UZTAS"}},
		{"kent", []string{"UZTAS"}, nil}, // Tashkent, inside the word: four letters
		{"Xi", []string{"CNXIY", "CNXMN"}, nil},
	}
	for _, tc := range cases {
		got := map[string]bool{}
		for _, m := range g.FindNodes(tc.q) {
			got[g.Node(m.Node).ID] = true
		}
		for _, id := range tc.want {
			if !got[id] {
				t.Errorf("FindNodes(%q) lacks %s: %v", tc.q, id, got)
			}
		}
		for _, id := range tc.notWant {
			if got[id] {
				t.Errorf("FindNodes(%q) has %s", tc.q, id)
			}
		}
	}
}

// Suggestions for a name that matches nothing stay close: one edit for a
// short name, more for a long one.
func TestResolveSuggestionsClose(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ref  string
		want string // an id among the suggestions; "" = none at all
	}{
		{"Osj", "KGOSS"},
		{"Qzx", ""},
		{"Duisbrug", "DEDUI"},
	} {
		_, sugg, ok := g.Resolve(tc.ref)
		if ok {
			t.Errorf("Resolve(%q) resolved", tc.ref)
			continue
		}
		ids := make([]string, len(sugg))
		for i, s := range sugg {
			ids[i] = g.Node(s).ID
		}
		if tc.want == "" && len(ids) > 0 || tc.want != "" && !strings.Contains(strings.Join(ids, " "), tc.want) {
			t.Errorf("Resolve(%q) suggests %v, want %q", tc.ref, ids, tc.want)
		}
	}
}

// At equal scores a match on the name ranks before a match on an alias:
// "Xi" lists Xi'an and Xiamen before Tianjin (alias Xingang).
func TestFindNodesNameBeforeAlias(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	ms := g.FindNodes("Xi")
	var ids []string
	for _, m := range ms {
		ids = append(ids, g.Node(m.Node).ID)
	}
	if len(ids) < 3 || ids[0] != "CNXIY" || ids[1] != "CNXMN" {
		t.Errorf("FindNodes(Xi) = %v, want CNXIY, CNXMN first", ids)
	}
}
