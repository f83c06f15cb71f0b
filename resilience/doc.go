// Package resilience ranks the elements of a corridor network by how much
// their failure hurts a year's freight demand (criticality, N-1 and named
// N-k combinations) and ranks candidate projects by what they are worth
// (appraisal), both in the same frame: a freight assignment
// (assign.FreightModel) of the demand on the network as it is, then one
// per case, each warm-started from the baseline's equilibrium.
//
// A case removes its elements (flow with no other path is unserved), cuts
// their capacity by a share, or adds a delay, and reports against the
// baseline the change in generalised cost (USD a year), in TEU-days, in
// CO2e, the TEU that cannot be served, which corridors gain or lose the
// flow, and the links the flow moves to. Cases are independent: Run
// spreads them over goroutines, and a cluster spreads them over workers
// (see the queue package), each computing the same baseline.
package resilience
