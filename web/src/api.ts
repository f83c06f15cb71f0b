// Client of the corridor HTTP API (/api/v1, same origin). Types mirror the Go structs in
// package route; every request either resolves with the decoded JSON or rejects with an
// ApiError carrying the problem+json body (RFC 9457).

export type Mode = "rail" | "road" | "sea" | "ferry" | "iww";
export const MODES: Mode[] = ["rail", "sea", "ferry", "road", "iww"];

export interface NodeRef {
  id: string;
  name: string;
}

export interface NodeInfo extends NodeRef {
  kind: string;
  country: string;
  lon: number;
  lat: number;
  aliases?: string[];
}

export interface Leg {
  from: NodeRef;
  to: NodeRef;
  mode: Mode | string;
  gauge_mm?: number;
  service?: string;
  wait_basis: string;
  corridors: string[];
  via?: string[];
  links: string[];
  distance_km: number;
  hours: number;
  wait_hours: number;
  handling_hours: number;
  border_hours: number;
  cost_usd: number;
  co2e_kg: number;
  departure: string;
  arrival: string;
  coordinates?: [number, number][] | null;
}

export interface Total {
  hours: number;
  days: number;
  cost_usd: number;
  co2e_kg: number;
  co2e_ttw_kg: number;
  co2e_wtt_kg: number;
  distance_km: number;
  border_crossings: number;
  transshipments: number;
  gauge_changes: number;
  wait_hours: number;
  border_hours: number;
  handling_hours: number;
  carbon_usd: number;
  time_value_usd: number;
  generalised_usd: number;
}

export interface Itinerary {
  corridor: string;
  summary: string;
  departure: string;
  arrival: string;
  total: Total;
  countries: string[];
  legs: Leg[];
}

export interface QueryEcho {
  from: NodeRef;
  to: NodeRef;
  via?: NodeRef[];
  depart: string;
  [key: string]: unknown;
}

export interface RouteResponse {
  query: QueryEcho;
  itineraries: Itinerary[];
}

export interface CorridorBest {
  corridor: string;
  name: string;
  best: Itinerary | null;
  infeasible?: string;
}

export interface CompareResponse {
  from: NodeRef;
  to: NodeRef;
  objective: string;
  query: QueryEcho;
  corridors: CorridorBest[];
}

export interface CountriesResponse {
  groups: { code: string; name: string }[];
  countries: { code: string; name: string; groups: string[] }[];
}

export interface Cargo {
  feu?: number;
  teu?: number;
  tonnes?: number;
  value_usd?: number;
  reefer?: boolean;
  dg?: boolean;
}

// RouteRequest is the body of POST /route and /compare; empty fields are omitted.
export interface RouteRequest {
  from: string;
  to: string;
  via?: string[];
  depart?: string;
  cargo?: Cargo;
  avoid_countries?: string[];
  avoid_groups?: string[];
  avoid_nodes?: string[];
  modes?: string[];
  max_transshipments?: number;
  carbon_price?: number;
  max_results?: number;
  objective?: string;
  scenario?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; reason: string }[];
  suggestions?: NodeRef[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

export const API = "/api/v1";

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path.startsWith("/api/") ? path : API + path, {
      ...init,
      headers: { Accept: "application/json, application/problem+json", ...(init?.headers ?? {}) },
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, {
      title: "The server cannot be reached",
      detail: `Is corridor serve running? (${(err as Error).message})`,
    });
  }
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) {
    const problem: Problem =
      body && typeof body === "object"
        ? (body as Problem)
        : { title: res.statusText || `HTTP ${res.status}`, detail: text.slice(0, 300) || undefined };
    problem.status ??= res.status;
    throw new ApiError(res.status, problem);
  }
  if (body === undefined) {
    if (res.status === 204) return undefined as T;
    throw new ApiError(res.status, { title: "Unexpected response", detail: "The server did not send JSON." });
  }
  return body as T;
}

