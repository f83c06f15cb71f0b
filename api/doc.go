// Package api is corridor's HTTP interface: the JSON API under /api/v1
// (route, compare, nodes, countries, network), its OpenAPI 3.1 document at
// /api/openapi.json, /healthz, Prometheus /metrics, and the web UI at /.
//
// Errors are RFC 9457 problem details (application/problem+json) naming the
// field at fault; bad input is always a 4xx, never a 500. Request bodies are
// limited in size and decoded strictly (unknown fields are refused), and
// each search runs under a timeout whose context reaches the search loop.
// Every request is logged with log/slog and counted per route pattern.
package api
