// Package nettest makes small random multimodal networks for property
// tests: two rail gauges, sea and road links, a border pair with dwell,
// handling at nodes, and services with timetables or frequencies. The
// router's brute-force test and the simulation's zero-variance test share it.
package nettest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing/fstest"

	"corridor/network"
)

// Options shape a random network.
type Options struct {
	// TimetableOnly gives every service a timetable (no frequency-only
	// services) and every link up to two services.
	TimetableOnly bool
}

// Random builds a connected random network of 4 to 8 nodes. Nodes 0 and
// 1 are a border pair (CN and KZ); the corridor tags are ca and cb.
func Random(rng *rand.Rand, opt Options) (*network.Graph, error) {
	n := 4 + rng.IntN(5)
	var nodes, links, services strings.Builder
	nodes.WriteString("id,name,kind,country,lon,lat,handling_hours,handling_usd,border_pair,border_median_hours,border_p90_hours,source\n")
	links.WriteString("id,from,to,mode,gauge_mm,distance_km,speed_kmh,tariff_fixed_usd,tariff_usd_per_km,energy,corridors,direction,source\n")
	services.WriteString("id,name,link,days,per_week,departure_utc,capacity_teu,reefer,source\n")
	for i := 0; i < n; i++ {
		kind, pair, med, p90 := "city", "", "", ""
		country := "CN"
		if i%2 == 1 {
			country = "KZ"
		}
		if i < 2 { // nodes 0 and 1 form a border pair
			kind, pair, med, p90 = "border", fmt.Sprintf("N%d", 1-i), fmt.Sprint(rng.IntN(20)), "40"
		}
		fmt.Fprintf(&nodes, "N%d,Node %d,%s,%s,%d,%d,%.1f,%d,%s,%s,%s,src\n", i, i, kind, country, 10+i, 40+i%3,
			rng.Float64()*12, rng.IntN(100), pair, med, p90)
	}
	nl := 0
	addLink := func(a, b int) {
		mode := []string{"rail", "rail", "sea", "road"}[rng.IntN(4)]
		gauge, energy := "", "diesel"
		switch mode {
		case "rail":
			gauge = []string{"1435", "1520", "1435", "1520", "1668", "1676"}[rng.IntN(6)]
			energy = []string{"electric", "diesel"}[rng.IntN(2)]
		case "sea":
			energy = "fuel_oil"
		}
		fmt.Fprintf(&links, "L%d,N%d,N%d,%s,%s,%d,%d,%d,%.2f,%s,%s,%s,src\n", nl, a, b, mode, gauge,
			200+rng.IntN(1800), 15+rng.IntN(50), rng.IntN(300), rng.Float64()/2, energy,
			[]string{"ca", "cb", "ca;cb"}[rng.IntN(3)], []string{"both", "forward"}[rng.IntN(2)])
		days := []string{"Mon", "Tue;Fri", "Sun;Wed", "Mon;Tue;Wed;Thu;Fri;Sat;Sun"}
		switch {
		case opt.TimetableOnly:
			for s := 0; s < rng.IntN(3); s++ {
				fmt.Fprintf(&services, "S%d-%d,svc %d,L%d,%s,,%02d:%02d,%d,true,src\n", nl, s, nl, nl,
					days[rng.IntN(len(days))], rng.IntN(24), rng.IntN(60), 2+rng.IntN(4))
			}
		case rng.IntN(3) == 0 && rng.IntN(2) == 0:
			fmt.Fprintf(&services, "S%d,svc %d,L%d,%s,,%02d:%02d,%d,%v,src\n", nl, nl, nl,
				days[rng.IntN(3)], rng.IntN(24), rng.IntN(60), 1+rng.IntN(4), rng.IntN(4) > 0)
		case rng.IntN(3) == 0:
			fmt.Fprintf(&services, "S%d,svc %d,L%d,,%.1f,,,true,src\n", nl, nl, nl, 0.5+rng.Float64()*6)
		}
		nl++
	}
	addLink(0, 1) // the border pair is joined
	for i := 1; i < n; i++ {
		addLink(rng.IntN(i), i) // connected
	}
	for k := 0; k < n+rng.IntN(2*n); k++ {
		if a, b := rng.IntN(n), rng.IntN(n); a != b {
			addLink(a, b)
		}
	}
	fsys := fstest.MapFS{
		"sources.csv":   {Data: []byte("id,title,publisher,year\nsrc,Random,test,2024\n")},
		"countries.csv": {Data: []byte("code,name,groups,source\nCN,China,GR,src\nKZ,Kazakhstan,,src\n")},
		"groups.csv":    {Data: []byte("code,name,source\nGR,Group,src\n")},
		"corridors.csv": {Data: []byte("tag,name,source\nca,A,src\ncb,B,src\n")},
		"nodes.csv":     {Data: []byte(nodes.String())},
		"links.csv":     {Data: []byte(links.String())},
		"services.csv":  {Data: []byte(services.String())},
	}
	return network.LoadFS(fsys, "random")
}
