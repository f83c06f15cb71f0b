package api_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"

	"corridor/api"
)

// get sends a request with explicit headers (so Go's transport neither adds
// Accept-Encoding nor decompresses) and returns the raw answer.
func rawRequest(t *testing.T, method, url, body string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// unbrotli decodes a brotli body.
func unbrotli(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatalf("not brotli: %v", err)
	}
	return out
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A route answer is gzipped for a client that accepts it, byte for byte the
// identity answer once decompressed, and several times smaller; small
// answers and clients without gzip get the identity encoding.
func TestResponsesAreCompressed(t *testing.T) {
	ts := newServer(t, nil)
	body := `{"from":"Xi'an","to":"Duisburg","max_results":8}`
	plain, pb := rawRequest(t, "POST", ts.URL+"/api/v1/route", body, map[string]string{"Content-Type": "application/json"})
	if plain.StatusCode != 200 || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("identity: %d %q", plain.StatusCode, plain.Header.Get("Content-Encoding"))
	}
	zipped, zb := rawRequest(t, "POST", ts.URL+"/api/v1/route", body,
		map[string]string{"Content-Type": "application/json", "Accept-Encoding": "br;q=1.0, gzip;q=0.8"})
	if zipped.StatusCode != 200 || zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip: %d %q", zipped.StatusCode, zipped.Header.Get("Content-Encoding"))
	}
	if !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("no Vary: Accept-Encoding")
	}
	if got := gunzip(t, zb); !bytes.Equal(got, pb) {
		t.Errorf("decompressed answer differs from the identity one (%d vs %d bytes)", len(got), len(pb))
	}
	if ratio := float64(len(pb)) / float64(len(zb)); ratio < 3 {
		t.Errorf("compression ratio %.1f (%d → %d bytes), want ≥ 3 for JSON", ratio, len(pb), len(zb))
	} else {
		t.Logf("route answer %d bytes, gzip %d (%.1f×)", len(pb), len(zb), ratio)
	}
	refused, _ := rawRequest(t, "POST", ts.URL+"/api/v1/route", body,
		map[string]string{"Content-Type": "application/json", "Accept-Encoding": "gzip;q=0"})
	if refused.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 still compressed")
	}
	small, sb := rawRequest(t, "GET", ts.URL+"/healthz", "", map[string]string{"Accept-Encoding": "gzip"})
	if small.StatusCode != 200 || small.Header.Get("Content-Encoding") != "" || len(sb) == 0 {
		t.Errorf("small answer: %d %q %q", small.StatusCode, small.Header.Get("Content-Encoding"), sb)
	}
	// A problem answer big or small keeps its status and type.
	bad, bb := rawRequest(t, "POST", ts.URL+"/api/v1/route", `{"from":"Nowhere-at-all","to":"Duisburg"}`,
		map[string]string{"Content-Type": "application/json", "Accept-Encoding": "gzip"})
	if bad.StatusCode/100 != 4 || !strings.Contains(bad.Header.Get("Content-Type"), "problem+json") {
		t.Errorf("problem: %d %q", bad.StatusCode, bad.Header.Get("Content-Type"))
	}
	if bad.Header.Get("Content-Encoding") == "gzip" {
		bb = gunzip(t, bb)
	}
	if !bytes.Contains(bb, []byte("Nowhere-at-all")) {
		t.Errorf("problem body does not name the place: %s", bb)
	}
}

