package storetest

import (
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// accountTests cover users, sessions, API tokens and sign-in throttling.
var accountTests = map[string]func(*testing.T, *fixture){
	"UsersRoundTrip":                       testUsersRoundTrip,
	"UpdateUserReplacesFields":             testUpdateUser,
	"DuplicateEmailConflicts":              testDuplicateEmail,
	"InvalidUserChangesNothing":            testInvalidUser,
	"CountUsers":                           testCountUsers,
	"SessionsLiveUntilExpiry":              testSessionExpiry,
	"SessionsOfDisabledAccountsAreRefused": testSessionDisabled,
	"DeleteSessions":                       testDeleteSessions,
	"TokensRecordUseAndRevoke":             testTokens,
	"TokensOfDisabledAccountsAreRefused":   testTokenDisabled,
	"LoginFailuresCountByKeyAndWindow":     testLoginFailures,
}

// testHash passes news.User.Validate; the store never checks it further.
const testHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"

func testUsersRoundTrip(t *testing.T, f *fixture) {
	u := news.User{Email: "ana@example.org", Name: "Ana Ruiz", Role: news.RoleEditor, Language: "es",
		AuthorID: f.author.ID, PasswordHash: testHash, CreatedAt: base}
	f.must(f.s.CreateUser(f.ctx, &u))
	if u.ID == 0 {
		t.Fatal("CreateUser did not set the ID")
	}
	got, err := f.s.User(f.ctx, u.ID)
	f.must(err)
	if !sameUser(got, u) {
		t.Errorf("User = %+v, want %+v", got, u)
	}
	byEmail, err := f.s.UserByEmail(f.ctx, "ana@example.org")
	f.must(err)
	if !sameUser(byEmail, u) {
		t.Errorf("UserByEmail = %+v, want %+v", byEmail, u)
	}
	other := f.user(news.RoleContributor) // "User N" sorts after "Ana Ruiz"
	all, err := f.s.Users(f.ctx)
	f.must(err)
	if len(all) != 2 || all[0].ID != u.ID || all[1].ID != other.ID {
		t.Errorf("Users = %+v, want Ana Ruiz then %s", all, other.Name)
	}
	_, err = f.s.User(f.ctx, 9999)
	wantCode(t, err, news.CodeNotFound)
	_, err = f.s.UserByEmail(f.ctx, "nobody@example.org")
	wantCode(t, err, news.CodeNotFound)
}

func testUpdateUser(t *testing.T, f *fixture) {
	u := f.user(news.RoleContributor)
	u.Name, u.Role, u.Language, u.AuthorID = "Renamed", news.RoleAdmin, "ar", f.author.ID
	u.PasswordHash, u.DisabledAt = testHash+"x", base.Add(time.Hour)
	f.must(f.s.UpdateUser(f.ctx, &u))
	got, err := f.s.User(f.ctx, u.ID)
	f.must(err)
	if !sameUser(got, u) {
		t.Errorf("after update User = %+v, want %+v", got, u)
	}
	u.DisabledAt, u.AuthorID = time.Time{}, 0
	f.must(f.s.UpdateUser(f.ctx, &u))
	if got, _ := f.s.User(f.ctx, u.ID); !got.Active() || got.AuthorID != 0 {
		t.Errorf("re-enabled account = %+v, want active without author", got)
	}
	missing := u
	missing.ID = 9999
	wantCode(t, f.s.UpdateUser(f.ctx, &missing), news.CodeNotFound)
	bad := u
	bad.Role = "boss"
	wantCode(t, f.s.UpdateUser(f.ctx, &bad), news.CodeInvalid)
}

func testDuplicateEmail(t *testing.T, f *fixture) {
	u := news.User{Email: "ana@example.org", Name: "Ana", Role: news.RoleAuthor, Language: "en", PasswordHash: testHash}
	f.must(f.s.CreateUser(f.ctx, &u))
	tests := []struct{ name, email string }{
		{"same address", "ana@example.org"},
		{"other case, normalized by the caller", news.NormalizeEmail("  Ana@Example.ORG ")},
	}
	for _, tt := range tests {
		dup := news.User{Email: tt.email, Name: "Other", Role: news.RoleAuthor, Language: "en", PasswordHash: testHash}
		if err := f.s.CreateUser(f.ctx, &dup); news.ErrorCode(err) != news.CodeConflict {
			t.Errorf("%s: error = %v, want a conflict", tt.name, err)
		}
	}
	got, err := f.s.UserByEmail(f.ctx, news.NormalizeEmail("ANA@example.org"))
	f.must(err)
	if got.ID != u.ID {
		t.Errorf("UserByEmail(normalized) = %d, want %d", got.ID, u.ID)
	}
}

func testInvalidUser(t *testing.T, f *fixture) {
	valid := func() news.User {
		return news.User{Email: "ana@example.org", Name: "Ana", Role: news.RoleAuthor, Language: "en", PasswordHash: testHash}
	}
	tests := []struct {
		name   string
		change func(*news.User)
	}{
		{"uppercase e-mail", func(u *news.User) { u.Email = "Ana@example.org" }},
		{"not an e-mail", func(u *news.User) { u.Email = "ana" }},
		{"no name", func(u *news.User) { u.Name = " " }},
		{"unknown role", func(u *news.User) { u.Role = "owner" }},
		{"no language", func(u *news.User) { u.Language = "" }},
		{"plain-text password", func(u *news.User) { u.PasswordHash = "hunter2hunter2" }},
		{"unknown author", func(u *news.User) { u.AuthorID = 9999 }},
	}
	for _, tt := range tests {
		u := valid()
		tt.change(&u)
		if err := f.s.CreateUser(f.ctx, &u); news.ErrorCode(err) != news.CodeInvalid {
			t.Errorf("%s: error = %v, want invalid", tt.name, err)
		}
	}
	if n, err := f.s.CountUsers(f.ctx); err != nil || n != 0 {
		t.Errorf("CountUsers = %d (%v) after rejected accounts, want 0", n, err)
	}
}

func testCountUsers(t *testing.T, f *fixture) {
	for want := range 3 {
		n, err := f.s.CountUsers(f.ctx)
		f.must(err)
		if n != want {
			t.Fatalf("CountUsers = %d, want %d", n, want)
		}
		u := f.user(news.RoleAuthor)
		if want == 1 {
			u.DisabledAt = base
			f.must(f.s.UpdateUser(f.ctx, &u)) // disabled accounts still count
		}
	}
}

// session stores a session for u that expires at expires.
func (f *fixture) session(hash string, u news.User, expires time.Time) news.Session {
	f.t.Helper()
	x := news.Session{TokenHash: hash, UserID: u.ID, CSRFToken: "csrf-" + hash, CreatedAt: base.Add(-time.Hour),
		LastSeenAt: base.Add(-time.Hour), ExpiresAt: expires}
	f.must(f.s.CreateSession(f.ctx, x))
	return x
}

func testSessionExpiry(t *testing.T, f *fixture) {
	u := f.user(news.RoleAuthor)
	want := f.session("h1", u, base.Add(time.Hour))
	tests := []struct {
		name string
		hash string
		now  time.Time
		ok   bool
	}{
		{"live before expiry", "h1", base, true},
		{"expired at the expiry instant", "h1", base.Add(time.Hour), false},
		{"expired after", "h1", base.Add(2 * time.Hour), false},
		{"unknown hash", "nope", base, false},
	}
	for _, tt := range tests {
		x, got, err := f.s.SessionByHash(f.ctx, tt.hash, tt.now)
		if !tt.ok {
			if news.ErrorCode(err) != news.CodeNotFound {
				t.Errorf("%s: error = %v, want not found", tt.name, err)
			}
			continue
		}
		f.must(err)
		if !sameSession(x, want) || got.ID != u.ID || got.Email != u.Email {
			t.Errorf("%s: session %+v user %+v, want %+v of %d", tt.name, x, got, want, u.ID)
		}
	}
	f.must(f.s.TouchSession(f.ctx, "h1", base.Add(50*time.Minute), base.Add(3*time.Hour)))
	x, _, err := f.s.SessionByHash(f.ctx, "h1", base.Add(2*time.Hour))
	f.must(err)
	if !x.LastSeenAt.Equal(base.Add(50*time.Minute)) || !x.ExpiresAt.Equal(base.Add(3*time.Hour)) {
		t.Errorf("touched session = %+v, want seen +50m and expiring +3h", x)
	}
	wantCode(t, f.s.TouchSession(f.ctx, "nope", base, base), news.CodeNotFound)
	wantCode(t, f.s.CreateSession(f.ctx, news.Session{TokenHash: "h2", UserID: 9999, CSRFToken: "c", ExpiresAt: base}), news.CodeInvalid)
	wantCode(t, f.s.CreateSession(f.ctx, want), news.CodeConflict)
}

func testSessionDisabled(t *testing.T, f *fixture) {
	u := f.user(news.RoleEditor)
	f.session("h1", u, base.Add(time.Hour))
	u.DisabledAt = base.Add(-time.Minute)
	f.must(f.s.UpdateUser(f.ctx, &u))
	_, _, err := f.s.SessionByHash(f.ctx, "h1", base)
	wantCode(t, err, news.CodeNotFound)
}

func testDeleteSessions(t *testing.T, f *fixture) {
	u, other := f.user(news.RoleAuthor), f.user(news.RoleAuthor)
	later := base.Add(time.Hour)
	for _, h := range []string{"a1", "a2", "a3", "a4"} {
		f.session(h, u, later)
	}
	f.session("b1", other, later)
	f.must(f.s.DeleteSession(f.ctx, "a1"))
	f.must(f.s.DeleteSession(f.ctx, "a1")) // twice is harmless
	f.must(f.s.DeleteUserSessions(f.ctx, u.ID, "a2"))
	live := map[string]bool{"a1": false, "a2": true, "a3": false, "a4": false, "b1": true}
	for h, want := range live {
		_, _, err := f.s.SessionByHash(f.ctx, h, base)
		if got := err == nil; got != want {
			t.Errorf("session %s live = %v (%v), want %v", h, got, err, want)
		}
	}
	f.must(f.s.DeleteUserSessions(f.ctx, u.ID, ""))
	_, _, err := f.s.SessionByHash(f.ctx, "a2", base)
	wantCode(t, err, news.CodeNotFound)
}

func testTokens(t *testing.T, f *fixture) {
	u, other := f.user(news.RoleAdmin), f.user(news.RoleEditor)
	first := news.APIToken{UserID: u.ID, Name: "ci", TokenHash: "t1", CreatedAt: base.Add(-2 * time.Hour)}
	second := news.APIToken{UserID: u.ID, Name: "backup", TokenHash: "t2", CreatedAt: base.Add(-time.Hour)}
	theirs := news.APIToken{UserID: other.ID, Name: "wire", TokenHash: "t3", CreatedAt: base}
	for _, tok := range []*news.APIToken{&first, &second, &theirs} {
		f.must(f.s.CreateToken(f.ctx, tok))
	}
	wantCode(t, f.s.CreateToken(f.ctx, &news.APIToken{UserID: u.ID, Name: "dup", TokenHash: "t1"}), news.CodeConflict)
	wantCode(t, f.s.CreateToken(f.ctx, &news.APIToken{UserID: 9999, Name: "x", TokenHash: "t9"}), news.CodeInvalid)

	uses := []struct {
		name     string
		at       time.Time
		wantUsed time.Time
	}{
		{"first use is recorded", base, base},
		{"use within a minute keeps the stamp", base.Add(30 * time.Second), base},
		{"use a minute later moves it", base.Add(time.Minute), base.Add(time.Minute)},
	}
	for _, tt := range uses {
		tok, owner, err := f.s.TokenByHash(f.ctx, "t1", tt.at)
		f.must(err)
		if tok.ID != first.ID || owner.ID != u.ID || !tok.LastUsedAt.Equal(tt.wantUsed) {
			t.Errorf("%s: token %+v owner %d, want id %d used %v", tt.name, tok, owner.ID, first.ID, tt.wantUsed)
		}
	}
	listed, err := f.s.Tokens(f.ctx, u.ID)
	f.must(err)
	if len(listed) != 2 || listed[0].ID != second.ID || listed[1].ID != first.ID || !listed[1].LastUsedAt.Equal(base.Add(time.Minute)) {
		t.Errorf("Tokens(user) = %+v, want backup then ci, ci last used +1m", listed)
	}
	if all, err := f.s.Tokens(f.ctx, 0); err != nil || len(all) != 3 || all[0].ID != theirs.ID {
		t.Errorf("Tokens(0) = %+v (%v), want all three, newest first", all, err)
	}

	f.must(f.s.RevokeToken(f.ctx, first.ID, base.Add(time.Hour)))
	f.must(f.s.RevokeToken(f.ctx, first.ID, base.Add(2*time.Hour))) // keeps the first time
	_, _, err = f.s.TokenByHash(f.ctx, "t1", base.Add(3*time.Hour))
	wantCode(t, err, news.CodeNotFound)
	listed, _ = f.s.Tokens(f.ctx, u.ID)
	if !listed[1].RevokedAt.Equal(base.Add(time.Hour)) {
		t.Errorf("revoked token = %+v, want revoked at +1h", listed[1])
	}
	wantCode(t, f.s.RevokeToken(f.ctx, 9999, base), news.CodeNotFound)
	_, _, err = f.s.TokenByHash(f.ctx, "unknown", base)
	wantCode(t, err, news.CodeNotFound)
}

func testTokenDisabled(t *testing.T, f *fixture) {
	u := f.user(news.RoleAdmin)
	f.must(f.s.CreateToken(f.ctx, &news.APIToken{UserID: u.ID, Name: "ci", TokenHash: "t1", CreatedAt: base}))
	u.DisabledAt = base
	f.must(f.s.UpdateUser(f.ctx, &u))
	_, _, err := f.s.TokenByHash(f.ctx, "t1", base)
	wantCode(t, err, news.CodeNotFound)
}

func testLoginFailures(t *testing.T, f *fixture) {
	both := []string{"account:ana@example.org", "client:192.0.2.1"}
	for _, ago := range []time.Duration{20 * time.Minute, 10 * time.Minute, time.Minute} {
		f.must(f.s.RecordLoginFailure(f.ctx, both, base.Add(-ago)))
	}
	f.must(f.s.RecordLoginFailure(f.ctx, []string{"client:192.0.2.1"}, base))
	count := func(key string, since time.Time) int {
		n, err := f.s.LoginFailures(f.ctx, key, since)
		f.must(err)
		return n
	}
	tests := []struct {
		name  string
		key   string
		since time.Time
		want  int
	}{
		{"account in the last 15 minutes", both[0], base.Add(-15 * time.Minute), 2},
		{"account in the last hour", both[0], base.Add(-time.Hour), 3},
		{"window start is inclusive", both[0], base.Add(-10 * time.Minute), 2},
		{"client counts its own failures", both[1], base.Add(-15 * time.Minute), 3},
		{"other key", "account:bo@example.org", base.Add(-time.Hour), 0},
	}
	for _, tt := range tests {
		if got := count(tt.key, tt.since); got != tt.want {
			t.Errorf("%s: LoginFailures = %d, want %d", tt.name, got, tt.want)
		}
	}
	f.must(f.s.ClearLoginFailures(f.ctx, both[0]))
	if a, c := count(both[0], base.Add(-time.Hour)), count(both[1], base.Add(-time.Hour)); a != 0 || c != 4 {
		t.Errorf("after clearing the account: account %d, client %d; want 0 and 4", a, c)
	}
}

// sameUser compares accounts with times compared as instants.
func sameUser(a, b news.User) bool {
	return a.ID == b.ID && a.Email == b.Email && a.Name == b.Name && a.Role == b.Role && a.Language == b.Language &&
		a.AuthorID == b.AuthorID && a.PasswordHash == b.PasswordHash &&
		a.CreatedAt.Equal(b.CreatedAt) && a.DisabledAt.Equal(b.DisabledAt)
}

func sameSession(a, b news.Session) bool {
	return a.TokenHash == b.TokenHash && a.UserID == b.UserID && a.CSRFToken == b.CSRFToken &&
		a.CreatedAt.Equal(b.CreatedAt) && a.LastSeenAt.Equal(b.LastSeenAt) && a.ExpiresAt.Equal(b.ExpiresAt)
}
