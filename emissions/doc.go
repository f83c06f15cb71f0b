// Package emissions computes the greenhouse-gas emissions of freight legs and
// transshipments as CO2e, well-to-wheel, following ISO 14083:2023 and the GLEC
// Framework (the edition is TableVersion).
//
// Every figure is split into tank-to-wheel (TTW: fuel burnt on the vehicle)
// and well-to-tank (WTT: producing and delivering the energy, including all
// electricity generation for electric traction); well-to-wheel (WTW) is their
// sum and is what ISO 14083 reports.
//
// Intensities (Intensity, Factor) are in grams CO2e per tonne-kilometre of
// cargo; results (CO2e) are in kilograms. LinkFactor picks the factor for a
// network link from its mode, energy and corridor tags; Leg turns a factor,
// a mass and a distance into emissions; Hub and HubAt add a transshipment at a
// terminal; ContainerTonnes gives the mass the intensities apply to.
//
// The factor table is Go data (factors.go), each entry citing framework,
// version, table, the original unit and any conversion; All and Lookup expose
// it. Where the source lacks a figure (rail ferries, rail outside Europe,
// road outside Europe) the closest sourced figure is used and the entry says so.
//
// Electric rail is the exception to one value per factor: its emissions are
// those of generating the electricity, so LinkFactor scales GLEC's EU value
// to the grid intensity of the link's countries (RailElectricAt,
// RailMixedAt; the network stores the intensity on each link from
// countries.csv), keeping TTW at 0 as ISO 14083 requires.
package emissions
