package api

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// minCompressBytes is the smallest response body worth compressing: below
// it gzip's header and the CPU cost outweigh the bytes saved.
const minCompressBytes = 1024

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (a q=0 weight refuses it).
func acceptsGzip(r *http.Request) bool { return acceptsEncoding(r, "gzip") }

// acceptsEncoding reports whether the request's Accept-Encoding allows the
// content coding name ("gzip", "br"); "*" allows any and a q=0 weight
// refuses it.
func acceptsEncoding(r *http.Request, name string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.TrimSpace(coding)
		if !strings.EqualFold(coding, name) && coding != "*" {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		if q, ok := strings.CutPrefix(params, "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// compressible reports whether a response of content type ct is text that
// gzip shrinks (JSON, HTML, CSS, JavaScript, SVG, CSV, GeoJSON).
func compressible(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/") && mt != "text/event-stream":
		return true
	case mt == "application/json", mt == "application/problem+json", mt == "application/geo+json",
		mt == "application/javascript", mt == "image/svg+xml", strings.HasSuffix(mt, "+json"):
		return true
	}
	return false
}

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return w
}}

// compress gzips responses of compressible types of at least
// minCompressBytes for clients that accept it. It decides once the first
// minCompressBytes are written (or the handler ends), so small answers and
// event streams (which flush) go out as they are. A response that already
// has a Content-Encoding (the precompressed UI assets) is left alone.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !acceptsGzip(r) || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &gzipWriter{w: w}
		defer cw.finish()
		next.ServeHTTP(cw, r)
	})
}

// gzipWriter buffers the start of a response until it knows whether to
// compress it.
type gzipWriter struct {
	w       http.ResponseWriter
	status  int
	buf     []byte
	decided bool
	gz      *gzip.Writer // non-nil once compressing
}

func (c *gzipWriter) Header() http.Header { return c.w.Header() }

func (c *gzipWriter) WriteHeader(code int) {
	if c.status != 0 || c.decided {
		return
	}
	c.status = code
	if code < 200 || code == http.StatusNoContent || code == http.StatusNotModified {
		c.decide(false)
	}
}

func (c *gzipWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if !c.decided {
		c.buf = append(c.buf, b...)
		if len(c.buf) < minCompressBytes {
			return len(b), nil
		}
		if err := c.decide(true); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if c.gz != nil {
		return c.gz.Write(b)
	}
	return c.w.Write(b)
}

// decide sends the header, compressing when big is true and the type and
// headers allow it, then the buffered bytes.
func (c *gzipWriter) decide(big bool) error {
	c.decided = true
	h := c.w.Header()
	if c.status == 0 {
		c.status = http.StatusOK
	}
	ct := h.Get("Content-Type")
	if ct == "" && len(c.buf) > 0 {
		ct = http.DetectContentType(c.buf)
		h.Set("Content-Type", ct)
	}
	if compressible(ct) {
		h.Add("Vary", "Accept-Encoding")
	}
	if big && h.Get("Content-Encoding") == "" && compressible(ct) {
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
			h.Set("ETag", "W/"+et) // the bytes differ from the identity encoding
		}
		c.gz = gzipPool.Get().(*gzip.Writer)
		c.gz.Reset(c.w)
	}
	c.w.WriteHeader(c.status)
	if len(c.buf) == 0 {
		return nil
	}
	var err error
	if c.gz != nil {
		_, err = c.gz.Write(c.buf)
	} else {
		_, err = c.w.Write(c.buf)
	}
	c.buf = nil
	return err
}

// finish flushes what is buffered and closes the gzip stream.
func (c *gzipWriter) finish() {
	if !c.decided {
		if c.status == 0 && len(c.buf) == 0 {
			return // the handler wrote nothing: net/http sends its 200
		}
		_ = c.decide(false)
	}
	if c.gz != nil {
		_ = c.gz.Close()
		c.gz.Reset(io.Discard)
		gzipPool.Put(c.gz)
		c.gz = nil
	}
}

// Flush sends what is buffered (an event stream decides at its first flush
// and is never compressed: its type is not compressible).
func (c *gzipWriter) Flush() {
	if !c.decided {
		_ = c.decide(false)
	}
	if c.gz != nil {
		_ = c.gz.Flush()
	}
	// The writer below may be a wrapper (the access log's) that only
	// unwraps: the response controller finds the flusher beneath it.
	_ = http.NewResponseController(c.w).Flush()
}

