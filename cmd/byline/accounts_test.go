package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/auth"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
)

// TestAccountCommands runs the account commands in order against one store
// that stays open throughout, as a running server's would.
func TestAccountCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	data := []string{"--data", dir}
	add := func(email, role string) []string {
		return append([]string{"user", "add", "--email", email, "--name", "Person " + role, "--role", role}, data...)
	}
	tests := []struct {
		name     string
		args     []string
		env      string // BYLINE_PASSWORD
		stdin    string
		exit     int
		stdout   string
		stderr   string
		unwanted string // in stdout or stderr
	}{
		{name: "add with BYLINE_PASSWORD", args: add("Ana@Example.org", "admin"), env: "from the environment",
			stdin: "ignored stdin passphrase\n", stdout: "created account 1: ana@example.org (admin)"},
		{name: "add with the password piped on stdin", args: add("bo@example.org", "editor"),
			stdin: "piped passphrase\r\nsecond line\n", stdout: "created account 2: bo@example.org (editor)"},
		{name: "add with a language", args: append(add("cy@example.org", "author"), "--language", "ar"),
			stdin: "no trailing newline", stdout: "created account 3"},
		{name: "bad role", args: add("dee@example.org", "owner"), stdin: "a long passphrase\n", exit: 2,
			stderr: "--role must be admin, editor, author or contributor"},
		{name: "missing e-mail", args: append([]string{"user", "add", "--name", "X", "--role", "author"}, data...),
			stdin: "a long passphrase\n", exit: 2, stderr: "--email is required"},
		{name: "short password", args: add("dee@example.org", "author"), stdin: "hunter2\n", exit: 1,
			stderr: "password: must have at least 10 characters", unwanted: "hunter2"},
		{name: "no password", args: add("dee@example.org", "author"), exit: 2, stderr: "set BYLINE_PASSWORD or pipe"},
		{name: "duplicate e-mail", args: add("ANA@example.org", "author"), stdin: "a long passphrase\n", exit: 1,
			stderr: `"ana@example.org" already exists`},
		{name: "list", args: append([]string{"user", "list"}, data...), stdout: "Person editor"},
		{name: "list as JSON has no hashes", args: append([]string{"user", "list", "--json"}, data...),
			stdout: `"email":"cy@example.org"`, unwanted: "argon2"},
		{name: "token for an unknown account", args: append([]string{"token", "create", "--email", "no@example.org"}, data...),
			exit: 1, stderr: "no account"},
		{name: "token without an e-mail", args: append([]string{"token", "create"}, data...), exit: 2, stderr: "--email is required"},
		{name: "user help", args: []string{"user", "--help"}, exit: 2, stderr: "add    add an account"},
		{name: "user add help", args: []string{"user", "add", "--help"}, exit: 2, stderr: "-role"},
		{name: "token create help", args: []string{"token", "create", "--help"}, exit: 2, stderr: "-email"},
		{name: "user without a command", args: []string{"user"}, exit: 2, stderr: "Commands:"},
		{name: "unknown user command", args: []string{"user", "remove"}, exit: 2, stderr: `unknown command "remove"`},
		{name: "unknown token command", args: []string{"token", "list"}, exit: 2, stderr: `unknown command "list"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(passwordEnv, tt.env)
			out, errOut, code := runCmd(t, tt.args, tt.stdin)
			if code != tt.exit {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.exit, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q lacks %q", out, tt.stdout)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
			if tt.unwanted != "" && strings.Contains(out+errOut, tt.unwanted) {
				t.Errorf("output contains %q:\n%s%s", tt.unwanted, out, errOut)
			}
		})
	}

	svc := &auth.Service{Store: st}
	t.Run("passwords from both sources sign in", func(t *testing.T) {
		for email, pw := range map[string]string{"ana@example.org": "from the environment",
			"bo@example.org": "piped passphrase", "cy@example.org": "no trailing newline"} {
			if _, _, err := svc.SignIn(ctx, email, pw, ""); err != nil {
				t.Errorf("SignIn(%s): %v", email, err)
			}
		}
	})
	t.Run("list as JSON is one object per line", func(t *testing.T) {
		out, _, _ := runCmd(t, append([]string{"user", "list", "--json"}, data...), "")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 {
			t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
		}
		for _, line := range lines {
			var u map[string]any
			if err := json.Unmarshal([]byte(line), &u); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			for _, key := range []string{"id", "email", "name", "role", "language", "created_at"} {
				if _, ok := u[key]; !ok {
					t.Errorf("line %q lacks %q", line, key)
				}
			}
		}
	})
	t.Run("token create prints a token the API accepts", func(t *testing.T) {
		out, errOut, code := runCmd(t, append([]string{"token", "create", "--email", "BO@example.org", "--name", "wire importer"}, data...), "")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		token := strings.TrimSuffix(out, "\n")
		if !strings.HasPrefix(token, auth.APITokenPrefix) || strings.ContainsAny(token, " \n") {
			t.Fatalf("stdout %q is not one byl_ token on one line", out)
		}
		u, err := svc.AuthenticateToken(ctx, token)
		if err != nil || u.Email != "bo@example.org" || u.Role != news.RoleEditor {
			t.Errorf("AuthenticateToken = %+v, %v", u, err)
		}
		toks, _ := st.Tokens(ctx, u.ID)
		if len(toks) != 1 || toks[0].Name != "wire importer" {
			t.Errorf("stored tokens %+v", toks)
		}
	})
}

// runCmd runs the command line args with stdin and returns its output and
// exit status.
func runCmd(t *testing.T, args []string, stdin string) (stdout, stderr string, exit int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	if err != nil {
		exit = exitCode(err)
		if !errors.Is(err, flag.ErrHelp) {
			errOut.WriteString(err.Error())
		}
	}
	return out.String(), errOut.String(), exit
}
