// Client of the corridor HTTP API (/api/v1, same origin). Every request either resolves with
// the decoded JSON or rejects with an ApiError carrying the problem+json body (RFC 9457).
//
// The types are generated from the API's OpenAPI document, api/openapi.json (npm run gen:api
// writes src/gen/openapi.ts; check, build and dev run it first): do not write API shapes by
// hand here, change the document (and the Go test that checks the server against it).
import type { components } from "./gen/openapi";

type Schemas = components["schemas"];

export type Mode = Schemas["Mode"];
export const MODES: Mode[] = ["rail", "sea", "ferry", "road", "iww"];

export type NodeRef = Schemas["NodeRef"];
export type NodeInfo = Schemas["Node"];
export type Leg = Schemas["Leg"];
export type Total = Schemas["Total"];
export type Itinerary = Schemas["Itinerary"];
export type Crossing = Schemas["Crossing"];
export type Why = Schemas["Why"];
export type QueryEcho = Schemas["QueryEcho"];
export type RouteResponse = Schemas["RouteResponse"];
export type CorridorBest = Schemas["CorridorBest"];
export type CompareResponse = Schemas["CompareResponse"];
export type CountriesResponse = Schemas["CountriesResponse"];
export type Cargo = Schemas["Cargo"];
export type Objective = NonNullable<Schemas["RouteRequest"]["objective"]>;
// RouteRequest is the body of POST /route and /compare; empty fields are omitted.
export type RouteRequest = Schemas["RouteRequest"];
// Problem is the server's problem+json; the client makes its own (type and status unknown)
// when the server cannot be reached or does not answer JSON.
export type Problem = Partial<Schemas["Problem"]>;

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
  return request<Schemas["NodeList"]>(`/nodes?${p}`, { signal: opts.signal }).then((r) => r.nodes ?? []);
}

export function getNode(id: string) {
  return request<NodeInfo>(`/nodes/${encodeURIComponent(id)}`);
}

export function getCountries() {
  return request<CountriesResponse>("/countries");
}

export function getNetwork() {
  return request<NetworkGeoJSON>("/network");
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

// ---------- dated rates ----------

export type CostLine = Schemas["CostLine"];
export type RateUse = Schemas["RateUse"];
export type RatePoint = Schemas["RatePoint"];
export type RateSeries = Schemas["RateSeries"];

// getRates is one series month by month (from, to: YYYY-MM).
export function getRates(id: string, from?: string, to?: string, signal?: AbortSignal) {
  const p = new URLSearchParams();
  if (from) p.set("from", from);
  if (to) p.set("to", to);
  const qs = p.toString();
  return request<RateSeries>(`/rates/${encodeURIComponent(id)}${qs ? `?${qs}` : ""}`, { signal });
}

// ---------- scenarios ----------

export type ScenarioEdit = Schemas["ScenarioEdit"];
export type Scenario = Schemas["Scenario"];
export type ScenarioRecord = Schemas["ScenarioRecord"];
export type ScenarioVersion = Schemas["ScenarioVersion"];
export type DiffFigures = Schemas["DiffFigures"];
export type CorridorDiff = Schemas["CorridorDiff"];
export type DiffItinerary = Schemas["DiffItinerary"];
export type ScenarioDiff = Schemas["ScenarioDiff"];

const keyHeaders = (key: string): Record<string, string> => (key ? { "X-API-Key": key } : {});

export function listScenarios() {
  return request<Schemas["ScenarioList"]>("/scenarios").then((r) => r.scenarios ?? []);
}

export function getScenario(name: string, version?: number) {
  const q = version ? `?version=${version}` : "";
  return request<ScenarioRecord>(`/scenarios/${encodeURIComponent(name)}${q}`);
}

export function scenarioVersions(name: string) {
  return request<Schemas["ScenarioVersions"]>(`/scenarios/${encodeURIComponent(name)}/versions`).then(
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

export type SimulationRequest = Schemas["SimulationRequest"];
export type SimStarted = Schemas["SimulationStarted"];
export type Quantiles = Schemas["TransitStats"];
export type HistogramBin = Schemas["HistogramBin"];
export type SimResult = Schemas["SimResult"];
export type SimCorridor = Schemas["SimCorridor"];
export type SimComparison = Schemas["SimComparison"];

export type JobStatus = Schemas["JobStatus"];
export type SimulationJob = Schemas["SimulationJob"];
export type AssignmentJob = Schemas["AssignmentJob"];
export type JobProgress = Schemas["JobProgress"];
// Job is a simulation, an assignment or a resilience job, as GET .../{id} and the final event give it.
export type Job = SimulationJob | AssignmentJob | ResilienceJob;

// postJob starts a job. A server started with --api-key runs jobs only with the key: the one
// the scenario editor keeps for this tab (sessionStorage) is sent when there is one.
function postJob<T>(path: string, body: object, signal?: AbortSignal) {
  let key = "";
  try {
    key = sessionStorage.getItem("corridor-api-key") ?? "";
  } catch {
    // storage disabled: no key
  }
  return request<T>(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...keyHeaders(key) },
    body: JSON.stringify(body),
    signal,
  });
}

export function startSimulation(body: SimulationRequest, signal?: AbortSignal) {
  return postJob<SimStarted>("/simulations", body, signal);
}

export function getJob<J extends Job>(url: string, signal?: AbortSignal) {
  return request<J>(url, { signal });
}

// ---------- assignments ----------

export const DEMANDS = ["china-europe-2024", "china-europe-2030"] as const;

export type AssignmentRequest = Schemas["AssignmentRequest"];
export type AssignmentStarted = Schemas["AssignmentStarted"];
// AssignElement is a link or a node of the network with its equilibrium flow; capacity 0 (or
// absent) means the element has no capacity limit.
export type AssignElement = Schemas["AssignElement"];
export type CorridorShare = Schemas["CorridorShare"];
export type AssignIteration = Schemas["AssignIteration"];
export type Assignment = Schemas["AssignmentResult"];
export type NetworkGeoJSON = Schemas["NetworkGeoJSON"];
export type AssignmentGeoJSON = Schemas["AssignmentGeoJSON"];

export function startAssignment(body: AssignmentRequest, signal?: AbortSignal) {
  return postJob<AssignmentStarted>("/assignments", body, signal);
}

export function getGeoJSON(url: string, signal?: AbortSignal) {
  return request<AssignmentGeoJSON>(url, { signal, headers: { Accept: "application/geo+json, application/json, application/problem+json" } });
}

// ---------- resilience ----------

export type ResilienceRequest = Schemas["ResilienceRequest"];
export type ResilienceStarted = Schemas["ResilienceStarted"];
export type ResilienceJob = Schemas["ResilienceJob"];
export type ResilienceReport = Schemas["ResilienceReport"];
// ResilienceOutcome is one disrupted element's (or combination's) effect, a year.
export type ResilienceOutcome = Schemas["ResilienceOutcome"];

// startResilience starts a criticality analysis: every element of the sets disrupted in turn.
export function startResilience(body: ResilienceRequest, signal?: AbortSignal) {
  return postJob<ResilienceStarted>("/resilience", body, signal);
}
