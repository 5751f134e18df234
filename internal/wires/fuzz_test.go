package wires_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/wires"
)

// unsafeHTML finds what the sanitizer must never let through: a script
// element, an event-handler attribute, or a javascript:/vbscript:/data:
// URL in an attribute (entity- or whitespace-obfuscated ones included, as
// a browser would decode them; see unsafeURL).
var (
	scriptTag = regexp.MustCompile(`(?i)<\s*/?\s*script`)
	onAttr    = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	hrefAttr  = regexp.MustCompile(`(?i)\s(?:href|src|cite|action|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
)

func unsafeURL(v string) bool {
	v = strings.Trim(v, `"'`)
	v = strings.NewReplacer("&#x09;", "", "&#9;", "", "&#x0A;", "", "&#10;", "", "&#x0D;", "", "&#13;", "", "&colon;", ":", "&#58;", ":", "&#x3a;", ":", "&#x3A;", ":").Replace(v)
	var b strings.Builder
	for _, r := range v {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	v = strings.ToLower(b.String())
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		`<p>ok</p>`, `<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(1)">x</a>`, `<a href="java&#x09;script:alert(1)">x</a>`,
		`<svg><script>alert(1)</script></svg>`, `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<<script>script>alert(1)<</script>/script>`, `<a href=" &#14;javascript:alert(1)">x</a>`,
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, "\x00<scr\x00ipt>",
	} {
		f.Add("Title "+s, s, s, "https://wire.example.com/"+s)
	}
	f.Fuzz(func(t *testing.T, title, summary, body, link string) {
		it, err := wires.Normalize(wires.Item{Title: title, Summary: summary, BodyHTML: body, Link: link}, sanitize)
		if err != nil {
			return
		}
		if scriptTag.MatchString(it.BodyHTML) || onAttr.MatchString(it.BodyHTML) {
			t.Fatalf("unsafe markup survived: %q -> %q", body, it.BodyHTML)
		}
		for _, m := range hrefAttr.FindAllStringSubmatch(it.BodyHTML, -1) {
			if unsafeURL(m[1]) {
				t.Fatalf("unsafe URL survived: %q -> %q", body, it.BodyHTML)
			}
		}
		if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
			t.Fatalf("link %q survived", it.Link)
		}
		if it.Title == "" || it.GUID == "" {
			t.Fatalf("accepted item without title or GUID: %+v", it)
		}
	})
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		feed, err := wires.Parse(data)
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Fatalf("Parse took %s on %d bytes", elapsed, len(data))
		}
		if err == nil && feed == nil {
			t.Fatal("nil feed without an error")
		}
		if err != nil && err.Error() == "" {
			t.Fatal("error without a reason")
		}
	})
}
