// Dated rates under the corridor comparison: the month slider that sets the departure
// (first day of the month) and the line chart (Observable Plot) of the rate series the
// compared corridors' best itineraries follow, 2019-01 to the latest published month.
import * as Plot from "@observablehq/plot";
import { accessible } from "./plota11y";
import { getRates, type CompareResponse, type RateSeries } from "./api";
import { el, usd } from "./format";

export const FIRST_MONTH = "2019-01";

// monthIndex counts months from 2019-01; monthOf is its inverse.
export const monthIndex = (m: string) => (Number(m.slice(0, 4)) - 2019) * 12 + Number(m.slice(5, 7)) - 1;
export const monthOf = (i: number) => `${2019 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
export const currentMonth = () => new Date().toISOString().slice(0, 7);
const monthName = (m: string) =>
  new Date(`${m}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

// Each series is fetched once (from 2019-01 on) and kept.
const cache = new Map<string, Promise<RateSeries>>();
function series(id: string): Promise<RateSeries> {
  let p = cache.get(id);
  if (!p) {
    p = getRates(id, FIRST_MONTH, currentMonth());
    p.catch(() => cache.delete(id));
    cache.set(id, p);
  }
  return p;
}

// lastPublished is a series' last published month (YYYY-MM), from the cache.
export const lastPublished = (id: string) => series(id).then((s) => s.last_month, () => undefined);

// MonthSlider is a labelled range input, 2019-01 to the current month; onChange fires
// ~300 ms after the last move.
export class MonthSlider {
  readonly input: HTMLInputElement;
  private readonly out: HTMLOutputElement;
  private timer = 0;
  constructor(box: HTMLElement, private readonly onChange: (month: string) => void) {
    const max = monthIndex(currentMonth());
    this.input = el("input", {
      id: "rate-month",
      type: "range",
      min: 0,
      max,
      step: 1,
      value: max,
      "data-testid": "month-slider",
      "aria-describedby": "rate-month-out",
    });
    this.out = el("output", { id: "rate-month-out", for: "rate-month", "data-testid": "month-value", "aria-live": "polite" });
    box.replaceChildren(
      el("label", { for: "rate-month" }, "Departure month"),
      this.input,
      this.out,
    );
    this.show();
    this.input.addEventListener("input", () => {
      this.show();
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.onChange(this.month), 300);
    });
  }
  get month() {
    return monthOf(Number(this.input.value));
  }
  // set moves the thumb without firing onChange (depart: YYYY-MM-DD or "" = now).
  set(depart: string) {
    const m = /^\d{4}-\d{2}/.test(depart) ? depart.slice(0, 7) : currentMonth();
    const i = Math.min(Math.max(monthIndex(m), 0), Number(this.input.max));
    this.input.value = String(i);
    this.show();
  }
  private show() {
    const m = this.month;
    this.out.textContent = m;
    this.input.setAttribute("aria-valuetext", monthName(m));
  }
}

const COLOURS = ["#1864ab", "#c92a2a", "#2b8a3e", "#e67700", "#862e9c", "#0b7285"];

let renderSeq = 0;

// renderRates draws the series of the compared corridors' best itineraries, a vertical rule
// at the departure month.
export async function renderRates(box: HTMLElement, cmp: CompareResponse | null, depart: string) {
  const seq = ++renderSeq;
  const uses = new Map<string, string>();
  for (const c of cmp?.corridors ?? []) for (const s of c.best?.rates?.series ?? []) uses.set(s.id, s.name);
  const month =
    cmp?.corridors.find((c) => c.best?.rates)?.best?.rates?.month ?? (depart ? depart.slice(0, 7) : currentMonth());
  if (!uses.size) {
    box.replaceChildren(el("p", { class: "empty" }, cmp ? "The compared itineraries follow no dated rate series." : ""));
    return;
  }
  const all = await Promise.allSettled([...uses.keys()].map(series));
  if (seq !== renderSeq) return; // a newer comparison is drawn
  const got = all.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const rows = got.flatMap((s) => {
    const last = s.last_month ?? currentMonth();
    return (s.values ?? [])
      .filter((v) => v.month >= FIRST_MONTH && v.month <= last)
      .map((v) => ({ series: s.name, date: new Date(`${v.month}-01T00:00:00Z`), usd: v.usd_per_feu, basis: v.basis }));
  });
  if (!rows.length) {
    box.replaceChildren(el("p", { class: "empty" }, "The rate series could not be loaded."));
    return;
  }
  const names = got.map((s) => s.name);
  const width = Math.max(300, Math.floor(box.clientWidth || 600));
  const chart = accessible(Plot.plot({
    width,
    height: 220,
    marginLeft: 56,
    marginTop: 16,
    marginRight: 16,
    style: { fontSize: "11px", fontFamily: "inherit", background: "transparent" },
    x: { type: "utc", label: null },
    y: {
      label: "↑ USD per FEU",
      grid: true,
      tickFormat: (d: number) => (d >= 1000 ? `${(d / 1000).toLocaleString("en-GB")}k` : String(d)),
    },
    color: { domain: names, range: COLOURS, legend: true },
    marks: [
      Plot.ruleX([new Date(`${month}-01T00:00:00Z`)], { stroke: "#212529", strokeWidth: 1.5, strokeDasharray: "4 3" }),
      Plot.line(rows, { x: "date", y: "usd", stroke: "series", strokeWidth: 1.8, className: "rate-line" }),
      Plot.dot(
        rows.filter((r) => r.basis === "published"),
        { x: "date", y: "usd", fill: "series", r: 2.5, className: "rate-published" },
      ),
      Plot.tip(rows, Plot.pointerX({ x: "date", y: "usd", stroke: "series", title: (r) => `${r.series}\n${r.date.toISOString().slice(0, 7)}: ${usd(r.usd)}/FEU (${r.basis})` })),
    ],
  }));
  chart.setAttribute("role", "img");
  const cur = got
    .map((s) => {
      const v = s.values?.find((x) => x.month === month);
      return v ? `${s.name} ${usd(v.usd_per_feu)} (${v.basis})` : s.name;
    })
    .join("; ");
  chart.setAttribute("aria-label", `Rate series, USD per FEU by month since ${FIRST_MONTH}; departure ${month}: ${cur}`);
  box.replaceChildren(
    chart,
    el(
      "p",
      { class: "hint" },
      "Dots: published values; lines between them are interpolated. Dashed rule: the departure month.",
    ),
  );
}
