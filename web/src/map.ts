// The map: an offline basemap (Natural Earth countries from world-atlas, drawn as a GeoJSON
// layer on a canvas; no tile server), the corridor network in the background, every
// itinerary of the front in grey and the selected one coloured by mode, with ferry legs,
// gauge changes and transshipments marked.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import countries110Url from "world-atlas/countries-110m.json?url";
import countries50Url from "world-atlas/countries-50m.json?url";
import type { Itinerary, Leg } from "./api";
import { el, MODE_COLOURS, MODE_LABELS, modeColour, int, usd, days, kg, corridorColour, corridorLabel, hours } from "./format";

export type Coords = Map<string, [number, number]>; // node id -> [lon, lat]

export const EURASIA: L.LatLngBoundsExpression = [
  [2, -12],
  [62, 125],
];

export function legLine(leg: Leg, nodes: Coords): L.LatLngExpression[] {
  if (leg.coordinates && leg.coordinates.length >= 2) return leg.coordinates.map(([lon, lat]) => [lat, lon]);
  const ids = [leg.from.id, ...(leg.via ?? []), leg.to.id];
  const pts: L.LatLngExpression[] = [];
  for (const id of ids) {
    const c = nodes.get(id);
    if (c) pts.push([c[1], c[0]]);
  }
  return pts;
}

// nodesNeeded lists the node ids whose coordinates drawing these itineraries needs.
export function nodesNeeded(itins: Itinerary[]): string[] {
  const ids = new Set<string>();
  for (const it of itins)
    for (const l of it.legs) {
      ids.add(l.from.id);
      ids.add(l.to.id);
      if (!l.coordinates || l.coordinates.length < 2) for (const v of l.via ?? []) ids.add(v);
    }
  return [...ids];
}

function gaugeChanges(it: Itinerary): { at: string; name: string; from: number; to: number }[] {
  const out = [];
  for (let i = 1; i < it.legs.length; i++) {
    const a = it.legs[i - 1], b = it.legs[i];
    if (a.mode === "rail" && b.mode === "rail" && a.gauge_mm && b.gauge_mm && a.gauge_mm !== b.gauge_mm)
      out.push({ at: b.from.id, name: b.from.name, from: a.gauge_mm, to: b.gauge_mm });
  }
  return out;
}

const ferryIcon = L.divIcon({
  className: "map-icon ferry-icon",
  html: `<svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true"><circle cx="10" cy="10" r="9" fill="#fff" stroke="${MODE_COLOURS.ferry}" stroke-width="2"/><path d="M4.5 11h11l-2 3.5h-7z" fill="${MODE_COLOURS.ferry}"/><rect x="7" y="7" width="6" height="3" fill="${MODE_COLOURS.ferry}"/></svg>`,
  iconSize: [20, 20],
  iconAnchor: [10, 10],
});
const borderIcon = L.divIcon({
  className: "map-icon border-icon",
  html: `<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><circle cx="8" cy="8" r="6.5" fill="#fff" stroke="#c92a2a" stroke-width="2"/><path d="M8 3.5v9" stroke="#c92a2a" stroke-width="2"/></svg>`,
  iconSize: [16, 16],
  iconAnchor: [8, 8],
});
const gaugeIcon = L.divIcon({
  className: "map-icon gauge-icon",
  html: `<svg viewBox="0 0 18 18" width="18" height="18" aria-hidden="true"><rect x="3.5" y="3.5" width="11" height="11" transform="rotate(45 9 9)" fill="#ffd43b" stroke="#212529" stroke-width="1.6"/></svg>`,
  iconSize: [18, 18],
  iconAnchor: [9, 9],
});

// Labelled is a place that may be named on the map from minZoom on.
interface Labelled {
  name: string;
  kind: string;
  lon: number;
  lat: number;
  minZoom: number;
}

