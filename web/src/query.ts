// The form's query and its place in the URL: every field is a query-string parameter named
// like the API's JSON field, so a URL such as
//   /?from=CNXIY&to=Duisburg&avoid_countries=RU,BY&objective=cost
// reproduces the search when it is opened.
import { MODES, type Mode, type Objective as ApiObjective, type RouteRequest } from "./api";

export type Objective = ApiObjective;
export const OBJECTIVES: { value: Objective; label: string }[] = [
  { value: "time", label: "Fastest (time)" },
  { value: "cost", label: "Cheapest (cost)" },
  { value: "co2e", label: "Greenest (CO2e)" },
  { value: "generalised", label: "Generalised cost" },
];

export interface Query {
  from: string;
  to: string;
  via: string[];
  depart: string; // YYYY-MM-DD or ""
  unit: "feu" | "teu";
  containers: number;
  tonnes: number | null;
  value_usd: number | null;
  reefer: boolean;
  dg: boolean;
  avoid_countries: string[];
  avoid_groups: string[];
  avoid_nodes: string[];
  modes: Mode[]; // empty = all
  max_transshipments: number | null;
  carbon_price: number | null;
  max_results: number | null;
  full_front: boolean; // false = the front thinned of noise (the API's default)
  objective: Objective;
  scenario: string; // "" = the baseline network
}

export function emptyQuery(): Query {
  return {
    from: "",
    to: "",
    via: [],
    depart: "",
    unit: "feu",
    containers: 1,
    tonnes: null,
    value_usd: null,
    reefer: false,
    dg: false,
    avoid_countries: [],
    avoid_groups: [],
    avoid_nodes: [],
    modes: [],
    max_transshipments: null,
    carbon_price: null,
    max_results: null,
    full_front: false,
    objective: "time",
    scenario: "",
  };
}

const list = (v: string | null) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function num(v: string | null): number | null {
  if (v === null || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

const truthy = (v: string | null) => v !== null && v !== "0" && v !== "false";

export function fromSearch(search: string): Query {
  const p = new URLSearchParams(search);
  const q = emptyQuery();
  q.from = p.get("from") ?? "";
  q.to = p.get("to") ?? "";
  q.via = list(p.get("via"));
  q.depart = p.get("depart") ?? "";
  if (p.has("teu")) {
    q.unit = "teu";
    q.containers = num(p.get("teu")) ?? 1;
  } else if (p.has("feu")) {
    q.containers = num(p.get("feu")) ?? 1;
  }
  q.tonnes = num(p.get("tonnes"));
  q.value_usd = num(p.get("value_usd"));
  q.reefer = truthy(p.get("reefer"));
  q.dg = truthy(p.get("dg"));
  q.avoid_countries = list(p.get("avoid_countries")).map((c) => c.toUpperCase());
  q.avoid_groups = list(p.get("avoid_groups")).map((c) => c.toUpperCase());
  q.avoid_nodes = list(p.get("avoid_nodes"));
  q.modes = list(p.get("modes"))
    .map((m) => m.toLowerCase())
    .filter((m): m is Mode => MODES.includes(m as Mode));
  q.max_transshipments = num(p.get("max_transshipments"));
  q.carbon_price = num(p.get("carbon_price"));
  q.max_results = num(p.get("max_results"));
  q.full_front = truthy(p.get("full_front"));
  const o = p.get("objective");
  if (o && OBJECTIVES.some((x) => x.value === o)) q.objective = o as Objective;
  q.scenario = (p.get("scenario") ?? "").trim();
  return q;
}

// toSearch writes only the fields that differ from the defaults, in a stable order.
export function toSearch(q: Query): string {
  const p = new URLSearchParams();
  const set = (k: string, v: string | number | null | undefined | boolean) => {
    if (v === null || v === undefined || v === "" || v === false) return;
    p.set(k, v === true ? "1" : String(v));
  };
  set("from", q.from);
  set("to", q.to);
  set("via", q.via.join(","));
  set("depart", q.depart);
  if (q.unit === "teu") set("teu", q.containers);
  else if (q.containers !== 1) set("feu", q.containers);
  set("tonnes", q.tonnes);
  set("value_usd", q.value_usd);
  set("reefer", q.reefer);
  set("dg", q.dg);
  set("avoid_countries", q.avoid_countries.join(","));
  set("avoid_groups", q.avoid_groups.join(","));
  set("avoid_nodes", q.avoid_nodes.join(","));
  set("modes", q.modes.join(","));
  set("max_transshipments", q.max_transshipments);
  set("carbon_price", q.carbon_price);
  set("max_results", q.max_results);
  set("full_front", q.full_front);
  if (q.objective !== "time") set("objective", q.objective);
  set("scenario", q.scenario);
  return p.toString().replace(/%2C/g, ",");
}

// toRequest builds the API body, leaving out every empty field.
export function toRequest(q: Query): RouteRequest {
  const r: RouteRequest = { from: q.from.trim(), to: q.to.trim() };
  if (q.via.length) r.via = q.via;
  if (q.depart) r.depart = q.depart;
  const cargo: RouteRequest["cargo"] = {};
  cargo[q.unit] = Math.max(1, Math.round(q.containers || 1));
  if (q.tonnes !== null) cargo.tonnes = q.tonnes;
  if (q.value_usd !== null) cargo.value_usd = q.value_usd;
  if (q.reefer) cargo.reefer = true;
  if (q.dg) cargo.dg = true;
  r.cargo = cargo;
  if (q.avoid_countries.length) r.avoid_countries = q.avoid_countries;
  if (q.avoid_groups.length) r.avoid_groups = q.avoid_groups;
  if (q.avoid_nodes.length) r.avoid_nodes = q.avoid_nodes;
  if (q.modes.length) r.modes = q.modes;
  if (q.max_transshipments !== null) r.max_transshipments = q.max_transshipments;
  if (q.carbon_price) r.carbon_price = q.carbon_price;
  if (q.max_results !== null) r.max_results = q.max_results;
  if (q.full_front) r.full_front = true;
  r.objective = q.objective;
  if (q.scenario) r.scenario = q.scenario;
  return r;
}
