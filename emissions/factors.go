package emissions

// TableVersion names the framework edition and the revision of this table.
// Every intensity below comes from (or is derived from) the GLEC Framework
// v3.0 (Smart Freight Centre, "revised and updated (2023)", file dated
// 2 April 2024, Module 2), which is aligned with ISO 14083:2023 and uses
// IPCC AR6 GWP100. A change of any value bumps the revision (r2: electric
// rail by the grid intensity of the link's countries, RailElectricAt).
const TableVersion = "GLEC Framework v3.0 (2023, rev. 2024-04-02); corridor table r2"

// Method states how CO2e figures are computed, for outputs to carry with
// them.
const Method = "CO2e well-to-wheel (WTW = WTT + TTW), ISO 14083:2023, " + TableVersion +
	"; electric rail at each country's grid intensity"

// DefaultCargoTonnesPerTEU is the cargo mass of an average loaded TEU when
// the shipment's own mass is unknown: 10 t, GLEC Framework v3.0 conversions
// annex, Table 3 "average cargo" (citing ISO 14083:2023; lightweight 6 t,
// heavyweight 14.5 t). It is net cargo mass: the container's tare (2 t per
// empty TEU in the same table) is not included.
const DefaultCargoTonnesPerTEU = 10.0

// Unexported inputs of the derived factors, kept as named constants so that
// each conversion is visible and computed exactly at compile time.
const (
	// glec30 prefixes every citation.
	glec30 = "GLEC Framework v3.0 (2023, rev. 2 Apr 2024), Module 2"

	// railElectrifiedShare is the electric share used for rail with mixed
	// (or unknown) traction: GLEC v3.0's own proxy for its EU "traction
	// unknown" value (62% of EU track electrified, UIC 2017).
	railElectrifiedShare = 0.62

	// asiaRoadUplift is GLEC v3.0's regional rule for Asia and Africa:
	// +22% on the Europe/South America values for vehicles over 3.5 t.
	asiaRoadUplift = 1.22

	// roroGrossPerNet converts GLEC's Ro-Ro intensities, which are per
	// gross tonne-km (carrying unit + cargo), to per cargo tonne-km. Per
	// loaded TEU: 10 t cargo (DefaultCargoTonnesPerTEU) + 2 t empty box
	// (GLEC v3.0 conversions annex Table 3) + about 8 t of carrying-unit
	// tare (a rail flat wagon's or a truck-and-trailer's share per TEU).
	// The 8 t is an engineering estimate, NOT from a cited table.
	roroGrossPerNet = (10.0 + 2.0 + 8.0) / 10.0

	// railElectricEUWTW is the WTW of rail-electric (GLEC v3.0 Table 5,
	// container, average 2020 EU mix): 6.0 generation + 0.4 distribution
	// losses, g CO2e/tkm.
	railElectricEUWTW = 6.4

	// hubContainerPerBox is GLEC v3.0 Table 3, maritime container
	// terminal, ambient: 10.7 kg CO2e per container.
	hubContainerPerBox = 10.7
)

// EUGridGCO2ePerKWh is the EU-average grid intensity that the rail-electric
// factor is taken to reflect, used only to turn that factor into an energy
// figure (RailElectricKWhPerTkm): 281 g CO2e per kWh generated, the EU-27
// value for 2018 published by the EEA (indicator "Greenhouse gas emission
// intensity of electricity generation in Europe", ENER 038, assessment of
// 8 Dec 2020; source id eea-ghg-intensity-2018 in data/eurasia/sources.csv).
// GLEC v3.0 describes its value as the "average 2020 EU electricity mix"
// without printing the intensity, so the closest published EU-27 figure is
// used: an approximation, stated in docs/DATA.md.
const EUGridGCO2ePerKWh = 281.0

// RailElectricKWhPerTkm is the electricity an electric container train
// draws per cargo tonne-km, including distribution losses (GLEC v3.0
// Table 5's split: 6.0 generation + 0.4 losses), derived as
// rail-electric's 6.4 g CO2e/tkm / EUGridGCO2ePerKWh = 0.0228 kWh/tkm.
// Multiplied by a country's grid intensity (g CO2e/kWh) it gives the
// rail-electric WTT for that country.
const RailElectricKWhPerTkm = railElectricEUWTW / EUGridGCO2ePerKWh

