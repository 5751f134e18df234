// Package netguard keeps Byline's outgoing HTTP requests (webhook
// deliveries, wire feed polls) away from the machine it runs on and its
// private network (SSRF).
package netguard

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// Guard keeps requests away from the machine Byline runs on and its
// private network (SSRF): by default it refuses loopback, private,
// link-local, CGNAT, multicast, unspecified and reserved addresses. Hosts an
// operator allows explicitly (e.g. --webhook-allow-host) are exempt.
//
// The check runs at dial time on the address actually connected to, so a
// name that resolves to a public address at registration and to a private
// one later (DNS rebinding) is still refused.
type Guard struct {
	allow map[string]bool
	what  string // what is refused, for messages: "webhooks", "wire feeds"
	flag  string // the option that allows a host, for messages
}

// NewGuard returns a guard that exempts hosts (names or IP literals,
// compared without port and case). what names the requests in messages
// ("webhooks"), and flag the option that allows a host
// ("byline serve --webhook-allow-host").
func NewGuard(hosts []string, what, flag string) *Guard {
	g := &Guard{allow: map[string]bool{}, what: what, flag: flag}
	for _, h := range hosts {
		if host, _, err := net.SplitHostPort(h); err == nil {
			h = host
		}
		h = strings.ToLower(strings.Trim(strings.TrimSpace(h), "[]"))
		if h != "" {
			g.allow[h] = true
		}
	}
	return g
}

// Allowed reports whether host was exempted explicitly.
func (g *Guard) Allowed(host string) bool { return g.allow[strings.ToLower(strings.Trim(host, "[]"))] }

// refusedPrefixes are ranges outside IsPrivate, IsLoopback and the other
// netip predicates that still reach places a request must not.
var refusedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64: embeds any IPv4 address
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("2002::/16"),      // 6to4: embeds any IPv4 address
	netip.MustParsePrefix("fec0::/10"),      // deprecated site-local
}

// Refused reports whether a request may not be sent to ip unless its host
// is allowed explicitly.
func Refused(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	for _, p := range refusedPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// refusedErr is what a person sees for a refused address.
func (g *Guard) refusedErr(host string, ip netip.Addr) error {
	what := host
	if ip.String() != host {
		what = fmt.Sprintf("%s (%s)", host, ip)
	}
	return news.Invalid("url", "%s is a private, loopback, link-local or reserved address; %s go there only if the operator allows the host (%s)", what, g.what, g.flag)
}

// CheckURL refuses, at registration, a URL whose host is or resolves to a
// refused address. A name that does not resolve now is accepted: every
// delivery checks again when it connects.
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return news.Invalid("url", "%q is not a URL", raw)
	}
	host := u.Hostname()
	if g.Allowed(host) {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if Refused(ip) {
			return g.refusedErr(host, ip)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil
	}
	for _, ip := range addrs {
		if Refused(ip) {
			return g.refusedErr(host, ip)
		}
	}
	return nil
}

// Dial connects for an http.Transport (as its DialContext), checking the
// address actually connected to for any host that is not allowed
// explicitly; redirects are checked too, as each one dials again. The
// transport must have no Proxy, which would dial past the guard.
func (g *Guard) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	d := net.Dialer{Timeout: 5 * time.Second}
	if !g.Allowed(host) {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("netguard: unexpected address %q", address)
			}
			if Refused(ap.Addr()) {
				return g.refusedErr(host, ap.Addr().Unmap())
			}
			return nil
		}
	}
	return d.DialContext(ctx, network, addr)
}
