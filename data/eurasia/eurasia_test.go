package eurasia_test

import (
	"container/heap"
	"math"
	"slices"
	"strings"
	"testing"

	"corridor/data/eurasia"
	"corridor/network"
)

func load(t *testing.T) *network.Graph {
	t.Helper()
	g, err := eurasia.Load()
	if err != nil {
		t.Fatalf("bundled network does not load: %v", err)
	}
	return g
}

func TestBundledScale(t *testing.T) {
	s := load(t).Stats()
	if s.Nodes < 150 || s.Links < 300 || len(s.Countries) < 25 {
		t.Errorf("scale: %d nodes, %d links, %d countries; want at least 150, 300, 25", s.Nodes, s.Links, len(s.Countries))
	}
	for _, tag := range []string{"middle", "northern", "maritime-suez", "maritime-cape", "instc"} {
		if s.Corridors[tag] == 0 {
			t.Errorf("no link carries corridor tag %q", tag)
		}
	}
	for _, m := range []string{"rail", "sea", "ferry"} {
		if s.Modes[m] == 0 {
			t.Errorf("no %s links", m)
		}
	}
}

// The places the network must have, by the name a user would type.
var requiredPlaces = []string{
	"Xi'an", "Chongqing", "Chengdu", "Zhengzhou", "Wuhan", "Yiwu", "Lianyungang", "Urumqi", "Shanghai",
	"Ningbo", "Shenzhen", "Qingdao", "Tianjin", "Almaty", "Astana", "Aktau", "Kuryk", "Tashkent", "Baku",
	"Tbilisi", "Poti", "Batumi", "Kars", "Istanbul", "Mersin", "Constanța", "Moscow", "Minsk", "Brest",
	"Małaszewicze", "Warsaw", "Łódź", "Berlin", "Hamburg", "Duisburg", "Rotterdam", "Antwerp", "Prague",
	"Budapest", "Vienna", "Milan", "Genoa", "Piraeus", "Madrid", "Lyon", "Tehran", "Bandar Abbas",
	"Singapore", "Colombo",
	// border crossings and chokepoints named by the corridors
	"Alashankou", "Dostyk", "Khorgos", "Altynkol", "Erenhot", "Zamyn-Uud", "Manzhouli", "Zabaikalsk",
	"Turkmenbashi", "Akhalkalaki", "Hendaye", "Irún", "Suez", "Bab-el-Mandeb", "Malacca", "Cape of Good Hope",
}

func TestBundledPlaces(t *testing.T) {
	g := load(t)
	for _, name := range requiredPlaces {
		ms := g.FindNodes(name)
		if len(ms) == 0 || ms[0].Score > 4 {
			t.Errorf("no node for %q", name)
		}
	}
}

func TestBundledRecords(t *testing.T) {
	g := load(t)
	for i := 0; i < g.NumNodes(); i++ {
		n := g.Node(network.NodeID(i))
		if n.Kind == network.Border && (n.BorderMedianHours <= 0 || n.BorderP90Hours < n.BorderMedianHours) {
			t.Errorf("border node %s lacks dwell times", n.ID)
		}
	}
	for i := 0; i < g.NumLinks(); i++ {
		k := g.Link(network.LinkID(i))
		if k.Mode == network.Ferry && len(g.ServicesOn(network.LinkID(i))) == 0 {
			t.Errorf("ferry link %s has no service (frequency)", k.ID)
		}
		if k.Cost() <= 0 && k.DistanceKm > 50 {
			t.Errorf("link %s (%.0f km) has no tariff", k.ID, k.DistanceKm)
		}
		// a speed outside these bounds is a unit mistake
		lo, hi := 5.0, 90.0
		if k.Mode == network.Sea || k.Mode == network.Ferry {
			lo, hi = 5, 45
		}
		if k.SpeedKmh < lo || k.SpeedKmh > hi {
			t.Errorf("link %s: %.1f km/h is outside %v–%v for %s", k.ID, k.SpeedKmh, lo, hi, k.Mode)
		}
		// the line cannot be shorter than the great circle between its ends
		a, b := g.Node(k.From), g.Node(k.To)
		if gc := greatCircleKm(a.Lon, a.Lat, b.Lon, b.Lat); k.DistanceKm < 0.9*gc {
			t.Errorf("link %s is %.0f km but its ends are %.0f km apart", k.ID, k.DistanceKm, gc)
		}
	}
}

