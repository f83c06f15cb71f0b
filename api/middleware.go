package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics holds the server's Prometheus collectors.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	searches *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "corridor_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "corridor_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "corridor_searches_total", Help: "Route and compare searches by kind and outcome.",
		}, []string{"kind", "outcome"}),
	}
	reg.MustRegister(m.requests, m.latency, m.searches)
	return m
}

func (m *metrics) search(kind, outcome string) { m.searches.WithLabelValues(kind, outcome).Inc() }

// statusWriter records the status code and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs every request and records its metrics under its route pattern.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		pattern := r.Pattern
		if pattern == "" {
			pattern = "unmatched"
		}
		s.metrics.requests.WithLabelValues(pattern, methodLabel(r.Method), strconv.Itoa(sw.status)).Inc()
		s.metrics.latency.WithLabelValues(pattern).Observe(d.Seconds())
		s.cfg.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "route", pattern,
			"status", sw.status, "bytes", sw.bytes, "ms", float64(d.Microseconds())/1000, "remote", r.RemoteAddr)
	})
}

// methodLabel keeps the method label within a fixed set: any other method
// string (a client may send anything) is "other", so labels cannot grow
// without bound. The route label is the matched pattern, itself from a fixed
// set (the catch-all patterns "/api/" and "/" included), or "unmatched".
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

// recoverer turns a panic in a handler into a logged 500 problem instead of
// a dropped connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.cfg.Logger.Error("handler panic", "path", r.URL.Path, "panic", v)
				writeProblem(w, r, Problem{Type: typeInternal, Title: "Internal error", Status: http.StatusInternalServerError})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