// Hijack lets a handler take over the connection when the underlying
// writer allows it.
func (c *gzipWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := c.w.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("the response writer cannot be hijacked")
}

// Unwrap gives http.ResponseController the underlying writer.
func (c *gzipWriter) Unwrap() http.ResponseWriter { return c.w }

// asset is one file of the UI (or another fixed answer), read once, with
// its content hash and compressed forms: gzip and brotli when the build
// wrote them next to the file (name.gz, name.br); otherwise gzip is
// compressed here once at best compression, and brotli once, at the first
// request that accepts it (so clients that never ask for br never pay for
// it).
type asset struct {
	body, gz []byte
	etag     string // strong tag of the identity body
	ctype    string
	cache    string // Cache-Control

	brOnce sync.Once
	br     []byte // the brotli form, once brOnce has run (nil: not smaller)
}

// brotliQuality is the brotli quality of the forms compressed here (0–11):
// 9 makes the network's 1.2 MB of GeoJSON 15 % smaller than gzip -9 in
// about 150 ms, once; 11 would save 12 % more but take 2.3 s.
const brotliQuality = 9

// newAsset returns the asset for body, gzipping it when that pays and no
// precompressed form is given.
func newAsset(body, gz, br []byte, ctype, cache string) *asset {
	sum := sha256.Sum256(body)
	f := &asset{body: body, gz: gz, br: br, ctype: ctype, cache: cache, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if f.gz == nil && f.worthCompressing() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(body)
		_ = zw.Close()
		if b.Len() < len(body) {
			f.gz = b.Bytes()
		}
	}
	if br != nil {
		f.brOnce.Do(func() {}) // given by the build: nothing to compress
	}
	return f
}

// worthCompressing reports whether the body is text big enough to shrink.
func (f *asset) worthCompressing() bool {
	return compressible(f.ctype) && len(f.body) >= minCompressBytes
}

// brotli returns the brotli form, compressing the body the first time it
// is asked for when the build gave none; nil when brotli does not shrink it.
func (f *asset) brotli() []byte {
	f.brOnce.Do(func() {
		if !f.worthCompressing() {
			return
		}
		var b bytes.Buffer
		bw := brotli.NewWriterLevel(&b, brotliQuality)
		_, _ = bw.Write(f.body)
		_ = bw.Close()
		if b.Len() < len(f.body) {
			f.br = b.Bytes()
		}
	})
	return f.br
}

// serve writes the asset: 304 when If-None-Match names its tag, else the
// smallest encoding the client accepts (brotli, gzip, identity).
func (f *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", f.cache)
	body, etag := f.body, f.etag
	switch {
	case acceptsEncoding(r, "br") && f.brotli() != nil:
		// A weak tag: the bytes differ from the identity body's.
		body, etag = f.br, `W/`+f.etag
		h.Set("Content-Encoding", "br")
	case f.gz != nil && acceptsGzip(r):
		body, etag = f.gz, `W/`+f.etag
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, f.etag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// assets serves the UI files with an ETag (content hash), If-None-Match,
// Cache-Control (a year, immutable, for the hashed files under assets/;
// revalidate for the rest) and the precompressed forms the build wrote.
type assets struct {
	fsys  fs.FS
	mu    sync.Mutex
	files map[string]*asset
}

// readOptional reads name from fsys, nil when it is absent.
func readOptional(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

func (a *assets) get(name string) (*asset, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f, ok := a.files[name]; ok {
		return f, nil
	}
	body, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		return nil, err
	}
	gz, err := readOptional(a.fsys, name+".gz")
	if err != nil {
		return nil, fmt.Errorf("read %s.gz: %w", name, err)
	}
	br, err := readOptional(a.fsys, name+".br")
	if err != nil {
		return nil, fmt.Errorf("read %s.br: %w", name, err)
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(body)
	}
	cache := "no-cache"
	if strings.HasPrefix(name, "assets/") {
		cache = "public, max-age=31536000, immutable"
	}
	f := newAsset(body, gz, br, ctype, cache)
	if a.files == nil {
		a.files = map[string]*asset{}
	}
	a.files[name] = f
	return f, nil
}

// serve writes the file name (a path inside the UI folder).
func (a *assets) serve(w http.ResponseWriter, r *http.Request, name string) {
	f, err := a.get(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	f.serve(w, r)
}

// etagMatch reports whether an If-None-Match list names the strong tag
// (weak comparison: W/"x" matches "x").
func etagMatch(list, tag string) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}
