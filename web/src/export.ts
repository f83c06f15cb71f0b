// Taking a route result away: the selected itinerary as CSV (one row per leg) or GeoJSON (one
// LineString per leg), built in the browser from the /route answer; the corridor comparison as
// CSV (one row per corridor, an infeasible one with its reason) or GeoJSON (each corridor's
// best itinerary, a LineString per leg); and a link to the query. One CSV writer and one
// GeoJSON writer serve both.
import type { CompareResponse, Itinerary, Leg } from "./api";

/** csvField quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Column is a CSV column: its header and how to read its value from a row. */
type Column<T> = [string, (row: T) => string | number | null | undefined];

/** toCSV gives rows as CSV with CRLF line ends, a header line first; an unknown value is empty. */
function toCSV<T>(columns: Column<T>[], rows: T[]): string {
  const lines = [columns.map(([h]) => h).join(",")];
  for (const r of rows) lines.push(columns.map(([, f]) => csvField(f(r))).join(","));
  return lines.join("\r\n") + "\r\n";
}

const COLUMNS: Column<Leg>[] = [
  ["from_id", (l) => l.from.id],
  ["from", (l) => l.from.name],
  ["to_id", (l) => l.to.id],
  ["to", (l) => l.to.name],
  ["mode", (l) => l.mode],
  ["gauge_mm", (l) => l.gauge_mm],
  ["service", (l) => l.service],
  ["distance_km", (l) => l.distance_km],
  ["hours", (l) => l.hours],
  ["wait_hours", (l) => l.wait_hours],
  ["border_hours", (l) => l.border_hours],
  ["cost_usd", (l) => l.cost_usd],
  ["co2e_kg", (l) => l.co2e_kg],
  ["departure", (l) => l.departure],
  ["arrival", (l) => l.arrival],
];

/** itineraryCSV gives the itinerary's legs as CSV, a header line first; an unknown cost is empty. */
export function itineraryCSV(it: Itinerary): string {
  return toCSV(COLUMNS, it.legs);
}

// legFeatures are the itinerary's legs that have a geometry, a LineString each, its figures as
// properties.
function legFeatures(it: Itinerary): GeoJSON.Feature[] {
  return it.legs
    .filter((l) => (l.coordinates?.length ?? 0) >= 2)
    .map((l, i) => ({
      type: "Feature",
      geometry: { type: "LineString", coordinates: l.coordinates },
      properties: { leg: i + 1, corridor: it.corridor, ...Object.fromEntries(COLUMNS.map(([h, f]) => [h, f(l) ?? null])) },
    }));
}

/** itineraryGeoJSON gives the itinerary as a FeatureCollection: a LineString per leg, its figures as properties. */
export function itineraryGeoJSON(it: Itinerary): GeoJSON.FeatureCollection {
  return { type: "FeatureCollection", features: legFeatures(it) };
}

type Compared = CompareResponse["corridors"][number];

const COMPARE_COLUMNS: Column<Compared>[] = [
  ["corridor", (c) => c.corridor],
  ["name", (c) => c.name],
  ["feasible", (c) => (c.best ? "yes" : "no")],
  ["days", (c) => c.best?.total.days],
  ["cost_usd", (c) => c.best?.total.cost_usd],
  ["co2e_kg", (c) => c.best?.total.co2e_kg],
  ["co2e_wtt_kg", (c) => c.best?.total.co2e_wtt_kg],
  ["co2e_ttw_kg", (c) => c.best?.total.co2e_ttw_kg],
  ["distance_km", (c) => c.best?.total.distance_km],
  ["border_crossings", (c) => c.best?.total.border_crossings],
  ["transshipments", (c) => c.best?.total.transshipments],
  ["rates_month", (c) => c.best?.rates?.month],
  ["departure", (c) => c.best?.departure],
  ["arrival", (c) => c.best?.arrival],
  ["summary", (c) => c.best?.summary],
  ["infeasible", (c) => (c.best ? "" : (c.infeasible ?? "no itinerary"))],
];

/** comparisonCSV gives the comparison as CSV: a row per corridor with its best itinerary's
 * totals, or empty figures and the reason when it is infeasible. */
export function comparisonCSV(cmp: CompareResponse): string {
  return toCSV(COMPARE_COLUMNS, cmp.corridors);
}

/** comparisonGeoJSON gives each corridor's best itinerary as LineStrings (one per leg, tagged
 * with the corridor), and lists the infeasible corridors with their reason in a foreign member
 * "infeasible" (they have no geometry). */
export function comparisonGeoJSON(cmp: CompareResponse): GeoJSON.FeatureCollection & { infeasible: { corridor: string; reason: string }[] } {
  return {
    type: "FeatureCollection",
    features: cmp.corridors.flatMap((c) => (c.best ? legFeatures(c.best) : [])),
    infeasible: cmp.corridors.filter((c) => !c.best).map((c) => ({ corridor: c.corridor, reason: c.infeasible ?? "no itinerary" })),
  };
}

/** Exports says how to take one kind of result away: its file name stem, CSV and GeoJSON. */
export interface Exports<T> {
  stem(x: T): string;
  csv(x: T): string;
  geojson(x: T): GeoJSON.FeatureCollection;
}

/** wireExports makes a result card's buttons download the current result (when there is one)
 * as CSV or GeoJSON, and print the page's report. */
export function wireExports<T>(buttons: { csv: HTMLElement; geojson: HTMLElement; print: HTMLElement }, current: () => T | null, ex: Exports<T>) {
  buttons.csv.addEventListener("click", () => {
    const x = current();
    if (x) download(`${ex.stem(x)}.csv`, "text/csv", ex.csv(x));
  });
  buttons.geojson.addEventListener("click", () => {
    const x = current();
    if (x) download(`${ex.stem(x)}.geojson`, "application/geo+json", JSON.stringify(ex.geojson(x), null, 1));
  });
  buttons.print.addEventListener("click", () => window.print());
}

/** download offers text to the browser as a file called name. */
export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const slug = (s: string) => s.normalize("NFKD").replace(/[^\w]+/g, "-").replace(/^-|-$/g, "").toLowerCase();

/** fileStem names an itinerary's files, e.g. "xian-duisburg-northern". */
export function fileStem(it: Itinerary): string {
  const legs = it.legs;
  return [legs[0]?.from.name ?? "from", legs[legs.length - 1]?.to.name ?? "to", it.corridor].map(slug).join("-");
}

/** comparisonStem names a comparison's files, e.g. "xian-duisburg-corridors". */
export function comparisonStem(cmp: CompareResponse): string {
  return [cmp.from.name, cmp.to.name, "corridors"].map(slug).join("-");
}
