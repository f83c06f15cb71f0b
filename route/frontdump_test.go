package route

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/network"
)

// TestFrontDump writes, for 200 seeded origin-destination pairs of the
// bundled network in five query variants (plain, carbon price,
// transshipment limit, reefer TEUs, default margins), each front the search
// returns, criteria as exact float bits and links, to the file named by
// CORRIDOR_FRONT_DUMP; it is skipped without it. A change to the search's
// pruning or order runs it at both commits and compares the files (cmp):
// they must be byte for byte the same. It logs the labels created in all.
func TestFrontDump(t *testing.T) {
	path := os.Getenv("CORRIDOR_FRONT_DUMP")
	if path == "" {
		t.Skip("CORRIDOR_FRONT_DUMP not set")
	}
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := New(g)
	var places []network.NodeID
	for i := 0; i < g.NumNodes(); i++ {
		switch g.Node(network.NodeID(i)).Kind {
		case network.City, network.DryPort, network.Seaport:
			places = append(places, network.NodeID(i))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	ws := newWorkspace(g)
	labels := 0
	for i := 0; i < 200; i++ {
		a, b := places[rng.IntN(len(places))], places[rng.IntN(len(places))]
		if a == b {
			continue
		}
		dep := time.Date(2026, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), 0, 0, 0, time.UTC)
		for v := 0; v < 5; v++ {
			q := NewQuery(a, b, dep)
			switch v {
			case 1:
				q.CarbonPriceUSDPerTonne = 100
			case 2:
				q.MaxTransshipments = 2
			case 3:
				q.Cargo = Cargo{Containers: 3, Size: TEU, Tonnes: 40, ValueUSD: 1e6, Reefer: true}
			case 4:
				q.Margins = DefaultMargins
			}
			if q.check(g) != nil || r.checkEnds(&q) != nil {
				continue
			}
			p, err := r.run(context.Background(), ws, &q)
			if err != nil {
				t.Fatal(err)
			}
			labels += len(ws.labels)
			ws.paretoResults()
			ws.fuzzyResults(p)
			fmt.Fprintf(w, "%s %s %s v%d: %d\n", g.Node(a).ID, g.Node(b).ID, dep.Format(time.RFC3339), v, len(ws.results))
			for _, li := range ws.results {
				l := &ws.labels[li]
				fmt.Fprintf(w, "  %x %x %x %d:", l.hours, l.cost, l.co2, l.xfers)
				for j := li; j >= 0 && ws.labels[j].link >= 0; j = ws.labels[j].pred {
					fmt.Fprintf(w, " %d", ws.labels[j].link)
				}
				fmt.Fprintln(w)
			}
		}
	}
	t.Logf("%d labels created", labels)
}