func greatCircleKm(lon1, lat1, lon2, lat2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// TestBundledRealism checks whole journeys against published transit times
// and distances (../shared/research/corridor-facts.md, sections 1 and 6).
// The journey time is the fastest path's expected time: running time, border
// dwell medians, handling where mode or gauge changes, and half the headway
// of scheduled services.
func TestBundledRealism(t *testing.T) {
	g := load(t)
	cases := []struct {
		name           string
		from, to       string
		corridors      []string
		avoid          []string
		minDays        float64
		maxDays        float64
		minKm, maxKm   float64
		publishedNotes string
	}{
		{"Northern Xi'an–Duisburg", "CNXIY", "DEDUI", []string{"northern", "europe"}, nil, 10, 16, 9000, 11500,
			"VC-11: 12–14 days standard, ~10 express; 9,908 km"},
		{"Middle Xi'an–Poti", "CNXIY", "GEPTI", []string{"middle"}, nil, 9, 16, 5500, 8000,
			"VC-02: China → Georgian ports ~12 days"},
		{"Middle Xi'an–Constanța by the Black Sea feeder", "CNXIY", "ROCND", []string{"middle"}, []string{"TRKSY"}, 19, 34, 7000, 9500,
			"1b: China → Black Sea ports 19–23 days (official); VC-08: 31–34 days to Constanța"},
		{"Middle Xi'an–Constanța by Türkiye rail", "CNXIY", "ROCND", []string{"middle"}, nil, 15, 24, 9000, 11000,
			"3d: first China–Europe train through Marmaray, 2019: ~18 days; Alashankou–Kars 15 days (2025)"},
		{"Middle Xi'an–Mersin", "CNXIY", "TRMER", []string{"middle"}, nil, 13, 21, 8000, 10500,
			"VC-07: 17 days, ~9,000 km"},
		{"Middle Istanbul–Xi'an", "TRIST", "CNXIY", []string{"middle"}, nil, 11, 22, 7800, 9800,
			"VC-03: 12 days best run over 8,693 km"},
		{"Sea Shanghai–Rotterdam via Suez", "CNSHA", "NLRTM", []string{"maritime-suez"}, nil, 27, 36, 19000, 21500,
			"VC-17: ~27 days at 16 kn, ~35 with calls; 10,600–11,000 nm"},
		{"Sea Shanghai–Rotterdam via the Cape", "CNSHA", "NLRTM", []string{"maritime-cape"}, []string{"CP-SUEZ", "CP-BAB-EL-MANDEB"}, 35, 50, 24500, 27000,
			"VC-18: ~35 days at 16 kn, +8–14 days over Suez; 13,800–14,000 nm"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hours, km, path := fastest(g, tc.from, tc.to, tc.corridors, tc.avoid)
			if path == nil {
				t.Fatalf("no path from %s to %s on %v", tc.from, tc.to, tc.corridors)
			}
			days := hours / 24
			t.Logf("%.1f days, %.0f km via %s", days, km, strings.Join(path, " "))
			if days < tc.minDays || days > tc.maxDays {
				t.Errorf("%.1f days; published: %s (accepted %v–%v days)", days, tc.publishedNotes, tc.minDays, tc.maxDays)
			}
			if km < tc.minKm || km > tc.maxKm {
				t.Errorf("%.0f km; published: %s (accepted %v–%v km)", km, tc.publishedNotes, tc.minKm, tc.maxKm)
			}
		})
	}
	// Going round the Cape must cost 7–16 more days than Suez (VC-18: +8–14, JIFFA +8–10).
	suez, _, _ := fastest(g, "CNSHA", "NLRTM", []string{"maritime-suez"}, nil)
	cape, _, _ := fastest(g, "CNSHA", "NLRTM", []string{"maritime-cape"}, []string{"CP-SUEZ", "CP-BAB-EL-MANDEB"})
	if d := (cape - suez) / 24; d < 7 || d > 16 {
		t.Errorf("Cape penalty %.1f days, published +8–14", d)
	}
}

