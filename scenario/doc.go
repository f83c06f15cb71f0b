// Package scenario models what-if scenarios: a named, described, sourced
// list of edits (close nodes or links, avoid countries or groups, change
// capacities, border dwell, handling, tariffs, speeds and service
// frequencies, add nodes, links and services, set a carbon price) that
// Apply lays over a base network. The base Graph is never modified: the
// derived graph shares every table the scenario does not change.
//
// Scenarios are JSON or YAML (Decode), described by the JSON Schema in
// docs/scenario.schema.json; Apply reports every problem at once with the
// edit's index, its operation and the field. Compare runs one query on the
// baseline and on the scenario and lists, per corridor, the best itinerary's
// change, and the itineraries that appeared or disappeared.
package scenario
