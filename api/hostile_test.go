package api_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"corridor/api"
	"corridor/data/eurasia"
)

// TestNoEmptySuccess: a request whose answer could not be encoded
// (non-finite costs) is refused with a problem naming the field; no
// answer is ever a 2xx without a body.
func TestNoEmptySuccess(t *testing.T) {
	ts := newServer(t, nil)
	for _, path := range []string{"/api/v1/route", "/api/v1/compare", "/api/v1/scenarios/red-sea-closed/diff"} {
		for _, c := range []struct{ body, field string }{
			{`{"from":"Xi'an","to":"Duisburg","cargo":{"value_usd":1e308}}`, "cargo.value_usd"},
			{`{"from":"Xi'an","to":"Duisburg","carbon_price":1e308}`, "carbon_price"},
			{`{"from":"Xi'an","to":"Duisburg","depart":"9999-12-01"}`, "depart"},
			{`{"from":"Xi'an","to":"Duisburg","cargo":{"tonnes":1e308}}`, "cargo.tonnes"},
		} {
			r := do(t, ts, "POST", path, c.body)
			if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), `"field":"`+c.field+`"`) {
				t.Errorf("%s %s: %d %q, want 400 naming %s", path, c.body, r.status, r.body, c.field)
			}
		}
	}
}

// TestHostileInput: the smaller cases of issue 13 are refused with a 4xx
// naming what is wrong.
func TestHostileInput(t *testing.T) {
	ts := newServer(t, nil)
	vias := `"Aktau","Baku"` + strings.Repeat(`,"Aktau","Baku"`, 9999)
	for _, c := range []struct {
		name, body string
		status     int
		want       string
	}{
		{"duplicate key", `{"from":"Xi'an","to":"Duisburg","to":"Rotterdam"}`, 400, `"field":"to"`},
		{"duplicate nested key", `{"from":"Xi'an","to":"Duisburg","cargo":{"feu":1,"feu":2}}`, 400, `"field":"cargo.feu"`},
		{"feu 0", `{"from":"Xi'an","to":"Duisburg","cargo":{"feu":0}}`, 400, `"field":"cargo.feu"`},
		{"via is the origin", `{"from":"Xi'an","to":"Duisburg","via":["Xi'an"]}`, 400, `"field":"via"`},
		{"via is the destination", `{"from":"Xi'an","to":"Duisburg","via":["DEDUI"]}`, 400, `"field":"via"`},
		{"20,000 vias", `{"from":"Xi'an","to":"Duisburg","via":[` + vias + `]}`, 400, `at most 10 items`},
		{"a 1,000,000-character place", `{"from":"` + strings.Repeat("a", 1_000_000) + `","to":"Duisburg"}`, 400, `at most 200 characters`},
	} {
		start := time.Now()
		r := do(t, ts, "POST", "/api/v1/route", c.body)
		if r.status != c.status || !strings.Contains(string(r.body), c.want) {
			t.Errorf("%s: %d %.300s, want %d with %s", c.name, r.status, r.body, c.status, c.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: answered after %v", c.name, d)
		}
	}
	// A body in another charset than UTF-8 is refused, not misread.
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/route", strings.NewReader(`{"from":"Xi'an","to":"Duisburg"}`))
	req.Header.Set("Content-Type", "application/json; charset=utf-16")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("charset=utf-16: %d, want 415", resp.StatusCode)
	}
}

// TestSlowBody: a body that does not arrive before the server's read
// timeout is a 408 whose message names no socket address.
func TestSlowBody(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(api.New(api.Config{Graph: g}).Handler())
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Start()
	defer ts.Close()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/route HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"from\":")
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
	if resp.StatusCode != http.StatusRequestTimeout || strings.Contains(b.String(), "127.0.0.1") {
		t.Errorf("slow body: %d %s, want 408 without addresses", resp.StatusCode, b.String())
	}
}
