package eurasia_test

import (
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"corridor/network"
	"corridor/route"
)

// publishedTimetables are the services whose operator publishes fixed
// departure days (sources c2-maersk-p2p-ae1). Every other service of the
// bundled network is frequency-only because no timetable was found
// (c2-no-timetable: the Caspian ferries sail when loaded; the Black Sea
// feeders and the other mainline loops publish a frequency only).
var publishedTimetables = map[string]struct {
	days   string
	depart string // HH:MM UTC
}{
	"C-S-CNSHA-GEMINI-AE1": {"Sat", "04:00"}, // Yangshan, Saturday 12:00 China time
	"C-S-NLRTM-GEMINI-AE1": {"Sat", "01:00"}, // Rotterdam, Saturday 03:00 CEST
}

func TestTimetabledServices(t *testing.T) {
	g := load(t)
	n := 0
	for i := 0; i < g.NumServices(); i++ {
		s := g.Service(network.ServiceID(i))
		if !s.Timetabled() {
			if s.PerWeek <= 0 {
				t.Errorf("service %s has neither days nor a frequency", s.ID)
			}
			continue
		}
		n++
		if s.PerWeek != float64(s.Days.Count()) {
			t.Errorf("service %s: %g departures a week for days %s", s.ID, s.PerWeek, s.Days)
		}
		if s.DepartureMinute < 0 || s.DepartureMinute >= 1440 {
			t.Errorf("service %s departs at minute %d", s.ID, s.DepartureMinute)
		}
		for _, src := range s.Sources {
			if _, ok := g.Source(src); !ok {
				t.Errorf("service %s cites unknown source %q", s.ID, src)
			}
		}
	}
	if n < len(publishedTimetables) {
		t.Errorf("%d services have a timetable; want at least the %d published ones", n, len(publishedTimetables))
	}
	for id, want := range publishedTimetables {
		si, ok := g.ServiceByID(id)
		if !ok {
			t.Errorf("no service %s", id)
			continue
		}
		s := g.Service(si)
		hhmm := time.Date(2026, 1, 1, 0, s.DepartureMinute, 0, 0, time.UTC).Format("15:04")
		if s.Days.String() != want.days || hhmm != want.depart {
			t.Errorf("service %s departs %s %s UTC; the published timetable says %s %s", id, s.Days, hhmm, want.days, want.depart)
		}
	}
}

// weekMinute is t as minutes since Sunday 00:00 UTC, NextDeparture's clock.
func weekMinute(t time.Time) float64 {
	t = t.UTC()
	return float64(int(t.Weekday())*1440 + t.Hour()*60 + t.Minute())
}

// firstLeg searches from one node to another by the given modes, departing
// at depart, and returns the first leg of the fastest itinerary.
func firstLeg(t *testing.T, g *network.Graph, from, to string, modes []network.Mode, depart time.Time) route.Leg {
	t.Helper()
	a, ok1 := g.NodeByID(from)
	b, ok2 := g.NodeByID(to)
	if !ok1 || !ok2 {
		t.Fatalf("no node %s or %s", from, to)
	}
	q := route.NewQuery(a, b, depart)
	q.Modes = modes
	its, err := route.New(g).Search(context.Background(), q)
	if err != nil || len(its) == 0 {
		t.Fatalf("%s → %s at %s: %v (%d itineraries)", from, to, depart, err, len(its))
	}
	best := its[0]
	for _, it := range its[1:] {
		if it.Total.Hours < best.Total.Hours {
			best = it
		}
	}
	if len(best.Legs) == 0 || best.Legs[0].From.ID != from {
		t.Fatalf("%s → %s: the fastest itinerary does not start with a leg from %s", from, to, from)
	}
	return best.Legs[0]
}

// TestTimetableWaits: a box ready one day apart waits exactly what the
// timetable says. AE1 leaves Shanghai (Yangshan) on Saturdays at 04:00 UTC:
// ready Friday 04:00 it waits 24 h, ready Saturday 04:00 it leaves at once,
// ready Saturday 05:00 the next AE1 is 6 days 23 h away, so the two other
// weekly loops (frequency only, per_week 2) are expected first: half their
// headway, 42 h.
func TestTimetableWaits(t *testing.T) {
	g := load(t)
	si, ok := g.ServiceByID("C-S-CNSHA-GEMINI-AE1")
	if !ok {
		t.Fatal("no AE1 service at Shanghai")
	}
	ae1 := g.Service(si)
	fri := time.Date(2026, 12, 4, 4, 0, 0, 0, time.UTC) // a Friday
	cases := []struct {
		ready     time.Time
		timetable float64 // NextDeparture of AE1, hours
		wait      float64 // the router's wait at Shanghai, hours
		basis     route.WaitBasis
	}{
		{fri, 24, 24, route.Timetable},
		{fri.Add(24 * time.Hour), 0, 0, route.Timetable},
		{fri.Add(25 * time.Hour), 6*24 + 23, 168.0 / 2 / 2, route.HalfHeadway},
	}
	for _, c := range cases {
		if got := ae1.NextDeparture(weekMinute(c.ready), 0); math.Abs(got-c.timetable) > 1e-9 {
			t.Errorf("AE1 ready %s: next departure in %g h, want %g h", c.ready.Format("Mon 15:04"), got, c.timetable)
		}
		leg := firstLeg(t, g, "CNSHA", "NLRTM", []network.Mode{network.Sea}, c.ready)
		if c.basis == route.HalfHeadway {
			c.wait *= waitScale(g, leg.Service) // the calibration's service_wait factor (parameters.csv)
		}
		if math.Abs(leg.WaitHours-c.wait) > 0.01 || leg.WaitBasis != c.basis {
			t.Errorf("Shanghai–Rotterdam ready %s: waits %g h (%s, %s), want %g h (%s)",
				c.ready.Format("Mon 15:04"), leg.WaitHours, leg.WaitBasis, leg.Service, c.wait, c.basis)
		}
		if c.basis == route.Timetable && !strings.Contains(leg.Service, "AE1") {
			t.Errorf("Shanghai–Rotterdam ready %s boards %q, want the AE1 loop", c.ready.Format("Mon 15:04"), leg.Service)
		}
	}
}

