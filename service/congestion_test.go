package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"corridor/errcode"
	"corridor/route"
	"corridor/service"
)

// TestSimulationWithCongestion: Aktau → Baku crosses the Caspian, whose
// ferries and ports the 2030 demand loads beyond capacity. A simulation
// given that demand as congestion first assigns it, then draws each
// element's delay along the itinerary: the transit times grow by about the
// reported mean and spread wider; the 2024 demand, under capacity on the
// Caspian, adds less. The same seed without congestion gives the plain
// result, with no congestion block.
func TestSimulationWithCongestion(t *testing.T) {
	svc := service.New(service.Config{Graph: bundled(t)})
	ctx := context.Background()
	req := service.SimulateRequest{RouteRequest: service.RouteRequest{Request: route.Request{From: "Aktau", To: "Baku", Depart: "2026-03-02"}},
		Runs: 4000, Seed: 3}
	run := func(demand string) *service.SimulationResult {
		t.Helper()
		r := req
		r.Congestion = demand
		t0 := time.Now()
		res, err := svc.Simulate(ctx, r, nil)
		if err != nil {
			t.Fatalf("congestion %q: %v", demand, err)
		}
		t.Logf("congestion %q: P10 %.2f P50 %.2f P90 %.2f days, mean %.2f, %v (%s)", demand, res.Result.TransitDays.P10,
			res.Result.TransitDays.P50, res.Result.TransitDays.P90, res.Result.TransitDays.Mean, res.Result.Congestion, time.Since(t0).Round(time.Millisecond))
		return res
	}
	plain, c24, c30 := run(""), run("china-europe-2024"), run("china-europe-2030")
	if plain.Result.Congestion != nil {
		t.Errorf("plain simulation reports congestion %+v", plain.Result.Congestion)
	}
	if c30.Result.Congestion == nil || c30.Result.Congestion.Source != "china-europe-2030" || !(c30.Result.Congestion.MeanDays > 0) {
		t.Fatalf("2030 congestion block %+v; want source china-europe-2030 and a positive mean", c30.Result.Congestion)
	}
	if c24.Result.Congestion == nil || !(c24.Result.Congestion.MeanDays < c30.Result.Congestion.MeanDays) {
		t.Errorf("2024 congestion %+v not below 2030's %+v", c24.Result.Congestion, c30.Result.Congestion)
	}
	p, c := plain.Result.TransitDays, c30.Result.TransitDays
	grew := c.Mean - p.Mean
	if want := c30.Result.Congestion.MeanDays; grew < 0.8*want || grew > 1.2*want+0.05 {
		t.Errorf("2030 congestion: mean transit grew %.2f days, its mean delay is %.2f days", grew, want)
	}
	if !(c.P90-c.P10 > p.P90-p.P10) {
		t.Errorf("2030 congestion: P10–P90 %.2f–%.2f days not wider than without, %.2f–%.2f", c.P10, c.P90, p.P10, p.P90)
	}
}

// A congestion demand that is not a bundled set is refused before any work,
// naming the field.
func TestSimulationCongestionUnknownDemand(t *testing.T) {
	svc := service.New(service.Config{Graph: bundled(t)})
	_, err := svc.PrepareSimulation(context.Background(), service.SimulateRequest{
		RouteRequest: service.RouteRequest{Request: route.Request{From: "Aktau", To: "Baku"}}, Congestion: "china-europe-2099"})
	var e *errcode.Error
	if !errors.As(err, &e) || e.Code != errcode.Invalid || e.Field != "congestion" {
		t.Fatalf("err = %v; want an invalid congestion field", err)
	}
}
