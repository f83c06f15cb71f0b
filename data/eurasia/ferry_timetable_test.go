package eurasia_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"corridor/network"
)

// minTimetabled is the number of services with published weekday
// timetables the bundled network must keep (issue 14: at least 30). Section
// E (ferry and ro-ro lines) brought the count from 2 to 30, each sourced
// from a published timetable (e-* sources); lines whose sources give a
// frequency only (DFDS Trieste–Pendik/Mersin, Karlshamn–Klaipėda,
// Paldiski–Kapellskär, Stena Gdynia–Karlskrona, TT-Line Rostock) are not
// timetabled.
const minTimetabled = 30

// publishedFerries: departure days and UTC times as the operators publish
// them (local time converted with standard time, e-timezone-utc).
var publishedFerries = map[string]struct {
	days   string
	depart string // HH:MM UTC
}{
	"E-S-TRIZM-FRSET":       {"Sun", "13:00"},                         // İzmir Sunday 16:00 TRT (e-informare-2023-izmir-sete)
	"E-S-FRSET-TRIZM":       {"Thu", "01:00"},                         // Sète Thursday 02:00 CET
	"E-S-KEL-GOT":           {"Mon;Tue;Wed;Thu;Fri;Sat;Sun", "17:45"}, // Kiel daily 18:45 CET (e-portofkiel-2013-stena)
	"E-S-KLJ-KEL":           {"Mon;Tue;Wed;Thu;Fri;Sat;Sun", "18:00"}, // Klaipėda daily 20:00 EET
	"E-S-FIHEL-DELBC":       {"Mon;Tue;Wed;Thu;Fri;Sat;Sun", "16:00"}, // Helsinki Vuosaari daily 18:00 EET
	"E-S-ITTRS-TRIST":       {"Wed;Sat", "12:00"},                     // Grimaldi Trieste Wed and Sat (no hour published)
	"E-S-DELBC-SETRG-NIGHT": {"Mon;Tue;Wed;Thu;Fri;Sat;Sun", "21:00"}, // Travemünde 22:00 CET
	"E-S-SEMMA-PLSWI":       {"Mon;Tue;Wed;Thu;Fri;Sat;Sun", "09:15"}, // Malmö 10:15 CET
	"E-S-UAILK-GEBUS":       {"Tue", "12:00"},                         // Chornomorsk Tuesdays (no hour published)
	"E-S-GEBUS-UAILK":       {"Sat", "12:00"},                         // Batumi Saturdays
}

func hhmm(minute int) string {
	return time.Date(2026, 1, 1, 0, minute, 0, 0, time.UTC).Format("15:04")
}

// TestFerryTimetables: at least minTimetabled services follow a published
// timetable; each is well formed (days, a departure minute within the day,
// as many departures a week as listed days, sourced) and lies on a ferry or
// sea link.
func TestFerryTimetables(t *testing.T) {
	g := load(t)
	n := 0
	for i := 0; i < g.NumServices(); i++ {
		s := g.Service(network.ServiceID(i))
		if !s.Timetabled() {
			continue
		}
		n++
		if c := s.Days.Count(); c < 1 || c > 7 || s.PerWeek != float64(c) {
			t.Errorf("service %s: %d days (%s), %g a week", s.ID, c, s.Days, s.PerWeek)
		}
		if s.DepartureMinute < 0 || s.DepartureMinute >= 24*60 {
			t.Errorf("service %s departs at minute %d", s.ID, s.DepartureMinute)
		}
		if len(s.Sources) == 0 {
			t.Errorf("service %s cites no source", s.ID)
		}
		for _, l := range s.Links {
			if m := g.Link(l).Mode; m != network.Ferry && m != network.Sea {
				t.Errorf("timetabled service %s runs on a %s link", s.ID, m)
			}
		}
	}
	if n < minTimetabled {
		t.Errorf("%d services have a published timetable; want at least %d", n, minTimetabled)
	}
	for id, want := range publishedFerries {
		si, ok := g.ServiceByID(id)
		if !ok {
			t.Errorf("no service %s", id)
			continue
		}
		s := g.Service(si)
		if s.Days.String() != want.days || hhmm(s.DepartureMinute) != want.depart {
			t.Errorf("service %s departs %s %s UTC; the published timetable says %s %s",
				id, s.Days, hhmm(s.DepartureMinute), want.days, want.depart)
		}
	}
}

// TestFerryTimetableWaits: the weekly DFDS İzmir–Sète ro-ro leaves İzmir on
// Sundays at 13:00 UTC (16:00 local). A trailer ready on Saturday 13:00
// waits 24 h, one ready a day later leaves at once, and one ready on Monday
// 13:00 waits six days.
func TestFerryTimetableWaits(t *testing.T) {
	g := load(t)
	sat := time.Date(2026, 12, 5, 13, 0, 0, 0, time.UTC) // a Saturday
	for _, c := range []struct {
		ready time.Time
		wait  float64
	}{
		{sat, 24},
		{sat.Add(24 * time.Hour), 0},
		{sat.Add(48 * time.Hour), 6 * 24},
	} {
		leg := firstLeg(t, g, "TRIZM", "FRSET", []network.Mode{network.Ferry}, c.ready)
		if math.Abs(leg.WaitHours-c.wait) > 0.01 || !strings.Contains(leg.Service, "İzmir–Sète") {
			t.Errorf("İzmir–Sète ready %s: waits %g h (%s, %q), want %g h on the İzmir–Sète ro-ro",
				c.ready.Format("Mon 15:04"), leg.WaitHours, leg.WaitBasis, leg.Service, c.wait)
		}
		if got := leg.Departure.Sub(c.ready).Hours(); math.Abs(got-c.wait) > 0.01 {
			t.Errorf("İzmir–Sète ready %s: departs %s, %g h later; want %g h", c.ready.Format("Mon 15:04"),
				leg.Departure.Format("Mon 15:04"), got, c.wait)
		}
	}
}

// TestFerryCrossingRealism: the Kiel–Gothenburg crossing takes 14.5 h
// (18:45 → 09:15, e-portofkiel-2013-stena, e-goteborg-kiel-duration) and the
// İzmir–Sète ro-ro 74 h (e-informare-2023-izmir-sete); the legs found by the
// router must agree within an hour.
func TestFerryCrossingRealism(t *testing.T) {
	g := load(t)
	ready := time.Date(2026, 12, 6, 13, 0, 0, 0, time.UTC) // Sunday
	for _, c := range []struct {
		from, to  string
		published float64
	}{
		{"DEKEL", "SEGOT", 14.5},
		{"TRIZM", "FRSET", 74},
	} {
		leg := firstLeg(t, g, c.from, c.to, []network.Mode{network.Ferry}, ready)
		if leg.To.ID != c.to || math.Abs(leg.Hours-c.published) > 1 {
			t.Errorf("%s → %s: ferry leg to %s in %.1f h; published crossing %.1f h", c.from, c.to, leg.To.ID, leg.Hours, c.published)
		}
	}
}
