// The criticality map of a resilience analysis: every disrupted element of outcomes.geojson
// (links as lines, nodes as circles) coloured by its impact class; the selected element drawn
// on top, outlined, with the links that gain its flow as dashed lines labelled with the TEU.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import type { ResilienceOutcome } from "./api";
import { addBasemap, escapeHtml, EURASIA, type Coords } from "./map";
import { el, int, one } from "./format";

// IMPACT are the impact classes, largest first: a lower bound in USD a year, a colour, a label.
export const IMPACT: { min: number; colour: string; label: string }[] = [
  { min: 1e9, colour: "#7a0b0b", label: "≥ $1 bn/yr" },
  { min: 1e8, colour: "#e03131", label: "$100 M – 1 bn" },
  { min: 1e7, colour: "#f08c00", label: "$10 – 100 M" },
  { min: Number.MIN_VALUE, colour: "#e6b800", label: "under $10 M" },
  { min: -Infinity, colour: "#8aa1b5", label: "none (or a gain)" },
];

// impactClass is the index in IMPACT of an impact in USD a year.
export function impactClass(usd: number): number {
  return IMPACT.findIndex((c) => usd >= c.min);
}

// musd writes USD a year briefly: $7.1 bn, $310 M, $45 k.
export function musd(n: number): string {
  const a = Math.abs(n);
  const s = n < 0 ? "−" : "";
  if (a >= 1e9) return `${s}$${(a / 1e9).toFixed(a >= 1e10 ? 0 : 1)} bn`;
  if (a >= 1e6) return `${s}$${int(a / 1e6)} M`;
  if (a >= 1e3) return `${s}$${int(a / 1e3)} k`;
  return `${s}$${int(a)}`;
}

// teuShort writes TEU briefly: 8.8 M, 420 k, 950.
export const teuShort = (n: number) => (Math.abs(n) >= 1e6 ? `${one(n / 1e6)} M` : Math.abs(n) >= 1e3 ? `${int(n / 1e3)} k` : int(n));

type OutcomeProps = Pick<ResilienceOutcome, "id" | "name" | "kind" | "impact_usd_year"> & { rank?: number };

const latlng = ([lon, lat]: number[]) => [lat, lon] as L.LatLngTuple;

export class CriticalityMap {
  readonly map: L.Map;
  private canvas = L.canvas({ padding: 0.5 });
  private layer = L.layerGroup();
  private focusLayer = L.layerGroup();
  private byId = new Map<string, { layers: L.Path[]; bounds: L.LatLngBounds }>();

