// The itinerary list, the legs table of the selected itinerary and the corridor comparison.
import type { CompareResponse, Crossing, Itinerary } from "./api";
import { corridorLabel, date, dateTime, days, duration, el, gauge, hours, int, kg, MODE_LABELS, modeColour, one, usd } from "./format";

// badges names what an itinerary is best at among the front.
function badges(itins: Itinerary[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const best = (key: (t: Itinerary) => number, label: string) => {
    let bi = -1;
    itins.forEach((it, i) => {
      if (bi < 0 || key(it) < key(itins[bi])) bi = i;
    });
    if (bi >= 0) out.set(bi, [...(out.get(bi) ?? []), label]);
  };
  if (itins.length > 1) {
    best((t) => t.total.hours, "fastest");
    best((t) => t.total.cost_usd ?? Infinity, "cheapest"); // an unknown cost is never the cheapest
    best((t) => t.total.co2e_kg, "greenest");
  }
  return out;
}

function modeStrip(it: Itinerary) {
  const total = it.legs.reduce((s, l) => s + l.distance_km, 0) || 1;
  return el(
    "div",
    { class: "mode-strip", "aria-hidden": "true" },
    ...it.legs.map((l) =>
      el("span", {
        class: `seg seg-${l.mode}`,
        style: `flex:${Math.max(l.distance_km / total, 0.02)};background:${modeColour(l.mode)}`,
        title: `${MODE_LABELS[l.mode] ?? l.mode} ${l.from.name} → ${l.to.name}`,
      }),
    ),
  );
}

/** Per says what the cards' cost and CO2e are for: the whole cargo (divisor 1) or a box. */
export interface Per {
  divisor: number;
  suffix: string; // e.g. " / FEU"
}

// renderItineraries lists the itineraries as cards (buttons that select one).
export function renderItineraries(
  list: HTMLElement,
  itins: Itinerary[],
  selected: number,
  onSelect: (i: number) => void,
  order: number[] = itins.map((_, i) => i), // the indices to list, in this order
  per: Per = { divisor: 1, suffix: "" },
) {
  const b = badges(itins);
  list.replaceChildren(
    ...order.map((i) => {
      const it = itins[i];
      const t = it.total;
      const card = el(
        "li",
        {
          class: `itinerary${i === selected ? " selected" : ""}`,
          "data-testid": "itinerary",
          "data-index": i,
          "data-corridor": it.corridor,
        },
        el(
          "button",
          {
            type: "button",
            class: "itinerary-btn",
            "aria-pressed": String(i === selected),
          },
          el(
            "div",
            { class: "it-head" },
            el("span", { class: "it-num" }, el("span", { class: "sr-only" }, "Itinerary "), String(i + 1)),
            el("span", { class: `corridor-tag c-${it.corridor}` }, corridorLabel(it.corridor)),
            ...(b.get(i) ?? []).map((x) => el("span", { class: `badge b-${x}` }, x)),
          ),
          el(
            "div",
            { class: "it-figures" },
            el("span", {}, el("strong", {}, days(t.days))),
            el("span", {}, el("strong", {}, usd(t.cost_usd === null ? null : t.cost_usd / per.divisor)), per.suffix),
            el("span", {}, el("strong", {}, kg(t.co2e_kg / per.divisor)), ` CO2e${per.suffix}`),
          ),
          modeStrip(it),
          el(
            "div",
            { class: "it-route" },
            it.legs.map((l) => l.from.name).concat(it.legs[it.legs.length - 1]?.to.name ?? "").join(" → "),
          ),
          el(
            "div",
            { class: "it-borders", "data-testid": "itinerary-borders" },
            `${t.border_crossings} border${t.border_crossings === 1 ? "" : "s"}: ${it.countries.join(" → ")}`,
          ),
          it.why?.text ? el("p", { class: "it-why", "data-testid": "why" }, `Why: ${it.why.text}`) : null,
        ),
      );
      card.querySelector("button")!.addEventListener("click", () => onSelect(i));
      return card;
    }),
  );
  // keep the selected card in view inside the list (without scrolling the page)
  const card = list.children[selected] as HTMLElement | undefined;
  if (card) {
    const top = card.offsetTop - list.offsetTop, bottom = top + card.offsetHeight;
    if (top < list.scrollTop) list.scrollTop = top - 6;
    else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight + 6;
  }
}

export function renderLegs(box: HTMLElement, summary: HTMLElement, it: Itinerary | null, label: string) {
  if (!it) {
    box.replaceChildren(el("p", { class: "empty" }, "Select an itinerary to see its legs."));
    summary.textContent = "";
    return;
  }
  const t = it.total;
  summary.textContent = `${label} · ${corridorLabel(it.corridor)} · ${date(it.departure)} → ${date(it.arrival)} · ${int(
    t.distance_km,
  )} km · ${t.border_crossings} border crossing${t.border_crossings === 1 ? "" : "s"} · ${t.transshipments} transshipment${
    t.transshipments === 1 ? "" : "s"
  } · ${it.countries.join(" ")} · CO2e ${kg(t.co2e_kg)} well-to-wheel = ${kg(t.co2e_wtt_kg)} well-to-tank + ${kg(
    t.co2e_ttw_kg,
  )} tank-to-wheel · times UTC`;
  const head = [
    ["From", ""],
    ["To", ""],
    ["Mode", ""],
    ["Gauge", "num"],
    ["Service", ""],
    ["km", "num"],
    ["Moving", "num"],
    ["Wait", "num"],
    ["Border", "num"],
    ["Cost", "num"],
    ["CO2e kg", "num"],
    ["Departs", ""],
    ["Arrives", ""],
  ];
  const table = el(
    "table",
    { class: "legs", "data-testid": "legs-table", "data-corridor": it.corridor },
    el("caption", { class: "sr-only" }, `Legs of ${label}`),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ...head.map(([h, c]) =>
          el("th", { scope: "col", class: c, title: h === "Departs" || h === "Arrives" ? "UTC" : undefined }, h),
        ),
      ),
    ),
  );
  const body = el("tbody");
  const borders = it.borders ?? [];
  let next = 0;
  for (const [j, l] of it.legs.entries()) {
    const handling = l.handling_hours ? ` (+${one(l.handling_hours)} h handling)` : "";
    body.append(
      el(
        "tr",
        { "data-testid": "leg", "data-mode": l.mode },
        el("td", { "data-testid": "leg-from", "data-node-id": l.from.id }, l.from.name),
        el("td", { "data-testid": "leg-to", "data-node-id": l.to.id }, l.to.name),
        el(
          "td",
          {},
          el("span", { class: "mode-pill", style: `--c:${modeColour(l.mode)}` }, MODE_LABELS[l.mode] ?? l.mode),
        ),
        el("td", { class: "num" }, gauge(l.gauge_mm)),
        el("td", { class: "service", title: l.service ? `${l.service} (${l.wait_basis})` : "" }, l.service ?? "–"),
        el("td", { class: "num" }, int(l.distance_km)),
        el("td", { class: "num", title: `in motion${handling}` }, duration(l.hours)),
        el("td", { class: "num", title: l.wait_basis }, hours(l.wait_hours)),
        el("td", { class: "num" }, hours(l.border_hours)),
        el("td", { class: "num" }, usd(l.cost_usd)),
        el("td", { class: "num" }, int(l.co2e_kg)),
        el("td", { class: "nowrap" }, dateTime(l.departure)),
        el("td", { class: "nowrap" }, dateTime(l.arrival)),
      ),
    );
    for (; next < borders.length && borders[next].leg === j; next++) body.append(borderRow(borders[next]));
  }
  table.append(body);
  table.append(
    el(
      "tfoot",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "row", colspan: 5 }, "Total"),
        el("td", { class: "num" }, int(t.distance_km)),
        el("td", { class: "num" }, duration(t.hours)),
        el("td", { class: "num" }, hours(t.wait_hours)),
        el("td", { class: "num" }, hours(t.border_hours)),
        el("td", { class: "num" }, usd(t.cost_usd)),
        el("td", { class: "num" }, int(t.co2e_kg)),
        el("td", { class: "nowrap" }, dateTime(it.departure)),
        el("td", { class: "nowrap" }, dateTime(it.arrival)),
      ),
    ),
  );
  const dated = datedNote(it);
  box.replaceChildren(...(dated ? [dated, table] : [table]));
}

