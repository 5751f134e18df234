package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
)

// The crash test runs this test binary as `byline serve` in a child
// process: TestMain hands over to run when BYLINE_CRASH_CHILD names the
// arguments.
func TestMain(m *testing.M) {
	if args := os.Getenv("BYLINE_CRASH_CHILD"); args != "" {
		err := run(context.Background(), strings.Fields(args), os.Stdin, io.Discard, io.Discard)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashRounds is how many times the server is killed.
const crashRounds = 20

// write is one save the server acknowledged.
type write struct {
	id        int64
	revision  int
	headline  string
	published bool
}

// TestNothingAcknowledgedIsLostToSIGKILL: writers create, edit and publish
// stories through the Admin API while the server is killed with SIGKILL at
// random moments, 20 times over; after every kill, every acknowledged
// write is there, no story is half-written (its revisions are
// all present and its fields are its last revision's), and SQLite's
// integrity check passes.
func TestNothingAcknowledgedIsLostToSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a server 20 times")
	}
	data := t.TempDir()
	token := crashSetup(t, data)
	var mu sync.Mutex
	var acks []write
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	attempts := 0
	for round := range crashRounds {
		base, child := startChild(t, data)
		if round == 0 {
			call(t, base, token, "POST", "/api/v1/admin/sections", `{"edition":"en","slug":"world","name":"World","position":1}`)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n := writer(base, token, fmt.Sprintf("r%dw%d", round, w), stop, &mu, &acks)
				mu.Lock()
				attempts += n
				mu.Unlock()
			}()
		}
		time.Sleep(time.Duration(200+rng.IntN(600)) * time.Millisecond) // long enough for hundreds of synced commits a round
		if err := child.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		child.Wait() //nolint:errcheck // killed on purpose
		close(stop)
		wg.Wait()
		mu.Lock()
		checkAcks(t, data, acks)
		mu.Unlock()
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d kills, %d write attempts, %d acknowledged writes, all present", crashRounds, attempts, len(acks))
	if len(acks) < 10*crashRounds {
		t.Errorf("only %d writes were acknowledged: the test did too little to mean much", len(acks))
	}
}

// crashSetup creates the store, an admin account and its API token.
func crashSetup(t *testing.T, data string) string {
	t.Helper()
	t.Setenv(passwordEnv, "a long enough password")
	if _, errOut, code := runCmd(t, []string{"user", "add", "--data", data, "--email", "desk@example.org", "--name", "Crash Desk", "--role", "admin"}, ""); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := runCmd(t, []string{"token", "create", "--data", data, "--email", "desk@example.org"}, "")
	if code != 0 {
		t.Fatal(errOut)
	}
	return strings.TrimSpace(out)
}

// startChild runs `byline serve` on a free port and waits until it answers.
func startChild(t *testing.T, data string) (string, *exec.Cmd) {
	t.Helper()
	return startServe(t, "--data "+data)
}

// startServe runs `byline serve` with storeArgs on a free port and waits
// until it answers.
func startServe(t *testing.T, storeArgs string) (string, *exec.Cmd) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BYLINE_CRASH_CHILD=serve "+storeArgs+" --addr "+addr)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base, cmd
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the server did not come up after a crash: %s", stderr.String())
		}
	}
}

// writer creates, edits and publishes stories until the server is gone,
// recording each write the server acknowledged; it returns its attempts.
func writer(base, token, name string, stop chan struct{}, mu *sync.Mutex, acks *[]write) int {
	attempts := 0
	for i := 0; ; i++ {
		select {
		case <-stop:
			return attempts
		default:
		}
		attempts++
		headline := fmt.Sprintf("Story %s-%d", name, i)
		var created struct {
			ID       int64 `json:"id"`
			Revision int   `json:"revision"`
		}
		body := fmt.Sprintf(`{"edition":"en","section":"world","headline":%q,"body":"Text of the story.","credit":"Crash Wire"}`, headline)
		if try(base, token, "POST", "/api/v1/admin/articles", body, &created) != nil {
			continue
		}
		ack(mu, acks, write{id: created.ID, revision: created.Revision, headline: headline})
		attempts++
		edited := headline + " (edited)"
		var patched struct {
			Revision int `json:"revision"`
		}
		if try(base, token, "PATCH", fmt.Sprintf("/api/v1/admin/articles/%d", created.ID), fmt.Sprintf(`{"revision":%d,"headline":%q}`, created.Revision, edited), &patched) != nil {
			continue
		}
		ack(mu, acks, write{id: created.ID, revision: patched.Revision, headline: edited})
		attempts++
		var published struct {
			Revision int `json:"revision"`
		}
		if try(base, token, "POST", fmt.Sprintf("/api/v1/admin/articles/%d/publish", created.ID), "", &published) != nil {
			continue
		}
		ack(mu, acks, write{id: created.ID, revision: published.Revision, headline: edited, published: true})
	}
}

func ack(mu *sync.Mutex, acks *[]write, w write) {
	mu.Lock()
	*acks = append(*acks, w)
	mu.Unlock()
}

var crashClient = &http.Client{Timeout: 5 * time.Second}

// try makes one Admin API call; any failure (the server was killed, a
// refused connection, a non-2xx answer) is an error and nothing counts.
func try(base, token, method, path, body string, out any) error {
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := crashClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}

func call(t *testing.T, base, token, method, path, body string) {
	t.Helper()
	var out map[string]any
	if err := try(base, token, method, path, body, &out); err != nil {
		t.Fatal(err)
	}
}

// openChecked opens the store a killed process left and runs SQLite's
// integrity check on it.
func openChecked(t *testing.T, data string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.IntegrityCheck(context.Background()); err != nil {
		st.Close()
		t.Fatal(err)
	}
	return st
}

// checkAcks opens the store the server left and holds it to every
// acknowledgement.
func checkAcks(t *testing.T, data string, acks []write) {
	t.Helper()
	ctx := context.Background()
	st := openChecked(t, data)
	defer st.Close()
	latest := map[int64]write{}
	for _, w := range acks {
		if w.revision >= latest[w.id].revision {
			latest[w.id] = w
		}
	}
	for id, w := range latest {
		a, err := st.Article(ctx, id)
		if err != nil {
			t.Errorf("story %d (acknowledged at revision %d) is missing: %v", id, w.revision, err)
			continue
		}
		revs, err := st.Revisions(ctx, id)
		switch {
		case err != nil || len(revs) != a.Revision:
			t.Errorf("story %d at revision %d has %d revisions (%v): half-written", id, a.Revision, len(revs), err)
		case a.Revision < w.revision:
			t.Errorf("story %d at revision %d, acknowledged at %d", id, a.Revision, w.revision)
		case a.Revision == w.revision && a.Headline != w.headline:
			t.Errorf("story %d: headline %q, acknowledged %q", id, a.Headline, w.headline)
		case w.published && a.Status != news.Published:
			t.Errorf("story %d is %s; its publication was acknowledged", id, a.Status)
		}
	}
}
