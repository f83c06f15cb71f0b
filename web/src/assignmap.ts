// The utilisation map of a freight assignment: every link of the assignment's GeoJSON
// (elements.geojson, which carries the coordinates); the capacity-limited ones coloured by
// volume/capacity and as wide as their flow (log scale), the others thin and pale;
// capacity-limited nodes (ports, ferry terminals, borders) as circles in the same colours; a
// legend of the classes; a popup per element with flow, capacity, utilisation and delay.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import type { AssignElement } from "./api";
import { addBasemap, escapeHtml, EURASIA } from "./map";
import { corridorLabel, el, int, MODE_LABELS, one, pct } from "./format";

export type VcClass = "low" | "mid" | "high" | "over" | "none";

// The utilisation classes, a sequential scale from amber to dark red: < 0.5, < 0.8, < 1, ≥ 1;
// and the elements without a capacity limit, drawn thin and pale under the others.
export const VC: Record<VcClass, { colour: string; label: string }> = {
  low: { colour: "#f2a93b", label: "below 50%" },
  mid: { colour: "#e8590c", label: "50–80%" },
  high: { colour: "#c92a2a", label: "80–100%" },
  over: { colour: "#5c0a14", label: "100% and over" },
  none: { colour: "#a9b6c4", label: "no capacity limit" }, // light: the limited ones are the story
};
const NO_FLOW = "#b3bac2";
// UNLIMITED_W is the width of a link without a capacity limit, whatever its flow.
const UNLIMITED_W = 1.6;

export function vcClass(e: Pick<AssignElement, "capacity_teu_year" | "utilisation">): VcClass {
  if (!e.capacity_teu_year || e.capacity_teu_year <= 0) return "none";
  const u = e.utilisation ?? 0;
  return u >= 1 ? "over" : u >= 0.8 ? "high" : u >= 0.5 ? "mid" : "low";
}

const MAX_W = 10;
const MIN_W = 2;
// width is the line width of a flow: log scale from 1,000 TEU/year (MIN_W) to the largest flow.
function width(flow: number, maxFlow: number) {
  if (flow <= 0) return 0.8;
  const f = Math.log10(1 + flow / 1000) / Math.log10(1 + Math.max(maxFlow, 2000) / 1000);
  return MIN_W + (MAX_W - MIN_W) * Math.min(1, f);
}

const modeName = (m: string) => MODE_LABELS[m] ?? (m ? m[0].toUpperCase() + m.slice(1) : "");

function figures(e: AssignElement): string {
  const cap = e.capacity_teu_year && e.capacity_teu_year > 0;
  const rows: [string, string][] = [
    ["Flow", `${int(e.flow_teu_year)} TEU/yr`],
    ["Capacity", cap ? `${int(e.capacity_teu_year!)} TEU/yr` : "no limit"],
  ];
  if (cap) rows.push(["Utilisation", `<span class="vc-pill vc-${vcClass(e)}">${pct(e.utilisation ?? 0)}</span>`]);
  rows.push(["Delay", e.delay_hours > 0.05 ? `${one(e.delay_hours)} h (free flow ${one(e.free_flow_hours)} h)` : `none (free flow ${one(e.free_flow_hours)} h)`]);
  return `<table class="vc-pop">${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join("")}</table>`;
}

function popupHtml(parts: AssignElement[]): string {
  const e = parts[0];
  const head = `<div class="vc-pop-title">${escapeHtml(e.name || e.id)}</div><div class="vc-pop-meta">${escapeHtml(
    e.kind === "node" ? `${modeName(e.mode ?? "")} · ${e.id}` : `${modeName(e.mode ?? "")}${e.km ? ` · ${int(e.km)} km` : ""}${
      e.corridors?.length ? ` · ${e.corridors.map(corridorLabel).join(", ")}` : ""
    }`,
  )}</div>`;
  if (e.kind === "node") return head + figures(e);
  return (
    head +
    parts
      .map((p) => `<div class="vc-pop-dir">${escapeHtml(p.from ?? "")} → ${escapeHtml(p.to ?? "")} <code>${escapeHtml(p.id)}</code></div>${figures(p)}`)
      .join("")
  );
}

