package api

import (
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWriteJSONNeverEmpty: a value that cannot be encoded is a 500 problem
// with a body, never the success status with an empty body.
func TestWriteJSONNeverEmpty(t *testing.T) {
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, nil))
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/api/v1/route", nil)
	writeJSONLogged(log, w, r, http.StatusOK, map[string]float64{"cost": math.Inf(1)})
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), `"status":500`) ||
		w.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("got %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	if !strings.Contains(logged.String(), "encoding the answer failed") {
		t.Errorf("not logged: %q", logged.String())
	}
	w = httptest.NewRecorder()
	writeJSONLogged(log, w, r, http.StatusCreated, map[string]float64{"cost": 1})
	if w.Code != http.StatusCreated || w.Body.String() != "{\"cost\":1}\n" {
		t.Errorf("got %d %q", w.Code, w.Body.String())
	}
}
