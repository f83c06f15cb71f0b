// The Pareto chart (Observable Plot, SVG): x = days, y = cost USD, colour = kg CO2e. Each
// itinerary is one <circle data-testid="pareto-point">, clickable and reachable by keyboard:
// Tab enters the chart at the selected point, the arrow keys move between the points (by
// days), Enter or Space selects. Points that would cover each other are spread around their
// place so each can be picked.
import * as Plot from "@observablehq/plot";
import { accessible } from "./plota11y";
import type { Itinerary } from "./api";
import { corridorLabel, days, kg, usd } from "./format";

export function renderPareto(
  box: HTMLElement,
  itins: Itinerary[],
  selected: number,
  onSelect: (i: number) => void,
) {
  const hadFocus = box.contains(document.activeElement);
  box.replaceChildren();
  if (!itins.length) return;
  const width = Math.max(280, Math.floor(box.clientWidth || 380));
  const height = Math.max(180, Math.floor(box.clientHeight || 220));
  const rows = itins.map((it, i) => ({
    i,
    days: it.total.days,
    cost: it.total.cost_usd ?? NaN, // unknown cost: not plotted
    co2e: it.total.co2e_kg,
    label: String(i + 1),
  }));
  const known = rows.map((r) => r.cost).filter(Number.isFinite);
  const xs = rows.map((r) => r.days), ys = known.length ? known : [0];
  const pad = (lo: number, hi: number, f: number) => {
    const d = hi - lo || Math.abs(hi) * 0.1 || 1;
    return [lo - d * f, hi + d * f];
  };
  const sel = rows.filter((r) => r.i === selected);
  const chart = accessible(Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginBottom: 36,
    marginTop: 20,
    marginRight: 16,
    style: { fontSize: "11px", fontFamily: "inherit", background: "transparent", overflow: "visible" },
    x: { label: "Days →", domain: pad(Math.min(...xs), Math.max(...xs), 0.08), grid: true, nice: true },
    y: {
      label: "↑ Cost, USD",
      domain: pad(Math.min(...ys), Math.max(...ys), 0.12),
      grid: true,
      nice: true,
      tickFormat: (d: number) => (d >= 1000 ? `${(d / 1000).toLocaleString("en-GB")}k` : String(d)),
    },
    color: {
      type: "linear",
      scheme: "RdYlGn",
      reverse: true,
      label: "kg CO2e",
      legend: false,
      domain: [Math.min(...rows.map((r) => r.co2e)), Math.max(...rows.map((r) => r.co2e)) || 1],
    },
    marks: [
      Plot.line(
        [...rows].sort((a, b) => a.days - b.days),
        { x: "days", y: "cost", stroke: "#ced4da", strokeDasharray: "3 3", curve: "step-after" },
      ),
      Plot.dot(sel, { x: "days", y: "cost", r: 13, stroke: "#1864ab", strokeWidth: 2.5, fill: "none" }),
      Plot.dot(rows, {
        x: "days",
        y: "cost",
        r: 8,
        fill: "co2e",
        stroke: "#343a40",
        strokeWidth: 1.2,
        className: "pareto-dots",
      }),
      Plot.text(rows, {
        x: "days",
        y: "cost",
        text: "label",
        fontSize: 9.5,
        fontWeight: 700,
        fill: "#212529",
        stroke: "white",
        strokeWidth: 2.5,
        pointerEvents: "none",
      }),
    ],
  }));
  box.append(chart);

  // Plot binds each circle to its row index; tag them for keyboard, clicks and tests.
  const circles = chart.querySelectorAll<SVGCircleElement>("g.pareto-dots circle");
  // Number labels only where they do not collide (the cards and tooltips name the rest).
  const pos = new Map<number, [number, number]>();
  circles.forEach((c) => {
    const i = (c as unknown as { __data__: number }).__data__;
    pos.set(i, [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]);
  });
  const order = [selected, ...rows.map((r) => r.i).filter((i) => i !== selected)];
  const labels = new Map<number, SVGTextElement>();
  chart.querySelectorAll<SVGTextElement>('g[aria-label="text"] text').forEach((t) => {
    labels.set((t as unknown as { __data__: number }).__data__, t);
  });
  const ring = [...chart.querySelectorAll<SVGCircleElement>("circle")].find((c) => c.getAttribute("r") === "13");
  spread(order, pos, circles, labels, ring);
  const kept: [number, number][] = [];
  for (const i of order) {
    const p = pos.get(i), t = labels.get(i);
    if (!p || !t) continue;
    if (kept.some(([x, y]) => Math.hypot(x - p[0], y - p[1]) < 14)) t.remove();
    else kept.push(p);
  }
  circles.forEach((c) => {
    const i = (c as unknown as { __data__: number }).__data__;
    const r = rows[i];
    if (!r) return;
    const it = itins[r.i];
    c.setAttribute("data-testid", "pareto-point");
    c.setAttribute("data-index", String(r.i));
    c.setAttribute("tabindex", r.i === selected || (selected < 0 && i === 0) ? "0" : "-1");
    c.setAttribute("role", "button");
    c.setAttribute("aria-pressed", String(r.i === selected));
    const text = `Itinerary ${r.i + 1}, ${corridorLabel(it.corridor)}: ${days(r.days)}, ${usd(r.cost)}, ${kg(r.co2e)}`;
    c.setAttribute("aria-label", text);
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = text;
    c.replaceChildren(title);
    c.classList.toggle("selected", r.i === selected);
    c.addEventListener("click", () => onSelect(r.i));
    c.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        onSelect(r.i);
        return;
      }
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity }[e.key];
      if (step === undefined) return;
      e.preventDefault();
      const k = byDays.indexOf(c);
      const next = byDays[Math.max(0, Math.min(byDays.length - 1, Number.isFinite(step) ? k + step : step < 0 ? 0 : byDays.length - 1))];
      c.setAttribute("tabindex", "-1");
      next.setAttribute("tabindex", "0");
      next.focus();
    });
  });
  // the arrow keys go through the points from the fastest to the slowest
  const byDays = [...chart.querySelectorAll<SVGCircleElement>('[data-testid="pareto-point"]')].sort(
    (a, b) => Number(a.getAttribute("cx")) - Number(b.getAttribute("cx")) || Number(a.getAttribute("cy")) - Number(b.getAttribute("cy")),
  );
  if (hadFocus) (chart.querySelector<SVGCircleElement>('[data-testid="pareto-point"][tabindex="0"]') ?? byDays[0])?.focus();
}