// Sources of the grid-specific rail factors (RailElectricAt, RailMixedAt).
const (
	srcRailElectricGrid = "Derived: electricity per tkm x the grid intensity of the link's countries. " +
		"Energy: " + glec30 + ", Table 5 (rail, Europe, electric, container) 6.4 g CO2e/tkm divided by the EU-27 " +
		"grid intensity 281 g CO2e/kWh (EEA, 2018): 0.0228 kWh/tkm including distribution losses. Grid: the " +
		"countries.csv grid_gco2e_per_kwh of the link's end countries (mean of the two for a cross-border link), " +
		"lifecycle g CO2e/kWh generated (Ember via Our World in Data). Reported as WTT with TTW = 0 (ISO 14083)."
	srcRailMixedGrid = "Derived: 62% rail-electric at the grid intensity of the link's countries (see rail-electric-grid) + " +
		"38% rail-diesel (" + glec30 + ", Table 4, container, TTW 21.2 + WTT 6.4), the 62% being GLEC v3.0's " +
		"EU electrified-track proxy as for rail-mixed."
)

// Indexes into factors. LinkFactor returns factors[i] by value, so it never
// allocates.
const (
	iRailElectric = iota
	iRailDiesel
	iRailMixed
	iRoadEurope
	iRoadAsia
	iSeaDeep
	iSeaDeepNorthEurope
	iSeaDeepMed
	iSeaFeeder
	iFerryRoRo
	iFerryRoPax
	iIWW
	nFactors
)

