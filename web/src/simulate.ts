// The simulation view: start a Monte Carlo job for the current query (every corridor), follow
// its server-sent progress events, then draw a transit-time histogram per corridor with its
// P10/P50/P90 and the deadline, the on-time probability, and "where the time goes".
import * as Plot from "@observablehq/plot";
import { accessible } from "./plota11y";
import { ApiError, startSimulation, type SimComparison, type SimCorridor, type SimResult, type SimulationJob, type SimulationRequest } from "./api";
import { followJob } from "./jobs";
import { bandText, placeInBand } from "./labels";
import { corridorColour, corridorLabel, date, el, int, one, pct } from "./format";

export const BREAKDOWN: { key: keyof SimResult["breakdown"]; label: string; colour: string }[] = [
  { key: "running", label: "Running", colour: "#4c6ef5" },
  { key: "waiting", label: "Waiting for departures", colour: "#f59f00" },
  { key: "border", label: "Border dwell", colour: "#e03131" },
  { key: "handling", label: "Handling", colour: "#868e96" },
];

export interface SimCallbacks {
  onProgress(done: number, total: number): void;
}

// simulate starts a simulation job and follows it to its end (see followJob).
// The UI simulates with compare: true, so a done job's result is a SimComparison.
export async function simulate(
  body: SimulationRequest & { compare: true },
  cb: SimCallbacks,
  signal: AbortSignal,
): Promise<SimulationJob & { result?: SimComparison }> {
  const started = await startSimulation(body, signal);
  cb.onProgress(0, started.total ?? 0);
  const job = await followJob<SimulationJob>(started.links, (p) => cb.onProgress(p.done, p.total), signal);
  if (job.status === "failed") throw new ApiError(500, { title: "The simulation failed", detail: job.error ?? "unknown error" });
  if (job.status === "cancelled") throw new ApiError(409, { title: "The simulation was cancelled", detail: job.error ?? "" });
  const result = job.result;
  if (result && !("corridors" in result)) throw new ApiError(500, { title: "Unexpected simulation result", detail: "expected one per corridor" });
  return { ...job, result };
}

// xDomain is the days range shared by every corridor's histogram, so they line up.
function xDomain(cs: SimCorridor[], deadlineDays: number | null): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const c of cs) {
    const r = c.result!;
    for (const b of r.histogram?.bins ?? []) {
      if (!b.count) continue;
      lo = Math.min(lo, b.from_days);
      hi = Math.max(hi, b.to_days);
    }
    lo = Math.min(lo, r.transit_days.p10);
    hi = Math.max(hi, r.transit_days.p99);
  }
  if (deadlineDays !== null && deadlineDays < hi * 1.5) {
    lo = Math.min(lo, deadlineDays);
    hi = Math.max(hi, deadlineDays);
  }
  if (!Number.isFinite(lo)) return [0, 60];
  return [Math.floor(lo / 5) * 5, Math.ceil(hi / 5) * 5];
}

function deadlineDays(c: SimCorridor): number | null {
  const r = c.result;
  if (!r?.deadline || !r.depart) return null;
  const d = (Date.parse(r.deadline) - Date.parse(r.depart)) / 86_400_000;
  return Number.isFinite(d) ? d : null;
}

// The marker labels (P10, P50, P90, deadline) sit in a band of rows above the histogram.
const MARK_FONT = 10;
const MARK_ROW = 13;
const MARK_ROWS = 2;
const HIST_TOP = 6 + MARK_ROWS * MARK_ROW;

