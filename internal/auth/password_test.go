package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/auth"
	"github.com/bylinehq/byline/internal/news"
)

// fast are cheap parameters for tests that hash many passwords.
var fast = auth.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

func TestDefaultHashIsPHCArgon2id(t *testing.T) {
	t.Parallel()
	enc := auth.DefaultParams().HashPassword("correct horse battery")
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(enc) {
		t.Fatalf("hash %q is not in PHC format with the default parameters", enc)
	}
	h, err := auth.ParseHash(enc)
	if err != nil {
		t.Fatal(err)
	}
	if h.Params != auth.DefaultParams() || h.String() != enc {
		t.Errorf("ParseHash round trip: params %+v, string %q", h.Params, h.String())
	}
	if ok, err := auth.VerifyPassword(enc, "correct horse battery"); !ok || err != nil {
		t.Errorf("VerifyPassword(right) = %v, %v", ok, err)
	}
	if enc == auth.DefaultParams().HashPassword("correct horse battery") {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestVerifyPassword(t *testing.T) {
	t.Parallel()
	enc := fast.HashPassword("Café crème 2026") // é as one code point
	tests := []struct {
		name     string
		password string
		want     bool
	}{
		{"right password", "Café crème 2026", true},
		{"same text, decomposed accents", "Cafe\u0301 cre\u0300me 2026", true},
		{"wrong password", "Cafe creme 2026", false},
		{"prefix of the password", "Café crème", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := auth.VerifyPassword(enc, tt.password)
			if err != nil || ok != tt.want {
				t.Errorf("VerifyPassword = %v, %v; want %v", ok, err, tt.want)
			}
		})
	}
}

func TestTamperedHashIsRejected(t *testing.T) {
	t.Parallel()
	enc := fast.HashPassword("a long enough password")
	h, err := auth.ParseHash(enc)
	if err != nil {
		t.Fatal(err)
	}
	flipped := h
	flipped.Key = append([]byte(nil), h.Key...)
	flipped.Key[0] ^= 1
	cheaper := h
	cheaper.Iterations = 2
	mismatches := map[string]string{"key changed": flipped.String(), "parameters changed": cheaper.String()}
	for name, enc := range mismatches {
		if ok, err := auth.VerifyPassword(enc, "a long enough password"); ok || err != nil {
			t.Errorf("%s: VerifyPassword = %v, %v; want a mismatch", name, ok, err)
		}
	}

	salt, key := strings.Split(enc, "$")[4], strings.Split(enc, "$")[5]
	malformed := []struct{ name, enc string }{
		{"empty", ""},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"old version", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{"no version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + key},
		{"parameters out of order", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key},
		{"extra parameter", "$argon2id$v=19$m=64,t=1,p=1,keyid=x$" + salt + "$" + key},
		{"leading zero", "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key},
		{"zero passes", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
		{"memory too small for lanes", "$argon2id$v=19$m=8,t=1,p=2$" + salt + "$" + key},
		{"absurd memory", "$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key},
		{"negative", "$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key},
		{"padded base64", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key},
		{"url base64", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.NewReplacer("+", "-", "/", "_").Replace(key) + "-_"},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + key},
		{"short key", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$aGFzaA"},
		{"trailing field", enc + "$x"},
		{"plain text", "hunter2hunter2"},
	}
	for _, tt := range malformed {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := auth.ParseHash(tt.enc); !errors.Is(err, auth.ErrMalformedHash) {
				t.Errorf("ParseHash error = %v, want ErrMalformedHash", err)
			}
			ok, err := auth.VerifyPassword(tt.enc, "a long enough password")
			if ok || !errors.Is(err, auth.ErrMalformedHash) {
				t.Errorf("VerifyPassword = %v, %v; want false and ErrMalformedHash", ok, err)
			}
			if err != nil && tt.enc != "" && strings.Contains(err.Error(), tt.enc) {
				t.Error("the error quotes the hash")
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	t.Parallel()
	enc := fast.HashPassword("a long enough password")
	stronger := fast
	stronger.Iterations = 3
	longerKey := fast
	longerKey.KeyLength = 64
	tests := []struct {
		name string
		p    auth.Params
		enc  string
		want bool
	}{
		{"same parameters", fast, enc, false},
		{"more passes wanted", stronger, enc, true},
		{"longer key wanted", longerKey, enc, true},
		{"unreadable hash", fast, "$argon2id$nonsense", true},
	}
	for _, tt := range tests {
		if got := tt.p.NeedsRehash(tt.enc); got != tt.want {
			t.Errorf("%s: NeedsRehash = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		password string
		ok       bool
		message  string
	}{
		{"ten ASCII characters", "abcdefghij", true, ""},
		{"ten Arabic characters", "كلمةالسرهن", true, ""},
		{"spaces inside count", "correct horse", true, ""},
		{"longest allowed", strings.Repeat("é", auth.MaxPasswordLength), true, ""},
		{"nine characters", "abcdefghi", false, "at least 10 characters, this one has 9"},
		{"nine Arabic characters, 18 bytes", "كلمةالسره", false, "at least 10"},
		{"too long", strings.Repeat("a", auth.MaxPasswordLength+1), false, "at most 1024"},
		{"only whitespace", strings.Repeat(" \t\u00a0", 5), false, "only spaces"},
		{"invalid UTF-8", "abcdefghij\xff", false, "valid text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := auth.CheckPasswordPolicy(tt.password)
			if tt.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if news.ErrorCode(err) != news.CodeInvalid || !strings.Contains(news.ErrorMessage(err), tt.message) {
				t.Fatalf("error = %v, want invalid saying %q", err, tt.message)
			}
			if !strings.HasPrefix(news.ErrorMessage(err), "password: ") {
				t.Errorf("message %q does not name the password field", news.ErrorMessage(err))
			}
		})
	}
}

// FuzzParseHash checks that the parser never panics, and that what it
// accepts encodes back to a hash it reads the same way.
func FuzzParseHash(f *testing.F) {
	f.Add(fast.HashPassword("a long enough password"))
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")
	f.Add("$argon2id$v=19$m=,t=,p=$$")
	f.Add("$argon2id$v=19$m=4294967296,t=1,p=256$AAAA$AAAA")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, enc string) {
		h, err := auth.ParseHash(enc)
		if err != nil {
			return
		}
		again, err := auth.ParseHash(h.String())
		if err != nil {
			t.Fatalf("re-encoded hash does not parse: %v", err)
		}
		if again.Params != h.Params || string(again.Salt) != string(h.Salt) || string(again.Key) != string(h.Key) {
			t.Fatalf("round trip changed the hash: %+v → %+v", h, again)
		}
	})
}