// LABEL_ZOOM: from which zoom each kind of place is named (lower first, and first served).
const LABEL_ZOOM: Record<string, number> = { chokepoint: 2, seaport: 4, dry_port: 4, city: 5, border: 6 };

// labelled lists the network's places that can be named, in the order they claim room.
function labelled(fc: GeoJSON.FeatureCollection): Labelled[] {
  const out: Labelled[] = [];
  for (const f of fc.features) {
    if (f.geometry?.type !== "Point") continue;
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const kind = String(p.kind ?? "");
    const minZoom = LABEL_ZOOM[kind];
    if (minZoom === undefined || !p.name) continue;
    const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
    out.push({ name: String(p.name), kind, lon, lat, minZoom });
  }
  return out.sort((a, b) => a.minZoom - b.minZoom || a.name.localeCompare(b.name));
}

/** Place is a node of the network that a click on the map can pick. */
export interface Place {
  id: string;
  name: string;
  lon: number;
  lat: number;
}

export class RouteMap {
  readonly map: L.Map;
  private canvas = L.canvas({ padding: 0.1 }); // a small margin: the canvas is redrawn (in software on many machines) at each move
  private network = L.layerGroup();
  private others = L.layerGroup();
  private selected = L.layerGroup();
  private labels = L.layerGroup();
  private labelCandidates: Labelled[] = [];
  private shown: L.LatLngBounds | null = null; // the selected itinerary's bounds, last fitted
  onSelect: (i: number) => void = () => {};

  private legendKind: "modes" | "diff";

  constructor(container: HTMLElement, opts: { legend?: "modes" | "diff" } = {}) {
    this.legendKind = opts.legend ?? "modes";
    this.map = L.map(container, {
      zoomSnap: 0.25,
      zoomDelta: 0.5,
      minZoom: this.legendKind === "diff" ? 1 : 2, // the diff map is short: Shanghai–Cape–Rotterdam must fit
      maxZoom: 9,
      worldCopyJump: false,
      attributionControl: true,
      preferCanvas: false,
    });
    this.map.fitBounds(EURASIA);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Basemap: Natural Earth (world-atlas)");
    this.network.addTo(this.map);
    this.others.addTo(this.map);
    this.selected.addTo(this.map);
    L.control.layers(undefined, { "Corridor network": this.network }, { position: "topright" }).addTo(this.map);
    this.addLegend();
    this.loadBasemap();
  }

  private loadBasemap() {
    void addBasemap(this.map, this.canvas);
  }

  // showNetwork draws the links of GET /network as a faint background.
  showNetwork(fc: GeoJSON.FeatureCollection) {
    const lines = fc.features.filter((f) => f.geometry?.type === "LineString");
    const seen = new Set<string>();
    // one MultiLineString per style (sea lanes, land links): Leaflet then projects and draws two
    // layers at each zoom, not one per link
    const parts: Record<"sea" | "land", GeoJSON.Position[][]> = { sea: [], land: [] };
    for (const f of lines) {
      // links come in both directions: draw each once
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const key = [p.from, p.to].sort().join("|") + p.mode;
      if (seen.has(key)) continue;
      seen.add(key);
      parts[p.mode === "sea" ? "sea" : "land"].push((f.geometry as GeoJSON.LineString).coordinates);
    }
    const layer = L.geoJSON(
      {
        type: "FeatureCollection",
        features: (["land", "sea"] as const).map((mode) => ({
          type: "Feature",
          properties: { mode },
          geometry: { type: "MultiLineString", coordinates: parts[mode] },
        })),
      } as GeoJSON.FeatureCollection,
      {
        renderer: this.canvas,
        interactive: false,
        style: (f) => {
          const mode = String((f?.properties as Record<string, unknown>)?.mode ?? "");
          return {
            color: mode === "sea" ? "#9cb8cf" : "#a7a39a",
            weight: mode === "sea" ? 0.8 : 1,
            opacity: 0.7,
            dashArray: mode === "sea" ? "3 4" : undefined,
          };
        },
      } as L.GeoJSONOptions,
    );
    this.network.clearLayers();
    this.network.addLayer(layer);
    this.labelCandidates = labelled(fc);
    if (!this.map.hasLayer(this.labels)) {
      this.labels.addTo(this.map);
      // a zoom ends with a moveend too: placing on both would place every label twice
      this.map.on("moveend", () => this.placeLabels());
    }
    this.placeLabels();
  }

