// Taking a route result away: the selected itinerary as CSV (one row per leg) or GeoJSON (one
// LineString per leg), built in the browser from the /route answer, and a link to the query.
import type { Itinerary, Leg } from "./api";

/** csvField quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS: [string, (l: Leg) => string | number | null | undefined][] = [
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
  const lines = [COLUMNS.map(([h]) => h).join(",")];
  for (const l of it.legs) lines.push(COLUMNS.map(([, f]) => csvField(f(l))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** itineraryGeoJSON gives the itinerary as a FeatureCollection: a LineString per leg, its figures as properties. */
export function itineraryGeoJSON(it: Itinerary): GeoJSON.FeatureCollection {
  return {
    type: "FeatureCollection",
    features: it.legs
      .filter((l) => (l.coordinates?.length ?? 0) >= 2)
      .map((l, i) => ({
        type: "Feature",
        geometry: { type: "LineString", coordinates: l.coordinates },
        properties: { leg: i + 1, corridor: it.corridor, ...Object.fromEntries(COLUMNS.map(([h, f]) => [h, f(l) ?? null])) },
      })),
  };
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

/** fileStem names an itinerary's files, e.g. "xian-duisburg-northern". */
export function fileStem(it: Itinerary): string {
  const slug = (s: string) => s.normalize("NFKD").replace(/[^\w]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
  const legs = it.legs;
  return [legs[0]?.from.name ?? "from", legs[legs.length - 1]?.to.name ?? "to", it.corridor].map(slug).join("-");
}
