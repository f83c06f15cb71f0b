// Package service is corridor's one core: the operations every front end
// (the command line, the HTTP API, the queue worker) calls, so that none of
// them rebuilds the pipeline "look up the scenario, apply it, build the
// router, resolve the request, apply the scenario's settings" by hand.
//
// A Service holds a network and a ScenarioSource (the store first, then the
// bundled scenarios; a store error is an error, never a silent fallback).
// Its operations take a context and a request and, when they run long, a
// Progress callback:
//
//   - Route: the Pareto front between two places.
//   - Compare: the best itinerary of every corridor by one objective.
//   - Diff: a scenario against the baseline, corridor by corridor.
//   - Simulate (PrepareSimulation, then Simulation.Run): transit-time
//     distributions by Monte Carlo simulation.
//   - Assign (PrepareAssignment, then Assignment.Run): a year's demand
//     assigned to the network, with its convergence.
//   - Sweep: many scenarios against the baseline over many pairs.
//
// Every error an operation returns carries an errcode.Code: front ends map
// codes to exit codes or HTTP statuses in one place each.
package service
