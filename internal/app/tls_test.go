package app_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
)

// TestServesTLSWithHSTS: with a certificate and key, Byline serves HTTPS
// (TLS 1.2 at least) and sends HSTS; plain HTTP never sends HSTS; a
// certificate without its key is refused at start.
func TestServesTLSWithHSTS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	a, err := app.New(context.Background(), app.Config{DataDir: t.TempDir(), Out: io.Discard,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), TLSCertFile: certFile, TLSKeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	base, stop := serveApp(t, a)
	defer stop()
	base = strings.Replace(base, "http://", "https://", 1)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS12}}}
	res, err := client.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("HTTPS: status %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS11}}}
	if res, err := old.Get(base + "/healthz"); err == nil {
		res.Body.Close()
		t.Error("a TLS 1.1 client was served")
	}

	plain, stopPlain := serveApp(t, demoless(t))
	defer stopPlain()
	res, err = http.Get(plain + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if h := res.Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("plain HTTP sent HSTS %q", h)
	}
	if _, err := app.New(context.Background(), app.Config{DataDir: t.TempDir(), Out: io.Discard, TLSCertFile: certFile,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}); err == nil || !strings.Contains(err.Error(), "--tls-key") {
		t.Errorf("a certificate without its key: %v", err)
	}
}

func demoless(t *testing.T) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), app.Config{DataDir: t.TempDir(), Out: io.Discard, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "byline test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
