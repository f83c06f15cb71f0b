// The assignment view: run an equilibrium freight assignment of a bundled year's demand
// (optionally on a scenario) as a job, follow its per-iteration progress (server-sent events),
// then show the utilisation map, each corridor's share of TEU and TEU-km, the bottleneck table
// (sortable) and the convergence plot, with the results as CSV and GeoJSON.
import * as Plot from "@observablehq/plot";
import { accessible } from "./plota11y";
import {
  ApiError,
  getGeoJSON,
  listScenarios,
  startAssignment,
  type AssignElement,
  type AssignIteration,
  type AssignmentJob,
  type Assignment,
  type AssignmentRequest,
  type AssignmentStarted,
  type CorridorShare,
  type Problem,
} from "./api";
import { UtilisationMap, VC, vcClass } from "./assignmap";
import { corridorColour, corridorLabel, el, int, MODE_LABELS, one, pct } from "./format";
import { followJob, type JobProgress } from "./jobs";

// LiveIteration is what the convergence chart draws: an iteration of the result, or one
// built from a progress event while the assignment runs.
type LiveIteration = Pick<AssignIteration, "iteration" | "relative_gap" | "objective">;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export interface AssignHost {
  showError(p: Problem | null): void;
  problemOf(err: unknown): Problem;
  announce(msg: string): void;
  onDemand(demand: string): void;
}

type SortKey = "name" | "utilisation" | "flow" | "capacity" | "delay";
const COLUMNS: { key: SortKey; label: string; num: boolean; title?: string }[] = [
  { key: "name", label: "Element", num: false },
  { key: "utilisation", label: "Flow ÷ cap.", num: true, title: "utilisation: flow divided by capacity" },
  { key: "flow", label: "TEU/yr", num: true, title: "flow, TEU per year" },
  { key: "capacity", label: "Capacity", num: true, title: "capacity, TEU per year" },
  { key: "delay", label: "Delay, h", num: true, title: "congestion delay, hours, over the free-flow time" },
];
const sortValue: Record<SortKey, (e: AssignElement) => number | string> = {
  name: (e) => (e.name || e.id).toLowerCase(),
  utilisation: (e) => e.utilisation ?? 0,
  flow: (e) => e.flow_teu_year,
  capacity: (e) => e.capacity_teu_year ?? 0,
  delay: (e) => e.delay_hours,
};

