package netguard_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/netguard"
)

func TestRefused(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "127.8.8.8": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.0.10": true,
		"169.254.169.254": true, "100.64.0.1": true, "0.0.0.0": true, "255.255.255.255": true, "224.0.0.1": true,
		"::": true, "::1": true, "fe80::1": true, "fc00::1": true, "fd12:3456::1": true, "::ffff:10.0.0.1": true,
		"64:ff9b::a00:1": true, "ff02::1": true,
		"93.184.216.34": false, "203.0.113.9": false, "2606:4700:4700::1111": false, "172.32.0.1": false,
	} {
		if got := netguard.Refused(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Refused(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestCheckURLNamesTheOptionThatAllowsAHost(t *testing.T) {
	g := netguard.NewGuard([]string{"feeds.internal:8443", "[fd00::5]"}, "wire feeds", "--wire-allow-host")
	err := g.CheckURL(context.Background(), "http://127.0.0.1:8080/feed")
	if err == nil || !strings.Contains(err.Error(), "wire feeds") || !strings.Contains(err.Error(), "--wire-allow-host") {
		t.Errorf("CheckURL(loopback) = %v, want a refusal naming wire feeds and the option", err)
	}
	for _, ok := range []string{"http://feeds.internal/rss", "http://[fd00::5]:9000/", "https://203.0.113.9/feed"} {
		if err := g.CheckURL(context.Background(), ok); err != nil {
			t.Errorf("CheckURL(%q) = %v, want accepted", ok, err)
		}
	}
}