// factors is the table. Intensity is g CO2e per cargo tonne-km (net), split
// TTW + WTT; WTW is their sum. Source says where each number comes from,
// its original unit and every conversion made here.
var factors = [nFactors]Factor{
	iRailElectric: {
		Key: "rail-electric",
		// Electric traction: no combustion on board, so TTW = 0 (ISO 14083);
		// generation (6.0) and distribution losses (0.4) are energy provision.
		Intensity: Intensity{TTW: 0, WTT: railElectricEUWTW},
		Source: glec30 + ", Table 5 (rail, Europe, electric traction, container load: LF 50%, empty running 17%, " +
			"average 2020 EU electricity mix): 6.4 g CO2e/tkm WTW = 6.0 generation + 0.4 distribution losses, " +
			"reported as WTT with TTW = 0. Original unit g/tkm, no conversion. " +
			"EU-grid value, used where neither end of a link has a grid intensity in countries.csv; " +
			"otherwise LinkFactor uses rail-electric-grid (no GLEC default exists for rail in CN/KZ/RU).",
	},
	iRailDiesel: {
		Key:       "rail-diesel",
		Intensity: Intensity{TTW: 21.2, WTT: 6.4},
		Source: glec30 + ", Table 4 (rail, Europe, diesel traction, container load: LF 50%, empty running 17%, " +
			"0.0066 kg diesel/tkm): TTW 21.2 + WTT 6.4 = WTW 27.6 g CO2e/tkm. Original unit g/tkm, no conversion. " +
			"European data, used for 1435/1520 mm diesel sections in Asia too (no CN/KZ/RU default published).",
	},
	iRailMixed: {
		Key: "rail-mixed",
		Intensity: Intensity{
			TTW: railElectrifiedShare*0 + (1-railElectrifiedShare)*21.2,
			WTT: railElectrifiedShare*railElectricEUWTW + (1-railElectrifiedShare)*6.4,
		},
		Source: "Derived: 62% rail-electric (" + glec30 + ", Table 5, container) + 38% rail-diesel (Table 4, container), " +
			"the 62% electric share being GLEC v3.0's own proxy for its EU 'traction unknown' average (UIC 2017 share of " +
			"electrified track; that average is 16 g/tkm WTW for average/mixed load). " +
			"TTW 0.38 x 21.2 = 8.056; WTT 0.62 x 6.4 + 0.38 x 6.4 = 6.4; WTW 14.456 g CO2e/tkm.",
	},
	iRoadEurope: {
		Key:       "road-truck-europe",
		Intensity: Intensity{TTW: 73, WTT: 22},
		Source: glec30 + ", Table 8 (road, Europe, diesel articulated truck up to 40 t GVW, container load: " +
			"LF 72%, empty running 30%): TTW 73 + WTT 22 = WTW 95 g CO2e/tkm. Original unit g/tkm, no conversion. " +
			"GLEC v3.0 worked examples also multiply road distance by a 5% distance adjustment factor; not applied here.",
	},
	iRoadAsia: {
		Key:       "road-truck-asia",
		Intensity: Intensity{TTW: 73 * asiaRoadUplift, WTT: 22 * asiaRoadUplift},
		Source: "Derived: " + glec30 + ", Table 8 (diesel articulated truck up to 40 t GVW, container load, " +
			"TTW 73 + WTT 22 g/tkm) x 1.22, GLEC v3.0's +22% regional rule for Asia and Africa (vehicles > 3.5 t): " +
			"TTW 89.06 + WTT 26.84 = WTW 115.9 g CO2e/tkm. Used for road outside Europe (Central Asia, Caucasus, Türkiye, Iran).",
	},
	iSeaDeep: {
		Key: "sea-deep-asia-europe",
		// Published: WTT 7.6, TTW 48.1, WTW 55.6 (rounded); TTW kept as
		// WTW - WTT so that WTW equals the published figure.
		Intensity: Intensity{TTW: (55.6 - 7.6) / DefaultCargoTonnesPerTEU, WTT: 7.6 / DefaultCargoTonnesPerTEU},
		Source: glec30 + ", Tables 16-17 (container ships by trade lane, Clean Cargo 2022 data), 'Trans-Suez' aggregate " +
			"group, dry: WTW 55.6 g CO2e/TEU-km (WTT 7.6; published TTW 48.1, taken as 55.6 - 7.6 = 48.0 to keep the " +
			"published WTW). Converted at 10 t cargo per loaded TEU (GLEC v3.0 conversions annex Table 3): " +
			"5.56 g CO2e/tkm WTW. Includes 70% load factor and a +15% distance uplift: apply to planned port-to-port " +
			"distance. Used for Suez and Cape routings alike (no Cape-specific lane value exists).",
	},
	iSeaDeepNorthEurope: {
		Key:       "sea-deep-asia-north-europe",
		Intensity: Intensity{TTW: 43.1 / DefaultCargoTonnesPerTEU, WTT: 6.8 / DefaultCargoTonnesPerTEU},
		Source: glec30 + ", Tables 16-17, Asia to-from North Europe, dry: TTW 43.1 + WTT 6.8 = WTW 49.9 g CO2e/TEU-km, " +
			"converted at 10 t cargo per TEU (conversions annex Table 3): 4.99 g CO2e/tkm WTW. " +
			"Lane value for callers who know the destination; LinkFactor uses sea-deep-asia-europe.",
	},
	iSeaDeepMed: {
		Key: "sea-deep-asia-med",
		// Published: WTT 8.4, TTW 53.1, WTW 61.4 (rounded).
		Intensity: Intensity{TTW: (61.4 - 8.4) / DefaultCargoTonnesPerTEU, WTT: 8.4 / DefaultCargoTonnesPerTEU},
		Source: glec30 + ", Tables 16-17, Asia to-from Mediterranean/Black Sea, dry: WTW 61.4 g CO2e/TEU-km (WTT 8.4; " +
			"published TTW 53.1, taken as 61.4 - 8.4 = 53.0 to keep the published WTW), converted at 10 t cargo per TEU " +
			"(conversions annex Table 3): 6.14 g CO2e/tkm WTW. Lane value for callers who know the destination.",
	},
	iSeaFeeder: {
		Key:       "sea-feeder",
		Intensity: Intensity{TTW: 173.0 / DefaultCargoTonnesPerTEU, WTT: 27.3 / DefaultCargoTonnesPerTEU},
		Source: glec30 + ", Tables 16-17, Intra Mediterranean/Black Sea, dry: TTW 173.0 + WTT 27.3 = WTW 200.3 " +
			"g CO2e/TEU-km, converted at 10 t cargo per TEU (conversions annex Table 3): 20.03 g CO2e/tkm WTW. " +
			"GLEC v3.0 has no container-ship-by-size table; this is the closest sourced short-sea figure and is used " +
			"for all short-sea and feeder links (Black Sea, Caspian, Aegean/Marmara, Baltic, Arabian Sea). " +
			"Nearby lanes: Intra North Europe 177.0, Intra Middle East/India 148.4 g/TEU-km. No Caspian-specific value.",
	},
	iFerryRoRo: {
		Key:       "ferry-rail-roro",
		Intensity: Intensity{TTW: 37.0 * roroGrossPerNet, WTT: 6.4 * roroGrossPerNet},
		Source: "Closest sourced figure (no rail-ferry default exists in GLEC v3.0, GLEC 2019 or DESNZ 2025): " + glec30 +
			", Tables 12-15 (IMO Fourth GHG Study), Ro-Ro 5,000-9,999 dwt, MDO: TTW 37.0 + WTT 6.4 = WTW 43.4 g CO2e " +
			"per GROSS tkm (carrying unit + cargo). Converted to cargo tkm x 2.0 = (10 t cargo + 2 t box + ~8 t wagon or " +
			"trailer tare per TEU) / 10 t; the 8 t tare is an estimate, not sourced. Result TTW 74.0 + WTT 12.8 = WTW 86.8 " +
			"g CO2e/tkm. Cross-checks: GLEC 2019 Table 45 Ro-Ro accompanied 100, unaccompanied 68; DESNZ 2025 RoRo-Ferry " +
			"63.28 g/tkm WTW. Also used for fuel-oil ferries (Ro-Ro HFO 44.5 gross, +2.5%).",
	},
	iFerryRoPax: {
		Key: "ferry-ropax",
		// Published: WTT 17.5, TTW 110.6, WTW 128.0 (rounded); TTW kept as
		// WTW - WTT so that WTW equals the published figure.
		Intensity: Intensity{TTW: (128.0 - 17.5) * roroGrossPerNet, WTT: 17.5 * roroGrossPerNet},
		Source: glec30 + ", Tables 12-15, Ferry-RoPax 10,000-19,999 GT, HFO: WTW 128.0 g CO2e/tkm (WTT 17.5; published TTW 110.6, " +
			"taken as 128.0 - 17.5 = 110.5 to keep the published WTW), taken as per gross tkm like the Ro-Ro rows and " +
			"converted x 2.0 as for ferry-rail-roro (estimate): WTW 256.0 " +
			"g CO2e per cargo tkm. Size classes range 96.7-535.2. For callers who know the ship is a Ro-Pax; " +
			"LinkFactor uses ferry-rail-roro.",
	},
	iIWW: {
		Key:       "iww-container",
		Intensity: Intensity{TTW: 20.7, WTT: 6.3},
		Source: glec30 + ", Table 2 (inland waterway, mainly European data), container vessel 110 m, LF 75%: " +
			"TTW 20.7 + WTT 6.3 = WTW 27.0 g CO2e/tkm. Original unit g/tkm, no conversion (135 m vessel: 21.0).",
	},
}

// Hub (transshipment) intensities in kg CO2e per tonne handled. GLEC v3.0
// Table 3 gives hub values as one total (electricity, heat, fuels and
// refrigerants, WTW) without a TTW/WTT split; Hub reports the total as TTW
// and WTT as 0, so only the WTW of a hub result is meaningful.
const (
	// hubTransshipmentKgPerT: GLEC v3.0 Module 2, Table 3 (Fraunhofer IML /
	// GILA medians), "Transshipment", ambient: 0.6 kg CO2e per tonne of
	// outbound throughput (n = 56). No conversion. Used for rail terminals,
	// dry ports and gauge-change stations (no rail-terminal default exists).
	hubTransshipmentKgPerT = 0.6

	// hubContainerKgPerT: GLEC v3.0 Module 2, Table 3, maritime container
	// terminal, ambient: 10.7 kg CO2e per container (n = 15). Converted
	// taking one container as one TEU of 10 t cargo: 1.07 kg/t. The source
	// is per container, not per TEU; since an average box is larger than
	// one TEU this overstates the per-tonne value somewhat.
	hubContainerKgPerT = hubContainerPerBox / DefaultCargoTonnesPerTEU
)
