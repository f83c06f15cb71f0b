// The resilience view: disrupt each element of the chosen sets in turn (remove it, cut its
// capacity or delay it), re-run the freight assignment of a bundled year's demand as one job,
// follow its progress (server-sent events), then rank the elements by impact in a table and on
// a map coloured by criticality; a row shows its element and the links its flow moves to.
import {
  ApiError,
  getGeoJSON,
  getNetwork,
  startResilience,
  type Problem,
  type ResilienceJob,
  type ResilienceOutcome,
  type ResilienceReport,
  type ResilienceRequest,
  type ResilienceStarted,
} from "./api";
import type { Coords } from "./map";
import { corridorLabel, el, int, signed } from "./format";
import { followJob, type JobProgress } from "./jobs";
import { CriticalityMap, IMPACT, impactClass, musd, teuShort } from "./resmap";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// TOP is how many outcomes the table lists.
const TOP = 30;

export interface ResilienceHost {
  showError(p: Problem | null): void;
  problemOf(err: unknown): Problem;
  announce(msg: string): void;
}

const KINDS: Record<string, string> = {
  link: "Link",
  ferry: "Ferry",
  sea: "Sea lane",
  border: "Border",
  port: "Port",
  chokepoint: "Chokepoint",
  node: "Node",
  combination: "Combination",
};


// shifts writes where an outcome's flow goes: the three largest corridor changes.
function shifts(o: ResilienceOutcome): string {
  const cs = [...(o.corridors ?? [])].sort((a, b) => Math.abs(b.delta_teu_year) - Math.abs(a.delta_teu_year)).slice(0, 3);
  return cs.map((c) => `${corridorLabel(c.corridor)} ${signed(c.delta_teu_year, teuShort)}`).join(", ") || "–";
}

export class ResilienceView {
  private map: CriticalityMap | null = null;
  private ctrl: AbortController | null = null;
  private last: { report: ResilienceReport; fc: GeoJSON.FeatureCollection | null } | null = null;
  private selected: string | null = null;
  private nodes: Promise<Coords> | null = null;