// state is a node reached by a given mode and gauge (so a change can be charged).
type state struct {
	node  network.NodeID
	mode  network.Mode
	gauge network.Gauge
}

type item struct {
	s     state
	hours float64
}
type pq []item

func (q pq) Len() int           { return len(q) }
func (q pq) Less(i, j int) bool { return q[i].hours < q[j].hours }
func (q pq) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *pq) Push(x any)        { *q = append(*q, x.(item)) }
func (q *pq) Pop() any          { o := *q; x := o[len(o)-1]; *q = o[:len(o)-1]; return x }

// fastest is a plain Dijkstra over (node, mode, gauge) on the links that carry
// one of the corridor tags, avoiding some nodes.
func fastest(g *network.Graph, fromID, toID string, corridors, avoid []string) (float64, float64, []string) {
	avoided := map[network.NodeID]bool{}
	for _, a := range avoid {
		if n, ok := g.NodeByID(a); ok {
			avoided[n] = true
		}
	}
	return fastestWhere(g, fromID, toID, func(k *network.Link) bool { return !avoided[k.To] && anyTag(k, corridors) })
}

// byModes is fastest restricted to modes instead of corridor tags.
func byModes(g *network.Graph, fromID, toID string, modes ...network.Mode) (float64, float64, []string) {
	return fastestWhere(g, fromID, toID, func(k *network.Link) bool { return slices.Contains(modes, k.Mode) })
}

// fastestWhere is a plain Dijkstra over (node, mode, gauge) on the links use
// allows: running time, handling where mode or gauge changes, border dwell
// and half the headway of scheduled services. It returns the hours, the km
// and the node ids of the path (nil when there is none).
func fastestWhere(g *network.Graph, fromID, toID string, use func(*network.Link) bool) (float64, float64, []string) {
	from, ok1 := g.NodeByID(fromID)
	to, ok2 := g.NodeByID(toID)
	if !ok1 || !ok2 {
		return 0, 0, nil
	}
	type back struct {
		prev state
		link network.LinkID
	}
	dist := map[state]float64{}
	prev := map[state]back{}
	start := state{node: from}
	dist[start] = 0
	q := &pq{{start, 0}}
	for q.Len() > 0 {
		it := heap.Pop(q).(item)
		if it.hours > dist[it.s] {
			continue
		}
		if it.s.node == to {
			var path []string
			km := 0.0
			for s := it.s; s != start; s = prev[s].prev {
				k := g.Link(prev[s].link)
				km += k.DistanceKm
				path = append([]string{g.Node(s.node).ID}, path...)
			}
			return it.hours, km, append([]string{fromID}, path...)
		}
		n := g.Node(it.s.node)
		for _, l := range g.Out(it.s.node) {
			k := g.Link(l)
			if !use(k) {
				continue
			}
			h := it.hours + k.Hours
			if it.s.mode != 0 && (it.s.mode != k.Mode || it.s.gauge != k.Gauge) {
				h += n.HandlingHours
			}
			if svcs := g.ServicesOn(l); len(svcs) > 0 {
				perWeek := 0.0
				for _, s := range svcs {
					perWeek += g.Service(s).PerWeek
				}
				h += 168 / perWeek / 2
			}
			h += g.Node(k.To).BorderMedianHours
			ns := state{k.To, k.Mode, k.Gauge}
			if d, ok := dist[ns]; !ok || h < d {
				dist[ns] = h
				prev[ns] = back{it.s, l}
				heap.Push(q, item{ns, h})
			}
		}
	}
	return 0, 0, nil
}

func anyTag(k *network.Link, tags []string) bool {
	for _, t := range tags {
		if k.HasCorridor(t) {
			return true
		}
	}
	return false
}
