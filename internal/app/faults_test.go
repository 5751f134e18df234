package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/testenv"
)

// TestDiskFullUnderLoad: readers load pages while an editor publishes
// through the Admin API, and the disk the store lives on fills up (a real
// tmpfs, filled to the last byte). Readers keep getting pages; publishing
// fails with a clear 503 that changes nothing; once room is made,
// publishing works again; every acknowledged story is there and the store
// passes its integrity check.
func TestDiskFullUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a disk")
	}
	if testenv.OnPostgres() {
		t.Skip("SQLite's disk: run in the SQLite pass")
	}
	dir := smallDisk(t, 32)
	a, err := app.New(context.Background(), app.Config{DataDir: dir, Out: io.Discard, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	token := faultNewsroom(t, a)
	base, stopServer := serveApp(t, a)
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			stopServer()
		}
	}
	defer stop()

	var phase atomic.Int32 // 0 normal, 1 disk full, 2 room made
	readers := &tally{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); read(ctx, base, &phase, readers) }()
	}
	pub := &publisher{base: base, token: token}
	pub.run(t, &phase, 60)
	filler := fill(t, dir)
	phase.Store(1)
	pub.run(t, &phase, 40)
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	phase.Store(2)
	pub.run(t, &phase, 40)
	cancel()
	wg.Wait()

	reportPhases(t, readers, pub, "before", "disk full", "after")
	// While the disk is full, a write that fits in space SQLite already
	// holds (a WAL being reused) still succeeds; the rest are refused.
	if pub.acked[0] == 0 || pub.acked[2] == 0 || pub.refused[1] == 0 || pub.refused[0]+pub.refused[2] > 0 {
		t.Errorf("publishes acknowledged %v, refused %v: want refusals while the disk is full and none otherwise", pub.acked, pub.refused)
	}
	if !strings.Contains(pub.message, "disk is full") {
		t.Errorf("the refusal says %q", pub.message)
	}
	pub.checkAcknowledged(t, a)
	if err := a.Store.IntegrityCheck(context.Background()); err != nil {
		t.Errorf("the running store after the episode: %v", err)
	}
	stop()
	fresh, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.IntegrityCheck(context.Background()); err != nil {
		t.Errorf("the store on disk after the episode: %v", err)
	}
}