export function searchNodes(q: string, opts: { kind?: string; limit?: number; signal?: AbortSignal } = {}) {
  const p = new URLSearchParams();
  if (q) p.set("q", q);
  if (opts.kind) p.set("kind", opts.kind);
  p.set("limit", String(opts.limit ?? 10));
  return request<{ nodes: NodeInfo[] }>(`/nodes?${p}`, { signal: opts.signal }).then((r) => r.nodes ?? []);
}

export function getNode(id: string) {
  return request<NodeInfo>(`/nodes/${encodeURIComponent(id)}`);
}

export function getCountries() {
  return request<CountriesResponse>("/countries");
}

export function getNetwork() {
  return request<GeoJSON.FeatureCollection>("/network");
}

function post<T>(path: string, body: object, signal?: AbortSignal) {
  return request<T>(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

export function route(body: RouteRequest, signal?: AbortSignal) {
  const { objective: _objective, ...rest } = body;
  return post<RouteResponse>("/route", rest, signal);
}

export function compare(body: RouteRequest, signal?: AbortSignal) {
  return post<CompareResponse>("/compare", body, signal);
}

// ---------- scenarios ----------

export interface ScenarioEdit {
  op: string;
  note?: string;
  [key: string]: unknown;
}

export interface Scenario {
  name: string;
  description?: string;
  sources?: { title: string; publisher?: string; year?: number; url?: string }[];
  edits: ScenarioEdit[];
}

export interface ScenarioRecord {
  name: string;
  origin: "stored" | "bundled";
  version: number;
  scenario: Scenario;
}

export interface ScenarioVersion {
  version: number;
  created_at?: string;
  edits?: number;
}

export interface DiffFigures {
  days: number;
  cost_usd: number;
  co2e_kg: number;
  summary: string;
}

export interface CorridorDiff {
  corridor: string;
  baseline?: DiffFigures | null;
  scenario?: DiffFigures | null;
  baseline_feasible: boolean;
  scenario_feasible: boolean;
  baseline_infeasible?: string;
  scenario_infeasible?: string;
  delta?: DiffFigures | null;
}

export interface DiffItinerary {
  corridor: string;
  summary: string;
  days: number;
  cost_usd: number;
  co2e_kg: number;
}

export interface ScenarioDiff {
  scenario: string;
  objective: string;
  from: NodeRef;
  to: NodeRef;
  corridors: CorridorDiff[];
  appeared: DiffItinerary[];
  disappeared: DiffItinerary[];
  baseline_itineraries?: Itinerary[] | null;
  scenario_itineraries?: Itinerary[] | null;
  baseline_error?: string;
  scenario_error?: string;
}

const keyHeaders = (key: string): Record<string, string> => (key ? { "X-API-Key": key } : {});

export function listScenarios() {
  return request<{ scenarios: ScenarioRecord[] }>("/scenarios").then((r) => r.scenarios ?? []);
}

export function getScenario(name: string, version?: number) {
  const q = version ? `?version=${version}` : "";
  return request<ScenarioRecord>(`/scenarios/${encodeURIComponent(name)}${q}`);
}

export function scenarioVersions(name: string) {
  return request<{ name: string; versions: ScenarioVersion[] }>(`/scenarios/${encodeURIComponent(name)}/versions`).then(
    (r) => r.versions ?? [],
  );
}

export function createScenario(sc: Scenario, key: string) {
  return request<ScenarioRecord>("/scenarios", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...keyHeaders(key) },
    body: JSON.stringify(sc),
  });
}

// updateScenario stores a new version; the server answers 409 when `base` is no longer the latest.
export function updateScenario(name: string, sc: Scenario, base: number, key: string) {
  return request<ScenarioRecord>(`/scenarios/${encodeURIComponent(name)}`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", "If-Match": `"${base}"`, ...keyHeaders(key) },
    body: JSON.stringify(sc),
  });
}

export function deleteScenario(name: string, key: string) {
  return request<void>(`/scenarios/${encodeURIComponent(name)}`, { method: "DELETE", headers: keyHeaders(key) });
}

