package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"time"
)

// conn is one keep-alive HTTP/1.1 connection of a load worker. Requests are
// written from a reused buffer and answers read into a reused one, and a
// gzip answer is not inflated unless it is an error to report: the load
// generator shares the machine with the server it measures, and net/http's
// client (with its transparent decompression) spent about a third of the
// CPU of a route-only load test. The server sees the same requests as from
// a browser: Accept-Encoding gzip, JSON bodies, keep-alive.
type conn struct {
	addr, host, key string
	c               net.Conn
	r               *bufio.Reader
	w               []byte
	body            []byte
	served          int // answers read on the present connection
}

// newConn prepares a connection to base (http://host:port); it dials on
// the first request.
func newConn(base, key string) (*conn, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("loadgen speaks plain HTTP/1.1 only, not %q", u.Scheme)
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	return &conn{addr: addr, host: u.Host, key: key}, nil
}

func (k *conn) close() {
	if k.c != nil {
		k.c.Close()
		k.c = nil
	}
}

// errStale is a failure before any byte of an answer on a connection that
// had answered before: the server closed it while idle, so the request is
// sent again on a new one.
var errStale = errors.New("connection closed before the answer")

// do sends one request and reads its answer: the status, and the body as
// text when the status is not 2xx.
func (k *conn) do(method, path, body string, auth bool) (int, string, error) {
	for attempt := 0; ; attempt++ {
		if k.c == nil {
			c, err := net.DialTimeout("tcp", k.addr, 5*time.Second)
			if err != nil {
				return 0, "", err
			}
			k.c, k.served = c, 0
			if k.r == nil {
				k.r = bufio.NewReaderSize(c, 32<<10)
			} else {
				k.r.Reset(c)
			}
		}
		code, text, err := k.roundTrip(method, path, body, auth)
		if err != nil {
			stale := errors.Is(err, errStale) && k.served > 0
			k.close()
			if stale && attempt == 0 {
				continue
			}
			return code, text, err
		}
		k.served++
		return code, text, nil
	}
}

func (k *conn) roundTrip(method, path, body string, auth bool) (int, string, error) {
	w := k.w[:0]
	w = append(w, method...)
	w = append(w, ' ')
	w = append(w, path...)
	w = append(w, " HTTP/1.1\r\nHost: "...)
	w = append(w, k.host...)
	w = append(w, "\r\nUser-Agent: corridor-loadgen\r\nAccept-Encoding: gzip\r\n"...)
	if body != "" {
		w = append(w, "Content-Type: application/json\r\nContent-Length: "...)
		w = strconv.AppendInt(w, int64(len(body)), 10)
		w = append(w, "\r\n"...)
	}
	if auth {
		w = append(w, "X-API-Key: "...)
		w = append(w, k.key...)
		w = append(w, "\r\n"...)
	}
	w = append(w, "\r\n"...)
	w = append(w, body...)
	k.w = w
	if err := k.c.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		return 0, "", err
	}
	if _, err := k.c.Write(w); err != nil {
		return 0, "", fmt.Errorf("%w: %v", errStale, err)
	}
	line, err := k.r.ReadSlice('\n')
	if err != nil {
		if len(line) == 0 {
			return 0, "", fmt.Errorf("%w: %v", errStale, err)
		}
		return 0, "", err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, "", fmt.Errorf("bad status line %.40q", line)
	}
	code, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, "", fmt.Errorf("bad status line %.40q", line)
	}
	length, chunked, closing, gz := -1, false, line[7] == '0', false // HTTP/1.0 closes
	for {
		h, err := k.r.ReadSlice('\n')
		if err != nil {
			return code, "", err
		}
		h = bytes.TrimRight(h, "\r\n")
		if len(h) == 0 {
			break
		}
		name, value, ok := bytes.Cut(h, []byte(":"))
		if !ok {
			return code, "", fmt.Errorf("bad header line %.60q", h)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return code, "", fmt.Errorf("bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closing = bytes.EqualFold(value, []byte("close"))
		case bytes.EqualFold(name, []byte("Content-Encoding")):
			gz = bytes.EqualFold(value, []byte("gzip"))
		}
	}
	k.body = k.body[:0]
	switch {
	case code/100 == 1 || code == 204 || code == 304 || method == "HEAD":
	case chunked:
		if err := k.readChunked(); err != nil {
			return code, "", err
		}
	case length >= 0:
		if err := k.readN(length); err != nil {
			return code, "", err
		}
	default: // the body runs to the end of the connection
		b, err := io.ReadAll(k.r)
		if err != nil {
			return code, "", err
		}
		k.body, closing = append(k.body, b...), true
	}
	if closing {
		k.close()
	}
	if code/100 == 2 {
		return code, "", nil
	}
	text := k.body
	if gz {
		if zr, err := gzip.NewReader(bytes.NewReader(text)); err == nil {
			if b, err := io.ReadAll(zr); err == nil {
				text = b
			}
		}
	}
	return code, string(text), nil
}

// readN appends n bytes of the answer to k.body.
func (k *conn) readN(n int) error {
	start := len(k.body)
	if cap(k.body)-start < n {
		k.body = append(k.body[:start], make([]byte, n)...)
	} else {
		k.body = k.body[:start+n]
	}
	_, err := io.ReadFull(k.r, k.body[start:])
	return err
}

// readChunked appends a chunked body to k.body.
func (k *conn) readChunked() error {
	for {
		line, err := k.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r\n")
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		n, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 32)
		if err != nil || n < 0 {
			return fmt.Errorf("bad chunk size %.20q", line)
		}
		if n == 0 {
			for { // trailers, up to the empty line
				t, err := k.r.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(bytes.TrimRight(t, "\r\n")) == 0 {
					return nil
				}
			}
		}
		if err := k.readN(int(n)); err != nil {
			return err
		}
		if _, err := k.r.Discard(2); err != nil { // the chunk's CRLF
			return err
		}
	}
}
