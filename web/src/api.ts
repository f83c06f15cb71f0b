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
    res = await fetch(API + path, {
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

function post<T>(path: string, body: RouteRequest, signal?: AbortSignal) {
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
