// Package sim estimates transit-time distributions by discrete-event Monte
// Carlo simulation: a shipment follows an itinerary of the router (package
// route) link by link, many times over, and the replications give
// percentiles, the chance of arriving by a deadline, a histogram and where
// the time goes. Published Middle Corridor times range from 11 to 55 days
// for similar trips because waits dominate; a single expected figure hides
// that.
//
// # Model
//
// Each replication simulates one shipment (the query's cargo, all its
// containers together) through an event queue, from its departure time:
//
//   - Handling: where the mode or rail gauge changes, a transshipment takes a
//     lognormal time whose median is the node's handling_hours and whose
//     p90/median comes from the calibration per node kind (ports dwell more).
//   - Departures: a link with scheduled services waits for the first
//     departure, among the services that take the cargo, that is neither
//     cancelled nor full. Timetabled services depart on their days at their
//     UTC time. Frequency-only services depart with gamma-distributed gaps
//     (mean 168/per_week hours, coefficient of variation from the
//     calibration): CV 0 is a regular service with a random phase, CV 1 a
//     Poisson process, used for the Caspian ferries, which keep no timetable
//     (corridor-facts 3b). Each departure is cancelled with the rule's
//     probability (Caspian weather), and other cargo takes a Beta-distributed
//     share of its capacity (mean: the rule's load factor); a cargo that does
//     not fit in the rest waits for the next departure.
//   - Running: a leg's running time is its links' hours times one lognormal
//     factor with mean 1 and the calibrated CV (delays along one train or
//     voyage are correlated).
//   - Dwell: arriving at a border or canal node costs a lognormal dwell fitted
//     to the node's median and p90: mu = ln(median), sigma =
//     ln(p90/median)/1.2816, so the draws' P50 and P90 are the data's.
//
// Other shipments appear only as the background load on each departure:
// replications are independent possible worlds, not a queue of shipments.
// Congestion that persists from one departure to the next is not modelled.
// Every calibration parameter is in one table, DefaultCalibration, each row
// citing its source; ZeroVariance removes the randomness, and the
// simulation then reproduces the router's times for timetabled services.
//
// # Reproducibility and parallelism
//
// Replication i draws from a PCG generator (math/rand/v2) seeded from the
// run's seed and i through SplitMix64, and replications are summed per block
// of 256 in order, then over blocks in order, so a result is bit-identical
// whatever the number of worker goroutines. Replications run in parallel on
// GOMAXPROCS workers by default, stop when the context is done, and report
// progress after each block. A replication allocates nothing.
//
// # Use
//
//	res, it, err := sim.Simulate(ctx, route.New(g), q, sim.Options{Runs: 10000, Seed: 1, Deadline: deadline})
//	cmp, err := sim.Compare(ctx, route.New(g), q, sim.Options{Runs: 10000})
//	plan, err := sim.NewPlan(g, q, &itinerary, sim.DefaultCalibration()); res, err := plan.Run(ctx, opts)
package sim
