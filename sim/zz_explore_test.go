package sim_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/route"
	"corridor/sim"
)

func TestExplore(t *testing.T) {
	g, _ := eurasia.Load()
	r := route.New(g)
	a, _ := g.NodeByID("CNXIY")
	b, _ := g.NodeByID("DEDUI")
	q := route.NewQuery(a, b, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	cmp, err := sim.Compare(context.Background(), r, q, sim.Options{Runs: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cmp.Corridors {
		if c.Result == nil {
			continue
		}
		fmt.Printf("%s router %.1f %+v %+v\n", c.Corridor, c.Result.RouterDays, c.Result.TransitDays, c.Result.Breakdown)
		for _, l := range c.Result.Legs {
			fmt.Printf("   %+v\n", l)
		}
	}
}