// smallDisk mounts a tmpfs of size MiB for the test: a disk that can fill.
func smallDisk(t *testing.T, mib int) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dm", mib), "tmpfs", dir).CombinedOutput()
	if err != nil {
		testenv.Missing(t, "cannot mount a tmpfs to fill (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// faultNewsroom gives the store a section, stories for readers and an
// editor's API token.
func faultNewsroom(t *testing.T, a *app.App) string {
	t.Helper()
	ctx := context.Background()
	sec := news.Section{Edition: "en", Slug: "world", Name: "World", Position: 1}
	if err := a.Store.CreateSection(ctx, &sec); err != nil {
		t.Fatal(err)
	}
	u, err := a.Auth.CreateUser(ctx, nil, "editor@example.org", "Ed", news.RoleEditor, "a long enough password", "en")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		s, err := a.Editorial.Create(ctx, u, editorial.Draft{Edition: "en", Section: "world", Headline: fmt.Sprintf("Reader story %d", i), Body: "Text of the story."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Editorial.Publish(ctx, u, s.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	token, _, err := a.Auth.CreateToken(ctx, nil, u.ID, "faults")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// fill writes a file until the disk has no room left and returns its path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			t.Fatal(err)
		}
	}
	for _, n := range []int{4096, 512, 1} { // the last bytes too
		for {
			if _, err := f.Write(block[:n]); err != nil {
				break
			}
		}
	}
	return p
}

type tally struct {
	ok, failed [3]atomic.Int64
}

// read loads the front, a section and a story page until ctx ends.
func read(ctx context.Context, base string, phase *atomic.Int32, t *tally) {
	paths := []string{"/en/", "/en/world/", "/en/world/reader-story-3"}
	for i := 0; ctx.Err() == nil; i++ {
		p := phase.Load()
		res, err := http.Get(base + paths[i%len(paths)])
		if err != nil {
			t.failed[p].Add(1)
			continue
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode == 200 {
			t.ok[p].Add(1)
		} else {
			t.failed[p].Add(1)
		}
	}
}

// publisher creates and publishes stories through the Admin API.
type publisher struct {
	base, token    string
	n              int
	acked, refused [3]int
	ids            []int64
	message        string
}

func (p *publisher) run(t *testing.T, phase *atomic.Int32, times int) {
	t.Helper()
	ph := phase.Load()
	for range times {
		p.n++
		body := fmt.Sprintf(`{"edition":"en","section":"world","headline":"Published %d","body":"Text."}`, p.n)
		var created struct {
			ID int64 `json:"id"`
		}
		status, msg := apiCall(t, p.base, p.token, "POST", "/api/v1/admin/articles", body, &created)
		if status == 201 {
			status, msg = apiCall(t, p.base, p.token, "POST", fmt.Sprintf("/api/v1/admin/articles/%d/publish", created.ID), "", nil)
		}
		switch status {
		case 200:
			p.acked[ph]++
			p.ids = append(p.ids, created.ID)
		case 503:
			p.refused[ph]++
			p.message = msg
		default:
			t.Errorf("phase %d: status %d: %s", ph, status, msg)
		}
	}
}

func apiCall(t *testing.T, base, token, method, path, body string, out any) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode/100 == 2 {
		json.Unmarshal(data, out)
	}
	return res.StatusCode, string(data)
}

// TestDiskReadOnlyUnderLoad: readers load pages while an editor publishes,
// and the file system under the store turns read-only the way a failing
// disk makes ext4 do it (errors=remount-ro, here triggered on purpose).
// Readers keep getting pages; publishing fails with a clear 503 that
// changes nothing. The operator then stops Byline, repairs the file system
// and starts it again: every acknowledged story is there, the store passes
// its integrity check and publishing works.
func TestDiskReadOnlyUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("breaks a file system")
	}
	if testenv.OnPostgres() {
		t.Skip("SQLite's disk: run in the SQLite pass")
	}
	disk := loopDisk(t, 64)
	var logbuf strings.Builder
	a, err := app.New(context.Background(), app.Config{DataDir: disk.dir, Out: io.Discard, Log: slog.New(slog.NewTextHandler(&lockedWriter{w: &logbuf}, nil))})
	defer func() {
		if t.Failed() {
			t.Log(logbuf.String())
		}
	}()
	if err != nil {
		t.Fatal(err)
	}
	token := faultNewsroom(t, a)
	base, stop := serveApp(t, a)

	var phase atomic.Int32 // 0 normal, 1 read-only, 2 repaired and restarted
	readers := &tally{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); read(ctx, base, &phase, readers) }()
	}
	pub := &publisher{base: base, token: token}
	pub.run(t, &phase, 60)
	disk.breakIt(t)
	phase.Store(1)
	pub.run(t, &phase, 40)
	time.Sleep(200 * time.Millisecond) // readers go on a little longer on the broken disk
	cancel()
	wg.Wait()
	stop()
	a.Close()

	disk.repair(t)
	phase.Store(2)
	a, err = app.New(context.Background(), app.Config{DataDir: disk.dir, Out: io.Discard, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("starting again on the repaired disk: %v", err)
	}
	defer a.Close()

	base, stop = serveApp(t, a)
	defer stop()
	ctx, cancel = context.WithCancel(context.Background())
	wg.Add(1)
	go func() { defer wg.Done(); read(ctx, base, &phase, readers) }()
	pub.base = base
	pub.run(t, &phase, 20)
	cancel()
	wg.Wait()

	reportPhases(t, readers, pub, "before", "read-only", "repaired")
	if pub.acked[0] == 0 || pub.acked[2] == 0 || pub.acked[1] > 0 || pub.refused[0]+pub.refused[2] > 0 {
		t.Errorf("publishes acknowledged %v, refused %v: want every one refused while read-only and none otherwise", pub.acked, pub.refused)
	}
	if !strings.Contains(pub.message, "read-only") {
		t.Errorf("the refusal says %q", pub.message)
	}
	pub.checkAcknowledged(t, a)
	if err := a.Store.IntegrityCheck(context.Background()); err != nil {
		t.Errorf("the store after the episode: %v", err)
	}
}

