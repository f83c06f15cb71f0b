// corridor web UI: the route form, the map, the Pareto chart, the legs table and the corridor
// comparison; the scenarios (list, editor), the scenario diff and the transit-time simulation
// views. The view and the query live in the URL's query string; opening a URL runs its query
// (routes, diff).
import "./style.css";
import { comparisonCSV, comparisonGeoJSON, comparisonStem, fileStem, itineraryCSV, itineraryGeoJSON, wireExports } from "./export";
import {
  ApiError,
  compare,
  diffScenario,
  getCountries,
  getNetwork,
  getNode,
  listScenarios,
  route,
  type CompareResponse,
  type ScenarioDiff,
  type SimComparison,
  type SimulationRequest,
  type Itinerary,
  type NodeRef,
  type Problem,
  type RouteResponse,
} from "./api";
import { co2Key, renderPareto } from "./chart";
import { corridorLabel, el, int } from "./format";
import { RouteForm } from "./form";
import { nodesNeeded, RouteMap, type Coords, type Place } from "./map";
import { fromSearch, toRequest, toSearch, type Query } from "./query";
import { renderBreakdown, renderCompare, renderItineraries, renderLegs, type Per } from "./results";
import { renderDiffLists, renderDiffTable } from "./diff";
import { ScenariosView } from "./scenarios";
import { renderSimulation, simulate } from "./simulate";
import { AssignView } from "./assign";
import { ResilienceView } from "./resilience";
import { lastPublished, MonthSlider, renderRates } from "./rates";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const form = new RouteForm();
const map = new RouteMap($("map"));
const coords: Coords = new Map();
// the month slider sets the departure (first day of the month) and re-runs the query
const slider = new MonthSlider($("month-slider"), (month) => {
  if (!state.query) return;
  navigate({ ...form.read(), depart: `${month}-01` });
});

interface State {
  query: Query | null;
  route: RouteResponse | null;
  compare: CompareResponse | null;
  compareError: Problem | null;
  selectedIndex: number; // index in route.itineraries, or -1
  selected: Itinerary | null; // may come from the comparison
  selectedLabel: string;
  lastProblem?: Problem;
}
const state: State = {
  query: null,
  route: null,
  compare: null,
  compareError: null,
  selectedIndex: -1,
  selected: null,
  selectedLabel: "",
};
let inflight: AbortController | null = null;
let networkReady: Promise<void> = Promise.resolve();
let networkFc: GeoJSON.FeatureCollection | null = null;

// ---------- views ----------

type View = "routes" | "scenarios" | "diff" | "simulate" | "assign" | "resilience";
const VIEWS: View[] = ["routes", "scenarios", "diff", "simulate", "assign", "resilience"];
let view: View = "routes";
let diffMap: RouteMap | null = null;
let lastDiff: ScenarioDiff | null = null;
let scenariosView: ScenariosView | null = null;
let lastSim: { result: SimComparison; deadline: string } | null = null;
let simCtrl: AbortController | null = null;
let assignView: AssignView | null = null;
let resilienceView: ResilienceView | null = null;

function viewOf(search: string): View {
  const v = new URLSearchParams(search).get("view") as View | null;
  return v && VIEWS.includes(v) ? v : "routes";
}

// urlFor is the address of a view with a query (and, in the scenarios view, the open scenario).
function urlFor(v: View, q: Query, edit?: string | null): string {
  const p = new URLSearchParams();
  if (v !== "routes") p.set("view", v);
  if (v === "scenarios" && edit) p.set("edit", edit);
  if (v === "assign") {
    // the assignment does not use the route form: its URL names the demand only
    const d = assignView?.demand() ?? new URLSearchParams(location.search).get("demand");
    if (d) p.set("demand", d);
    return `${location.pathname}?${p}`;
  }
  // the resilience view does not use the route form either
  if (v === "resilience") return `${location.pathname}?${p}`;
  const qs = [p.toString(), toSearch(q)].filter(Boolean).join("&");
  return `${location.pathname}${qs ? `?${qs}` : ""}`;
}

const ACTIONS: Record<View, [string, string, string]> = {
  routes: ["Plan a route", "Find routes", "Searching…"],
  scenarios: ["Plan a route", "Find routes", "Searching…"],
  diff: ["Compare a scenario", "Show diff", "Comparing…"],
  simulate: ["Simulate a route", "Simulate", "Simulating…"],
  assign: ["Plan a route", "Find routes", "Searching…"],
  resilience: ["Plan a route", "Find routes", "Searching…"],
};