// histogram draws a corridor's histogram; place() sets its marker labels so that none
// overlaps another, once the chart is in the page (where text widths can be measured).
function histogram(c: SimCorridor, domain: [number, number], width: number, height: number) {
  const r = c.result!;
  const q = r.transit_days;
  const bins = (r.histogram?.bins ?? []).filter((b) => b.to_days > domain[0] && b.from_days < domain[1]);
  const colour = corridorColour(c.corridor);
  const dl = deadlineDays(c);
  const showDl = dl !== null && dl >= domain[0] && dl <= domain[1];
  const marks: Plot.Markish[] = [
    Plot.rectY(bins, {
      x1: "from_days",
      x2: "to_days",
      y: (b: { share: number }) => b.share * 100,
      fill: colour,
      fillOpacity: 0.75,
      inset: 0.5,
      title: (b: { from_days: number; to_days: number; share: number; count: number }) =>
        `${one(b.from_days)}–${one(b.to_days)} days: ${int(b.count)} runs (${pct(b.share)})`,
    }),
    Plot.ruleY([0], { stroke: "#adb5bd" }),
    Plot.ruleX([q.p10, q.p90], { stroke: "#212529", strokeWidth: 1.2, strokeDasharray: "3 2" }),
    Plot.ruleX([q.p50], { stroke: "#212529", strokeWidth: 2 }),
  ];
  if (showDl) marks.push(Plot.ruleX([dl], { stroke: "#c92a2a", strokeWidth: 1.5 }));
  const marginLeft = 36, marginRight = 10;
  const svg = accessible(Plot.plot({
    width,
    height,
    marginTop: HIST_TOP,
    marginBottom: 36,
    marginLeft,
    marginRight,
    style: { fontSize: "10.5px", fontFamily: "inherit", background: "transparent", overflow: "visible" },
    // the axis label a line below the tick labels, so that it never covers the last one
    x: { domain, label: "Transit days →", labelAnchor: "right", labelOffset: 34 },
    y: { label: null, grid: true, nice: true, ticks: 4, tickFormat: (d: number) => `${d}%` },
    marks,
  }));
  const x = svg.scale("x")!;
  const g = document.createElementNS("http://www.w3.org/2000/svg", "g");
  g.setAttribute("class", "sim-marks");
  g.setAttribute("aria-hidden", "true");
  // in order of importance: the first placed stays nearest its place
  const labels = [
    { text: "P50", at: q.p50, fill: "#212529", bold: true },
    ...(showDl ? [{ text: "deadline", at: dl!, fill: "#c92a2a", bold: false }] : []),
    { text: "P10", at: q.p10, fill: "#495057", bold: false },
    { text: "P90", at: q.p90, fill: "#495057", bold: false },
  ].map((l) => ({ el: bandText(l.text, l.fill, MARK_FONT, l.bold), x: x.apply(l.at) as number }));
  g.append(...labels.map((l) => l.el));
  svg.append(g);
  const place = () =>
    placeInBand(labels, { left: marginLeft - 2, right: width - marginRight, bottom: HIST_TOP - 4, rowHeight: MARK_ROW, rows: MARK_ROWS });
  return { svg, place };
}

function breakdownChart(cs: SimCorridor[], width: number) {
  const rows = cs.flatMap((c) =>
    BREAKDOWN.map((b) => ({
      corridor: corridorLabel(c.corridor),
      part: b.label,
      days: c.result?.breakdown?.[b.key]?.days ?? 0,
      share: c.result?.breakdown?.[b.key]?.share ?? 0,
    })),
  );
  const order = cs.map((c) => corridorLabel(c.corridor));
  const longest = Math.max(1, ...cs.map((c) => BREAKDOWN.reduce((t, b) => t + (c.result?.breakdown?.[b.key]?.days ?? 0), 0)));
  const pxPerDay = (width - 118 - 14) / (longest * 1.1);
  return accessible(Plot.plot({
    width,
    height: 52 + cs.length * 34,
    marginLeft: 118,
    marginRight: 14,
    marginTop: 8,
    marginBottom: 38,
    style: { fontSize: "11px", fontFamily: "inherit", background: "transparent" },
    x: { label: "Mean days →", grid: true, nice: true, labelOffset: 36 },
    y: { label: null, domain: order },
    color: { domain: BREAKDOWN.map((b) => b.label), range: BREAKDOWN.map((b) => b.colour) },
    marks: [
      Plot.barX(rows, {
        x: "days",
        y: "corridor",
        fill: "part",
        inset: 0.5,
        title: (d: { corridor: string; part: string; days: number; share: number }) =>
          `${d.corridor}, ${d.part.toLowerCase()}: ${one(d.days)} days (${pct(d.share)})`,
      }),
      Plot.text(
        rows.filter((d) => d.days * pxPerDay >= 30),
        Plot.stackX({ x: "days", y: "corridor", text: (d: { share: number }) => pct(d.share), fill: "white", fontSize: 10, fontWeight: 600 }),
      ),
      Plot.ruleX([0]),
    ],
  }));
}

