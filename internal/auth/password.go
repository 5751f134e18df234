package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"github.com/bylinehq/byline/internal/news"
)

// Password length limits, in characters. The upper bound keeps a huge
// form post from costing more than hashing a sentence.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 1024
)

// Params are argon2id's cost parameters and sizes.
type Params struct {
	Memory      uint32 // KiB
	Iterations  uint32
	Parallelism uint8
	SaltLength  uint32 // bytes
	KeyLength   uint32 // bytes
}

// DefaultParams returns the parameters new hashes use: OWASP's minimum for
// argon2id (19 MiB, two passes, one lane), a 16-byte salt and a 32-byte key.
func DefaultParams() Params {
	return Params{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// Bounds on what ParseHash accepts, so that a tampered hash in the database
// cannot make a sign-in allocate gigabytes or spin for minutes.
const (
	maxMemory     = 1 << 21 // KiB: 2 GiB
	maxIterations = 64
	minSaltLength = 8
	maxSaltLength = 64
	minKeyLength  = 16
	maxKeyLength  = 128
)

// Hash is a decoded argon2id hash in PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>, base64 without padding.
type Hash struct {
	Params
	Salt []byte
	Key  []byte
}

// String encodes h in PHC string format.
func (h Hash) String() string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.Memory, h.Iterations, h.Parallelism, b64.EncodeToString(h.Salt), b64.EncodeToString(h.Key))
}

// ErrMalformedHash is returned for any hash ParseHash cannot read. It never
// quotes the hash, which must stay out of logs.
var ErrMalformedHash = errors.New("auth: stored password hash is not a valid argon2id PHC string")

// ParseHash decodes an argon2id hash in PHC string format. It accepts only
// version 19 and the parameters in the order m, t, p, rejects values outside
// sane bounds, and never panics. Errors do not contain the input.
func ParseHash(encoded string) (Hash, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return Hash{}, ErrMalformedHash
	}
	p, err := parseParams(parts[3])
	if err != nil {
		return Hash{}, err
	}
	b64 := base64.RawStdEncoding.Strict()
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLength || len(salt) > maxSaltLength {
		return Hash{}, ErrMalformedHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < minKeyLength || len(key) > maxKeyLength {
		return Hash{}, ErrMalformedHash
	}
	p.SaltLength, p.KeyLength = uint32(len(salt)), uint32(len(key))
	return Hash{Params: p, Salt: salt, Key: key}, nil
}

// parseParams reads "m=…,t=…,p=…".
func parseParams(s string) (Params, error) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return Params{}, ErrMalformedHash
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok || v == "" || (len(v) > 1 && v[0] == '0') {
			return Params{}, ErrMalformedHash
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return Params{}, ErrMalformedHash
		}
		vals[i] = n
	}
	m, t, p := vals[0], vals[1], vals[2]
	if p < 1 || p > 255 || t < 1 || t > maxIterations || m < 8*p || m > maxMemory {
		return Params{}, ErrMalformedHash
	}
	return Params{Memory: uint32(m), Iterations: uint32(t), Parallelism: uint8(p)}, nil
}

// HashPassword hashes password with p and a fresh random salt and returns
// it in PHC string format. It does not apply the password policy.
func (p Params) HashPassword(password string) string {
	salt := make([]byte, p.SaltLength)
	rand.Read(salt) // never fails; crashes the program if the system's source does
	return Hash{Params: p, Salt: salt, Key: p.key(password, salt)}.String()
}

// key derives the argon2id key of password. Passwords are NFKC-normalized
// first, so that "é" typed as one character or as e plus an accent (as
// different keyboards and phones do) is the same password.
func (p Params) key(password string, salt []byte) []byte {
	return argon2.IDKey([]byte(norm.NFKC.String(password)), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
}

// burn spends the time and memory of checking a password against a hash
// made with p, for sign-ins to unknown accounts.
func (p Params) burn(password string) {
	p.key(password, make([]byte, p.SaltLength))
}

// VerifyPassword reports whether password matches encoded, comparing in
// constant time with the parameters stored in the hash. A mismatch is
// (false, nil); a hash that cannot be read is ErrMalformedHash.
func VerifyPassword(encoded, password string) (bool, error) {
	h, err := ParseHash(encoded)
	if err != nil {
		return false, err
	}
	got := h.key(password, h.Salt)
	return subtle.ConstantTimeCompare(got, h.Key) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than
// p (or cannot be read), so that it should be replaced by a fresh hash the
// next time the password is known.
func (p Params) NeedsRehash(encoded string) bool {
	h, err := ParseHash(encoded)
	return err != nil || h.Params != p
}

// CheckPasswordPolicy returns a CodeInvalid error for field "password" when
// password is shorter than MinPasswordLength or longer than
// MaxPasswordLength characters, is all whitespace, or is not valid UTF-8.
func CheckPasswordPolicy(password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return news.Invalid("password", "must be valid text")
	case n < MinPasswordLength:
		return news.Invalid("password", "must have at least %d characters, this one has %d", MinPasswordLength, n)
	case n > MaxPasswordLength:
		return news.Invalid("password", "must have at most %d characters", MaxPasswordLength)
	case strings.TrimFunc(password, unicode.IsSpace) == "":
		return news.Invalid("password", "must not be only spaces")
	}
	return nil
}
