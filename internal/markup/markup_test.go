package markup

import (
	"regexp"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	r := New()
	tests := []struct {
		name      string
		in        string
		want      []string
		forbidden []string
	}{
		{"paragraphs", "One.\n\nTwo.", []string{"<p>One.</p>", "<p>Two.</p>"}, nil},
		{"h1 in body becomes h2", "# Big\n\n## Sub", []string{"<h2", ">Big</h2>", "<h3", ">Sub</h3>"}, []string{"<h1"}},
		{"top body heading is h2 whatever its level", "## Sub\n\n### Subsub", []string{">Sub</h2>", ">Subsub</h3>"}, []string{"<h1", "<h4"}},
		{"deep headings climb to h2", "#### Deep", []string{">Deep</h2>"}, nil},
		{"raw html dropped", "Hi <script>alert(1)</script> <b onclick=x>b</b>", []string{"Hi"}, []string{"<script", "onclick", "alert(1)</script>"}},
		{"javascript link neutralised", "[x](javascript:alert(1))", []string{"x"}, []string{"javascript:"}},
		{"data link neutralised", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:"}},
		{"external link nofollow", "[site](https://example.org/a)", []string{`href="https://example.org/a"`, `rel="nofollow"`}, nil},
		{"quote and list", "> said\n\n- a\n- b", []string{"<blockquote>", "<li>a</li>"}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"linkify", "see https://example.org now", []string{`<a href="https://example.org"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Render(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output %q lacks %q", got, w)
				}
			}
			for _, f := range tt.forbidden {
				if strings.Contains(got, f) {
					t.Errorf("output %q contains %q", got, f)
				}
			}
		})
	}
}

var (
	scriptTag = regexp.MustCompile(`(?i)<\s*script`)
	eventAttr = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	// badURL looks inside tags only: the text "href=javascript:" is text
	// (its "<" would be escaped), and the fuzzer wrote just that.
	badURL      = regexp.MustCompile(`(?i)<[^>]*\s(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):`)
	styleOrForm = regexp.MustCompile(`(?i)<\s*(style|iframe|object|embed|form|input|svg|math)\b`)
)

// FuzzRender checks the sanitizer's promise for any Markdown or HTML input:
// no script element, no event handler, no script or data URL.
func FuzzRender(f *testing.F) {
	seeds := []string{
		"# hi", "<script>alert(1)</script>", "[a](javascript:alert(1))",
		"<img src=x onerror=alert(1)>", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
		"![i](data:image/svg+xml;base64,PHN2Zz4=)", "<svg><script>1</script></svg>",
		"<iframe src=//evil>", "`<script>`", "<<script>script>", "[x](JaVaScRiPt:1)",
		"<style>*{}</style>", "<math><mi xlink:href=\"javascript:1\">",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, in string) {
		out, err := r.Render(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range []*regexp.Regexp{scriptTag, eventAttr, badURL, styleOrForm} {
			if loc := re.FindStringIndex(out); loc != nil {
				t.Fatalf("unsafe output for %q: %q", in, out)
			}
		}
		if again := r.Sanitize(out); again != out {
			t.Fatalf("sanitizer output is not stable: %q then %q", out, again)
		}
	})
}
