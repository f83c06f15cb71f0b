// Package assign computes user-equilibrium traffic assignment (Wardrop's
// first principle: every used route between an origin and a destination
// costs the same, and no unused route costs less) of an origin–destination
// demand on a network with flow-dependent link costs, and applies it to
// freight on the corridor network.
//
// # Problem
//
// Link cost is the BPR volume-delay function plus a flow-independent term,
//
//	c_a(v) = t0_a · (1 + b_a · (v / cap_a)^p_a) + fixed_a
//
// (fixed: tolls, distance weights, or per class a tariff divided by the
// class's value of time). The equilibrium minimises the Beckmann objective
// Σ_a ∫_0^{v_a} c_a(x) dx (Beckmann, McGuire & Winsten 1956). Nodes below
// the network's first through node (TNTP zones) may start or end a path
// but not be passed through. Several classes may share the congestion
// with their own fixed costs; the problem stays symmetric.
//
// Convergence is measured by the relative gap (TSTT − SPTT) / TSTT, where
// TSTT = Σ flow × cost and SPTT is the cost of every trip on a current
// shortest path; Iteration also reports (TSTT − SPTT) / SPTT, the definition
// used by tap-b, and the average excess cost (TSTT − SPTT) / demand.
//
// # Algorithms
//
//   - FrankWolfe: the link-based method of Frank & Wolfe (1956) as applied
//     to traffic by LeBlanc, Morlok & Pierskalla (1975): all-or-nothing
//     loads on shortest paths, an exact line search (bisection on the
//     derivative of the objective). O(iterations × origins × m log n);
//     sublinear convergence, good to gaps of about 1e-4.
//   - ConjugateFW and BiconjugateFW: the conjugate directions of
//     Mitradjieva & Lindberg, "The stiff is moving — conjugate direction
//     Frank–Wolfe methods with applications to traffic assignment",
//     Transportation Science 47(2), 2013: the search direction is made
//     conjugate (with respect to the diagonal Hessian of the objective) to
//     the last one or two, which gains one to two orders of magnitude in gap
//     for the same work. A direction that does not descend falls back to
//     plain Frank–Wolfe.
//   - AlgorithmB: the bush-based method of Dial, "A path-based user-
//     equilibrium traffic assignment algorithm that obviates path storage
//     and enumeration", Transportation Research B 40(10), 2006. Each origin
//     keeps an acyclic sub-network (bush); within it, flow moves from the
//     longest used path to the shortest one over their differing segments
//     with Newton steps, and the bush grows by links that shorten its
//     longest paths (which keeps it acyclic). It converges to gaps of 1e-10
//     and below; the flows it keeps per origin also give each path's
//     corridor (AssignFreight). See also Bar-Gera, "Traffic assignment by
//     paired alternative segments", Transportation Research B 44(8–9), 2010
//     (TAPAS), and Nie, "A class of bush-based algorithms for the traffic
//     assignment problem", Transportation Research B 44(1), 2010, for the
//     bush update rules compared.
//
// Shortest paths use Dijkstra's algorithm with an indexed binary heap on
// compressed-sparse-row adjacency, one preallocated workspace per worker;
// all-or-nothing loads and gap evaluations run on at most GOMAXPROCS
// goroutines, origin i on worker i mod W, so results do not depend on
// scheduling. Algorithm B updates every bush in parallel against the same
// link times, in one pass over the bush (labels and pruning) and one over
// the other links (the links that join the bush and, from the same labels,
// the start of a label-correcting shortest-path search that measures the
// gap the previous iteration left), then shifts flow bush after bush on
// one goroutine; its results do not depend on the number of workers.
// Solves are cancelled through their context and report every iteration
// to an optional callback.
//
// # Freight on the corridor network
//
// AssignFreight assigns TEU per year (ReadDemand reads the CSV) on a
// network.Graph: ferries (capacity per departure × departures per week ×
// 52), rail links with capacity_teu_year and ports, terminals and border
// crossings with capacity_teu_year get BPR-type delays (DefaultFreightParams
// documents the parameters), each CargoClass its own generalised cost
// (hours + tariff / value of time, countries avoided). The result gives
// every element's flow, capacity, utilisation and delay, each corridor's
// share of TEU and TEU-km (every used path classified by
// network.Graph.ClassifyCorridor, as route itineraries are, and split by
// Market), the flow across the Caspian (CaspianCrossing), and the
// bottlenecks by utilisation.
package assign
