package app_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
)

// liveApp serves a demo store on real time, with a fast job worker, and
// two accounts: a contributor and an editor.
func liveApp(t *testing.T) (*app.App, string) {
	t.Helper()
	a, err := app.New(context.Background(), app.Config{DBURL: testenv.DBURL(t), DataDir: t.TempDir(), Demo: true, Now: time.Now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Out: io.Discard, JobInterval: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		email string
		role  news.Role
	}{{"writer@example.org", news.RoleContributor}, {"editor@example.org", news.RoleEditor}} {
		if _, err := a.Auth.CreateUser(context.Background(), nil, u.email, strings.Split(u.email, "@")[0], u.role, "a long enough password", "en"); err != nil {
			t.Fatal(err)
		}
	}
	base, stop := serveApp(t, a)
	t.Cleanup(stop)
	return a, base
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// arrived waits until the page is the result of a step that redirected
// with ?done=notice. Evaluating while the page navigates fails, so it
// retries until the new page answers.
func arrived(notice string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(15 * time.Second)
		for time.Now().Before(deadline) {
			ok, err := chromedp.Evaluate[bool](`location.search.includes("done=`+notice+`") && document.readyState === "complete"`)(ctx, tg)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		return chromedp.Void{}, fmt.Errorf("never arrived at a page with done=%s", notice)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func signIn(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(base+"/admin/signin"),
		chromedp.SetValue(chromedp.CSS("#email"), email),
		chromedp.SetValue(chromedp.CSS("#password"), "a long enough password"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/signin"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".tiles")),
	)
}

func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	run(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/admin/signout"] button`)), chromedp.WaitVisible(chromedp.CSS("#email")))
}

// shot saves a screenshot when BYLINE_SCREENSHOTS names a directory, so a
// person can look at every newsroom screen.
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("BYLINE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

func testImage(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 960, 540))
	for y := 0; y < 540; y++ {
		for x := 0; x < 960; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 4), uint8(y / 3), 160, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "harbour.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNewsroomFlowInBrowser: a contributor signs in, writes a story with an
// image and submits it; an editor schedules it a few seconds ahead; the
// story reaches the edition front when due, and not before.
func TestNewsroomFlowInBrowser(t *testing.T) {
	_, base := liveApp(t)
	ctx := browser(t)
	run(t, ctx, chromedp.EmulateViewport(1280, 900))
	headline := "Harbour pilots vote to end the strike " + time.Now().Format("150405")

	signIn(t, ctx, base, "writer@example.org")
	shot(t, ctx, "newsroom-dashboard-writer")
	run(t, ctx,
		chromedp.Navigate(base+"/admin/articles/new?edition=en"),
		chromedp.SetValue(chromedp.CSS("#headline"), headline),
		chromedp.SetValue(chromedp.CSS("#standfirst"), "The pilots accepted a new rota after three days."),
		chromedp.SendKeys(chromedp.CSS("#body"), "Harbour pilots voted on Thursday to return to work.\n\nShips queued outside the port."),
		chromedp.SetValue(chromedp.CSS("#section"), "business"),
		chromedp.SetValue(chromedp.CSS("#topics"), "Transport, London"),
		chromedp.SetUploadFiles(chromedp.CSS("#image_file"), []string{testImage(t)}),
		chromedp.SetValue(chromedp.CSS("#image_alt"), "Pilot boats moored in the harbour at dusk."),
		chromedp.SetValue(chromedp.CSS("#image_caption"), "Pilot boats in the harbour."),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		arrived("created"),
	)
	storyURL, _ := chromedp.Run(ctx, chromedp.Location())
	storyURL, _, _ = strings.Cut(storyURL, "?")
	if !strings.Contains(storyURL, "/admin/articles/") {
		t.Fatalf("after creating: at %s", storyURL)
	}
	if src, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("img.thumb") ? document.querySelector("img.thumb").src : ""`)); !strings.Contains(src, "/media/uploads/") {
		t.Fatalf("the uploaded image is not on the story: %q", src)
	}
	shot(t, ctx, "newsroom-editor")
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)),
		arrived("submitted"),
	)
	if s := text(t, ctx, ".editor-head .status"); s != "In review" {
		t.Fatalf("status after submitting = %q", s)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/publish"]').length`)); n != 0 {
		t.Error("a contributor is offered the publish buttons")
	}
	signOut(t, ctx)

	signIn(t, ctx, base, "editor@example.org")
	shot(t, ctx, "newsroom-dashboard-editor")
	run(t, ctx, chromedp.Navigate(base+"/admin/articles?view=review"), chromedp.WaitVisible(chromedp.CSS("table.stories")))
	shot(t, ctx, "newsroom-review-queue")
	if !strings.Contains(text(t, ctx, "table.stories"), headline) {
		t.Fatal("the story is not in the review queue")
	}
	london, _ := time.LoadLocation("Europe/London")
	due := time.Now().Add(4 * time.Second).Truncate(time.Second)
	run(t, ctx,
		chromedp.Navigate(storyURL),
		// Under load the new page may still be parsing: wait for the field
		// to be laid out before typing into it.
		chromedp.WaitVisible(chromedp.CSS("#at")),
		chromedp.SetValue(chromedp.CSS("#at"), due.In(london).Format("2006-01-02T15:04:05")),
		chromedp.Click(chromedp.CSS(`form.inline[action$="/publish"] button`)),
		arrived("scheduled"),
	)
	if s := text(t, ctx, ".editor-head .status"); s != "Scheduled" {
		t.Fatalf("status after scheduling = %q", s)
	}
	if time.Now().Before(due) && strings.Contains(fetch(t, base+"/en/"), headline) {
		t.Fatal("the story is on the front before its time")
	}
	deadline := due.Add(5 * time.Second) // the bound: within 5 s of its time
	for !strings.Contains(fetch(t, base+"/en/"), headline) {
		if time.Now().After(deadline) {
			t.Fatalf("the story was not on the front 5 s after its time")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if time.Now().Before(due) {
		t.Fatal("published early")
	}
}

// TestNewsroomSafetyInBrowser: a form without its CSRF token is refused
// and changes nothing; a stale save is refused and the typed text stays.
func TestNewsroomSafetyInBrowser(t *testing.T) {
	a, base := liveApp(t)
	ctx := browser(t)
	run(t, ctx, chromedp.EmulateViewport(1280, 900))
	signIn(t, ctx, base, "editor@example.org")
	editorUser, err := a.Store.UserByEmail(context.Background(), "editor@example.org")
	if err != nil {
		t.Fatal(err)
	}
	story, err := a.Editorial.Create(context.Background(), editorUser, editorial.Draft{Edition: "en", Section: "world",
		Headline: "Original headline", Body: "Original body."})
	if err != nil {
		t.Fatal(err)
	}
	url := base + "/admin/articles/" + itoa(story.ID)

	// 1. No CSRF token: 403, nothing saved.
	run(t, ctx,
		chromedp.Navigate(url),
		chromedp.SetValue(chromedp.CSS("#headline"), "Forged headline"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#editor input[name="csrf"]').remove()`),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS("#problem")),
	)
	if status := statusOf(t, ctx); status != 403 {
		t.Errorf("save without a CSRF token: status %d, want 403", status)
	}
	if cur, _ := a.Store.Article(context.Background(), story.ID); cur.Headline != "Original headline" || cur.Revision != 1 {
		t.Errorf("the forged save changed the story: %q rev %d", cur.Headline, cur.Revision)
	}

	// 2. Someone saves while the editor is open; the stale save is refused
	// and the text typed is still there.
	run(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#body")))
	c := editorial.ChangesFrom(story)
	c.Headline = "Desk's headline"
	if _, err := a.Editorial.Update(context.Background(), editorUser, story.ID, c); err != nil {
		t.Fatal(err)
	}
	typed := "A paragraph I wrote carefully and must not lose."
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#body"), "\n\n"+typed),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS(".conflict")),
	)
	shot(t, ctx, "newsroom-conflict")
	if status := statusOf(t, ctx); status != 409 {
		t.Errorf("stale save: status %d, want 409", status)
	}
	body, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#body")))
	if err != nil || !strings.Contains(body, typed) {
		t.Errorf("the typed text is gone after the refused save: %q", body)
	}
	if cur, _ := a.Store.Article(context.Background(), story.ID); cur.Headline != "Desk's headline" || strings.Contains(cur.BodyMarkdown, typed) {
		t.Error("the stale save overwrote the newer revision")
	}
	// The person chooses to save over it; now it is kept.
	run(t, ctx, chromedp.Click(chromedp.CSS(`button[value="overwrite"]`)), arrived("saved"))
	if cur, _ := a.Store.Article(context.Background(), story.ID); !strings.Contains(cur.BodyMarkdown, typed) {
		t.Error("saving over the newer revision did not keep the typed text")
	}
	// 3. Autosave: type, wait past the autosave interval, leave without
	// saving; coming back offers the text, and restoring it puts it back.
	unsaved := "Words typed and never saved."
	run(t, ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS("#standfirst")),
		chromedp.SendKeys(chromedp.CSS("#standfirst"), unsaved),
	)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if as, err := a.Store.Autosave(context.Background(), story.ID, editorUser.ID); err == nil && strings.Contains(as.Fields, unsaved) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the typed text was not autosaved within 10 s")
		}
		time.Sleep(250 * time.Millisecond)
	}
	run(t, ctx,
		chromedp.Evaluate[chromedp.Void](`localStorage.clear()`), // only the server copy counts here
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS("#autosave-restore")),
		chromedp.Click(chromedp.CSS("#autosave-restore")),
	)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#standfirst"))); !strings.Contains(got, unsaved) {
		t.Errorf("restoring the autosave gave %q", got)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(`button[value="save"]`)), arrived("saved"))
	if cur, _ := a.Store.Article(context.Background(), story.ID); !strings.Contains(cur.Standfirst, unsaved) {
		t.Errorf("the restored text was not saved: %q", cur.Standfirst)
	}
	for _, page := range []string{"/admin/articles/" + itoa(story.ID) + "/revisions", "/admin/articles/" + itoa(story.ID) + "/diff?from=1&to=3",
		"/admin/articles", "/admin/users", "/admin/tokens", "/admin/sections", "/admin/account"} {
		run(t, ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS("h1")))
		shot(t, ctx, "newsroom"+strings.NewReplacer("/admin", "", "/", "-", "?", "-", "&", "-", "=", "").Replace(page))
	}
}

// statusOf reads the HTTP status of the page the browser shows.
func statusOf(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType("navigation")[0].responseStatus`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