function showView(v: View) {
  const prev = view;
  view = v;
  for (const x of VIEWS) $(`view-${x}`).hidden = x !== v;
  document.querySelector(".layout")!.classList.toggle("no-sidebar", v === "scenarios" || v === "assign" || v === "resilience");
  document.querySelectorAll<HTMLAnchorElement>("#views-nav a").forEach((a) => {
    if (a.dataset.view === v) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  const [title, label, busy] = ACTIONS[v];
  $("form-title").textContent = title;
  form.setAction(label, busy);
  $("scenario-hint").textContent = v === "diff" ? "(the scenario to compare with the baseline)" : "(none = the baseline network)";
  if (prev !== v) showError(null);
  updateNavLinks();
  if (v === "routes") {
    map.invalidate();
    if (state.route) renderAll(true);
  } else if (v === "diff") {
    if (!diffMap) {
      diffMap = new RouteMap($("diff-map"), { legend: "diff" });
      if (networkFc) diffMap.showNetwork(networkFc);
    }
    diffMap.invalidate();
    if (lastDiff) drawDiffMap(true);
  } else if (v === "scenarios") {
    const edit = new URLSearchParams(location.search).get("edit");
    if (!scenariosView) {
      scenariosView = new ScenariosView($("view-scenarios"), {
        countries: getCountries(),
        onDiff: (name) => openDiff(name),
        onList: (list) => form.setScenarios(list),
        onOpen: (name) => {
          const url = urlFor("scenarios", form.read(), name);
          if (view === "scenarios" && url !== `${location.pathname}${location.search}`) history.replaceState(null, "", url);
        },
      });
    }
    void scenariosView.load(edit);
  } else if (v === "simulate") {
    const dl = $<HTMLInputElement>("sim-deadline");
    if (!dl.value) {
      const q = form.read();
      const d = q.depart ? new Date(`${q.depart}T00:00:00Z`) : new Date();
      d.setUTCDate(d.getUTCDate() + 30);
      dl.value = d.toISOString().slice(0, 10);
    }
    updateSimQuery();
  } else if (v === "assign") {
    if (!assignView) {
      assignView = new AssignView({
        showError: (p) => showError(p),
        problemOf,
        announce: (msg) => ($("announce").textContent = msg),
        onDemand: () => {
          const url = urlFor("assign", form.read());
          if (view === "assign" && url !== `${location.pathname}${location.search}`) history.replaceState(null, "", url);
          updateNavLinks();
        },
      });
    }
    assignView.setDemand(new URLSearchParams(location.search).get("demand"));
    assignView.show();
  } else if (v === "resilience") {
    resilienceView ??= new ResilienceView({
      showError: (p) => showError(p),
      problemOf,
      announce: (msg) => ($("announce").textContent = msg),
    });
    resilienceView.show();
  }
}

// the nav links carry the current query, so a view opens (or opens in a new tab) with it
function updateNavLinks() {
  const q = form.read();
  document.querySelectorAll<HTMLAnchorElement>("#views-nav a").forEach((a) => {
    a.href = urlFor(a.dataset.view as View, q);
  });
}

function switchView(v: View) {
  const q = form.read();
  const url = urlFor(v, q);
  if (url !== `${location.pathname}${location.search}`) history.pushState(null, "", url);
  showView(v);
  if (v === "diff" && !lastDiff && q.from && q.to && q.scenario) void runDiff(q);
}

// openDiff opens the diff view for the scenario name (the scenario list's "Diff" button). It
// runs nothing yet: the form's From and To may be left over from another search (even a
// failed one), so the view asks for the pair and the previous scenario's diff is cleared.
function openDiff(name: string) {
  form.setScenario(name);
  const q = form.read();
  lastDiff = null;
  diffMap?.clear();
  $("diff-table").replaceChildren(el("p", { class: "empty" }, "The corridors of the baseline and the scenario show here."));
  $("diff-lists").replaceChildren();
  const url = urlFor("diff", q);
  if (url !== `${location.pathname}${location.search}`) history.pushState(null, "", url);
  showView("diff");
  $("diff-hint").textContent = q.from && q.to
    ? `Press “Show diff” to compare “${name}” with the baseline from ${q.from} to ${q.to}, or change From and To first.`
    : `Enter From and To in the form, then press “Show diff” to compare “${name}” with the baseline.`;
  (q.from ? (q.to ? $<HTMLButtonElement>("submit") : form.toInput) : form.fromInput).focus();
}

// ---------- rendering ----------

function renderAll(fit: boolean) {
  const itins = state.route?.itineraries ?? [];
  $("itinerary-count").textContent = state.route ? `(${itins.length})` : "";
  // what the avoidances imply, e.g. "avoiding EG closes the Suez Canal"
  const notes = state.route?.query?.notes ?? [];
  $("route-notes").textContent = notes.map((n) => n.charAt(0).toUpperCase() + n.slice(1) + ".").join(" ");
  $("route-notes").hidden = !notes.length;
  if (state.route) {
    renderItineraries($("itineraries"), itins, state.selectedIndex, selectIndex, itineraryOrder(itins));
    if (!itins.length) $("itineraries").replaceChildren(el("li", { class: "empty" }, "No itinerary."));
  }
  renderPareto($("pareto"), itins, state.selectedIndex, selectIndex);
  $("chart-hint").replaceChildren(co2Key(itins));
  if (!itins.length) $("pareto").replaceChildren(el("p", { class: "empty" }, state.route || state.lastProblem ? "No itinerary." : "Run a search to compare itineraries."));
  renderLegs($("legs"), $("legs-summary"), state.selected, state.selectedLabel);
  $("takeaway").hidden = !state.selected;
  renderBreakdown($("breakdown"), state.selected, lastPublished);
  renderComparison();
  map.show(itins, state.selectedIndex, state.selected, coords, fit);
}

// itineraryOrder gives the indices of the itineraries to list: those of the corridor chosen in
// the list's filter (all by default), sorted as chosen (the server's ranking by default; an
// unknown cost sorts last). The corridor filter offers the corridors of the answer.
function itineraryOrder(itins: Itinerary[]): number[] {
  const filter = $<HTMLSelectElement>("it-corridor");
  const corridors = [...new Set(itins.map((it) => it.corridor))];
  const keep = corridors.includes(filter.value) ? filter.value : "";
  filter.replaceChildren(
    el("option", { value: "" }, "all"),
    ...corridors.map((c) => el("option", { value: c }, corridorLabel(c))),
  );
  filter.value = keep;
  const key: Record<string, (t: Itinerary["total"]) => number> = {
    time: (t) => t.hours,
    cost: (t) => t.cost_usd ?? Infinity,
    co2e: (t) => t.co2e_kg,
  };
  const by = key[$<HTMLSelectElement>("it-sort").value];
  const order = itins.map((_, i) => i).filter((i) => !keep || itins[i].corridor === keep);
  return by ? order.sort((a, b) => by(itins[a].total) - by(itins[b].total) || a - b) : order;
}

// perBox gives what the cards' figures are for (the list's "Figures" select): the whole cargo,
// one container of the search's size, or one TEU (an FEU counts as two).
function perBox(): Per {
  const q = state.query;
  const n = Math.max(1, q?.containers ?? 1);
  const unit = q?.unit ?? "feu";
  switch ($<HTMLSelectElement>("it-per").value) {
    case "box":
      return { divisor: n, suffix: ` / ${unit.toUpperCase()}` };
    case "teu":
      return { divisor: n * (unit === "feu" ? 2 : 1), suffix: " / TEU" };
    default:
      return { divisor: 1, suffix: "" };
  }
}

// comparing is true while a search's comparison is still on its way.
let comparing = false;

function renderComparison() {
  $("compare-takeaway").hidden = !state.compare;
  if (state.compare) {
    renderCompare($("compare"), $("compare-hint"), state.compare, state.selected, showCompared);
  } else if (state.compareError) {
    $("compare-hint").textContent = "";
    $("compare").replaceChildren(
      el("p", { class: "empty" }, `The comparison failed: ${state.compareError.detail ?? state.compareError.title ?? "unknown error"}`),
    );
  } else {
    $("compare-hint").textContent = "";
    $("compare").replaceChildren(
      el("p", { class: "empty" }, comparing ? "Comparing the corridors…" : "Each corridor's best itinerary appears here after a search."),
    );
  }
}

function selectIndex(i: number) {
  const it = state.route?.itineraries[i];
  if (!it) return;
  state.selectedIndex = i;
  state.selected = it;
  state.selectedLabel = `Itinerary ${i + 1}`;
  renderAll(true);
}

function showCompared(it: Itinerary, corridor: string) {
  // the corridor's best may also be on the front: select it there
  scrollToMap();
  const i = state.route?.itineraries.findIndex((x) => sameItinerary(x, it)) ?? -1;
  if (i >= 0) return selectIndex(i);
  state.selectedIndex = -1;
  state.selected = it;
  state.selectedLabel = `Best of ${corridor}`;
  ensureCoords([it]).then(() => renderAll(true));
}

function scrollToMap() {
  $("results").scrollTo({ top: 0, behavior: "smooth" });
}

function sameItinerary(a: Itinerary, b: Itinerary) {
  return (
    a.legs.length === b.legs.length &&
    a.total.hours === b.total.hours &&
    a.total.cost_usd === b.total.cost_usd &&
    a.legs.every((l, k) => l.from.id === b.legs[k].from.id && l.to.id === b.legs[k].to.id && l.mode === b.legs[k].mode)
  );
}

function welcome() {
  const examples: [string, string][] = [
    ["Xi'an → Duisburg", "from=CNXIY&to=DEDUI"],
    ["Xi'an → Duisburg avoiding Russia and Belarus", "from=CNXIY&to=DEDUI&avoid_countries=RU,BY"],
    ["Shanghai → Rotterdam, cheapest by corridor", "from=Shanghai&to=Rotterdam&objective=cost"],
  ];
  $("itineraries").replaceChildren(
    el(
      "li",
      { class: "welcome" },
      el("p", {}, "Choose an origin and a destination to see the Pareto front of itineraries: none is beaten by another on time, cost and CO2e."),
      el("p", { class: "muted" }, "Examples:"),
      el(
        "ul",
        {},
        ...examples.map(([label, qs]) => {
          const a = el("a", { href: `?${qs}` }, label);
          a.addEventListener("click", (e) => {
            e.preventDefault();
            navigate(fromSearch(qs));
          });
          return el("li", {}, a);
        }),
      ),
    ),
  );
}

// ---------- errors ----------

function showError(p: Problem | null, q?: Query) {
  const box = $("error");
  if (!p) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const title = p.title && p.detail && p.title !== p.detail ? p.title : p.status ? statusTitle(p.status) : "Error";
  let detail = p.detail ?? p.title ?? "Something went wrong.";
  if (p.suggestions?.length) detail = detail.replace(/;?\s*did you mean .*$/i, "");
  box.replaceChildren(
    el("div", { class: "error-title" }, title),
    el("div", { class: "error-detail", "data-testid": "error-detail" }, detail),
  );
  const extra = (p.errors ?? []).filter((e) => !detail.includes(e.reason));
  if (extra.length) {
    box.append(el("ul", { class: "error-fields" }, ...extra.map((e) => el("li", {}, el("code", {}, e.field), ": ", e.reason))));
  }
  if (p.suggestions?.length && q) {
    const field = guessField(p, q);
    const label = { from: "From", to: "To", via: "Via" }[field];
    const wrap = el("div", { class: "suggestions", "data-testid": "suggestions" }, `Did you mean (${label}):`);
    for (const s of p.suggestions) {
      const b = el("button", { type: "button", class: "suggestion", "data-node-id": s.id }, s.name);
      b.addEventListener("click", () => applySuggestion(field, s, q));
      wrap.append(b);
    }
    box.append(wrap);
  }
  box.hidden = false;
  $("results").scrollTo({ top: 0 });
}

function statusTitle(s: number) {
  if (s === 404) return "Not found";
  if (s === 422) return "No feasible route";
  if (s === 400) return "Bad request";
  if (s >= 500) return "Server error";
  return `Error ${s}`;
}

function guessField(p: Problem, q: Query): "from" | "to" | "via" {
  const f = p.errors?.find((e) => /^(from|to|via)/.test(e.field))?.field ?? "";
  if (f.startsWith("from")) return "from";
  if (f.startsWith("to")) return "to";
  if (f.startsWith("via")) return "via";
  const d = (p.detail ?? "").toLowerCase();
  if (q.to && d.includes(q.to.toLowerCase()) && !(q.from && d.includes(q.from.toLowerCase()))) return "to";
  if (q.via.some((v) => d.includes(v.toLowerCase())) && !(q.from && d.includes(q.from.toLowerCase()))) return "via";
  return "from";
}

function applySuggestion(field: "from" | "to" | "via", s: NodeRef, q: Query) {
  if (field === "via") {
    const d = (state.lastProblem?.detail ?? "").toLowerCase();
    navigate({ ...q, via: q.via.map((v) => (d.includes(v.toLowerCase()) ? s.id : v)) });
    return;
  }
  form.fill(field, s);
  navigate(form.read(), false);
}

// ---------- running a query ----------

async function ensureCoords(itins: Itinerary[]) {
  await networkReady;
  const missing = nodesNeeded(itins).filter((id) => !coords.has(id));
  await Promise.all(
    missing.map((id) =>
      getNode(id)
        .then((n) => coords.set(n.id, [n.lon, n.lat]))
        .catch(() => undefined),
    ),
  );
}

function setBusy(busy: boolean) {
  form.setBusy(busy);
  $("results").setAttribute("aria-busy", String(busy));
  $("results").classList.toggle("busy", busy);
  $("progress").hidden = !busy;
}

async function run(q: Query) {
  inflight?.abort();
  const ctrl = new AbortController();
  inflight = ctrl;
  state.query = q;
  showError(null);
  setBusy(true);
  $("announce").textContent = "Searching…";
  document.title = `${q.from} → ${q.to} · corridor`;
  const body = toRequest(q);
  // the itineraries are drawn as soon as /route answers; the comparison (a heavier search that
  // would compete with it for the server's CPU) is asked for once they are in
  const [r] = await Promise.allSettled([route(body, ctrl.signal)]);
  if (ctrl !== inflight) return; // a newer query is running
  const comparison = r.status === "fulfilled" ? compare(body, ctrl.signal) : null;
  comparison?.catch(() => undefined); // settled below
  if (performance.getEntriesByName(SEARCH_START, "mark").length) performance.measure("search-fetch", SEARCH_START);
  try {
    if (r.status === "rejected") {
      const p = problemOf(r.reason);
      state.lastProblem = p;
      state.route = null;
      state.compare = null;
      state.compareError = null;
      state.selected = null;
      state.selectedIndex = -1;
      map.clear();
      void renderRates($("rates-chart"), null, q.depart);
      showError(p, q);
      renderAll(false);
      $("itineraries").replaceChildren(el("li", { class: "empty" }, "No itineraries: see the message above."));
      return;
    }
    state.route = r.value;
    state.lastProblem = undefined;
    state.compare = null;
    state.compareError = null;
    comparing = true;
    const echo = r.value.query;
    form.showResolved(echo?.from, echo?.to);
    if (echo?.from && echo?.to) document.title = `${echo.from.name} → ${echo.to.name} · corridor`;
    const itins = r.value.itineraries ?? [];
    state.selectedIndex = itins.length ? 0 : -1;
    state.selected = itins[0] ?? null;
    state.selectedLabel = itins.length ? "Itinerary 1" : "";
    await ensureCoords(itins);
    if (ctrl !== inflight) return;
    const drawing = performance.now();
    renderAll(true);
    setBusy(false);
    // the browser test splits "search" into the /route answer, this drawing and the frame
    if (performance.getEntriesByName(SEARCH_START, "mark").length) performance.measure("search-render", { start: drawing, end: performance.now() });
    const drawn = markDrawn();
    // on a phone the results sit below the form: bring them into view
    if (PHONE.matches) $("results").scrollIntoView({ block: "start" });
    slider.set(q.depart);
    $("announce").textContent = `${itins.length} itinerar${itins.length === 1 ? "y" : "ies"} found.`;
    // the comparison is drawn after the frame that shows the itineraries, never before it
    await drawn;
    if (ctrl !== inflight) return;
    const [c] = await Promise.allSettled([comparison!]);
    if (ctrl !== inflight) return;
    comparing = false;
    state.compare = c.status === "fulfilled" ? c.value : null;
    state.compareError = c.status === "rejected" ? problemOf(c.reason) : null;
    await ensureCoords(state.compare?.corridors.flatMap((x) => (x.best ? [x.best] : [])) ?? []);
    if (ctrl !== inflight) return;
    renderComparison();
    void renderRates($("rates-chart"), state.compare, q.depart);
  } finally {
    if (ctrl === inflight) {
      inflight = null;
      comparing = false;
      setBusy(false);
    }
  }
}

const SEARCH_START = "search-start";
const PHONE = window.matchMedia("(max-width: 760px)");

// markDrawn resolves once the next frame, with the itineraries, is painted, and then records a
// "search" performance measure from the search's start (the submit), when there is one.
function markDrawn(): Promise<void> {
  return new Promise((done) =>
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (performance.getEntriesByName(SEARCH_START, "mark").length) {
          performance.measure("search", SEARCH_START);
          performance.clearMarks(SEARCH_START);
        }
        done();
      }, 0),
    ),
  );
}

