// Package observe holds published observations of the corridors (transit
// times, prices, emissions, distances, border crossing and dwell times,
// volumes; observations.csv of a network folder) and checks the model
// against them: each observation is run through the router on its date and
// the modelled figure is compared with the published value or range.
package observe
