package network

import (
	"math"
	"testing"
)

func TestNextDeparture(t *testing.T) {
	const day, week = 1440.0, 7 * 1440.0
	monThu := Weekdays(1<<1 | 1<<4) // Monday and Thursday
	for _, tc := range []struct {
		name       string
		days       Weekdays
		depart     int // minute of the day
		weekMinute float64
		minWait    float64
		want       float64 // hours
	}{
		{"no timetable", 0, 600, 0, 0, math.Inf(1)},
		{"later the same day", monThu, 600, day + 60, 0, 9},
		{"at the departure", monThu, 600, day + 600, 0, 0},
		{"at the departure, missed", monThu, 600, day + 600, 0.5, 72},
		{"just after the minimum wait", monThu, 600, day + 599.25, 0.5, 0.75 / 60},
		{"just missed", monThu, 600, day + 600.5, 0, 72 - 0.5/60},
		{"next day in the set", monThu, 600, 2 * day, 0, 48 + 10},
		{"across the week's end", monThu, 600, 6*day + 720, 0, 22 + 24},
		{"a later week", monThu, 600, 3*week + day + 60, 0, 9},
		{"only departure, missed: a week", Weekdays(1 << 3), 0, 3 * day, 0.5, 168},
		{"every day", Weekdays(0x7f), 1380, 1390, 0, 23 + 50.0/60},
		{"sunday midnight from saturday night", Weekdays(1), 0, week - 30, 0, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Service{Days: tc.days, DepartureMinute: tc.depart}
			got := s.NextDeparture(tc.weekMinute, tc.minWait)
			if math.Abs(got-tc.want) > 1e-9 || math.IsInf(got, 1) != math.IsInf(tc.want, 1) {
				t.Errorf("NextDeparture(%g, %g) = %g h, want %g h", tc.weekMinute, tc.minWait, got, tc.want)
			}
		})
	}
}

// TestNextDepartureProperty: the wait is at least minWait, less than a
// week plus minWait, lands on a timetabled day at the departure minute,
// and no departure of the timetable falls between (checked minute by
// minute).
func TestNextDepartureProperty(t *testing.T) {
	for days := Weekdays(1); days < 1<<7; days++ {
		for _, dep := range []int{0, 1, 719, 1439} {
			s := &Service{Days: days, DepartureMinute: dep}
			for now := 0; now < 7*1440; now += 97 {
				for _, minWait := range []float64{0, 0.5} {
					w := s.NextDeparture(float64(now), minWait) * 60
					at := now + int(math.Round(w))
					if w < minWait || w >= 7*1440+minWait || at%1440 != dep || !days.Has(at/1440%7) {
						t.Fatalf("days %s dep %d now %d: wait %g min", days, dep, now, w)
					}
					for m := now; m < at; m++ {
						if m%1440 == dep && days.Has(m/1440%7) && float64(m-now) >= minWait {
							t.Fatalf("days %s dep %d now %d: wait %g min skips the departure at %d", days, dep, now, w, m)
						}
					}
				}
			}
		}
	}
}