function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  return { title: "Error", detail: err instanceof Error ? err.message : String(err) };
}

// navigate puts the query in the URL (a new history entry) and runs it; writeForm puts it
// in the form too, when it did not come from there.
function navigate(q: Query, writeForm = true) {
  const url = urlFor(view, q);
  if (url !== `${location.pathname}${location.search}`) history.pushState(null, "", url);
  if (writeForm) form.write(q);
  updateNavLinks();
  if (view === "diff") void runDiff(q);
  else if (view === "simulate") void runSim(q);
  else {
    if (view !== "routes") showView("routes");
    void run(q);
  }
}

function validQuery(q: Query): boolean {
  const missing = [!q.from && "From", !q.to && "To"].filter(Boolean);
  if (missing.length) {
    showError({ title: "Missing input", detail: `Please enter ${missing.join(" and ")}.` });
    (q.from ? form.toInput : form.fromInput).focus();
    return false;
  }
  if (view === "diff" && !q.scenario) {
    showError({ title: "Missing input", detail: "Choose the scenario to compare with the baseline." });
    $("scenario").focus();
    return false;
  }
  return true;
}

form.form.addEventListener("submit", (e) => {
  e.preventDefault();
  // the browser test measures "search" from here to the itineraries on screen
  performance.clearMarks(SEARCH_START);
  performance.mark(SEARCH_START);
  const q = form.read();
  if (validQuery(q)) navigate(q, false);
});
form.form.addEventListener("change", () => {
  updateNavLinks();
  if (view === "simulate") updateSimQuery();
});