  // placeLabels names the places worth naming at the current zoom (chokepoints first, then
  // ports and dry ports, then cities and border crossings), each only where its box does not
  // overlap one already placed. The boxes are estimated from the name's length, so nothing is
  // measured (no layout is forced).
  private placeLabels() {
    this.labels.clearLayers();
    const zoom = this.map.getZoom();
    const size = this.map.getSize();
    const boxes: [number, number, number, number][] = [];
    for (const c of this.labelCandidates) {
      if (zoom < c.minZoom) continue;
      const p = this.map.latLngToContainerPoint([c.lat, c.lon]);
      if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) continue;
      const w = c.name.length * 6.2 + 8, h = 15;
      const box: [number, number, number, number] = [p.x + 5, p.y - h / 2, p.x + 5 + w, p.y + h / 2];
      if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      boxes.push(box);
      this.labels.addLayer(
        L.marker([c.lat, c.lon], {
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: `place-label pl-${c.kind}`, html: escapeHtml(c.name), iconSize: [0, 0], iconAnchor: [0, 0] }),
        }),
      );
    }
  }

  private addLegend() {
    const Legend = L.Control.extend({
      onAdd: () => {
        if (this.legendKind === "diff") {
          const box = el(
            "div",
            { class: "map-legend diff-legend", role: "group", "aria-label": "Map legend", "data-testid": "diff-legend" },
            el("div", { class: "lg-row" }, el("span", { class: "lg-line lg-baseline" }), "Baseline only"),
            el("div", { class: "lg-row" }, el("span", { class: "lg-line lg-scenario" }), "Scenario only"),
            el("div", { class: "lg-row" }, el("span", { class: "lg-line lg-both" }), "Same path in both"),
          );
          L.DomEvent.disableClickPropagation(box);
          return box;
        }
        const box = el("div", { class: "map-legend", role: "group", "aria-label": "Map legend" });
        for (const m of ["rail", "sea", "ferry", "road", "iww"]) {
          box.append(
            el(
              "div",
              { class: "lg-row" },
              el("span", {
                class: `lg-line${m === "ferry" ? " dashed" : ""}`,
                style: `--c:${MODE_COLOURS[m]}`,
              }),
              MODE_LABELS[m],
            ),
          );
        }
        const gauge = el("span", { class: "lg-icon" });
        gauge.innerHTML = gaugeIcon.options.html as string;
        const ferry = el("span", { class: "lg-icon" });
        ferry.innerHTML = ferryIcon.options.html as string;
        const border = el("span", { class: "lg-icon" });
        border.innerHTML = borderIcon.options.html as string;
        box.append(
          el("div", { class: "lg-row" }, gauge, "Gauge change"),
          el("div", { class: "lg-row" }, ferry, "Ferry crossing"),
          el("div", { class: "lg-row" }, border, "Border"),
          el("div", { class: "lg-row" }, el("span", { class: "lg-dot" }), "Transshipment"),
          el("div", { class: "lg-row" }, el("span", { class: "lg-line other" }), "Other itinerary (its corridor's colour)"),
        );
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });
    new Legend({ position: "bottomleft" }).addTo(this.map);
  }

  clear() {
    this.others.clearLayers();
    this.selected.clearLayers();
  }

  // show draws the front (others in grey, clickable) and the selected itinerary in colour.
  show(itins: Itinerary[], selectedIndex: number, selected: Itinerary | null, nodes: Coords, fit: boolean) {
    this.clear();
    if (fit && selected) {
      // fit first: the layers are then projected and drawn once, at the new zoom
      const pts = selected.legs.flatMap((l) => legLine(l, nodes));
      // not animated: Leaflet ignores a new view while a zoom animation runs
      if (pts.length) this.fit((this.shown = L.latLngBounds(pts)));
    }
    itins.forEach((it, i) => {
      if (it === selected || i === selectedIndex) return;
      const pts = it.legs.flatMap((l) => legLine(l, nodes));
      if (pts.length < 2) return;
      // in its corridor's colour, lighter than the selected itinerary (drawn over it)
      const line = L.polyline(pts, { color: corridorColour(it.corridor), weight: 3, opacity: 0.45, className: "other-itinerary" });
      line.bindTooltip(`#${i + 1} ${corridorLabel(it.corridor)}: ${days(it.total.days)}, ${usd(it.total.cost_usd)}`, {
        sticky: true,
      });
      line.on("click", () => this.onSelect(i));
      line.on("mouseover", () => line.setStyle({ opacity: 0.9, weight: 4 }));
      line.on("mouseout", () => line.setStyle({ opacity: 0.45, weight: 3 }));
      this.others.addLayer(line);
    });
    if (!selected) return;

    const casing = L.layerGroup();
    const colour = L.layerGroup();
    for (const leg of selected.legs) {
      const pts = legLine(leg, nodes);
      if (pts.length < 2) continue;
      const c = modeColour(leg.mode);
      casing.addLayer(L.polyline(pts, { color: "#fff", weight: 8, opacity: 0.9, interactive: false }));
      const line = L.polyline(pts, {
        color: c,
        weight: 4.5,
        opacity: 1,
        dashArray: leg.mode === "ferry" ? "9 7" : undefined,
        lineCap: leg.mode === "ferry" ? "butt" : "round",
        className: `leg leg-${leg.mode}`,
      });
      line.bindTooltip(
        `<strong>${MODE_LABELS[leg.mode] ?? leg.mode}${leg.gauge_mm ? ` ${leg.gauge_mm} mm` : ""}</strong>: ${escapeHtml(
          leg.from.name,
        )} → ${escapeHtml(leg.to.name)}<br>${int(leg.distance_km)} km · ${usd(leg.cost_usd)} · ${kg(leg.co2e_kg)}${
          leg.service ? `<br>${escapeHtml(leg.service)}` : ""
        }`,
        { sticky: true },
      );
      colour.addLayer(line);
      if (leg.mode === "ferry") {
        const mid = pts[Math.floor(pts.length / 2)];
        const a = L.latLng(pts[0]), b = L.latLng(pts[pts.length - 1]);
        const at = pts.length === 2 ? L.latLng((a.lat + b.lat) / 2, (a.lng + b.lng) / 2) : L.latLng(mid);
        colour.addLayer(
          L.marker(at, { icon: ferryIcon, keyboard: false, title: `Ferry ${leg.from.name} → ${leg.to.name}` }).bindTooltip(
            `Ferry: ${escapeHtml(leg.from.name)} → ${escapeHtml(leg.to.name)}${leg.service ? `<br>${escapeHtml(leg.service)}` : ""}`,
          ),
        );
      }
    }
    this.selected.addLayer(casing);
    this.selected.addLayer(colour);

    // transshipment points, origin and destination
    const legs = selected.legs;
    for (let i = 1; i < legs.length; i++) {
      const c = nodes.get(legs[i].from.id);
      // a leg that only starts in another country is no transshipment
      const same = legs[i].mode === legs[i - 1].mode && legs[i].gauge_mm === legs[i - 1].gauge_mm && !legs[i].service;
      if (!c || same) continue;
      this.selected.addLayer(
        L.circleMarker([c[1], c[0]], { radius: 4.5, color: "#212529", weight: 1.5, fillColor: "#fff", fillOpacity: 1 }).bindTooltip(
          `${escapeHtml(legs[i].from.name)}: ${legs[i - 1].mode} → ${legs[i].mode}`,
        ),
      );
    }
    for (const g of gaugeChanges(selected)) {
      const c = nodes.get(g.at);
      if (!c) continue;
      this.selected.addLayer(
        L.marker([c[1], c[0]], { icon: gaugeIcon, keyboard: false, title: `Gauge change at ${g.name}`, zIndexOffset: 500 }).bindTooltip(
          `Gauge change at ${escapeHtml(g.name)}: ${g.from} → ${g.to} mm`,
        ),
      );
    }
    for (const b of selected.borders ?? []) {
      const c = nodes.get(b.at.id);
      if (!c) continue;
      const dwell = b.dwell_hours ? ` · dwell ${hours(b.dwell_hours)}` : "";
      const how = b.by_sea ? `, by ${b.mode}` : "";
      this.selected.addLayer(
        L.marker([c[1], c[0]], { icon: borderIcon, keyboard: false, title: `Border ${b.from_country} → ${b.to_country} at ${b.at.name}`, zIndexOffset: 400 }).bindTooltip(
          `Border ${b.from_country} → ${b.to_country} at ${escapeHtml(b.at.name)}${how}${dwell}`,
        ),
      );
    }
    const ends: [string, string, string][] = [
      [legs[0].from.id, legs[0].from.name, "origin"],
      [legs[legs.length - 1].to.id, legs[legs.length - 1].to.name, "destination"],
    ];
    for (const [id, name, cls] of ends) {
      const c = nodes.get(id);
      if (!c) continue;
      for (const layer of endMarker(c, name, cls)) this.selected.addLayer(layer);
    }
  }

  invalidate() {
    this.map.invalidateSize();
  }

  // pickPlaces lets a click on the map offer the nearest place (within 40 px of the click) as
  // the origin or the destination: a popup names it, with a button for each.
  pickPlaces(places: Place[], onPick: (which: "from" | "to", p: Place) => void) {
    this.map.on("click", (e: L.LeafletMouseEvent) => {
      const at = e.containerPoint;
      let best: Place | null = null;
      let bestD = 40;
      for (const p of places) {
        const d = this.map.latLngToContainerPoint([p.lat, p.lon]).distanceTo(at);
        if (d < bestD) [best, bestD] = [p, d];
      }
      if (!best) return;
      const place = best;
      const button = (which: "from" | "to", text: string) => {
        const b = el("button", { type: "button", class: "secondary small", "data-testid": `pick-${which}` }, text);
        b.addEventListener("click", () => {
          this.map.closePopup();
          onPick(which, place);
        });
        return b;
      };
      const box = el(
        "div",
        { class: "pick", "data-testid": "map-pick" },
        el("strong", {}, place.name),
        el("div", { class: "pick-buttons" }, button("from", "From here"), button("to", "To here")),
      );
      L.popup({ autoPan: false }).setLatLng([place.lat, place.lon]).setContent(box).openOn(this.map);
    });
  }

  // fit shows bounds, unless the map shows them already: a view that does not change would
  // still make Leaflet re-project and redraw the whole canvas (network and basemap).
  private fit(bounds: L.LatLngBounds) {
    const opts = { padding: L.point(30, 30), maxZoom: 6, animate: false };
    // Leaflet 1.9's fitBounds computes its target with this (internal) method
    const target = (this.map as unknown as { _getBoundsCenterZoom(b: L.LatLngBounds, o: object): { center: L.LatLng; zoom: number } })._getBoundsCenterZoom(bounds, opts);
    const same = target.zoom === this.map.getZoom() && this.map.latLngToContainerPoint(target.center).distanceTo(this.map.latLngToContainerPoint(this.map.getCenter())) < 1;
    if (!same) this.map.fitBounds(bounds, opts);
  }

  // refit lays the map out again for its container's new size (printing makes it smaller, and
  // back) and shows the selected itinerary whole, drawing the canvas at once: a printout is
  // taken before the next animation frame.
  refit() {
    this.map.invalidateSize({ animate: false, pan: false });
    if (this.shown) this.map.fitBounds(this.shown, { padding: L.point(12, 12), maxZoom: 6, animate: false });
    (this.canvas as unknown as { _redraw?: () => void })._redraw?.();
  }

  fitDefault() {
    this.map.fitBounds(EURASIA, { animate: false });
  }

  // showDiff draws the baseline itineraries (blue, dashed, underneath) and the scenario's
  // (orange, solid, on top); an itinerary in both is drawn once, in a third style.
  showDiff(baseline: Itinerary[], scenario: Itinerary[], nodes: Coords, fit: boolean) {
    this.clear();
    const key = (it: Itinerary) => it.legs.map((l) => `${l.from.id}>${l.to.id}:${l.mode}:${(l.via ?? []).join(",")}`).join("|");
    const inScenario = new Set(scenario.map(key));
    const inBaseline = new Set(baseline.map(key));
    const all: L.LatLngExpression[] = [];
    const draw = (it: Itinerary, kind: "baseline" | "scenario" | "both", layer: L.LayerGroup) => {
      const pts = it.legs.flatMap((l) => legLine(l, nodes));
      if (pts.length < 2) return;
      all.push(...pts);
      const style: Record<typeof kind, L.PolylineOptions> = {
        baseline: { color: "#1971c2", weight: 4, opacity: 0.85, dashArray: "8 7", lineCap: "butt" },
        scenario: { color: "#e8590c", weight: 4, opacity: 0.95 },
        both: { color: "#495057", weight: 3, opacity: 0.6 },
      };
      const label = { baseline: "Baseline only", scenario: "Scenario only", both: "Baseline and scenario" }[kind];
      if (kind !== "both") layer.addLayer(L.polyline(pts, { color: "#fff", weight: 7, opacity: 0.8, interactive: false }));
      const line = L.polyline(pts, { ...style[kind], className: `diff-line diff-${kind}` });
      line.bindTooltip(
        `<strong>${label}</strong>: ${escapeHtml(corridorLabel(it.corridor))}<br>${days(it.total.days)} · ${usd(it.total.cost_usd)} · ${kg(
          it.total.co2e_kg,
        )}`,
        { sticky: true },
      );
      layer.addLayer(line);
    };
    for (const it of baseline) if (inScenario.has(key(it))) draw(it, "both", this.others);
    for (const it of baseline) if (!inScenario.has(key(it))) draw(it, "baseline", this.others);
    for (const it of scenario) if (!inBaseline.has(key(it))) draw(it, "scenario", this.selected);
    const first = scenario[0] ?? baseline[0];
    if (first) {
      const legs = first.legs;
      const ends: [string, string, string][] = [
        [legs[0].from.id, legs[0].from.name, "origin"],
        [legs[legs.length - 1].to.id, legs[legs.length - 1].to.name, "destination"],
      ];
      for (const [id, name, cls] of ends) {
        const c = nodes.get(id);
        if (!c) continue;
        for (const layer of endMarker(c, name, cls)) this.selected.addLayer(layer);
      }
    }
    if (fit && all.length)
      this.map.fitBounds(L.latLngBounds(all), { paddingTopLeft: [28, 40], paddingBottomRight: [28, 24], maxZoom: 5, animate: false });
  }
}