// UI files carry a content ETag, answer 304 to If-None-Match, are cached
// for a year when hashed (assets/) and revalidated otherwise, and are sent
// gzipped (compressed once) to clients that accept it.
func TestUIAssetsCachedAndCompressed(t *testing.T) {
	js := strings.Repeat("export const x = 'corridor';\n", 200)
	web := fstest.MapFS{
		"index.html":             {Data: []byte("<!doctype html><title>corridor</title>" + strings.Repeat("<p>x</p>", 300))},
		"assets/index-abc123.js": {Data: []byte(js)},
		"assets/logo-def456.png": {Data: []byte("\x89PNG\r\n\x1a\nnot really")},
	}
	ts := newServer(t, func(c *api.Config) { c.Web = web })
	r, b := rawRequest(t, "GET", ts.URL+"/assets/index-abc123.js", "", map[string]string{"Accept-Encoding": "gzip"})
	if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("js: %d %q", r.StatusCode, r.Header.Get("Content-Encoding"))
	}
	if string(gunzip(t, b)) != js {
		t.Errorf("js body differs after gunzip")
	}
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("hashed asset Cache-Control %q", cc)
	}
	etag := r.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	nm, nb := rawRequest(t, "GET", ts.URL+"/assets/index-abc123.js", "", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag})
	if nm.StatusCode != http.StatusNotModified || len(nb) != 0 {
		t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and no body", etag, nm.StatusCode, len(nb))
	}
	idx, ib := rawRequest(t, "GET", ts.URL+"/some/deep/link", "", nil)
	if idx.StatusCode != 200 || !bytes.Contains(ib, []byte("<title>corridor</title>")) || idx.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("deep link: %d %q %.40s", idx.StatusCode, idx.Header.Get("Cache-Control"), ib)
	}
	png, _ := rawRequest(t, "GET", ts.URL+"/assets/logo-def456.png", "", map[string]string{"Accept-Encoding": "gzip"})
	if png.Header.Get("Content-Encoding") != "" {
		t.Errorf("a PNG was gzipped")
	}
}

// The build writes brotli and gzip forms next to each text asset (name.br,
// name.gz): the server sends the best one the client accepts, byte for byte
// as written, with a weak ETag that still revalidates to 304; index.html is
// revalidated (no-cache) and a file without precompressed forms is
// compressed by the server (brotli or gzip, as the client accepts).
func TestUIPrecompressedAssets(t *testing.T) {
	js := strings.Repeat("export const y = 'corridor';\n", 200)
	idx := "<!doctype html><title>corridor</title>" + strings.Repeat("<p>y</p>", 300)
	web := fstest.MapFS{
		"index.html":                {Data: []byte(idx)},
		"index.html.br":             {Data: []byte("brotli-of-index")},
		"index.html.gz":             {Data: []byte("gzip-of-index")},
		"assets/index-abc123.js":    {Data: []byte(js)},
		"assets/index-abc123.js.br": {Data: []byte("brotli-of-js")},
		"assets/plain-777.css":      {Data: []byte(strings.Repeat("a{color:red}\n", 200))},
	}
	ts := newServer(t, func(c *api.Config) { c.Web = web })
	tests := []struct {
		name, path, accept, wantEnc, wantBody, wantCache string
	}{
		{"brotli preferred", "/assets/index-abc123.js", "gzip, deflate, br", "br", "brotli-of-js", "public, max-age=31536000, immutable"},
		{"gzip when br is refused", "/assets/index-abc123.js", "gzip, br;q=0", "gzip", "", "public, max-age=31536000, immutable"},
		{"identity", "/assets/index-abc123.js", "identity", "", js, "public, max-age=31536000, immutable"},
		{"index brotli", "/", "br", "br", "brotli-of-index", "no-cache"},
		{"index gzip as built", "/", "gzip", "gzip", "gzip-of-index", "no-cache"},
		{"index identity", "/", "identity", "", idx, "no-cache"},
		{"no precompressed forms: brotli here", "/assets/plain-777.css", "br, gzip", "br", "", "public, max-age=31536000, immutable"},
		{"no precompressed forms: gzipped here", "/assets/plain-777.css", "gzip", "gzip", "", "public, max-age=31536000, immutable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tc.accept != "" {
				hdr["Accept-Encoding"] = tc.accept
			}
			r, b := rawRequest(t, "GET", ts.URL+tc.path, "", hdr)
			if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != tc.wantEnc {
				t.Fatalf("%d, Content-Encoding %q, want 200 %q", r.StatusCode, r.Header.Get("Content-Encoding"), tc.wantEnc)
			}
			switch {
			case tc.wantBody != "" && string(b) != tc.wantBody:
				t.Errorf("body %.40q, want %.40q", b, tc.wantBody)
			case tc.wantBody == "" && tc.wantEnc == "gzip":
				plain, _ := fs.ReadFile(web, strings.TrimPrefix(tc.path, "/"))
				if !bytes.Equal(gunzip(t, b), plain) {
					t.Errorf("gunzipped body differs from the file")
				}
			case tc.wantBody == "" && tc.wantEnc == "br":
				plain, _ := fs.ReadFile(web, strings.TrimPrefix(tc.path, "/"))
				if !bytes.Equal(unbrotli(t, b), plain) {
					t.Errorf("brotli-decoded body differs from the file")
				}
			}
			if r.Header.Get("Cache-Control") != tc.wantCache {
				t.Errorf("Cache-Control %q, want %q", r.Header.Get("Cache-Control"), tc.wantCache)
			}
			if r.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
				t.Errorf("Content-Length %q for %d bytes", r.Header.Get("Content-Length"), len(b))
			}
			etag := r.Header.Get("ETag")
			if etag == "" || (tc.wantEnc != "") != strings.HasPrefix(etag, "W/") {
				t.Errorf("ETag %q for encoding %q (weak exactly when encoded)", etag, tc.wantEnc)
			}
			hdr["If-None-Match"] = etag
			nm, nb := rawRequest(t, "GET", ts.URL+tc.path, "", hdr)
			if nm.StatusCode != http.StatusNotModified || len(nb) != 0 {
				t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and no body", etag, nm.StatusCode, len(nb))
			}
		})
	}
}

