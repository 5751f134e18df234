package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/store"
)

// TestBackupAndRestoreCommands: backup writes an archive, restore brings
// it back into a new directory, and both refuse to overwrite anything.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	data, archive, restored := filepath.Join(dir, "data"), filepath.Join(dir, "b.tar.gz"), filepath.Join(dir, "restored")
	if _, errOut, code := runCmd(t, []string{"migrate", "--data", data}, ""); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"backup", "--data", data}, 2, "needs --to"},
		{[]string{"backup", "--data", data, "--to", archive}, 0, "wrote " + archive},
		{[]string{"backup", "--data", data, "--to", archive}, 1, "already exists"},
		{[]string{"restore", "--data", restored}, 2, "needs --from"},
		{[]string{"restore", "--from", filepath.Join(dir, "missing.tar.gz"), "--data", restored}, 1, "no archive"},
		{[]string{"restore", "--from", archive, "--data", restored}, 0, "restored the backup"},
		{[]string{"restore", "--from", archive, "--data", restored}, 1, "not empty"},
	}
	for _, c := range cases {
		out, errOut, code := runCmd(t, c.args, "")
		if code != c.code || !strings.Contains(out+errOut, c.want) {
			t.Errorf("byline %s: exit %d, %q %q; want exit %d saying %q", strings.Join(c.args, " "), code, out, errOut, c.code, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(restored, "byline.db")); err != nil {
		t.Errorf("restored store: %v", err)
	}
	if _, err := os.Stat(archive + ".partial"); err == nil {
		t.Error("a .partial file was left behind")
	}
}

// TestCommandLineChangesAreAudited: accounts and tokens made on the
// command line are in the audit log.
func TestCommandLineChangesAreAudited(t *testing.T) {
	data := t.TempDir()
	t.Setenv(passwordEnv, "a long enough password")
	if _, errOut, code := runCmd(t, []string{"user", "add", "--data", data, "--email", "ana@example.org", "--name", "Ana", "--role", "editor"}, ""); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := runCmd(t, []string{"token", "create", "--data", data, "--email", "ana@example.org"}, ""); code != 0 {
		t.Fatal(errOut)
	}
	st, err := store.Open(context.Background(), store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, err := st.AuditLog(context.Background(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "token create" || log[1].Action != "user add --role editor" || log[1].Via != "cli" || log[1].Target != "ana@example.org" {
		t.Errorf("audit log %+v", log)
	}
}
