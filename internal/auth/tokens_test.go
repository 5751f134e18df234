package auth_test

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/auth"
	"github.com/bylinehq/byline/internal/news"
)

func TestNewTokens(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		token, hash := auth.NewToken()
		if len(token) != 43 || strings.ContainsAny(token, "+/=") {
			t.Fatalf("token %q is not 32 bytes of unpadded base64url", token)
		}
		if b, err := hex.DecodeString(hash); err != nil || len(b) != 32 || hash != auth.HashToken(token) {
			t.Fatalf("hash %q is not the SHA-256 hex of the token", hash)
		}
		if seen[token] {
			t.Fatal("NewToken repeated a token")
		}
		seen[token] = true
	}
	api, hash := auth.NewAPIToken()
	if !strings.HasPrefix(api, auth.APITokenPrefix) || len(api) != len(auth.APITokenPrefix)+43 || hash != auth.HashToken(api) {
		t.Errorf("API token %q (hash %q): want byl_ and 43 characters, hash of the whole token", api, hash)
	}
}

func TestAPITokens(t *testing.T) {
	e := newEnv(t)
	admin := e.user("admin@example.org", news.RoleAdmin)
	editor := e.user("editor@example.org", news.RoleEditor)

	token, rec, err := e.svc.CreateToken(e.ctx, nil, editor.ID, "  ")
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID == 0 || rec.Name != "API token" || rec.UserID != editor.ID || rec.TokenHash != auth.HashToken(token) {
		t.Errorf("token record %+v", rec)
	}
	u, err := e.svc.AuthenticateToken(e.ctx, token)
	if err != nil || u.ID != editor.ID || u.PasswordHash != "" {
		t.Fatalf("AuthenticateToken = %+v, %v", u, err)
	}
	if listed, _ := e.st.Tokens(e.ctx, editor.ID); len(listed) != 1 || !listed[0].LastUsedAt.Equal(e.clk.now()) {
		t.Errorf("first use not recorded: %+v", listed)
	}

	refused := []struct {
		name   string
		actor  *news.User
		userID int64
		label  string
		code   news.Code
	}{
		{"editor may not create tokens", &editor, editor.ID, "mine", news.CodeForbidden},
		{"unknown account", &admin, 9999, "x", news.CodeNotFound},
		{"name too long", &admin, editor.ID, strings.Repeat("n", 101), news.CodeInvalid},
	}
	for _, tt := range refused {
		_, _, err := e.svc.CreateToken(e.ctx, tt.actor, tt.userID, tt.label)
		if news.ErrorCode(err) != tt.code {
			t.Errorf("%s: error %v, want %s", tt.name, err, tt.code)
		}
	}

	ci, ciRec, err := e.svc.CreateToken(e.ctx, &admin, admin.ID, "ci")
	if err != nil {
		t.Fatal(err)
	}
	e.clk.advance(time.Hour)
	if err := e.st.RevokeToken(e.ctx, ciRec.ID, e.clk.now()); err != nil {
		t.Fatal(err)
	}
	e.disable(editor)
	garbage := []struct{ name, bearer string }{
		{"revoked", ci},
		{"account disabled", token},
		{"empty", ""},
		{"no prefix", strings.TrimPrefix(ci, auth.APITokenPrefix)},
		{"a session token", e.signIn("admin@example.org", password)},
		{"the stored hash", ciRec.TokenHash},
		{"one character changed", ci[:len(ci)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(ci, "A")]},
	}
	for _, tt := range garbage {
		_, err := e.svc.AuthenticateToken(e.ctx, tt.bearer)
		wantCode(t, err, news.CodeUnauthorized)
		if tt.bearer != "" && strings.Contains(err.Error(), tt.bearer) {
			t.Errorf("%s: the error quotes the token", tt.name)
		}
	}
	_, _, err = e.svc.CreateToken(e.ctx, nil, editor.ID, "for a disabled account")
	wantCode(t, err, news.CodeInvalid)
}