export function diffScenario(name: string, body: RouteRequest, signal?: AbortSignal) {
  return post<ScenarioDiff>(`/scenarios/${encodeURIComponent(name)}/diff`, body, signal);
}

// ---------- simulations ----------

export interface SimulationRequest extends RouteRequest {
  runs?: number;
  seed?: number;
  deadline?: string;
  compare?: boolean;
}

export interface SimStarted {
  id: string;
  status: string;
  total?: number;
  links: { self: string; events: string };
}

export interface Quantiles {
  mean: number;
  sd?: number;
  min?: number;
  p10: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max?: number;
}

export interface HistogramBin {
  from_days: number;
  to_days: number;
  count: number;
  share: number;
}

export interface SimResult {
  corridor?: string;
  summary?: string;
  router_days?: number;
  runs: number;
  seed: number;
  depart?: string;
  deadline?: string;
  transit_days: Quantiles;
  on_time_probability?: number;
  histogram?: { start_days?: number; bin_days?: number; bins: HistogramBin[] };
  breakdown?: Record<string, { days: number; share: number }>;
}

export interface SimCorridor {
  corridor: string;
  name: string;
  itinerary?: Itinerary | null;
  result?: SimResult | null;
  infeasible?: string;
}

export interface SimComparison {
  runs: number;
  seed: number;
  corridors: SimCorridor[];
}

export interface Job<R = unknown> {
  id: string;
  kind?: string;
  status: "running" | "done" | "failed";
  done?: number;
  total?: number;
  created_at?: string;
  result?: R;
  error?: string;
}

export function startSimulation(body: SimulationRequest, signal?: AbortSignal) {
  return post<SimStarted>("/simulations", body, signal);
}

export function getJob<R>(url: string, signal?: AbortSignal) {
  return request<Job<R>>(url, { signal });
}

// ---------- assignments ----------

export const DEMANDS = ["china-europe-2024", "china-europe-2030"] as const;

export interface AssignmentRequest {
  demand: string;
  scenario?: string;
  gap?: number;
  max_iter?: number;
}

export interface AssignmentStarted {
  id: string;
  status: string;
  total?: number;
  links: { self: string; events: string; csv: string; geojson: string };
}

// AssignElement is a link or a node of the network with its equilibrium flow; capacity 0 (or
// absent) means the element has no capacity limit.
export interface AssignElement {
  kind: "link" | "node";
  id: string;
  name: string;
  mode: string;
  from?: string;
  to?: string;
  corridors?: string[] | null;
  flow_teu_year: number;
  capacity_teu_year?: number;
  utilisation?: number;
  free_flow_hours: number;
  delay_hours: number;
  km?: number;
}

export interface CorridorShare {
  corridor: string;
  teu_year: number;
  teu_km_year: number;
  share_teu: number;
  share_teu_km: number;
}

export interface AssignIteration {
  iteration: number;
  relative_gap: number;
  relative_gap_sptt?: number;
  average_excess_cost?: number;
  objective: number;
  elapsed_ns?: number;
}

export interface Assignment {
  demand: string;
  scenario?: string;
  result: {
    total_teu_year: number;
    final: AssignIteration;
    converged: boolean;
    elements: AssignElement[];
    corridors: CorridorShare[];
    bottlenecks: AssignElement[];
    classes?: { name: string; value_of_time_usd_per_teu_hour: number; avoid_countries?: string[] }[];
  };
  convergence: AssignIteration[];
  summary: { converged: boolean; iterations: number; relative_gap: number; total_teu_year: number };
}

export function startAssignment(body: AssignmentRequest, signal?: AbortSignal) {
  return post<AssignmentStarted>("/assignments", body, signal);
}

export function getGeoJSON(url: string, signal?: AbortSignal) {
  return request<GeoJSON.FeatureCollection>(url, { signal, headers: { Accept: "application/geo+json, application/json, application/problem+json" } });
}