// TestCaspianFerriesFrequencyOnly: the Caspian rail ferries publish no
// timetable (c2-no-timetable), so a box ready on Monday or on Tuesday waits
// the same half headway at Aktau: 2 departures a week, 42 h.
func TestCaspianFerriesFrequencyOnly(t *testing.T) {
	g := load(t)
	for _, id := range []string{"A-S-CASP-SCO-BAK-FERRY", "A-S-CASP-KURYK-BAK-FERRY", "A-S-CASP-KRW-BAK-FERRY"} {
		si, ok := g.ServiceByID(id)
		if !ok {
			t.Errorf("no service %s", id)
			continue
		}
		if s := g.Service(si); s.Timetabled() || s.PerWeek <= 0 {
			t.Errorf("service %s: days %q, %g a week; no timetable is published, so it should be frequency-only", id, s.Days, s.PerWeek)
		}
	}
	mon := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) // a Monday
	var waits []float64
	for _, ready := range []time.Time{mon, mon.Add(24 * time.Hour)} {
		leg := firstLeg(t, g, "KZSCO", "AZBAK", []network.Mode{network.Ferry}, ready)
		if leg.WaitBasis != route.HalfHeadway {
			t.Errorf("Aktau–Alat ferry ready %s: wait basis %s, want %s", ready.Format("Mon"), leg.WaitBasis, route.HalfHeadway)
		}
		waits = append(waits, leg.WaitHours)
	}
	want := 168.0 / 2 / 2 * waitScale(g, firstLeg(t, g, "KZSCO", "AZBAK", []network.Mode{network.Ferry}, mon).Service)
	if waits[0] != waits[1] || math.Abs(waits[0]-want) > 0.01 {
		t.Errorf("Aktau–Alat ferry waits %v h on Monday and Tuesday, want %.2f h both days (42 h × the service_wait factor)", waits, want)
	}
}

// waitScale is the calibrated wait factor of the service named name (1
// when none applies).
func waitScale(g *network.Graph, name string) float64 {
	for i := 0; i < g.NumServices(); i++ {
		if s := g.Service(network.ServiceID(i)); s.Name == name && s.WaitScale > 0 {
			return s.WaitScale
		}
	}
	return 1
}

// capacityWords are what a source must say for a capacity figure to rest on it.
var capacityWords = regexp.MustCompile(`(?i)capacity|teu|throughput|trains?/day|mt/yr|t/yr`)

// TestCapacitiesSourced: every capacity_teu_year rests on a source. Either
// the record cites one that gives a capacity or throughput, or the figure
// was set in section C: then c2-capacity-derivation names the record with
// its exact value, and every source it draws on exists.
func TestCapacitiesSourced(t *testing.T) {
	g := load(t)
	deriv := derivation(t, g, "c2-capacity-derivation")
	n := 0
	check := func(kind, id string, capacity float64, sources []string) {
		if capacity <= 0 {
			return
		}
		n++
		said := false
		for _, src := range sources {
			s, ok := g.Source(src)
			if !ok {
				t.Errorf("%s %s cites unknown source %q", kind, id, src)
				continue
			}
			if capacityWords.MatchString(s.Title + " " + s.Note) {
				said = true
			}
		}
		value := regexp.MustCompile(`\b` + regexp.QuoteMeta(id) + `\b[^;]*\b` + formatTEU(capacity) + `\b`)
		if !said && !value.MatchString(deriv.Note) {
			t.Errorf("%s %s: capacity %s TEU/yr rests on no source (none of %v gives a capacity, and c2-capacity-derivation does not name it)", kind, id, formatTEU(capacity), sources)
		}
	}
	for i := 0; i < g.NumNodes(); i++ {
		nd := g.Node(network.NodeID(i))
		check("node", nd.ID, nd.CapacityTEUYear, nd.Sources)
	}
	for i := 0; i < g.NumLinks(); i++ {
		k := g.Link(network.LinkID(i))
		if k.Reverse {
			continue // the twin of a two-way row: same figure, same sources
		}
		check("link", k.ID, k.CapacityTEUYear, k.Sources)
	}
	if n < 40 {
		t.Errorf("%d records have a capacity; want at least 40", n)
	}
}

func formatTEU(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
