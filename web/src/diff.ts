// The scenario diff: per corridor, the baseline's and the scenario's best itinerary side by
// side with the deltas (days, cost, CO2e) and why a corridor is infeasible; and the
// itineraries of the Pareto front that appeared or disappeared with the scenario.
import type { CorridorDiff, DiffItinerary, ScenarioDiff } from "./api";
import { corridorLabel, el, int, one, signed, usd } from "./format";

const OBJECTIVE_NAMES: Record<string, string> = {
  time: "fastest",
  cost: "cheapest",
  co2e: "lowest CO2e",
  generalised: "lowest generalised cost",
};

function status(c: CorridorDiff): { text: string; cls: string } {
  if (c.baseline_feasible && c.scenario_feasible) return { text: "Feasible in both", cls: "ok" };
  if (c.baseline_feasible && !c.scenario_feasible) return { text: "Infeasible in the scenario", cls: "lost" };
  if (!c.baseline_feasible && c.scenario_feasible) return { text: "New in the scenario", cls: "gained" };
  return { text: "Infeasible in both", cls: "none" };
}

// deltaCell shows a change, green when it is an improvement (lower), red when worse.
function deltaCell(d: number | null | undefined, f: (x: number) => string, unit = "") {
  if (d === undefined) return el("td", { class: "num delta" }, "–");
  if (d === null) return el("td", { class: "num delta" }, "unknown");
  const cls = Math.abs(d) < 1e-9 ? "same" : d < 0 ? "better" : "worse";
  return el("td", { class: `num delta ${cls}` }, signed(d, f) + unit);
}

const fig = (v: number | null | undefined, f: (x: number) => string) =>
  el("td", { class: "num" }, v === undefined ? "–" : v === null ? "unknown" : f(v));

export function renderDiffTable(box: HTMLElement, d: ScenarioDiff) {
  const table = el(
    "table",
    { class: "diff", "data-testid": "diff-table" },
    el(
      "caption",
      {},
      `Best itinerary of each corridor (${OBJECTIVE_NAMES[d.objective] ?? d.objective}), baseline → scenario “${d.scenario}”. A negative change is an improvement.`,
    ),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col", rowspan: 2 }, "Corridor"),
        el("th", { scope: "colgroup", colspan: 3, class: "grp" }, "Days"),
        el("th", { scope: "colgroup", colspan: 3, class: "grp" }, "Cost, USD"),
        el("th", { scope: "colgroup", colspan: 3, class: "grp" }, "CO2e, kg"),
        el("th", { scope: "col", rowspan: 2 }, "Feasibility"),
      ),
      el(
        "tr",
        {},
        ...[0, 1, 2].flatMap(() => [
          el("th", { scope: "col", class: "num sub" }, "Baseline"),
          el("th", { scope: "col", class: "num sub" }, "Scenario"),
          el("th", { scope: "col", class: "num sub" }, "Change"),
        ]),
      ),
    ),
  );
  const body = el("tbody");
  // the corridors the scenario changes first, then the unchanged, then those infeasible in both
  const rank = (c: CorridorDiff) => ({ lost: 0, gained: 1, ok: 2, none: 3 })[status(c).cls] ?? 4;
  for (const c of [...d.corridors].sort((a, b) => rank(a) - rank(b))) {
    const st = status(c);
    const b = c.baseline ?? undefined, s = c.scenario ?? undefined, dl = c.delta ?? undefined;
    const reasons = el("div", { class: "reasons" });
    const sameReason = !c.baseline_feasible && !c.scenario_feasible && c.baseline_infeasible === c.scenario_infeasible;
    if (sameReason && c.baseline_infeasible) reasons.append(el("div", { class: "reason" }, c.baseline_infeasible));
    if (!sameReason && !c.baseline_feasible && c.baseline_infeasible)
      reasons.append(el("div", { class: "reason" }, el("strong", {}, "Baseline: "), c.baseline_infeasible));
    if (!sameReason && !c.scenario_feasible && c.scenario_infeasible)
      reasons.append(el("div", { class: "reason", "data-testid": "scenario-infeasible" }, el("strong", {}, "Scenario: "), c.scenario_infeasible));
    body.append(
      el(
        "tr",
        {
          "data-testid": "diff-corridor",
          "data-corridor": c.corridor,
          "data-baseline-feasible": String(c.baseline_feasible),
          "data-scenario-feasible": String(c.scenario_feasible),
          class: `st-${st.cls}`,
        },
        el("th", { scope: "row" }, el("span", { class: `corridor-tag c-${c.corridor}` }, corridorLabel(c.corridor))),
        fig(b?.days, one),
        fig(s?.days, one),
        deltaCell(dl?.days, one),
        fig(b?.cost_usd, usd),
        fig(s?.cost_usd, usd),
        deltaCell(dl?.cost_usd, usd),
        fig(b?.co2e_kg, int),
        fig(s?.co2e_kg, int),
        deltaCell(dl?.co2e_kg, int),
        el("td", { class: "feas" }, el("span", { class: `feas-pill ${st.cls}` }, st.text), reasons.childElementCount ? reasons : null),
      ),
    );
  }
  table.append(body);
  box.replaceChildren(el("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-labelledby": "diff-table-title" }, table));
}

function itineraryList(items: DiffItinerary[], testid: string, empty: string) {
  if (!items.length) return el("p", { class: "empty small", "data-testid": testid }, empty);
  return el(
    "ul",
    { class: "diff-list", "data-testid": testid },
    ...items.map((it) =>
      el(
        "li",
        { "data-corridor": it.corridor },
        el("span", { class: `corridor-tag c-${it.corridor}` }, corridorLabel(it.corridor)),
        el("span", { class: "figs" }, `${one(it.days)} d · ${usd(it.cost_usd)} · ${int(it.co2e_kg)} kg`),
        el("div", { class: "it-route" }, it.summary.replace(/:\s[^:]*$/, "")),
      ),
    ),
  );
}

export function renderDiffLists(box: HTMLElement, d: ScenarioDiff) {
  const notes: HTMLElement[] = [];
  if (d.baseline_error) notes.push(el("p", { class: "reason" }, el("strong", {}, "Baseline: "), d.baseline_error));
  if (d.scenario_error) notes.push(el("p", { class: "reason" }, el("strong", {}, "Scenario: "), d.scenario_error));
  box.replaceChildren(
    ...notes,
    el("h3", { class: "list-title appeared" }, `Appeared (${d.appeared.length})`),
    itineraryList(d.appeared, "diff-appeared", "No new itinerary on the front."),
    el("h3", { class: "list-title disappeared" }, `Disappeared (${d.disappeared.length})`),
    itineraryList(d.disappeared, "diff-disappeared", "No itinerary left the front."),
  );
}
