package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/store"
)

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	all, err := store.Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	latest := strconv.Itoa(len(all))
	tests := []struct {
		name     string
		args     []string
		exit     int
		stdout   string
		stderr   string
		makesDir bool
	}{
		{name: "no command", args: nil, exit: 2, stderr: "Usage:"},
		{name: "unknown command", args: []string{"frobnicate"}, exit: 2, stderr: "Commands:"},
		{name: "help", args: []string{"help"}, stdout: "serve"},
		{name: "version", args: []string{"version"}, stdout: "byline "},
		{name: "serve help", args: []string{"serve", "--help"}, exit: 2, stderr: "-demo"},
		{name: "migrate help", args: []string{"migrate", "--help"}, exit: 2, stderr: "-db"},
		{name: "bad flag", args: []string{"serve", "--nope"}, exit: 2, stderr: "flag provided but not defined"},
		{name: "stray argument", args: []string{"version", "extra"}, exit: 2},
		{name: "bad log format", args: []string{"serve", "--log-format", "xml", "--data", dir}, exit: 2},
		{name: "migrate creates the store", args: []string{"migrate", "--data", filepath.Join(dir, "m")}, stdout: "schema version " + latest, makesDir: true},
		{name: "migrate again is a no-op", args: []string{"migrate", "--data", filepath.Join(dir, "m"), "--json"}, stdout: `{"schema_version":` + latest + `}`},
		// Nothing listens on port 1.
		{name: "an unreachable postgres fails with a clear message", args: []string{"migrate", "--db", "postgres://u:hunter2@127.0.0.1:1/db"}, exit: 1, stderr: "connect to PostgreSQL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, strings.NewReader(""), &out, &errOut)
			code := 0
			if err != nil {
				code = exitCode(err)
				if !errors.Is(err, flag.ErrHelp) {
					errOut.WriteString(err.Error())
				}
			}
			if code != tt.exit {
				t.Errorf("exit %d, want %d (err %v)", code, tt.exit, err)
			}
			if !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("stdout %q lacks %q", out.String(), tt.stdout)
			}
			if !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut.String(), tt.stderr)
			}
			if strings.Contains(errOut.String(), "hunter2") {
				t.Error("a password from --db reached the output")
			}
			if tt.makesDir {
				if _, err := os.Stat(filepath.Join(dir, "m", "byline.db")); err != nil {
					t.Errorf("no database file: %v", err)
				}
			}
		})
	}
}
