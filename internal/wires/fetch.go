package wires

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/netguard"
	"github.com/bylinehq/byline/internal/news"
)

// Default limits of a Fetcher.
const (
	DefaultMaxBytes     = 10 << 20
	DefaultTimeout      = 20 * time.Second
	DefaultMaxRedirects = 3
	DefaultUserAgent    = "Byline wire desk (+https://github.com/bylinehq/byline)"
)

// Fetcher gets wire feeds over HTTP(S) with conditional GET, within limits
// on size, time and redirects, through an SSRF guard that checks the
// address of every connection, redirects included. It is safe for
// concurrent use; change its fields only before the first Fetch.
type Fetcher struct {
	Guard        *netguard.Guard
	MaxBytes     int64         // largest body read; a larger one is an error
	Timeout      time.Duration // for the whole fetch, body included
	MaxRedirects int
	UserAgent    string

	client *http.Client
}

// Fetched is the answer to a Fetch. On NotModified, Body is empty and the
// validators are the ones sent.
type Fetched struct {
	NotModified        bool
	Status             int
	Body               []byte
	ETag, LastModified string
}

// NewFetcher returns a Fetcher with the default limits whose guard exempts
// allowHosts (names or IP literals, as given to --wire-allow-host).
func NewFetcher(allowHosts []string) *Fetcher {
	f := &Fetcher{
		Guard:        netguard.NewGuard(allowHosts, "wire feeds", "byline serve --wire-allow-host"),
		MaxBytes:     DefaultMaxBytes,
		Timeout:      DefaultTimeout,
		MaxRedirects: DefaultMaxRedirects,
		UserAgent:    DefaultUserAgent,
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would dial for us, past the guard
		DialContext:           f.Guard.Dial,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
		MaxIdleConns:          16,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	f.client = &http.Client{Transport: transport, CheckRedirect: f.checkRedirect}
	return f
}

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.MaxRedirects {
		return fmt.Errorf("more than %d redirects", f.MaxRedirects)
	}
	return checkScheme(req.URL)
}

// CheckURL refuses, at registration, a URL that is not absolute http(s),
// carries credentials, or whose host is or resolves to a loopback,
// private, link-local or reserved address and is not allowed. Every fetch
// checks the address again when it connects.
func (f *Fetcher) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return news.Invalid("url", "%q is not a URL", raw)
	}
	if err := checkScheme(u); err != nil {
		return err
	}
	return f.Guard.CheckURL(ctx, u.String())
}

func checkScheme(u *url.URL) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return news.Invalid("url", "a wire feed URL must start with http:// or https://, not %q", u.Scheme+":")
	case u.Host == "":
		return news.Invalid("url", "the URL has no host")
	case u.User != nil:
		return news.Invalid("url", "the URL must not carry a user name or password")
	}
	return nil
}

// Fetch gets url, sending etag and lastModified (either may be empty) as
// If-None-Match and If-Modified-Since. A 304 is NotModified; any other
// status but 2xx is an error, returned with the Fetched that says which.
// The body is read up to MaxBytes; a larger one is an error.
func (f *Fetcher) Fetch(ctx context.Context, rawURL, etag, lastModified string) (Fetched, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return Fetched{}, news.Invalid("url", "%q is not a URL", rawURL)
	}
	if err := checkScheme(u); err != nil {
		return Fetched{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Fetched{}, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return Fetched{}, fmt.Errorf("fetch %s: no answer within %s", u.Redacted(), f.Timeout)
		}
		return Fetched{}, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	out := Fetched{Status: resp.StatusCode, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.ETag = firstNonEmpty(out.ETag, etag)
		out.LastModified = firstNonEmpty(out.LastModified, lastModified)
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return out, fmt.Errorf("fetch %s: the server answered %s", u.Redacted(), resp.Status)
	case resp.ContentLength > f.MaxBytes:
		return out, fmt.Errorf("fetch %s: the feed is %d bytes, more than the %d allowed", u.Redacted(), resp.ContentLength, f.MaxBytes)
	}
	// The transport undoes gzip itself; the limit applies to what it
	// inflates, so a compression bomb stops here too.
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.MaxBytes+1))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return out, fmt.Errorf("fetch %s: the feed did not arrive within %s", u.Redacted(), f.Timeout)
		}
		return out, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	if int64(len(body)) > f.MaxBytes {
		return out, fmt.Errorf("fetch %s: the feed is more than the %d bytes allowed", u.Redacted(), f.MaxBytes)
	}
	out.Body = body
	return out, nil
}