const SUP: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
// sci formats a small number as 3.2×10⁻⁵.
export function sci(x: number): string {
  if (!Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const [m, e] = x.toExponential(1).split("e");
  const exp = String(Number(e)).replace(/./g, (c) => SUP[c] ?? c);
  const mant = m.replace(/\.0$/, "");
  return mant === "1" ? `10${exp}` : `${mant}×10${exp}`;
}
// shareLabel names a corridor of the shares (every path is classified as route itineraries
// are; a path on no tagged link is "untagged").
export function shareLabel(c: string): string {
  if (c === "untagged") return "Untagged";
  return corridorLabel(c);
}
const MARKETS: Record<string, string> = {
  "china-europe": "China–Europe",
  "china-central-asia": "China–Central Asia",
  "china-russia-belarus": "China–Russia/Belarus",
  "china-caucasus": "China–Caucasus",
  other: "other",
};
// marketLabel names a market of a corridor's flow.
export const marketLabel = (m: string) => MARKETS[m] ?? m;
// byMarket writes a corridor's flow by market: "China–Central Asia 419 k, China–Europe 28 k TEU/yr".
const byMarket = (c: CorridorShare) => `${c.markets.map((m) => `${marketLabel(m.market)} ${mteu(m.teu_year)}`).join(", ")} TEU/yr`;
const mteu = (n: number) => (n >= 1e6 ? `${one(n / 1e6)} M` : n >= 1e3 ? `${int(n / 1e3)} k` : int(n));
const kindLabel = (e: AssignElement) => {
  const m = MODE_LABELS[e.mode ?? ""] ?? e.mode ?? "";
  if (e.kind === "node") return m === "seaport" ? "Port" : m[0].toUpperCase() + m.slice(1);
  return m;
};

export class AssignView {
  private map: UtilisationMap | null = null;
  private ctrl: AbortController | null = null;
  private last: { job: Assignment; fc: GeoJSON.FeatureCollection | null; links: AssignmentStarted["links"] } | null = null;
  private live: LiveIteration[] = [];
  private sort: { key: SortKey; desc: boolean } = { key: "utilisation", desc: true };
  private scenariosLoaded = false;
  private gapTarget = 1e-6;

  constructor(private host: AssignHost) {
    $("assign-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.run();
    });
    document.querySelectorAll<HTMLInputElement>('input[name="assign-demand"]').forEach((r) =>
      r.addEventListener("change", () => this.host.onDemand(this.demand())),
    );
    $("assign-gap").addEventListener("input", () => this.gapError(null));
  }

  demand(): string {
    return document.querySelector<HTMLInputElement>('input[name="assign-demand"]:checked')?.value ?? "china-europe-2024";
  }

  setDemand(d: string | null) {
    const r = document.querySelector<HTMLInputElement>(`input[name="assign-demand"][value="${CSS.escape(d ?? "")}"]`);
    if (r) r.checked = true;
  }

  // show is called when the view opens: the map needs its size, the scenario list may be new.
  show() {
    if (!this.map) this.map = new UtilisationMap($("assign-map"));
    this.map.invalidate();
    if (this.last?.fc) this.map.show(this.last.fc, this.last.job.result.elements, false);
    void this.loadScenarios();
  }

  private async loadScenarios() {
    try {
      const list = await listScenarios();
      const sel = $<HTMLSelectElement>("assign-scenario");
      const cur = sel.value;
      sel.replaceChildren(
        el("option", { value: "" }, "None (baseline)"),
        ...list.map((r) => el("option", { value: r.name, title: r.scenario.description ?? "" }, `${r.name}${r.origin === "bundled" ? " (bundled)" : ""}`)),
      );
      if ([...sel.options].some((o) => o.value === cur)) sel.value = cur;
      this.scenariosLoaded = true;
    } catch {
      if (!this.scenariosLoaded) $<HTMLSelectElement>("assign-scenario").title = "The scenarios could not be loaded.";
    }
  }

  private gapError(msg: string | null) {
    const box = $("assign-gap-error");
    const input = $<HTMLInputElement>("assign-gap");
    box.hidden = !msg;
    box.textContent = msg ? `Relative gap: ${msg}` : "";
    if (msg) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  private setBusy(busy: boolean) {
    const b = $<HTMLButtonElement>("assign-run");
    b.disabled = busy;
    b.classList.toggle("busy", busy);
    b.querySelector(".label")!.textContent = busy ? "Assigning…" : "Assign";
    $("view-assign").classList.toggle("busy", busy);
    $("view-assign").setAttribute("aria-busy", String(busy));
  }

  abort() {
    this.ctrl?.abort();
  }

  async run() {
    this.host.showError(null);
    this.gapError(null);
    const gapText = $<HTMLInputElement>("assign-gap").value.trim();
    const gap = gapText === "" ? 1e-6 : Number(gapText);
    if (!Number.isFinite(gap)) {
      this.gapError("enter a number, such as 1e-6.");
      $("assign-gap").focus();
      return;
    }
    this.ctrl?.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    const body: AssignmentRequest = { demand: this.demand(), gap };
    const scenario = $<HTMLSelectElement>("assign-scenario").value;
    if (scenario) body.scenario = scenario;
    this.gapTarget = gap;
    this.live = [];
    const bar = $<HTMLProgressElement>("assign-progress");
    const status = $("assign-status");
    bar.max = 1000;
    bar.removeAttribute("value"); // indeterminate until the first iteration
    status.textContent = `Starting the assignment of ${body.demand}…`;
    $("assign-downloads").replaceChildren();
    this.setBusy(true);
    const t0 = performance.now();
    let firstGap = 0;
    try {
      const started = await startAssignment(body, ctrl.signal);
      const job = await followJob<AssignmentJob>(
        started.links,
        (p: JobProgress) => {
          if (ctrl !== this.ctrl) return;
          const g = typeof p.relative_gap === "number" ? p.relative_gap : NaN;
          if (!Number.isFinite(g) || !p.done) return;
          if (!firstGap) firstGap = g;
          // progress is how far the gap has come down (log scale) from the first iteration to the target
          const f = firstGap > gap && g > 0 ? Math.log(firstGap / g) / Math.log(firstGap / gap) : g <= gap ? 1 : 0;
          bar.value = Math.round(1000 * Math.min(1, Math.max(0.02, f)));
          status.textContent = `Iteration ${int(p.done)}: relative gap ${sci(g)} (target ${sci(gap)})`;
          if (!this.live.some((x) => x.iteration === p.done)) {
            this.live.push({ iteration: p.done, relative_gap: g, objective: Number(p.objective ?? NaN) });
            this.renderConvergence(this.live, gap);
          }
        },
        ctrl.signal,
      );
      if (ctrl !== this.ctrl) return;
      if (job.status !== "done" || !job.result) {
        throw new ApiError(500, { title: "The assignment failed", detail: job.error ?? "the job ended without a result" });
      }
      const res = job.result;
      bar.value = bar.max;
      const s = res.summary;
      status.textContent = `${res.demand}${res.scenario ? ` on “${res.scenario}”` : " on the baseline"}: ${mteu(s.total_teu_year)} TEU/yr, ${
        s.converged ? "converged" : "stopped"
      } after ${int(s.iterations)} iteration${s.iterations === 1 ? "" : "s"} (gap ${sci(s.relative_gap)}) in ${elapsed(performance.now() - t0)}.`;
      this.last = { job: res, fc: null, links: started.links };
      this.renderDownloads(started.links, job.id);
      this.renderShares(res);
      this.renderBottlenecks(res);
      this.renderConvergence(res.convergence, gap);
      const over = res.result.bottlenecks.filter((b) => (b.utilisation ?? 0) >= 1).length;
      this.host.announce(`Assignment done: ${over} element${over === 1 ? "" : "s"} over capacity.`);
      try {
        const fc = await getGeoJSON(started.links.geojson, ctrl.signal);
        if (ctrl !== this.ctrl) return;
        this.last.fc = fc;
        this.map?.invalidate();
        this.map?.show(fc, res.result.elements, true);
      } catch (err) {
        if (err instanceof DOMException && err.name === "AbortError") return;
        const p = this.host.problemOf(err);
        this.host.showError({ ...p, title: "The map could not be drawn", detail: `GeoJSON of the flows: ${p.detail ?? p.title ?? "unknown error"}` });
      }
    } catch (err) {
      if (ctrl !== this.ctrl || (err instanceof DOMException && err.name === "AbortError")) return;
      bar.value = 0;
      status.textContent = "The assignment did not run.";
      const p = this.host.problemOf(err);
      const gapErr = p.errors?.find((e) => e.field === "gap");
      if (gapErr) this.gapError(gapErr.reason);
      this.host.showError(p);
    } finally {
      if (ctrl === this.ctrl) {
        this.ctrl = null;
        this.setBusy(false);
      }
    }
  }

  private renderDownloads(links: AssignmentStarted["links"], id: string) {
    const name = `assignment-${this.last?.job.demand ?? "flows"}-${id.slice(0, 8)}`;
    $("assign-downloads").replaceChildren(
      "Download ",
      el("a", { href: links.csv, download: `${name}.csv`, "data-testid": "assign-csv" }, "CSV"),
      " · ",
      el("a", { href: links.geojson, download: `${name}.geojson`, "data-testid": "assign-geojson" }, "GeoJSON"),
    );
  }

  // ---------- corridor shares ----------

  private renderShares(res: Assignment) {
    const box = $("assign-shares");
    const cs = [...res.result.corridors].sort((a, b) => b.share_teu - a.share_teu);
    if (!cs.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No flow was assigned to a corridor."));
      return;
    }
    $("assign-shares-hint").textContent = `of ${mteu(res.result.total_teu_year)} TEU/yr and of TEU-km`;
    type Row = { corridor: string; label: string; measure: string; share: number; abs: string };
    const rows: Row[] = cs.flatMap((c) => [
      { corridor: c.corridor, label: shareLabel(c.corridor), measure: "TEU", share: c.share_teu * 100, abs: `${int(c.teu_year)} TEU/yr; by market: ${byMarket(c)}` },
      { corridor: c.corridor, label: shareLabel(c.corridor), measure: "TEU-km", share: c.share_teu_km * 100, abs: `${mteu(c.teu_km_year / 1e3)} thousand TEU-km/yr` },
    ]);
    const shareText = (d: Row) => `${d.share < 9.95 ? one(d.share) : int(d.share)}% ${d.measure}`;
    const width = Math.max(280, box.clientWidth - 16);
    const chart = accessible(Plot.plot({
      width,
      height: 26 + cs.length * 36,
      marginLeft: 128,
      marginRight: 14,
      marginTop: 4,
      marginBottom: 24,
      style: { fontSize: "11px", fontFamily: "inherit", background: "transparent", overflow: "visible" },
      x: { domain: [0, 100], label: null, ticks: 5, grid: true, tickFormat: (d: number) => `${d}%` },
      y: { domain: ["TEU", "TEU-km"], axis: null, paddingInner: 0.12 },
      fy: { domain: cs.map((c) => shareLabel(c.corridor)), label: null, axis: "left", padding: 0.22 },
      marks: [
        Plot.barX(rows, {
          x: "share",
          y: "measure",
          fy: "label",
          fill: (d: Row) => corridorColour(d.corridor),
          fillOpacity: (d: Row) => (d.measure === "TEU" ? 0.95 : 0.45),
          title: (d: Row) => `${d.label}: ${one(d.share)}% of ${d.measure} (${d.abs})`,
        }),
        Plot.text(
          rows.filter((d) => d.share <= 72),
          { x: "share", y: "measure", fy: "label", text: shareText, textAnchor: "start", dx: 4, fontSize: 10, fontWeight: 600, fill: "#343a40" },
        ),
        Plot.text(
          rows.filter((d) => d.share > 72),
          {
            x: "share",
            y: "measure",
            fy: "label",
            text: shareText,
            textAnchor: "end",
            dx: -5,
            fontSize: 10,
            fontWeight: 600,
            fill: (d: Row) => (d.measure === "TEU" ? "#fff" : "#212529"),
          },
        ),
        Plot.ruleX([0], { stroke: "#868e96" }),
      ],
    }));
    const wrap = el("div", {
      role: "img",
      "data-corridors": cs.length,
      "aria-label": `Corridor shares: ${cs.map((c) => `${shareLabel(c.corridor)} ${pct(c.share_teu)} of TEU, ${pct(c.share_teu_km)} of TEU-km (${byMarket(c)})`).join("; ")}.`,
    });
    wrap.append(chart);
    const casp = res.result.caspian;
    const notes = el("ul", { class: "assign-share-notes" });
    notes.append(
      el("li", { "data-testid": "assign-caspian" }, `Across the Caspian (Kazakhstan or Turkmenistan – Azerbaijan, both ways): ${int(casp.teu_year)} TEU/yr, ${int(casp.tonnes_year)} t/yr at 10 t per TEU`),
      ...cs
        .filter((c) => c.markets.length > 1)
        .map((c) => el("li", { "data-testid": "assign-markets", "data-corridor": c.corridor }, `${shareLabel(c.corridor)}: ${byMarket(c)}`)),
    );
    box.replaceChildren(wrap, notes);
  }

  // ---------- bottlenecks ----------

  private renderBottlenecks(res: Assignment) {
    const box = $("assign-bottlenecks");
    const top = [...res.result.bottlenecks].sort((a, b) => (b.utilisation ?? 0) - (a.utilisation ?? 0)).slice(0, 20);
    const over = top.filter((b) => (b.utilisation ?? 0) >= 1).length;
    $("assign-bn-hint").textContent = `top ${top.length} by utilisation · ${over} over capacity`;
    if (!top.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No element has a capacity limit."));
      return;
    }
    const { key, desc } = this.sort;
    const rows = [...top].sort((a, b) => {
      const x = sortValue[key](a), y = sortValue[key](b);
      const c = typeof x === "string" ? x.localeCompare(String(y)) : x - (y as number);
      return (desc ? -c : c) || (b.utilisation ?? 0) - (a.utilisation ?? 0);
    });
    const head = el(
      "tr",
      {},
      ...COLUMNS.map((c) => {
        const active = c.key === key;
        const b = el(
          "button",
          { type: "button", class: "sort", title: c.title ? `Sort by ${c.title}` : `Sort by ${c.label.toLowerCase()}` },
          c.label,
          el("span", { class: "arrow", "aria-hidden": "true" }, active ? (desc ? "▼" : "▲") : ""),
        );
        b.addEventListener("click", () => {
          this.sort = active ? { key, desc: !desc } : { key: c.key, desc: c.num };
          this.renderBottlenecks(res);
          (box.querySelector(`th[data-key="${c.key}"] button`) as HTMLButtonElement | null)?.focus();
        });
        return el("th", { scope: "col", class: c.num ? "num" : "", "data-key": c.key, "aria-sort": active ? (desc ? "descending" : "ascending") : undefined }, b);
      }),
    );
    const body = el(
      "tbody",
      {},
      ...rows.map((e) => {
        const cls = vcClass(e);
        const name = el("button", { type: "button", class: "link", title: "Show on the map" }, e.name || e.id);
        name.addEventListener("click", () => {
          if (!this.map?.focus(e.id)) this.host.announce(`${e.name || e.id} is not on the map.`);
        });
        return el(
          "tr",
          { "data-testid": "assign-bottleneck", "data-id": e.id, "data-kind": e.kind, "data-utilisation": String(e.utilisation ?? 0), class: `vc-row-${cls}` },
          el(
            "th",
            { scope: "row" },
            name,
            el("div", { class: "bn-id" }, `${kindLabel(e)} · `, el("code", {}, e.kind === "link" && e.from && e.to ? `${e.from} → ${e.to}` : e.id)),
          ),
          el("td", { class: "num" }, el("span", { class: `vc-pill vc-${cls}`, title: VC[cls].label }, pct(e.utilisation ?? 0))),
          el("td", { class: "num" }, int(e.flow_teu_year)),
          el("td", { class: "num" }, e.capacity_teu_year ? int(e.capacity_teu_year) : "–"),
          el("td", { class: "num" }, e.delay_hours > 0.05 ? one(e.delay_hours) : "–"),
        );
      }),
    );
    box.replaceChildren(
      el(
        "table",
        { class: "assign-table" },
        el("caption", { class: "sr-only" }, "Bottlenecks: the capacity-limited elements with their flow, capacity, utilisation and delay. Column headers sort."),
        el("thead", {}, head),
        body,
      ),
    );
  }

  // ---------- convergence ----------

  private renderConvergence(conv: LiveIteration[], target: number) {
    const box = $("assign-convergence");
    const pts = conv.filter((c) => c.relative_gap > 0 && Number.isFinite(c.relative_gap));
    if (!pts.length) {
      box.replaceChildren(el("p", { class: "empty" }, conv.length ? "The gap reached 0 at once." : "The relative gap of each iteration shows here."));
      return;
    }
    const last = pts[pts.length - 1];
    $("assign-conv-hint").textContent = `relative gap (log) by iteration · ${sci(last.relative_gap)} after ${int(last.iteration)}`;
    const lo = Math.min(target, ...pts.map((p) => p.relative_gap));
    const hi = Math.max(target, ...pts.map((p) => p.relative_gap));
    const maxIt = Math.max(2, ...pts.map((p) => p.iteration));
    const width = Math.max(280, box.clientWidth - 16);
    const height = Math.max(110, box.clientHeight - 8);
    const chart = accessible(Plot.plot({
      width,
      height,
      marginLeft: 50,
      marginRight: 52,
      marginTop: 12,
      marginBottom: 22,
      style: { fontSize: "10.5px", fontFamily: "inherit", background: "transparent", overflow: "visible" },
      x: { domain: [1, maxIt], label: null, ticks: Math.min(maxIt - 1, 8), tickFormat: (d: number) => (Number.isInteger(d) ? int(d) : "") },
      y: {
        type: "log",
        domain: [lo / 3, hi * 3],
        label: null,
        grid: true,
        ticks: 5,
        tickFormat: (d: number) => (Math.abs(Math.log10(d) - Math.round(Math.log10(d))) < 1e-9 ? sci(d) : ""),
      },
      marks: [
        Plot.ruleY([target], { stroke: "#2b8a3e", strokeDasharray: "4 3" }),
        Plot.text([target], { x: maxIt, y: (d: number) => d, text: () => "target", textAnchor: "start", dx: 6, fill: "#2b8a3e", fontWeight: 600 }),
        Plot.line(pts, { x: "iteration", y: "relative_gap", stroke: "#1864ab", strokeWidth: 2 }),
        Plot.dot(pts, {
          x: "iteration",
          y: "relative_gap",
          fill: "#1864ab",
          r: pts.length > 40 ? 1.5 : 3,
          title: (d: AssignIteration) => `iteration ${d.iteration}: relative gap ${sci(d.relative_gap)}${Number.isFinite(d.objective) ? `, objective ${d.objective.toExponential(6)}` : ""}`,
        }),
      ],
    }));
    const wrap = el("div", {
      role: "img",
      "aria-label": `Convergence: the relative gap goes from ${sci(pts[0].relative_gap)} at iteration ${pts[0].iteration} to ${sci(last.relative_gap)} at iteration ${
        last.iteration
      }; the target is ${sci(target)}.`,
    });
    wrap.append(chart);
    box.replaceChildren(wrap);
  }

  // redraw after a resize (the charts are drawn to their box's width)
  redraw() {
    if (!this.last) return;
    this.renderShares(this.last.job);
    this.renderConvergence(this.last.job.convergence, this.gapTarget);
    this.map?.invalidate();
  }
}

const elapsed = (ms: number) => (ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`);