// ---------- the scenario diff ----------

function drawDiffMap(fit: boolean) {
  if (!diffMap || !lastDiff) return;
  diffMap.showDiff(lastDiff.baseline_itineraries ?? [], lastDiff.scenario_itineraries ?? [], coords, fit);
}

async function runDiff(q: Query) {
  inflight?.abort();
  const ctrl = new AbortController();
  inflight = ctrl;
  state.query = q;
  showError(null);
  setBusy(true);
  $("announce").textContent = "Comparing the scenario with the baseline…";
  const { scenario: _scenario, ...body } = toRequest(q);
  try {
    const d = await diffScenario(q.scenario, body, ctrl.signal);
    if (ctrl !== inflight) return;
    lastDiff = d;
    form.showResolved(d.from, d.to);
    document.title = `${d.scenario}: ${d.from.name} → ${d.to.name} · corridor`;
    $("diff-hint").textContent = `“${d.scenario}” against the baseline network · ${d.from.name} → ${d.to.name}`;
    $("diff-table-hint").textContent = `${d.appeared.length} itinerar${d.appeared.length === 1 ? "y" : "ies"} appeared, ${d.disappeared.length} disappeared`;
    renderDiffTable($("diff-table"), d);
    renderDiffLists($("diff-lists"), d);
    await ensureCoords([...(d.baseline_itineraries ?? []), ...(d.scenario_itineraries ?? [])]);
    if (ctrl !== inflight) return;
    diffMap?.invalidate();
    drawDiffMap(true);
    const lost = d.corridors.filter((c) => c.baseline_feasible && !c.scenario_feasible).length;
    $("announce").textContent = `Diff ready: ${lost} corridor${lost === 1 ? "" : "s"} infeasible in the scenario.`;
  } catch (err) {
    if (ctrl !== inflight || (err instanceof DOMException && err.name === "AbortError")) return;
    lastDiff = null;
    diffMap?.clear();
    $("diff-table").replaceChildren(el("p", { class: "empty" }, "No diff: see the message above."));
    $("diff-lists").replaceChildren();
    showError(problemOf(err), q);
  } finally {
    if (ctrl === inflight) {
      inflight = null;
      setBusy(false);
    }
  }
}