const PARAM_KINDS: Record<string, string> = {
  run_time: "running time",
  border_dwell: "border dwell",
  handling_time: "handling time",
  service_wait: "service wait",
};

// datedNote says which dated conditions (a congested border, port or line
// in the departure's month) the itinerary's times include, or null.
export function datedNote(it: Itinerary): HTMLElement | null {
  const ds = it.dated_params ?? [];
  if (!ds.length) return null;
  const parts = ds.map(
    (d) => `${d.id} (${PARAM_KINDS[d.kind] ?? d.kind} ×${Number(d.value.toPrecision(3))}, ${d.from ?? "…"} to ${d.to ?? "…"})`,
  );
  return el(
    "p",
    { class: "rate-note", role: "note", "data-testid": "dated-note" },
    `Times as the network was in ${dateTime(it.departure).slice(0, 7)}: ${parts.join("; ")}.`,
  );
}

const KIND_LABELS: Record<string, string> = {
  tariff: "tariff",
  handling: "handling",
  carbon: "carbon",
  bunker: "bunker",
  "war-risk": "war risk",
  contingency: "contingency",
  "peak-season": "peak season",
  "thc-origin": "THC origin",
  "thc-destination": "THC destination",
  reefer: "reefer",
  dg: "dangerous goods",
  other: "other",
};

