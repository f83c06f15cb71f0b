package cli

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"corridor/route"
)

func TestTableFormats(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"short duration", duration(5.6), "5.6 h"},
		{"long duration", duration(794.1), "33 d 2 h"},
		{"a day", duration(24), "1 d 0 h"},
		{"gauge with its unit", modeGauge("rail", 1520), "rail 1520 mm"},
		{"no gauge", modeGauge("sea", 0), "sea"},
		{"date with the year, in UTC", stamp(time.Date(2026, 12, 30, 15, 0, 0, 0, time.FixedZone("CET", 3600))), "2026-12-30 14:00"},
		{"land border", borderText(&route.Crossing{FromCountry: "CN", ToCountry: "KZ", At: route.NodeRef{Name: "Dostyk"}, Mode: "rail"}), "CN → KZ at Dostyk"},
		{"ferry border", borderText(&route.Crossing{FromCountry: "KZ", ToCountry: "AZ", At: route.NodeRef{Name: "Alat"}, Mode: "ferry", BySea: true}), "KZ → AZ at Alat, by ferry"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// The route table shows long durations in days and hours, gauges in mm,
// dates with the year, each border after the leg that crosses it, and why.
func TestRouteTableMiddleCorridor(t *testing.T) {
	// The whole front: the ferry crossing is on it, the thinned default
	// keeps the Aktau–Alat container feeder instead.
	code, out, errOut := run(t, "route", "--from", "Xi'an", "--to", "Duisburg", "--depart", "2026-03-01", "--avoid-countries", "RU,BY",
		"--full-front", "--max-results", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"rail 1520 mm  ", "2026-03-01 00:00 → 2026-03-", "why: fastest;",
		"border        CN → KZ at Dostyk", "KZ → AZ at Baku (Alat port), by ferry", "AZ → GE at Gardabani", "GE → TR at",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("route table lacks %q:\n%s", want, out)
		}
	}
	// No span of a day or more in decimal hours, no date without its year.
	for _, m := range regexp.MustCompile(`(\d+\.\d) h\b`).FindAllStringSubmatch(out, -1) {
		if h, _ := strconv.ParseFloat(m[1], 64); h >= 24 {
			t.Errorf("route table shows %q in hours", m[0])
		}
	}
	if m := regexp.MustCompile(`\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b`).FindString(out); m != "" {
		t.Errorf("route table shows a date without its year: %q", m)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf("trailing spaces: %q", line)
		}
	}
}

// The compare table shows each corridor's time in days and hours.
func TestCompareTableDurations(t *testing.T) {
	code, out, errOut := run(t, "compare", "--from", "Xi'an", "--to", "Duisburg", "--depart", "2026-03-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "corridor  ") || !strings.Contains(out, "  time  ") || !regexp.MustCompile(`northern\s+\d+ d \d+ h\s`).MatchString(out) {
		t.Errorf("compare table without times in days and hours:\n%s", out)
	}
	if !strings.Contains(out, "CO2e well-to-wheel (WTW = WTT + TTW), ISO 14083") {
		t.Errorf("compare table does not say how CO2e is computed:\n%s", out)
	}
}