// ---------- the simulation ----------

function updateSimQuery() {
  const q = form.read();
  const name = (input: HTMLInputElement, v: string) => (input.value.trim() || v).trim();
  $("sim-query").textContent = q.from && q.to
    ? `${name(form.fromInput, q.from)} → ${name(form.toInput, q.to)} · ${q.scenario ? `scenario “${q.scenario}”` : "baseline network"} · fastest itinerary of each corridor`
    : "Enter From and To in the form.";
}

function simNumber(id: string, def: number, min: number, max: number) {
  const n = Number($<HTMLInputElement>(id).value);
  return Number.isFinite(n) && $<HTMLInputElement>(id).value.trim() !== "" ? Math.min(max, Math.max(min, Math.round(n))) : def;
}

function setSimBusy(busy: boolean) {
  const b = $<HTMLButtonElement>("sim-run");
  b.disabled = busy;
  b.classList.toggle("busy", busy);
  b.querySelector(".label")!.textContent = busy ? "Simulating…" : "Simulate";
  form.setBusy(busy);
}

async function runSim(q: Query) {
  simCtrl?.abort();
  const ctrl = new AbortController();
  simCtrl = ctrl;
  showError(null);
  updateSimQuery();
  const runs = simNumber("sim-runs", 10000, 1, 200000);
  const seed = simNumber("sim-seed", 1, 0, Number.MAX_SAFE_INTEGER);
  const deadline = $<HTMLInputElement>("sim-deadline").value;
  const congestion = $<HTMLSelectElement>("sim-congestion").value;
  // simulations follow each corridor's fastest itinerary: the comparison's objective does not apply
  const { objective: _objective, ...req } = toRequest(q);
  const body: SimulationRequest & { compare: true } = { ...req, runs, seed, compare: true };
  if (deadline) body.deadline = deadline;
  if (congestion) body.congestion = congestion;
  const bar = $<HTMLProgressElement>("sim-progress");
  const text = $("sim-progress-text");
  bar.max = 1;
  bar.value = 0;
  bar.removeAttribute("value"); // indeterminate until the first event
  text.textContent = "Starting the simulation…";
  setSimBusy(true);
  $("view-simulate").classList.add("busy");
  const t0 = performance.now();
  try {
    const job = await simulate(
      body,
      {
        onProgress(done, total) {
          if (ctrl !== simCtrl || !total) return;
          bar.max = total;
          bar.value = done;
          text.textContent = `Simulating: ${int(done)} of ${int(total)} shipments (${Math.round((done / total) * 100)}%)`;
        },
      },
      ctrl.signal,
    );
    if (ctrl !== simCtrl) return;
    const total = job.total ?? job.done ?? 1;
    bar.max = total;
    bar.value = total;
    const res = job.result!;
    const n = res.corridors.filter((c) => c.result).length;
    text.textContent = `Done: ${int(res.runs)} runs × ${n} corridor${n === 1 ? "" : "s"}, seed ${res.seed}, in ${elapsed(performance.now() - t0)}.` + congestionText(res);
    lastSim = { result: res, deadline };
    renderSimulation($("sim-grid"), $("sim-side"), res, deadline);
  } catch (err) {
    if (ctrl !== simCtrl || (err instanceof DOMException && err.name === "AbortError")) return;
    bar.value = 0;
    text.textContent = "The simulation did not run.";
    showError(problemOf(err), q);
  } finally {
    if (ctrl === simCtrl) {
      simCtrl = null;
      setSimBusy(false);
      $("view-simulate").classList.remove("busy");
    }
  }
}

