package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestWebhookAllowHostFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	_ = run(context.Background(), []string{"serve", "--help"}, strings.NewReader(""), &out, &errOut)
	if !strings.Contains(errOut.String(), "-webhook-allow-host") {
		t.Errorf("serve --help does not describe --webhook-allow-host:\n%s", errOut.String())
	}
	var h hostList
	for _, v := range []string{"127.0.0.1", " hooks.internal ", "[::1]"} {
		if err := h.Set(v); err != nil {
			t.Errorf("Set(%q) = %v", v, err)
		}
	}
	if h.String() != "127.0.0.1,hooks.internal,[::1]" {
		t.Errorf("repeated flag = %q", h.String())
	}
	for _, v := range []string{"", "http://hooks.internal/", "a b"} {
		if err := h.Set(v); err == nil {
			t.Errorf("Set(%q) accepted a value that is not a host", v)
		}
	}
}