// endMarker draws an itinerary's origin or destination: a dot and its name above it. The name
// is a marker whose box CSS places (no permanent tooltip: those measure themselves, forcing a
// layout of the page each time the map is redrawn).
function endMarker(c: [number, number], name: string, cls: string): L.Layer[] {
  const label = `${cls === "origin" ? "From" : "To"}: ${escapeHtml(name)}`;
  return [
    L.circleMarker([c[1], c[0]], {
      radius: 7,
      color: "#fff",
      weight: 2.5,
      fillColor: cls === "origin" ? "#2b8a3e" : "#212529",
      fillOpacity: 1,
      interactive: false,
    }),
    L.marker([c[1], c[0]], {
      interactive: false,
      keyboard: false,
      zIndexOffset: 1000,
      icon: L.divIcon({ className: "end-label-icon", html: `<span class="end-label">${label}</span>`, iconSize: [0, 0], iconAnchor: [0, 0] }),
    }),
  ];
}

// FINE_ZOOM is the zoom from which the basemap switches from the 1:110m countries to the 1:50m
// ones: at the zooms a corridor is seen whole the coarse outlines look the same and cost a
// tenth to project and draw, so refitting the map on a search does not stall the page.
const FINE_ZOOM = 5;

async function countriesLayer(url: string, renderer: L.Renderer): Promise<L.GeoJSON> {
  const topo = (await (await fetch(url)).json()) as Topology;
  const geo = merged(unwrapAntimeridian(feature(topo, topo.objects.countries as GeometryCollection)));
  return L.geoJSON(geo, {
    renderer,
    interactive: false,
    smoothFactor: 1.5,
    style: { color: "#b8c0c8", weight: 0.6, fillColor: "#f6f4ef", fillOpacity: 1 },
  } as L.GeoJSONOptions);
}