  constructor(private host: ResilienceHost) {
    $("res-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.run();
    });
    $("res-action").addEventListener("change", () => {
      this.fieldError(null);
      this.actionFields();
    });
    this.actionFields();
  }

  show() {
    if (!this.map) this.map = new CriticalityMap($("res-map"));
    this.map.invalidate();
    if (this.last?.fc) this.map.show(this.last.fc, false, (id) => this.select(id));
  }

  redraw() {
    this.map?.invalidate();
  }

  abort() {
    this.ctrl?.abort();
  }

  // actionFields shows the share of capacity lost or the hours of delay, as the action needs.
  private actionFields() {
    const a = $<HTMLSelectElement>("res-action").value;
    $("res-share-field").hidden = a !== "capacity";
    $("res-hours-field").hidden = a !== "delay";
  }

  // nodeCoords loads the network's node coordinates once (the ends of the gaining links).
  private nodeCoords(): Promise<Coords> {
    this.nodes ??= getNetwork()
      .then((fc) => {
        const m: Coords = new Map();
        for (const f of fc.features) {
          const id = (f.properties as { id?: string } | null)?.id;
          if (f.geometry?.type === "Point" && id) m.set(id, f.geometry.coordinates as [number, number]);
        }
        return m;
      })
      .catch(() => {
        this.nodes = null;
        return new Map();
      });
    return this.nodes;
  }

  // request reads the form; it returns null (and marks the field) when an input is wrong.
  private request(): ResilienceRequest | null {
    const demand = document.querySelector<HTMLInputElement>('input[name="res-demand"]:checked')?.value ?? "china-europe-2024";
    const elements = [...document.querySelectorAll<HTMLInputElement>('input[name="res-set"]:checked')].map((c) => c.value);
    if (!elements.length) {
      this.fieldError("Elements: tick at least one set.");
      return null;
    }
    const action = $<HTMLSelectElement>("res-action").value as NonNullable<ResilienceRequest["action"]>;
    const body: ResilienceRequest = { demand, elements, action };
    if (action === "capacity") {
      const pct = Number($<HTMLInputElement>("res-share").value);
      if (!Number.isFinite(pct) || pct <= 0 || pct > 100) {
        this.fieldError("Capacity lost: enter a percentage above 0 and at most 100.", "res-share");
        return null;
      }
      body.share = pct / 100;
    } else if (action === "delay") {
      const h = Number($<HTMLInputElement>("res-hours").value);
      if (!Number.isFinite(h) || h <= 0) {
        this.fieldError("Delay: enter the hours added per passage, above 0.", "res-hours");
        return null;
      }
      body.hours = h;
    }
    return body;
  }

  private fieldError(msg: string | null, field?: string) {
    const box = $("res-field-error");
    box.hidden = !msg;
    box.textContent = msg ?? "";
    for (const id of ["res-share", "res-hours"]) $(id).removeAttribute("aria-invalid");
    if (field) {
      $(field).setAttribute("aria-invalid", "true");
      $(field).focus();
    }
  }

  private setBusy(busy: boolean) {
    const b = $<HTMLButtonElement>("res-run");
    b.disabled = busy;
    b.classList.toggle("busy", busy);
    b.querySelector(".label")!.textContent = busy ? "Running…" : "Run";
    $("view-resilience").classList.toggle("busy", busy);
    $("view-resilience").setAttribute("aria-busy", String(busy));
  }

  async run() {
    this.host.showError(null);
    this.fieldError(null);
    const body = this.request();
    if (!body) return;
    this.ctrl?.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    const bar = $<HTMLProgressElement>("res-progress");
    const status = $("res-status");
    bar.max = 1;
    bar.removeAttribute("value");
    status.textContent = `Starting: ${body.elements!.join(", ")} of ${body.demand}…`;
    $("res-downloads").replaceChildren();
    this.setBusy(true);
    const t0 = performance.now();
    try {
      const started = await startResilience(body, ctrl.signal);
      const job = await followJob<ResilienceJob>(
        started.links,
        (p: JobProgress) => {
          if (ctrl !== this.ctrl || !p.total) return;
          bar.max = p.total;
          bar.value = p.done;
          status.textContent = `Case ${int(p.done)} of ${int(p.total)}…`;
        },
        ctrl.signal,
      );
      if (ctrl !== this.ctrl) return;
      if (job.status !== "done" || !job.result) {
        throw new ApiError(500, { title: "The resilience analysis failed", detail: job.error ?? "the job ended without a result" });
      }
      const rep = job.result;
      bar.max = 1;
      bar.value = 1;
      const n = rep.outcomes.length;
      status.textContent = `${body.demand}: ${int(n)} case${n === 1 ? "" : "s"} in ${((performance.now() - t0) / 1000).toFixed(1)} s; baseline ${teuShort(
        rep.baseline.served_teu_year,
      )} TEU/yr served.`;
      this.last = { report: rep, fc: null };
      this.selected = null;
      this.renderDownloads(started.links, job.id, body.demand ?? "demand");
      this.renderTable(rep);
      this.host.announce(`Resilience analysis done: ${n} case${n === 1 ? "" : "s"} ranked.`);
      try {
        const fc = await getGeoJSON(started.links.geojson, ctrl.signal);
        if (ctrl !== this.ctrl) return;
        this.last.fc = fc as GeoJSON.FeatureCollection;
        this.map?.invalidate();
        this.map?.show(this.last.fc, true, (id) => this.select(id));
      } catch (err) {
        if (err instanceof DOMException && err.name === "AbortError") return;
        const p = this.host.problemOf(err);
        this.host.showError({ ...p, title: "The map could not be drawn", detail: `GeoJSON of the outcomes: ${p.detail ?? p.title ?? "unknown error"}` });
      }
    } catch (err) {
      if (ctrl !== this.ctrl || (err instanceof DOMException && err.name === "AbortError")) return;
      bar.value = 0;
      status.textContent = "The resilience analysis did not run.";
      this.host.showError(this.host.problemOf(err));
    } finally {
      if (ctrl === this.ctrl) {
        this.ctrl = null;
        this.setBusy(false);
      }
    }
  }

  private renderDownloads(links: ResilienceStarted["links"], id: string, demand: string) {
    const name = `resilience-${demand}-${id.slice(0, 8)}`;
    $("res-downloads").replaceChildren(
      "Download ",
      el("a", { href: links.csv, download: `${name}.csv`, "data-testid": "res-csv" }, "CSV"),
      " · ",
      el("a", { href: links.geojson, download: `${name}.geojson`, "data-testid": "res-geojson" }, "GeoJSON"),
    );
  }

  private renderTable(rep: ResilienceReport) {
    const box = $("res-table");
    const top = rep.outcomes.slice(0, TOP);
    $("res-table-hint").textContent = `top ${top.length} of ${rep.outcomes.length}, largest impact first`;
    if (!top.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No element of these sets is in the network."));
      return;
    }
    const cols: [string, boolean, string?][] = [
      ["#", true],
      ["Element", false],
      ["Impact $/yr", true, "Δ generalised cost plus unserved TEU valued at the report's price, USD a year"],
      ["Δ TEU-days", true, "change of TEU-days a year"],
      ["Unserved TEU", true, "TEU a year that find no path"],
      ["Flow moves", false, "the largest changes of corridor flow, TEU a year"],
    ];
    const head = el("tr", {}, ...cols.map(([label, num, title]) => el("th", { scope: "col", class: num ? "num" : "", title }, label)));
    const rows = top.map((o, i) => {
      const cls = impactClass(o.impact_usd_year);
      const name = el("button", { type: "button", class: "link", title: "Show on the map", "aria-pressed": "false" }, o.name || o.id);
      name.addEventListener("click", () => this.select(o.id));
      return el(
        "tr",
        { "data-testid": "res-row", "data-id": o.id, "data-impact": String(o.impact_usd_year) },
        el("td", { class: "num" }, String(i + 1)),
        el("th", { scope: "row" }, name, el("div", { class: "bn-id" }, `${KINDS[o.kind] ?? o.kind} · `, el("code", {}, o.id))),
        el(
          "td",
          { class: "num" },
          el("span", { class: "res-swatch", style: `--c:${IMPACT[cls].colour}`, title: IMPACT[cls].label, "aria-hidden": "true" }),
          o.error ? el("span", { title: o.error }, "failed") : musd(o.impact_usd_year),
        ),
        el("td", { class: "num" }, signed(o.delta_teu_days_year, teuShort)),
        el("td", { class: "num" }, o.unserved_teu_year > 0 ? int(o.unserved_teu_year) : "–"),
        el("td", { class: "res-shifts" }, shifts(o)),
      );
    });
    box.replaceChildren(
      el(
        "table",
        { class: "assign-table res-table" },
        el("caption", { class: "sr-only" }, "Elements ranked by impact: the yearly cost of disrupting each, the change of TEU-days, the unserved TEU and where the flow goes."),
        el("thead", {}, head),
        el("tbody", {}, ...rows),
      ),
    );
  }

  // select marks an outcome's row and shows its element and gaining links on the map.
  select(id: string) {
    const o = this.last?.report.outcomes.find((x) => x.id === id);
    if (!o) return;
    this.selected = id;
    document.querySelectorAll<HTMLTableRowElement>('#res-table tr[data-testid="res-row"]').forEach((tr) => {
      const on = tr.dataset.id === id;
      tr.classList.toggle("selected", on);
      tr.querySelector("button.link")?.setAttribute("aria-pressed", String(on));
      if (on) tr.scrollIntoView({ block: "nearest" });
    });
    const gains = (o.gains ?? []).filter((g) => g.delta_teu_year > 0);
    $("res-selection").textContent = `${o.name || o.id}: ${musd(o.impact_usd_year)}/yr; ${
      gains.length ? `its flow moves to ${gains.length} link${gains.length === 1 ? "" : "s"} (dashed on the map)` : "no link gains flow"
    }.`;
    void this.nodeCoords().then((nodes) => {
      if (this.selected !== id || !this.map) return;
      if (!this.map.select(o, nodes)) this.host.announce(`${o.name || o.id} is not on the map.`);
    });
  }
}
