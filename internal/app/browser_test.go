package app_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/testenv"
)

// serve starts a demo app on a loopback port and returns its base URL.
func serve(t *testing.T, clock *testenv.Clock) (string, *testenv.Clock) {
	t.Helper()
	base, stop := serveApp(t, testenv.DemoApp(t, clock))
	t.Cleanup(stop)
	return base, clock
}

// serveApp serves a on a loopback port until stop, which drains requests
// and the job worker and closes the store.
func serveApp(t *testing.T, a *app.App) (base string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	return "http://" + ln.Addr().String(), func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}
}

// browser starts headless Debian Chromium with the flags this sandbox
// needs (no background networking: there is no network to reach).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := testenv.Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 1000), chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// layout is what the page reports about itself after rendering.
type layout struct {
	Dir            string  `json:"dir"`
	ReadAlso       box     `json:"readAlso"`
	Latest         box     `json:"latest"`
	Story          box     `json:"story"`
	ReadAlsoLinks  int     `json:"readAlsoLinks"`
	LatestItems    int     `json:"latestItems"`
	HeadlineAlign  string  `json:"headlineAlign"`
	BodyFontFamily string  `json:"bodyFont"`
	ScrollWidth    float64 `json:"scrollWidth"`
	ViewportWidth  float64 `json:"viewportWidth"`
}

type box struct {
	Visible bool    `json:"visible"`
	Left    float64 `json:"left"`
	Right   float64 `json:"right"`
	Width   float64 `json:"width"`
	Height  float64 `json:"height"`
}

const measure = `(() => {
  const box = sel => {
    const el = document.querySelector(sel);
    if (!el) return {visible: false};
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return {visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none',
            left: r.left, right: r.right, width: r.width, height: r.height};
  };
  return {
    dir: getComputedStyle(document.documentElement).direction,
    readAlso: box('[data-block="read-also"]'),
    latest: box('[data-block="latest-news"]'),
    story: box('article.story'),
    readAlsoLinks: document.querySelectorAll('[data-block="read-also"] li a[href]:not([aria-hidden])').length,
    latestItems: document.querySelectorAll('[data-block="latest-news"] li time[datetime]').length,
    headlineAlign: getComputedStyle(document.querySelector('h1')).textAlign,
    bodyFont: getComputedStyle(document.body).fontFamily,
    scrollWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  };
})()`

// TestArabicArticleInBrowser loads an Arabic article in real Chromium and
// checks what a reader sees: right-to-left text, the read-also and latest
// news blocks visible, and the layout mirrored (the river on the left).
func TestArabicArticleInBrowser(t *testing.T) {
	base, _ := serve(t, testenv.NewClock(testenv.Now))
	ctx := browser(t)
	for _, tc := range []struct {
		edition, dir string
		riverLeft    bool
	}{{"ar", "rtl", true}, {"en", "ltr", false}} {
		t.Run(tc.edition, func(t *testing.T) {
			path := articlePath(t, base, tc.edition)
			got := load(t, ctx, base+path, 1280, 1000)
			if got.Dir != tc.dir {
				t.Errorf("computed direction = %q, want %q", got.Dir, tc.dir)
			}
			if !got.ReadAlso.Visible || !got.Latest.Visible {
				t.Errorf("blocks visible: read-also %v, latest news %v", got.ReadAlso.Visible, got.Latest.Visible)
			}
			if got.ReadAlsoLinks < 3 || got.LatestItems != 10 {
				t.Errorf("read-also links %d (want >= 3), latest items %d (want 10)", got.ReadAlsoLinks, got.LatestItems)
			}
			if left := got.Latest.Right <= got.Story.Left; left != tc.riverLeft {
				t.Errorf("river at %.0f–%.0f, story at %.0f–%.0f: river on the left = %v, want %v",
					got.Latest.Left, got.Latest.Right, got.Story.Left, got.Story.Right, left, tc.riverLeft)
			}
			if got.ScrollWidth > got.ViewportWidth+1 {
				t.Errorf("page scrolls sideways: %v > %v", got.ScrollWidth, got.ViewportWidth)
			}
		})
	}
	t.Run("phone width has no sideways scroll", func(t *testing.T) {
		got := load(t, ctx, base+articlePath(t, base, "ar"), 360, 800)
		if got.ScrollWidth > got.ViewportWidth+1 {
			t.Errorf("page scrolls sideways at 360px: %v > %v", got.ScrollWidth, got.ViewportWidth)
		}
		if !got.ReadAlso.Visible || !got.Latest.Visible {
			t.Error("blocks hidden at phone width")
		}
	})
}

// load opens url at a viewport size and measures the rendered page.
func load(t *testing.T, ctx context.Context, url string, w, h int64) layout {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(w, h),
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`[data-block="latest-news"]`)),
	); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](measure))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// articlePath finds a story of the edition through the site itself.
func articlePath(t *testing.T, base, edition string) string {
	t.Helper()
	body := fetch(t, base+"/"+edition+"/")
	i := strings.Index(body, `class="lead-headline"><a href="`)
	if i < 0 {
		t.Fatalf("no lead story on /%s/", edition)
	}
	rest := body[i+len(`class="lead-headline"><a href="`):]
	return rest[:strings.IndexByte(rest, '"')]
}