// rateNotes says, per series, when its value is not one published for the month.
export function rateNotes(it: Itinerary, published = new Map<string, string>()): string[] {
  return (it.rates?.series ?? []).flatMap((s) => {
    if (s.basis === "carried-forward")
      return [`${s.name}: latest published value, ${published.get(s.id) ?? "before " + s.month}, carried forward to ${s.month}`];
    if (s.basis === "carried-back") return [`${s.name}: earliest published value, ${s.month}, carried back`];
    if (s.basis === "interpolated") return [`${s.name}: interpolated between published values for ${s.month}`];
    return [];
  });
}

// renderBreakdown shows the cost of an itinerary line by line (tariffs per rate series,
// surcharges, handling, carbon) and the rate date; lastPublished gives a series' last
// published month (for the carried-forward note).
export function renderBreakdown(box: HTMLElement, it: Itinerary | null, lastPublished?: (id: string) => Promise<string | undefined>) {
  if (!it) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren(breakdown(it, lastPublished));
}

function breakdown(it: Itinerary, lastPublished?: (id: string) => Promise<string | undefined>) {
  const lines = it.total.breakdown ?? [];
  const box = el("div", { class: "breakdown", "data-testid": "breakdown" });
  const rates = it.rates;
  box.append(
    el(
      "h3",
      {},
      "Cost breakdown",
      rates ? el("span", { class: "hint", "data-testid": "rate-month" }, ` · rates of ${rates.month}`) : null,
    ),
  );
  if (!lines.length) {
    box.append(el("p", { class: "empty" }, "No cost breakdown."));
    return box;
  }
  const table = el(
    "table",
    { class: "legs breakdown-table" },
    el("caption", { class: "sr-only" }, "Cost breakdown"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Item"), el("th", { scope: "col" }, "Kind"), el("th", { scope: "col", class: "num" }, "USD"))),
    el(
      "tbody",
      {},
      ...lines.map((l) => {
        const use = l.kind === "tariff" && l.id ? rates?.series.find((s) => s.id === l.id) : undefined;
        return el(
          "tr",
          { "data-testid": "breakdown-line", "data-kind": l.kind, "data-usd": String(l.usd) },
          el("td", {}, l.name, use ? el("span", { class: "hint" }, ` (${usd(use.usd_per_feu)}/FEU, ${use.basis})`) : null),
          el("td", {}, KIND_LABELS[l.kind] ?? l.kind),
          el("td", { class: "num" }, usd(l.usd)),
        );
      }),
    ),
    el(
      "tfoot",
      {},
      el("tr", {}, el("th", { scope: "row", colspan: 2 }, "Total"), el("td", { class: "num", "data-testid": "breakdown-total", "data-usd": String(it.total.cost_usd ?? "") }, usd(it.total.cost_usd))),
    ),
  );
  box.append(table);
  const notes = rateNotes(it);
  if (notes.length) {
    const note = el("p", { class: "rate-note", "data-testid": "rate-note", role: "note" }, notes.join(". ") + ".");
    box.append(note);
    // name the month actually published for the values carried
    const carried = (rates?.series ?? []).filter((s) => s.basis === "carried-forward" || s.basis === "carried-back");
    if (lastPublished && carried.length)
      void Promise.all(carried.map((s) => (s.basis === "carried-forward" ? lastPublished(s.id) : Promise.resolve(undefined)))).then((ms) => {
        note.textContent =
          rateNotes(it, new Map(carried.flatMap((s, k) => (ms[k] ? [[s.id, ms[k]!] as [string, string]] : [])))).join(". ") + ".";
      });
  }
  return box;
}

// borderRow is the row under the leg that crosses a border: where, which
// countries, how, and the median dwell.
function borderRow(b: Crossing) {
  return el(
    "tr",
    { class: "border-row", "data-testid": "border", "data-from": b.from_country, "data-to": b.to_country },
    el(
      "td",
      { colspan: 8 },
      el("span", { class: "border-mark", "aria-hidden": "true" }, "⊣ "),
      `Border ${b.from_country} → ${b.to_country} at ${b.at.name}${b.by_sea ? `, by ${b.mode}` : ""}`,
    ),
    el("td", { class: "num", title: "median dwell" }, hours(b.dwell_hours)),
    el("td", { colspan: 4 }),
  );
}

const OBJECTIVE_NAMES: Record<string, string> = {
  time: "fastest",
  cost: "cheapest",
  co2e: "lowest CO2e",
  generalised: "lowest generalised cost",
};

export function renderCompare(
  box: HTMLElement,
  hint: HTMLElement,
  cmp: CompareResponse,
  selected: Itinerary | null,
  onShow: (it: Itinerary, corridor: string) => void,
) {
  hint.textContent = `Best itinerary of each corridor, ${OBJECTIVE_NAMES[cmp.objective] ?? cmp.objective}`;
  const feasible = cmp.corridors.filter((c) => c.best).map((c) => c.best!);
  const min = (f: (t: Itinerary) => number) => Math.min(...feasible.map(f));
  const bestDays = min((t) => t.total.days), bestCost = min((t) => t.total.cost_usd ?? Infinity), bestCo2 = min((t) => t.total.co2e_kg);
  box.replaceChildren(
    ...cmp.corridors.map((c) => {
      const col = el("article", {
        class: `compare-col${c.best ? "" : " infeasible"}${c.best && c.best === selected ? " selected" : ""}`,
        "data-testid": "compare-corridor",
        "data-corridor": c.corridor,
        "data-rate-month": c.best?.rates?.month,
        "aria-label": c.name,
      });
      col.append(
        el("h3", { class: `corridor-tag c-${c.corridor}`, title: c.name }, corridorLabel(c.corridor)),
        el("p", { class: "cname" }, c.name),
      );
      if (!c.best) {
        col.append(el("p", { class: "reason", "data-testid": "infeasible" }, el("strong", {}, "Infeasible: "), c.infeasible ?? "no itinerary"));
        return col;
      }
      const t = c.best.total;
      const row = (k: string, v: string, best = false) =>
        el("div", { class: `kv${best ? " best" : ""}` }, el("dt", {}, k), el("dd", {}, v));
      col.append(
        el(
          "dl",
          { "data-testid": "compare-best" },
          row("Time", days(t.days), t.days === bestDays),
          row("Cost", usd(t.cost_usd), t.cost_usd === bestCost),
          row("CO2e", kg(t.co2e_kg), t.co2e_kg === bestCo2),
          row("Borders", String(t.border_crossings)),
          row("Transshipments", String(t.transshipments)),
          c.best.rates ? row("Rates", c.best.rates.month) : null,
        ),
        ...(rateNotes(c.best).length
          ? [el("p", { class: "reason", title: rateNotes(c.best).join(". ") }, "Some rates not published for the month")]
          : []),
        ...(c.best.dated_params?.length
          ? [
              el(
                "p",
                { class: "reason", "data-testid": "compare-dated", title: datedNote(c.best)?.textContent ?? "" },
                "Times of a congested period",
              ),
            ]
          : []),
        modeStrip(c.best),
      );
      // the corridor's name (for screen readers) tells the buttons of the columns apart
      const btn = el(
        "button",
        { type: "button", class: "secondary small" },
        c.best === selected ? "Shown on map" : "Show on map",
        el("span", { class: "sr-only" }, `: ${c.name}`),
      );
      btn.addEventListener("click", () => onShow(c.best!, c.corridor));
      col.append(btn);
      return col;
    }),
  );
}
