// corridor web UI: the route form, the map, the Pareto chart, the legs table and the corridor
// comparison. The query lives in the URL's query string; opening a URL runs its query.
import "./style.css";
import {
  ApiError,
  compare,
  getNetwork,
  getNode,
  route,
  type CompareResponse,
  type Itinerary,
  type NodeRef,
  type Problem,
  type RouteResponse,
} from "./api";
import { co2Key, renderPareto } from "./chart";
import { el, int } from "./format";
import { RouteForm } from "./form";
import { nodesNeeded, RouteMap, type Coords } from "./map";
import { fromSearch, toRequest, toSearch, type Query } from "./query";
import { renderCompare, renderItineraries, renderLegs } from "./results";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const form = new RouteForm();
const map = new RouteMap($("map"));
const coords: Coords = new Map();

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

// ---------- rendering ----------

function renderAll(fit: boolean) {
  const itins = state.route?.itineraries ?? [];
  $("itinerary-count").textContent = state.route ? `(${itins.length})` : "";
  if (state.route) {
    renderItineraries($("itineraries"), itins, state.selectedIndex, selectIndex);
    if (!itins.length) $("itineraries").replaceChildren(el("li", { class: "empty" }, "No itinerary."));
  }
  renderPareto($("pareto"), itins, state.selectedIndex, selectIndex);
  $("chart-hint").replaceChildren(co2Key(itins));
  if (!itins.length) $("pareto").replaceChildren(el("p", { class: "empty" }, state.route || state.lastProblem ? "No itinerary." : "Run a search to compare itineraries."));
  renderLegs($("legs"), $("legs-summary"), state.selected, state.selectedLabel);
  if (state.compare) {
    renderCompare($("compare"), $("compare-hint"), state.compare, state.selected, showCompared);
  } else if (state.compareError) {
    $("compare-hint").textContent = "";
    $("compare").replaceChildren(
      el("p", { class: "empty" }, `The comparison failed: ${state.compareError.detail ?? state.compareError.title ?? "unknown error"}`),
    );
  } else {
    $("compare-hint").textContent = "";
    $("compare").replaceChildren(el("p", { class: "empty" }, "Each corridor's best itinerary appears here after a search."));
  }
  map.show(itins, state.selectedIndex, state.selected, coords, fit);
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
  const [r, c] = await Promise.allSettled([route(body, ctrl.signal), compare(body, ctrl.signal)]);
  if (ctrl !== inflight) return; // a newer query is running
  inflight = null;
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
      showError(p, q);
      renderAll(false);
      $("itineraries").replaceChildren(el("li", { class: "empty" }, "No itineraries: see the message above."));
      return;
    }
    state.route = r.value;
    state.lastProblem = undefined;
    state.compare = c.status === "fulfilled" ? c.value : null;
    state.compareError = c.status === "rejected" ? problemOf(c.reason) : null;
    const echo = r.value.query;
    form.showResolved(echo?.from, echo?.to);
    if (echo?.from && echo?.to) document.title = `${echo.from.name} → ${echo.to.name} · corridor`;
    const itins = r.value.itineraries ?? [];
    state.selectedIndex = itins.length ? 0 : -1;
    state.selected = itins[0] ?? null;
    state.selectedLabel = itins.length ? "Itinerary 1" : "";
    await ensureCoords([...itins, ...(state.compare?.corridors.flatMap((x) => (x.best ? [x.best] : [])) ?? [])]);
    renderAll(true);
    $("announce").textContent = `${itins.length} itinerar${itins.length === 1 ? "y" : "ies"} found.`;
  } finally {
    setBusy(false);
  }
}

function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  return { title: "Error", detail: err instanceof Error ? err.message : String(err) };
}

// navigate puts the query in the URL (a new history entry) and runs it; writeForm puts it
// in the form too, when it did not come from there.
function navigate(q: Query, writeForm = true) {
  const qs = toSearch(q);
  const url = `${location.pathname}${qs ? `?${qs}` : ""}`;
  if (url !== `${location.pathname}${location.search}`) history.pushState(null, "", url);
  if (writeForm) form.write(q);
  void run(q);
}

form.form.addEventListener("submit", (e) => {
  e.preventDefault();
  const q = form.read();
  const missing = [!q.from && "From", !q.to && "To"].filter(Boolean);
  if (missing.length) {
    showError({ title: "Missing input", detail: `Please enter ${missing.join(" and ")}.` });
    (q.from ? form.toInput : form.fromInput).focus();
    return;
  }
  navigate(q, false);
});

$("reset").addEventListener("click", () => {
  inflight?.abort();
  inflight = null;
  setBusy(false);
  history.pushState(null, "", location.pathname);
  start();
});

window.addEventListener("popstate", () => start());

function start() {
  const q = fromSearch(location.search);
  form.write(q);
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

// ---------- start ----------

networkReady = getNetwork()
  .then((fc) => {
    for (const f of fc.features) {
      if (f.geometry?.type !== "Point") continue;
      const id = String((f.properties as Record<string, unknown>)?.id ?? "");
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
      if (id) coords.set(id, [lon, lat]);
    }
    map.showNetwork(fc);
    const nodes = fc.features.filter((f) => f.geometry?.type === "Point").length;
    const links = fc.features.length - nodes;
    $("header-status").textContent = `Network: ${int(nodes)} nodes · ${int(links)} links`;
  })
  .catch(() => {
    $("header-status").textContent = "";
  });

void form.loadOptions();
start();

let resizeTimer = 0;
window.addEventListener("resize", () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    map.invalidate();
    renderPareto($("pareto"), state.route?.itineraries ?? [], state.selectedIndex, selectIndex);
  }, 150);
});