// addBasemap draws the Natural Earth countries (world-atlas) under everything else, on a canvas:
// the 1:110m outlines below FINE_ZOOM, the 1:50m ones (fetched when first needed) from it.
export async function addBasemap(map: L.Map, renderer: L.Renderer) {
  let coarse: L.GeoJSON;
  try {
    coarse = await countriesLayer(countries110Url, renderer);
  } catch {
    return; // the map still shows its layers without a basemap
  }
  let fine: Promise<L.GeoJSON | null> | null = null;
  const show = (layer: L.GeoJSON, other: L.GeoJSON | null) => {
    if (other && map.hasLayer(other)) map.removeLayer(other);
    if (!map.hasLayer(layer)) layer.addTo(map).bringToBack();
  };
  const pick = async () => {
    if (map.getZoom() < FINE_ZOOM) {
      show(coarse, fine ? await fine : null);
      return;
    }
    fine ??= countriesLayer(countries50Url, renderer).catch(() => null);
    const f = await fine;
    if (f && map.getZoom() >= FINE_ZOOM) show(f, coarse);
  };
  map.on("zoomend", () => void pick());
  await pick();
}

// merged makes the countries one MultiPolygon: the basemap is one style and not interactive, so
// Leaflet projects, clips and fills one layer at each zoom rather than one per country (the
// rings do not overlap, so the even-odd fill draws them as before, holes included).
function merged(fc: GeoJSON.FeatureCollection): GeoJSON.Feature {
  const polygons: GeoJSON.Position[][][] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (g?.type === "Polygon") polygons.push(g.coordinates);
    else if (g?.type === "MultiPolygon") polygons.push(...g.coordinates);
  }
  return { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: polygons } };
}

// unwrapAntimeridian drops Antarctica and moves the far-eastern parts of rings that cross
// 180° (Chukotka, Fiji) east of 180°, so no polygon is drawn across the whole map.
function unwrapAntimeridian(fc: GeoJSON.FeatureCollection): GeoJSON.FeatureCollection {
  const fixRing = (ring: number[][]) => {
    let wraps = false;
    for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) wraps = true;
    return wraps ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
  };
  const features = fc.features
    .filter((f) => String(f.id) !== "010")
    .map((f) => {
      const g = f.geometry;
      if (g?.type === "Polygon") return { ...f, geometry: { ...g, coordinates: g.coordinates.map(fixRing) } };
      if (g?.type === "MultiPolygon")
        return { ...f, geometry: { ...g, coordinates: g.coordinates.map((p) => p.map(fixRing)) } };
      return f;
    });
  return { ...fc, features };
}

export function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
