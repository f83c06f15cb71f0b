package textfmt

import "testing"

func TestThousands(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 1234567.8: "1,234,568", -45678: "-45,678", 100000: "100,000"} {
		if got := Thousands(in); got != want {
			t.Errorf("Thousands(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		hours float64
		want  string
	}{
		{0, "0.0 h"}, {5.6, "5.6 h"}, {23.9, "23.9 h"}, {23.96, "1 d 0 h"}, {24, "1 d 0 h"},
		{48.4, "2 d 0 h"}, {790.1, "32 d 22 h"}, {794, "33 d 2 h"}, {-30, "-1 d 6 h"},
	}
	for _, tt := range tests {
		if got := Duration(tt.hours); got != tt.want {
			t.Errorf("Duration(%g) = %q, want %q", tt.hours, got, tt.want)
		}
	}
}