// props are a feature's figures, completed from the job's elements (the GeoJSON carries
// neither the ends of a link nor its length).
function props(f: GeoJSON.Feature, elements: Map<string, AssignElement>): AssignElement {
  const p = f.properties as AssignElement;
  const e = p ? elements.get(p.id) : undefined;
  return e ? { ...e, ...p, from: p.from ?? e.from, to: p.to ?? e.to, km: p.km ?? e.km } : p;
}

// worst is the direction that decides a link's colour: the highest utilisation among those
// with a capacity, else the larger flow.
function worst(parts: AssignElement[]): AssignElement {
  return [...parts].sort(
    (a, b) =>
      Number(vcClass(b) !== "none") - Number(vcClass(a) !== "none") || (b.utilisation ?? 0) - (a.utilisation ?? 0) || b.flow_teu_year - a.flow_teu_year,
  )[0];
}

export class UtilisationMap {
  readonly map: L.Map;
  private canvas = L.canvas({ padding: 0.5 });
  private layer = L.layerGroup();
  private byId = new Map<string, L.Path>();
  private maxFlow = 0;
  private legendWidths: HTMLElement | null = null;

  constructor(container: HTMLElement) {
    this.map = L.map(container, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 1, maxZoom: 9, attributionControl: true });
    this.map.fitBounds(EURASIA);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas)");
    this.layer.addTo(this.map);
    this.addLegend();
    void addBasemap(this.map, this.canvas);
  }

  private addLegend() {
    const Legend = L.Control.extend({
      onAdd: () => {
        const box = el(
          "div",
          { class: "map-legend vc-legend", role: "group", "aria-label": "Map legend", "data-testid": "assign-legend" },
          el("div", { class: "lg-title" }, "Flow ÷ capacity"),
          ...(Object.keys(VC) as VcClass[]).map((k) =>
            el(
              "div",
              { class: "lg-row", "data-testid": "assign-legend-class", "data-class": k },
              el("span", { class: `lg-line${k === "none" ? " thin" : ""}`, style: `--c:${VC[k].colour}` }),
              VC[k].label,
            ),
          ),
          el("div", { class: "lg-row" }, el("span", { class: "lg-line hair", style: `--c:${NO_FLOW}` }), "no flow"),
          el("div", { class: "lg-row" }, el("span", { class: "lg-node" }), "node with a capacity"),
        );
        this.legendWidths = el("div", { class: "lg-widths" });
        box.append(this.legendWidths);
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });
    new Legend({ position: "bottomleft" }).addTo(this.map);
  }

  private updateWidthLegend() {
    if (!this.legendWidths) return;
    const steps = [1e4, 1e5, 1e6, 1e7].filter((v) => v <= this.maxFlow * 1.5);
    this.legendWidths.replaceChildren(
      el("div", { class: "lg-title" }, "Width = TEU/yr (limited links)"),
      el(
        "div",
        { class: "lg-wrow" },
        ...steps.map((v) =>
          el(
            "span",
            { class: "lg-w" },
            el("span", { class: "lg-wline", style: `height:${width(v, this.maxFlow).toFixed(1)}px` }),
            v >= 1e6 ? `${v / 1e6}M` : `${v / 1e3}k`,
          ),
        ),
      ),
    );
  }

  clear() {
    this.layer.clearLayers();
    this.byId.clear();
  }

  invalidate() {
    this.map.invalidateSize();
  }

  // show draws the assignment's GeoJSON: links as lines (both directions of a link as one line,
  // coloured by the worse), capacity-limited nodes as circles.
  show(fc: GeoJSON.FeatureCollection, elements: AssignElement[], fit: boolean) {
    const byId = new Map(elements.map((e) => [e.id, e]));
    this.clear();
    const links = new Map<string, { geom: GeoJSON.LineString; parts: AssignElement[] }>();
    const nodes: { at: [number, number]; e: AssignElement }[] = [];
    this.maxFlow = 0;
    for (const f of fc.features) {
      const p = props(f, byId);
      if (!p) continue;
      this.maxFlow = Math.max(this.maxFlow, p.flow_teu_year ?? 0);
      if (f.geometry?.type === "LineString" && p.kind === "link") {
        const key = p.id.replace(/~r$/, "");
        const g = links.get(key);
        if (g) {
          g.parts.push(p);
          if (!p.id.endsWith("~r")) g.geom = f.geometry;
        } else links.set(key, { geom: f.geometry, parts: [p] });
      } else if (f.geometry?.type === "Point" && p.kind === "node" && (p.capacity_teu_year ?? 0) > 0) {
        nodes.push({ at: f.geometry.coordinates as [number, number], e: p });
      }
    }
    for (const g of links.values()) g.parts.sort((a, b) => Number(a.id.endsWith("~r")) - Number(b.id.endsWith("~r")));
    this.updateWidthLegend();

    const groups = [...links.values()];
    const flowing = groups.filter((g) => g.parts.some((p) => p.flow_teu_year > 0));
    const idle = groups.filter((g) => !g.parts.some((p) => p.flow_teu_year > 0));
    const latlngs = (g: GeoJSON.LineString) => g.coordinates.map(([lon, lat]) => [lat, lon] as L.LatLngTuple);

    // the idle network underneath, on the canvas, not interactive
    for (const g of idle) {
      this.layer.addLayer(L.polyline(latlngs(g.geom), { renderer: this.canvas, color: NO_FLOW, weight: 0.8, opacity: 0.7, interactive: false }));
    }
    // uncapacitated flows first, then capacity-limited ones, the most utilised on top
    const rank = (g: { parts: AssignElement[] }) => {
      const w = worst(g.parts);
      return vcClass(w) === "none" ? -1 : (w.utilisation ?? 0);
    };
    flowing.sort((a, b) => rank(a) - rank(b));
    const bounds: L.LatLngTuple[] = [];
    // links without a capacity limit first: the capacity-limited ones are drawn over them
    const limited = (g: (typeof flowing)[number]) => (vcClass(worst(g.parts)) === "none" ? 0 : 1);
    for (const g of [...flowing].sort((a, b) => limited(a) - limited(b))) {
      const w = worst(g.parts);
      const cls = vcClass(w);
      const total = g.parts.reduce((s, p) => s + p.flow_teu_year, 0);
      const pts = latlngs(g.geom);
      bounds.push(...pts);
      const weight = cls === "none" ? UNLIMITED_W : width(total, this.maxFlow);
      if (cls !== "none") this.layer.addLayer(L.polyline(pts, { color: "#fff", weight: weight + 3, opacity: 0.9, interactive: false }));
      const line = L.polyline(pts, {
        color: VC[cls].colour,
        weight,
        opacity: cls === "none" ? 0.8 : 0.95,
        lineCap: "butt",
        className: `assign-link vc-${cls}`,
      });
      line.bindTooltip(`${escapeHtml(w.name || w.id)}: ${cls === "none" ? `${int(total)} TEU/yr` : `${pct(w.utilisation ?? 0)} of capacity`}`, { sticky: true });
      line.bindPopup(popupHtml(g.parts), { maxWidth: 320 });
      this.layer.addLayer(line);
      for (const p of g.parts) this.byId.set(p.id, line);
    }
    nodes.sort((a, b) => (a.e.utilisation ?? 0) - (b.e.utilisation ?? 0));
    for (const { at, e } of nodes) {
      const cls = vcClass(e);
      const m = L.circleMarker([at[1], at[0]], {
        radius: 4 + 0.5 * width(e.flow_teu_year, this.maxFlow),
        color: "#fff",
        weight: 2,
        fillColor: VC[cls].colour,
        fillOpacity: 1,
        className: `assign-node vc-${cls}`,
      });
      m.bindTooltip(`${escapeHtml(e.name || e.id)}: ${pct(e.utilisation ?? 0)} of capacity`);
      m.bindPopup(popupHtml([e]), { maxWidth: 320 });
      this.layer.addLayer(m);
      this.byId.set(e.id, m);
    }
    if (fit && bounds.length) this.map.fitBounds(L.latLngBounds(bounds), { padding: [16, 16], maxZoom: 5, animate: false });
  }

  // focus opens an element's popup (from the bottleneck table).
  focus(id: string) {
    const l = this.byId.get(id);
    if (!l) return false;
    const c = l instanceof L.CircleMarker ? l.getLatLng() : (l as L.Polyline).getBounds().getCenter();
    if (l instanceof L.CircleMarker) this.map.setView(c, Math.max(this.map.getZoom(), 4), { animate: false });
    else this.map.fitBounds((l as L.Polyline).getBounds(), { maxZoom: 5, padding: [80, 80], animate: false });
    l.openPopup(c);
    return true;
  }
}