// congestionText says, when the simulation drew a year's congestion, how much it adds to each
// corridor's mean transit time.
function congestionText(res: SimComparison): string {
  const cs = res.corridors.filter((c) => c.result?.congestion);
  if (!cs.length) return "";
  const src = cs[0].result!.congestion!.source;
  return ` Congestion at the ${src} flows adds on average ${cs.map((c) => `${corridorLabel(c.corridor)} ${c.result!.congestion!.mean_days.toFixed(1)} d`).join(", ")}.`;
}

const elapsed = (ms: number) => (ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`);

$("sim-run").addEventListener("click", () => {
  const q = form.read();
  if (validQuery(q)) navigate(q, false);
});

document.querySelectorAll<HTMLAnchorElement>("#views-nav a").forEach((a) => {
  a.addEventListener("click", (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    switchView(a.dataset.view as View);
  });
});

$("reset").addEventListener("click", () => {
  inflight?.abort();
  inflight = null;
  setBusy(false);
  history.pushState(null, "", view === "routes" ? location.pathname : `${location.pathname}?view=${view}`);
  start();
});

window.addEventListener("popstate", () => start());

function start() {
  const q = fromSearch(location.search);
  form.write(q);
  showView(viewOf(location.search));
  if (view === "diff") {
    if (q.from && q.to && q.scenario) void runDiff(q);
    return;
  }
  if (view !== "routes") return;
  if (q.from && q.to) void run(q);
  else {
    state.route = null;
    state.compare = null;
    state.compareError = null;
    state.selected = null;
    state.selectedIndex = -1;
    state.lastProblem = undefined;
    showError(null);
    renderAll(false);
    welcome();
    form.fromInput.focus();
  }
}

// places lists the network's named nodes for picking on the map.
function places(fc: GeoJSON.FeatureCollection): Place[] {
  return fc.features.flatMap((f) => {
    if (f.geometry?.type !== "Point") return [];
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
    return p.id && p.name ? [{ id: String(p.id), name: String(p.name), lon, lat }] : [];
  });
}

// ---------- start ----------

networkReady = getNetwork()
  .then((fc) => {
    for (const f of fc.features) {
      if (f.geometry?.type !== "Point") continue;
      const id = String((f.properties as Record<string, unknown>)?.id ?? "");
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
      if (id) coords.set(id, [lon, lat]);
    }
    networkFc = fc;
    map.showNetwork(fc);
    map.pickPlaces(places(fc), (which, p) => {
      const q = form.read();
      q[which] = p.name;
      form.write(q);
      updateNavLinks();
      $("announce").textContent = `${which === "from" ? "From" : "To"}: ${p.name}`;
      (which === "from" ? form.toInput : $<HTMLButtonElement>("submit")).focus();
    });
    diffMap?.showNetwork(fc);
    const nodes = fc.features.filter((f) => f.geometry?.type === "Point").length;
    const links = fc.features.length - nodes;
    $("header-status").textContent = `Network: ${int(nodes)} nodes · ${int(links)} links`;
  })
  .catch(() => {
    $("header-status").textContent = "";
  });

for (const id of ["it-sort", "it-corridor", "it-per"])
  $(id).addEventListener("change", () => {
    const itins = state.route?.itineraries ?? [];
    renderItineraries($("itineraries"), itins, state.selectedIndex, selectIndex, itineraryOrder(itins), perBox());
  });

// the printed report's map is smaller than the screen's: refit it as printing starts and ends
window.matchMedia("print").addEventListener("change", () => map.refit());
// taking the selected itinerary and the corridor comparison away (the printed report holds both)
wireExports({ csv: $("export-csv"), geojson: $("export-geojson"), print: $("print-report") }, () => state.selected, {
  stem: fileStem,
  csv: itineraryCSV,
  geojson: itineraryGeoJSON,
});
wireExports({ csv: $("compare-csv"), geojson: $("compare-geojson"), print: $("compare-print") }, () => state.compare, {
  stem: comparisonStem,
  csv: comparisonCSV,
  geojson: comparisonGeoJSON,
});
$("share-link").addEventListener("click", () => {
  const url = location.href;
  const done = (msg: string) => ($("announce").textContent = msg);
  if (!navigator.clipboard) {
    done(`Link to this search: ${url}`);
    return;
  }
  navigator.clipboard.writeText(url).then(
    () => {
      done("Link copied.");
      $("share-link").textContent = "Link copied";
      setTimeout(() => ($("share-link").textContent = "Copy link"), 2000);
    },
    () => done(`Link to this search: ${url}`),
  );
});

void form.loadOptions();
listScenarios()
  .then((list) => form.setScenarios(list))
  .catch(() => undefined);
start();

let resizeTimer = 0;
window.addEventListener("resize", () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    map.invalidate();
    diffMap?.invalidate();
    renderPareto($("pareto"), state.route?.itineraries ?? [], state.selectedIndex, selectIndex);
    if (lastSim && view === "simulate") renderSimulation($("sim-grid"), $("sim-side"), lastSim.result, lastSim.deadline);
    if (view === "assign") assignView?.redraw();
    if (view === "resilience") resilienceView?.redraw();
  }, 150);
});
