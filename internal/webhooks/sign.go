package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Headers sent with every delivery.
const (
	SignatureHeader = "Byline-Signature" // t=<unix seconds>,v1=<hex HMAC-SHA256>
	EventHeader     = "Byline-Event"     // e.g. article.published
	DeliveryHeader  = "Byline-Delivery"  // the delivery's ID, the same on every retry
)

// SecretPrefix starts every endpoint secret, so that one found in a file
// or a paste is recognisable.
const SecretPrefix = "whsec_"

// NewSecret returns a new endpoint secret: 32 random bytes, hex-encoded,
// after SecretPrefix.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return SecretPrefix + hex.EncodeToString(b)
}

// Sign returns the Byline-Signature header for body sent at t: the Unix
// time and the hex HMAC-SHA256, keyed with the whole secret string, of
// "<t>.<body>". Signing the time with the body lets a receiver refuse an
// old delivery replayed by someone who captured it.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a Byline-Signature header against body, as a receiver
// does: the signature must match and its time be within tolerance of now.
// Several v1 values (during a secret rotation) are accepted.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return errors.New("webhooks: malformed signature header")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return errors.New("webhooks: signature time outside the tolerance")
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return errors.New("webhooks: signature does not match")
}