// The network's GeoJSON is compressed with brotli or gzip, as the client
// accepts, byte for byte the identity answer once decoded, brotli smaller
// than gzip; every form carries an ETag, answers 304 to a client that has
// it and says Vary: Accept-Encoding.
func TestNetworkCacheable(t *testing.T) {
	ts := newServer(t, nil)
	plain, pb := rawRequest(t, "GET", ts.URL+"/api/v1/network", "", nil)
	if plain.StatusCode != 200 || plain.Header.Get("Content-Encoding") != "" || !bytes.Contains(pb, []byte(`"FeatureCollection"`)) {
		t.Fatalf("identity: %d %q %.60s", plain.StatusCode, plain.Header.Get("Content-Encoding"), pb)
	}
	if ct := plain.Header.Get("Content-Type"); ct != "application/geo+json" {
		t.Errorf("Content-Type %q", ct)
	}
	decode := map[string]func(*testing.T, []byte) []byte{"gzip": gunzip, "br": unbrotli}
	sizes := map[string]int{"": len(pb)}
	tests := []struct{ accept, want string }{
		{"gzip", "gzip"},
		{"gzip, deflate, br", "br"},
		{"br;q=0, gzip", "gzip"},
		{"br", "br"}, // the second brotli answer reuses the first's bytes
	}
	for _, tc := range tests {
		r, b := rawRequest(t, "GET", ts.URL+"/api/v1/network", "", map[string]string{"Accept-Encoding": tc.accept})
		if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != tc.want {
			t.Fatalf("Accept-Encoding %q: %d %q, want %q", tc.accept, r.StatusCode, r.Header.Get("Content-Encoding"), tc.want)
		}
		if !bytes.Equal(decode[tc.want](t, b), pb) {
			t.Errorf("Accept-Encoding %q: the decoded network differs from the identity answer", tc.accept)
		}
		if !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: Vary %q", tc.accept, r.Header.Get("Vary"))
		}
		if r.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("Cache-Control %q, want no-cache (revalidate with the ETag)", r.Header.Get("Cache-Control"))
		}
		if r.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
			t.Errorf("Content-Length %q for %d bytes", r.Header.Get("Content-Length"), len(b))
		}
		sizes[tc.want] = len(b)
		tag := r.Header.Get("ETag")
		nm, nb := rawRequest(t, "GET", ts.URL+"/api/v1/network", "", map[string]string{"Accept-Encoding": tc.accept, "If-None-Match": tag})
		if tag == "" || nm.StatusCode != http.StatusNotModified || len(nb) != 0 {
			t.Errorf("Accept-Encoding %q, If-None-Match %q: %d with %d bytes, want 304", tc.accept, tag, nm.StatusCode, len(nb))
		}
	}
	t.Logf("network GeoJSON %d bytes, gzip %d, brotli %d", sizes[""], sizes["gzip"], sizes["br"])
	if sizes["br"] >= sizes["gzip"] {
		t.Errorf("brotli %d bytes is not smaller than gzip %d", sizes["br"], sizes["gzip"])
	}
	nm, _ := rawRequest(t, "GET", ts.URL+"/api/v1/network", "", map[string]string{"If-None-Match": plain.Header.Get("ETag")})
	if nm.StatusCode != http.StatusNotModified {
		t.Errorf("the identity tag got %d, want 304", nm.StatusCode)
	}
	other, _ := rawRequest(t, "GET", ts.URL+"/api/v1/network", "", map[string]string{"If-None-Match": `"stale"`})
	if other.StatusCode != 200 {
		t.Errorf("a stale tag got %d, want 200", other.StatusCode)
	}
}