// ext4Disk is a small ext4 file system on a loop device that remounts
// itself read-only on an error, as production mounts are usually set.
type ext4Disk struct {
	image, dir, dev string
}

func loopDisk(t *testing.T, mib int) *ext4Disk {
	t.Helper()
	d := &ext4Disk{image: filepath.Join(t.TempDir(), "disk.img"), dir: t.TempDir()}
	if err := os.Truncate(d.image, int64(mib)<<20); err != nil {
		if f, cerr := os.Create(d.image); cerr == nil {
			f.Close()
			err = os.Truncate(d.image, int64(mib)<<20)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("mkfs.ext4", "-q", "-F", d.image).CombinedOutput(); err != nil {
		testenv.Missing(t, "cannot make an ext4 file system (needs e2fsprogs): %v %s", err, out)
	}
	d.mount(t)
	t.Cleanup(func() { exec.Command("umount", "-l", d.dir).Run() })
	return d
}

func (d *ext4Disk) mount(t *testing.T) {
	t.Helper()
	out, err := exec.Command("mount", "-o", "loop,errors=remount-ro", d.image, d.dir).CombinedOutput()
	if err != nil {
		testenv.Missing(t, "cannot mount a loop device (needs root and /dev/loop-control): %v %s", err, out)
	}
	src, err := exec.Command("findmnt", "-n", "-o", "SOURCE", d.dir).Output()
	if err != nil {
		t.Fatalf("findmnt: %v", err)
	}
	d.dev = filepath.Base(strings.TrimSpace(string(src)))
}

// breakIt reports a file-system error to ext4, which aborts its journal and
// turns the mount read-only under the open database, as a disk error would.
func (d *ext4Disk) breakIt(t *testing.T) {
	t.Helper()
	if err := os.WriteFile("/sys/fs/ext4/"+d.dev+"/trigger_fs_error", []byte("byline fault test"), 0); err != nil {
		testenv.Missing(t, "cannot trigger an ext4 error: %v", err)
	}
	if err := os.WriteFile(filepath.Join(d.dir, "probe"), nil, 0o600); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("the disk is not read-only after the error: %v", err)
	}
}

// repair does what an operator does: unmount, fsck, mount again.
func (d *ext4Disk) repair(t *testing.T) {
	t.Helper()
	if out, err := exec.Command("umount", d.dir).CombinedOutput(); err != nil {
		t.Fatalf("umount: %v %s", err, out)
	}
	// e2fsck exits 1 when it fixed something, which after an abort it does.
	if out, err := exec.Command("e2fsck", "-f", "-y", d.image).CombinedOutput(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() > 1 {
			t.Fatalf("e2fsck: %v %s", err, out)
		}
	}
	d.mount(t)
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// reportPhases logs each phase's figures and fails the test if a reader
// was refused a page, or got none, in any phase.
func reportPhases(t *testing.T, readers *tally, pub *publisher, names ...string) {
	t.Helper()
	for p, name := range names {
		t.Logf("%-9s readers: %d pages, %d failed; publishes: %d acknowledged, %d refused", name,
			readers.ok[p].Load(), readers.failed[p].Load(), pub.acked[p], pub.refused[p])
	}
	t.Logf("refusal the newsroom shows: %q", pub.message)
	for p := range names {
		if readers.failed[p].Load() > 0 || readers.ok[p].Load() == 0 {
			t.Errorf("phase %d: %d pages failed, %d served", p, readers.failed[p].Load(), readers.ok[p].Load())
		}
	}
}

// checkAcknowledged fails the test if a story whose publish was
// acknowledged is missing or not published in a's store.
func (p *publisher) checkAcknowledged(t *testing.T, a *app.App) {
	t.Helper()
	for _, id := range p.ids {
		s, err := a.Store.Article(context.Background(), id)
		if err != nil || s.Status != news.Published {
			t.Errorf("acknowledged story %d: %v, %v", id, s, err)
		}
	}
}
