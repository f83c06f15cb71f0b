// Package route finds freight itineraries that are Pareto-optimal in three
// criteria — transit hours, cost in USD and CO2e in kg (well to wheel) —
// under the constraints of a Query: avoided countries, groups and nodes,
// allowed modes and corridors, via nodes to visit in order, a limit on
// transshipments, and a cargo (TEU, tonnes, reefer, dangerous goods) that
// decides which scheduled services take it.
//
// Router.Search runs a multi-criteria label-setting search in the manner of
// Martins ("On a multicriteria shortest path problem", European Journal of
// Operational Research 16(2), 1984), turns the arrived labels into
// Itineraries and keeps the Pareto set; Compare and NoRouteError explain
// results and their absence. A Router is safe for concurrent use: every
// search takes a workspace (labels, bags, queue, per-link costs) from a
// pool, so a warm search allocates a fixed handful of objects however many
// labels it creates.
//
// # Labels
//
// A label is one partial path from the origin. It holds
//
//   - its criteria: hours since departure (running, waiting, border dwell
//     and handling), cost in USD (tariffs for the cargo's TEU, handling and,
//     with a carbon price, the CO2e priced in) and CO2e in kg;
//   - pred, the index of the label it extends (-1 at the origin), and link,
//     the link it took: following pred from an arrived label gives the path;
//   - state, the packed search state described below;
//   - xfers, the transshipments so far (changes of mode or of rail gauge);
//   - board, on a sea leg, the country of the port where the leg began
//     (see Sea legs and cabotage; -1 elsewhere);
//   - dead, set when a better label at the same state replaced it while it
//     waited in the queue.
//
// Labels live in one slice of the workspace and are named by their index;
// bags, the queue and pred hold indexes, never pointers. Border dwell is no
// counter of the label: the median dwell of the node a link reaches is
// added to the label's hours when it is created. Likewise a change of gauge
// is not a flag: it is a transshipment, found from the state.
//
// # State encoding
//
// Two labels can only be compared when what remains of their journey costs
// them the same. That depends on the node, and also on how the label
// arrived there (taking a link of another mode or gauge costs a
// transshipment: handling hours, handling USD and hub emissions) and on how
// many via nodes it has visited. The state packs these into one int32,
// numbering the node with its arrival mode and gauge by slot (the slots are
// the (node, mode, gauge) of the links' heads, route/bounds.go; 711 on the
// bundled network, where (node, mode, gauge) would number 493·30):
//
//	state = slot · (nvia+1) + via
//
// where nvia is the number of via nodes of the query and via how many of
// them the path has visited, in order. The first label, at the origin
// before any link (arrival mode 0), has the state after them,
// slots·(nvia+1): the origin; every label that reaches the destination
// after all via nodes has the next one, the target, shared by all arrived
// labels so that they compete with each other. extend packs and
// params.decode unpacks; the workspace's bags are indexed by state (their
// headers, 24 bytes a state, fit in the cache).
//
// # Dominance
//
// Label a dominates b when a.hours ≤ b.hours, a.cost ≤ b.cost and a.co2 ≤
// b.co2, each within a tolerance of 1e-7 (sums of the same figures in
// another order differ in their last bits). When the query limits
// transshipments, a must also have no more transshipments than b, since a
// label with fewer may still reach the destination where one with more may
// not.
//
// Two labels on sea legs begun in different countries are never compared
// (they may end their legs in different places), so a bag can hold one
// front per such country; the state itself does not grow.
//
// Each state has a bag of the labels no other label there dominates. A new
// label is dropped if a label of its bag dominates it (so of two equal
// labels the first is kept); otherwise it goes in, and the labels it
// dominates leave the bag and are marked dead, to be skipped when the queue
// gives them back. A bag holds each label's criteria beside its index and
// is kept sorted by hours: a new label mostly has the most hours of its
// bag, so the labels it may dominate (at least its hours less the
// tolerance) are the few at the end, and those that may dominate it are
// tested on cost and CO2e only, from the end. A label is also dropped
// before it enters its bag when its node cannot reach the destination, or
// when a label in the target state dominates its optimistic completion
// (the arrived labels' criteria are kept sorted by cost, with the least
// CO2e of each prefix, so that one binary search and a comparison settle
// most such tests: arrivedSet): its criteria plus lower bounds
// on the hours, tariff and CO2e still to come from its slot — its node and
// the mode and gauge it arrived by (slots are the node's arriving modes and
// gauges, a few per node, where states multiply them by via counts and
// unused combinations).
// The bounds come from three reverse Dijkstra searches from the destination
// over the slots and the links the query allows. The hours bound counts
// running time, the median border dwell of every node entered, the wait of
// links whose accepted services all run by frequency (half their combined
// headway, which the step charges whatever the time) and the handling of
// every change of mode or gauge (barred at nodes that do not transship);
// the tariff bound counts the surcharges charged on each use of a link, and
// the tariff and CO2e bounds count handling USD and hub emissions likewise.
// They leave out timetabled waits and the surcharges of a trip's first and
// last link, so that none overestimates. They are per TEU and per tonne,
// hence valid for every cargo, and cached per set of allowed links, set of
// services that take the cargo and set of surcharges in force, then per
// destination. A workspace keeps its link filters, costs and emissions,
// and the bounds table of its allowed links, while the queries' cargo,
// carbon price, restrictions and dated tariffs repeat: a query of the API
// with the defaults prepares only its ends. When only the corridors or the
// excluded passages change, as between Compare's per-corridor searches,
// it filters the links it prepared again rather than preparing anew.
//
// Before the search, up to three seed itineraries prune as well: for each
// criterion, the path that follows the least bound of that criterion from
// the origin, taken with the search's own steps and rules (Router.seed). A
// seed drops a label only when it is better than the label's optimistic
// completion by more than the tolerance in some criterion and no worse in
// any, so that no label on the seed's own path is dropped and the search
// still finds that path or a better one; the front is unchanged. Queries
// with via nodes have no seeds.
//
// # Order and waits
//
// The queue gives labels back in order of their key, hours plus the hours
// bound of their slot (the order of A*), then lexicographically by (hours,
// cost, CO2e). The bound is consistent — it never exceeds a step's hours
// plus the bound after it — so keys never decrease along a path, and the
// labels of one state, which share the bound, leave the queue in the
// lexicographic order of their criteria. Every step adds non-negative
// amounts, so a label taken from the queue is never dominated by one
// created later at its state (up to ties), and an arrived label taken from
// it is final: it is recorded, not extended. The key changes only the order
// across states: labels heading away from the destination wait, arrivals
// come early and prune the optimistic completions they dominate. With the
// bounds per slot and the seeds a query creates a fifth to a quarter of
// the labels that the plain (hours, cost, CO2e) order with bounds per node
// created, and finds the same front (TestFrontDump compares fronts between
// two versions of the search). The search ends when the queue is empty;
// the arrived labels are then reduced to the Pareto set in the three
// criteria (the transshipment count, used only for pruning, is dropped).
//
// Hours are absolute, counted from the query's departure time, because
// waits depend on them: a link with scheduled services costs the wait for
// the best accepted service — the next timetabled departure
// (network.Service.NextDeparture from the label's ready time) or half the
// combined headway of frequency-only services. Waiting for the next
// departure keeps the first-in first-out property: arriving later never
// lets a label depart earlier, which the label-setting order relies on.
//
// The network's times may depend on the month of departure: calibration
// parameters with months (network.Param.From/To) describe a congested
// period. Search and Compare first take Router.At(departure), the router of
// the graph network.Graph.AtMonth derives for that month, made once per set
// of dated parameters in force and kept with its own bounds cache, so the
// search itself reads times as usual; the itinerary lists the
// dated parameters it ran on (Itinerary.Dated).
//
// # Sea legs and cabotage
//
// A sea leg — consecutive sea links, whatever services they take — may not
// start and end at nodes of the same country: the liner services of a
// network are international, and carriage between two ports of one country
// is cabotage, which China (Maritime Code of the People's Republic of
// China, 1992, Article 4: "maritime transport and towage services between
// the ports of the People's Republic of China shall be undertaken by ships
// flying the national flag of the People's Republic of China"), Türkiye
// (Cabotage Law No. 815 of 1926) and Russia (Merchant Shipping Code of
// 1999, Article 4) reserve to ships under their own flag. Without the
// rule a box from Shanghai boarded an Asia–Europe mainline loop for the
// 273 km to Ningbo to catch a train there. A leg that calls at a second
// port of its country on its way abroad, or arrives from abroad and calls
// at several, is allowed; nodes with no country (imported networks)
// never restrict. The exceptions the rule ignores — China's pilot letting
// Chinese-owned foreign-flag ships relay boxes between coastal ports and
// Yangshan (State Council, Lingang special area, 2019), and coastal
// feeders under the national flag — are not modelled as services.
//
// # A front without noise
//
// The exact Pareto front keeps itineraries that buy a few kilograms of CO2e
// with days of detour, or save an hour for a shuttle nobody would book.
// Query.Margins thin it by fuzzy dominance, as MOTIS does for journeys:
// the arrived labels of the exact front are taken by increasing
// generalised cost (cost plus the goods' value of time; ties
// lexicographically), and one is kept only when it beats every label kept
// before it, in at least one criterion, by the larger of Margins.Rel times
// the kept label's value and that criterion's minimum (hours, USD, kg). The
// first label is always kept. Request, and with it the CLI, the API and
// the web UI, uses DefaultMargins (2%, and 12 h, 100 USD or 50 kg) unless
// full_front is set; a Query's zero Margins keep the exact front.
//
// Fuzzy dominance is not transitive (a may fall within the margin of b and
// b within that of c while a is well clear of c), so it cannot replace
// dominance in the bags: dropping a label there because one within its
// margin exists could drop the only label that later leads to an itinerary
// clear of every kept one, and the answer would depend on the order in
// which labels are created. The search therefore stays exact and the
// margins apply once, to the final front, where the greedy rule above has a
// single answer. The filter runs on the labels before any itinerary is
// built, in O(k²) for a front of k labels (a dozen on the bundled network),
// so the default front costs less than the full one: fewer itineraries are
// built. Query.MaxResults is applied on the labels too (keepLabels, the
// choice keepResults makes, on the totals rounded as the itineraries round
// them), so only the itineraries returned are built.
//
// Preparing a query fills per-link filters, costs and emissions for every
// link; a workspace reuses what depends only on inputs that repeat between
// queries — all of them while the cargo, carbon price, restrictions and
// dated tariffs are those it prepared last (prepared), else the dated
// tariffs and surcharges when the series factors and the surcharges in
// force are the same, and what each link's services are to the cargo
// (taken or not, the least frequency wait) when the same services take it.
//
// # Cost
//
// The number of Pareto labels can grow exponentially with the network in
// the worst case. On the bundled Eurasian network a query creates about 490
// labels in about 1.45 million instructions, 0.18 ms on the project's
// shared machine (BenchmarkLabelsBundled, 3 December 2026; full queries:
// BenchmarkParetoBundled; docs/BENCHMARKS.md).
package route