export function renderSimulation(
  grid: HTMLElement,
  side: HTMLElement,
  cmp: SimComparison,
  deadline: string,
) {
  const ok = cmp.corridors.filter((c) => c.result);
  const dl = ok.map(deadlineDays).find((d) => d !== null) ?? null;
  const domain = xDomain(ok, dl);
  const width = Math.max(260, Math.floor((grid.clientWidth - 12) / 2) - 22);
  const placements: (() => void)[] = [];
  grid.replaceChildren(
    ...cmp.corridors.map((c) => {
      const card = el("article", {
        class: `card sim-card${c.result ? "" : " infeasible"}`,
        "data-corridor": c.corridor,
        "aria-label": `${corridorLabel(c.corridor)}: simulated transit time`,
      });
      const head = el("div", { class: "card-head" }, el("h3", { class: `corridor-tag c-${c.corridor}`, title: c.name }, corridorLabel(c.corridor)));
      card.append(head);
      if (!c.result) {
        card.append(el("p", { class: "reason pad" }, el("strong", {}, "Infeasible: "), c.infeasible ?? "no itinerary"));
        return card;
      }
      const r = c.result;
      const q = r.transit_days;
      const onTime = r.on_time_probability;
      head.append(
        el(
          "span",
          { class: "hint" },
          onTime !== undefined
            ? el("span", { class: `on-time ${onTime >= 0.9 ? "good" : onTime >= 0.5 ? "fair" : "poor"}`, "data-testid": "sim-on-time" }, `${pct(onTime)} on time`)
            : "",
        ),
      );
      const chart = el("div", {
        class: "sim-histogram",
        "data-testid": "sim-histogram",
        "data-corridor": c.corridor,
        role: "img",
        "aria-label": `Histogram of simulated transit days, ${corridorLabel(c.corridor)}: P10 ${one(q.p10)}, P50 ${one(q.p50)}, P90 ${one(
          q.p90,
        )} days${onTime !== undefined ? `; ${pct(onTime)} chance to arrive by ${date(deadline)}` : ""}.`,
      });
      const h = histogram(c, domain, width, 160);
      chart.append(h.svg);
      placements.push(h.place);
      card.append(
        chart,
        el(
          "dl",
          { class: "sim-stats" },
          ...(
            [
              ["P10", q.p10],
              ["P50", q.p50],
              ["P90", q.p90],
              ["P95", q.p95],
              ["P99", q.p99],
              ["Mean", q.mean],
              ["Router", r.router_days ?? NaN],
            ] as [string, number][]
          ).map(([k, v]) =>
            el(
              "div",
              { class: `kv${k === "P50" ? " strong" : ""}`, title: k === "Router" ? "the router's single figure (average waits)" : `${k} transit days` },
              el("dt", {}, k),
              el("dd", {}, Number.isFinite(v) ? one(v) : "–"),
            ),
          ),
        ),
      );
      return card;
    }),
  );

  // the marker labels are placed once the charts are in the page, where text can be measured
  for (const place of placements) place();

  const table = el(
    "table",
    { class: "sim-table", "data-testid": "sim-table" },
    el("caption", { class: "sr-only" }, "Simulated transit days per corridor"),
    el(
      "thead",
      {},
      el("tr", {}, ...["Corridor", "P50", "P90", "On time"].map((h, i) => el("th", { scope: "col", class: i ? "num" : "" }, h))),
    ),
    el(
      "tbody",
      {},
      ...ok.map((c) => {
        const q = c.result!.transit_days;
        const p = c.result!.on_time_probability;
        return el(
          "tr",
          { "data-corridor": c.corridor },
          el("th", { scope: "row" }, el("span", { class: `corridor-tag c-${c.corridor}` }, corridorLabel(c.corridor))),
          el("td", { class: "num strong" }, one(q.p50)),
          el("td", { class: "num" }, one(q.p90)),
          el("td", { class: "num" }, p === undefined ? "–" : pct(p)),
        );
      }),
    ),
  );

  const legend = el(
    "div",
    { class: "bd-legend", "aria-hidden": "true" },
    ...BREAKDOWN.map((b) => el("span", {}, el("span", { class: "sw", style: `background:${b.colour}` }), b.label)),
  );
  const bd = el(
    "div",
    {
      class: "sim-breakdown",
      "data-testid": "sim-breakdown",
      role: "img",
      "aria-label": `Where the time goes: ${ok
        .map(
          (c) =>
            `${corridorLabel(c.corridor)}: ${BREAKDOWN.map((b) => `${b.label.toLowerCase()} ${pct(c.result?.breakdown?.[b.key]?.share ?? 0)}`).join(", ")}`,
        )
        .join("; ")}.`,
    },
  );
  side.replaceChildren(
    el("div", { class: "card" }, el("div", { class: "card-head" }, el("h2", {}, "Transit days"), el("span", { class: "hint" }, deadline ? `on time = arrives by ${date(deadline)}` : "")), el("div", { class: "table-wrap" }, table)),
    el(
      "div",
      { class: "card" },
      el("div", { class: "card-head" }, el("h2", {}, "Where the time goes"), el("span", { class: "hint" }, "mean days per shipment")),
      legend,
      bd,
    ),
  );
  // drawn once in the page, where its width is known
  bd.append(breakdownChart(ok, Math.max(260, bd.clientWidth - 20)));
}