// spread moves points that would cover each other (closer than a dot's diameter) onto a ring
// around their place, the first in order (the selected one) staying put; their number labels
// and the selection ring follow. pos is updated to the drawn positions.
function spread(
  order: number[],
  pos: Map<number, [number, number]>,
  circles: NodeListOf<SVGCircleElement>,
  labels: Map<number, SVGTextElement>,
  ring: SVGCircleElement | undefined,
) {
  const MIN = 15; // px between centres: dots of radius 8 barely touch
  const byIndex = new Map<number, SVGCircleElement>();
  circles.forEach((c) => byIndex.set((c as unknown as { __data__: number }).__data__, c));
  const placed: [number, number][] = [];
  for (const i of order) {
    const p = pos.get(i);
    if (!p) continue;
    let q = p;
    for (let k = 0; placed.some(([x, y]) => Math.hypot(x - q[0], y - q[1]) < MIN) && k < 36; k++) {
      const radius = MIN * (1 + Math.floor(k / 6)), angle = (k % 6) * (Math.PI / 3) + Math.PI / 6;
      q = [p[0] + radius * Math.cos(angle), p[1] + radius * Math.sin(angle)];
    }
    placed.push(q);
    if (q === p) continue;
    const c = byIndex.get(i);
    c?.setAttribute("cx", String(q[0]));
    c?.setAttribute("cy", String(q[1]));
    const t = labels.get(i);
    if (t) t.setAttribute("transform", `translate(${q[0] - p[0]},${q[1] - p[1]}) ${t.getAttribute("transform") ?? ""}`.trim());
    if (ring && i === order[0]) {
      ring.setAttribute("cx", String(q[0]));
      ring.setAttribute("cy", String(q[1]));
    }
    pos.set(i, q);
  }
}

// co2Key is the colour ramp's key for the card's header.
export function co2Key(itins: Itinerary[]): HTMLElement | string {
  if (!itins.length) return "days × cost, colour = CO2e";
  const v = itins.map((it) => it.total.co2e_kg);
  const key = document.createElement("span");
  key.className = "co2-key";
  key.innerHTML = `CO2e <span>${kg(Math.min(...v))}</span><span class="ramp" aria-hidden="true"></span><span>${kg(Math.max(...v))}</span>`;
  return key;
}
