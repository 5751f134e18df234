package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
)

// benchEmail is the admin account the bench creates to publish through the
// Admin API.
const benchEmail = "bench@example.org"

// moduleRoot is the directory of the go.mod the bench was started in, so
// that `go build ./cmd/byline` works from a test's package directory too.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run the bench inside the Byline module")
	}
	return filepath.Dir(gomod), nil
}

// buildByline compiles cmd/byline into dir, and describes what it built.
func buildByline(ctx context.Context, dir string) (bin, source string, err error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", "", err
	}
	bin = filepath.Join(dir, "byline")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/byline")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("go build ./cmd/byline: %w\n%s", err, out)
	}
	return bin, describeSource(ctx, root), nil
}

// describeSource names the commit Byline was built from and says whether
// the work tree had changes to what goes into it, since a figure measured
// on uncommitted code cannot be reproduced from the commit alone.
func describeSource(ctx context.Context, root string) string {
	git := func(args ...string) string {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	commit := git("rev-parse", "--short", "HEAD")
	if commit == "" {
		return "not a git checkout"
	}
	changed := git("status", "--porcelain", "--", "cmd/byline", "internal", "go.mod", "go.sum")
	if changed == "" {
		return "commit " + commit
	}
	return fmt.Sprintf("commit %s with uncommitted changes to %d files", commit, len(strings.Split(changed, "\n")))
}

// addAdmin creates the bench's admin account and an Admin API token with
// Byline's own command line, as an operator would, and returns the token.
func addAdmin(ctx context.Context, bin, dataDir string) (string, error) {
	pw := make([]byte, 16)
	if _, err := rand.Read(pw); err != nil {
		return "", err
	}
	add := exec.CommandContext(ctx, bin, "user", "add", "--data", dataDir,
		"--email", benchEmail, "--name", "Bench Editor", "--role", "admin")
	add.Env = append(os.Environ(), "BYLINE_PASSWORD="+hex.EncodeToString(pw))
	if out, err := add.CombinedOutput(); err != nil {
		return "", fmt.Errorf("byline user add: %w\n%s", err, out)
	}
	var stderr bytes.Buffer
	create := exec.CommandContext(ctx, bin, "token", "create", "--data", dataDir, "--email", benchEmail, "--name", "bylinebench")
	create.Stderr = &stderr
	out, err := create.Output()
	if err != nil {
		return "", fmt.Errorf("byline token create: %w\n%s", err, stderr.Bytes())
	}
	return strings.TrimSpace(string(out)), nil
}

// newestStory returns the address of the edition's newest story, read
// from the store before Byline starts, so the cold start can time the
// first story page without a request to find one.
func newestStory(ctx context.Context, dataDir, edition string) (string, error) {
	st, err := store.Open(ctx, store.Config{DataDir: dataDir})
	if err != nil {
		return "", err
	}
	defer st.Close()
	page, err := st.List(ctx, news.ListQuery{Edition: edition, Limit: 1, Now: time.Now()})
	if err != nil {
		return "", err
	}
	if len(page.Items) == 0 {
		return "", fmt.Errorf("the store has no published %s story", edition)
	}
	return page.Items[0].Path(), nil
}

// coldStart is how long Byline took from exec to its first answers.
type coldStart struct {
	Ready   time.Duration // to the first 200 from /readyz
	Article time.Duration // to the first 200 of a story page
}

// startByline starts `byline serve` on addr, with extra flags, as a child
// on the cleanup list, its log in logFile, and times its cold start: it
// polls /readyz from the moment of exec, then asks once for story (whose
// first render is part of what a reader waits for after a restart).
func startByline(ctx context.Context, ps *procs, bin, dataDir, addr, logFile, story string, extra []string) (*proc, coldStart, error) {
	logOut, err := os.Create(logFile)
	if err != nil {
		return nil, coldStart{}, err
	}
	defer logOut.Close()
	cmd := exec.Command(bin, append([]string{"serve", "--data", dataDir, "--addr", addr}, extra...)...)
	cmd.Stdout, cmd.Stderr = logOut, logOut
	start := time.Now()
	p, err := ps.start("byline", cmd)
	if err != nil {
		return nil, coldStart{}, err
	}
	var cs coldStart
	origin := "http://" + addr
	ready, err := waitFor(ctx, p, origin+"/readyz", isOK, 5*time.Minute)
	if err != nil {
		return p, cs, fmt.Errorf("byline: %w (its log: %s)", err, logFile)
	}
	cs.Ready = ready.Sub(start)
	pg, err := get(ctx, newClient(), origin, story)
	if err != nil || pg.status != http.StatusOK {
		return p, cs, fmt.Errorf("byline: first story %s: status %d: %v", story, pg.status, err)
	}
	cs.Article = time.Since(start)
	return p, cs, nil
}

func isOK(status int) bool { return status == http.StatusOK }

// waitFor polls url every few milliseconds until ok(status) holds, the
// process exits, or timeout passes, and returns when the answer came.
func waitFor(ctx context.Context, p *proc, url string, ok func(int) bool, timeout time.Duration) (time.Time, error) {
	start := time.Now()
	c := &http.Client{Timeout: 2 * time.Second}
	for {
		if p.exited() {
			return time.Time{}, p.exitErr()
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return time.Time{}, err
		}
		if resp, err := c.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if ok(resp.StatusCode) {
				return time.Now(), nil
			}
		}
		if time.Since(start) > timeout {
			return time.Time{}, fmt.Errorf("%s did not answer within %v", url, timeout)
		}
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