  constructor(container: HTMLElement) {
    this.map = L.map(container, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 1, maxZoom: 9 });
    this.map.fitBounds(EURASIA);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas)");
    this.layer.addTo(this.map);
    this.focusLayer.addTo(this.map);
    const Legend = L.Control.extend({
      onAdd: () => {
        const box = el(
          "div",
          { class: "map-legend vc-legend res-legend", role: "group", "aria-label": "Map legend", "data-testid": "res-legend" },
          el("div", { class: "lg-title" }, "Impact, USD/yr"),
          ...IMPACT.map((c) => el("div", { class: "lg-row" }, el("span", { class: "lg-line", style: `--c:${c.colour}` }), c.label)),
          el("div", { class: "lg-row" }, el("span", { class: "lg-line dashed", style: "--c:#1864ab" }), "gains flow (selected)"),
        );
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });
    new Legend({ position: "bottomleft" }).addTo(this.map);
    void addBasemap(this.map, this.canvas);
  }

  invalidate() {
    this.map.invalidateSize();
  }

  // show draws the outcomes' GeoJSON, the most critical on top; onPick is called with the id
  // of an element clicked on the map.
  show(fc: GeoJSON.FeatureCollection, fit: boolean, onPick: (id: string) => void) {
    this.layer.clearLayers();
    this.focusLayer.clearLayers();
    this.byId.clear();
    const feats = fc.features
      .filter((f) => f.properties && (f.geometry?.type === "MultiLineString" || f.geometry?.type === "MultiPoint"))
      .sort((a, b) => (a.properties as OutcomeProps).impact_usd_year - (b.properties as OutcomeProps).impact_usd_year);
    const all: L.LatLngTuple[] = [];
    for (const f of feats) {
      const p = f.properties as OutcomeProps;
      const c = IMPACT[impactClass(p.impact_usd_year)];
      const tip = `${p.rank ? `#${p.rank} ` : ""}${escapeHtml(p.name || p.id)}: ${musd(p.impact_usd_year)}/yr`;
      const layers: L.Path[] = [];
      const pts: L.LatLngTuple[] = [];
      if (f.geometry.type === "MultiLineString") {
        for (const line of f.geometry.coordinates) {
          const ll = line.map(latlng);
          pts.push(...ll);
          layers.push(L.polyline(ll, { color: c.colour, weight: 4, opacity: 0.9, className: "res-el" }));
        }
      } else if (f.geometry.type === "MultiPoint") {
        for (const at of f.geometry.coordinates) {
          const ll = latlng(at);
          pts.push(ll);
          layers.push(L.circleMarker(ll, { radius: 7, color: "#fff", weight: 2, fillColor: c.colour, fillOpacity: 1, className: "res-el" }));
        }
      }
      for (const l of layers) {
        l.bindTooltip(tip, { sticky: true });
        l.on("click", () => onPick(p.id));
        this.layer.addLayer(l);
      }
      if (pts.length) this.byId.set(p.id, { layers, bounds: L.latLngBounds(pts) });
      all.push(...pts);
    }
    if (fit && all.length) this.map.fitBounds(L.latLngBounds(all), { padding: [24, 24], maxZoom: 5, animate: false });
  }

  // select outlines an outcome's element and draws the links that gain its flow (their ends
  // from the network's nodes); it returns false when the element is not on the map.
  select(o: ResilienceOutcome, nodes: Coords): boolean {
    this.focusLayer.clearLayers();
    const e = this.byId.get(o.id);
    const bounds: L.LatLngTuple[] = [];
    if (e) {
      for (const l of e.layers) {
        if (l instanceof L.CircleMarker) {
          this.focusLayer.addLayer(L.circleMarker(l.getLatLng(), { radius: 12, color: "#111", weight: 3, fill: false, className: "res-selected", interactive: false }));
        } else if (l instanceof L.Polyline) {
          this.focusLayer.addLayer(L.polyline(l.getLatLngs() as L.LatLng[], { color: "#111", weight: 9, opacity: 0.8, className: "res-selected", interactive: false }));
          this.focusLayer.addLayer(L.polyline(l.getLatLngs() as L.LatLng[], { color: (l.options.color as string) ?? "#e03131", weight: 5, interactive: false }));
        }
      }
      bounds.push(...[e.bounds.getSouthWest(), e.bounds.getNorthEast()].map((x) => [x.lat, x.lng] as L.LatLngTuple));
    }
    for (const g of o.gains ?? []) {
      const a = nodes.get(g.from);
      const b = nodes.get(g.to);
      if (!a || !b || g.delta_teu_year <= 0) continue;
      const ll = [latlng(a), latlng(b)];
      bounds.push(...ll);
      const line = L.polyline(ll, { color: "#1864ab", weight: 4, dashArray: "8 6", className: "res-gain" });
      // a short permanent label; the link's name and exact figure in its popup
      line.bindTooltip(`+${teuShort(g.delta_teu_year)} TEU/yr`, { permanent: true, direction: "center", className: "res-gain-label" });
      line.bindPopup(`<div class="vc-pop-title">${escapeHtml(g.name || g.id)}</div><div class="vc-pop-meta">${escapeHtml(g.from)} → ${escapeHtml(g.to)}</div>+${int(g.delta_teu_year)} TEU/yr`);
      this.focusLayer.addLayer(line);
    }
    if (bounds.length) this.map.fitBounds(L.latLngBounds(bounds), { padding: [40, 40], maxZoom: 5, animate: false });
    return !!e;
  }
}
