package feeds

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// urlAttrs are the attributes the sanitizer policy lets carry a URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true}

// AbsoluteHTML resolves the relative links and image sources of a
// sanitized HTML fragment against base, the story's absolute URL: a feed
// reader shows the body away from the site, where "/en/…" means nothing.
// The fragment is otherwise unchanged in meaning; unparsable URLs are
// left as they are.
func AbsoluteHTML(fragment, base string) string {
	b, err := url.Parse(base)
	if err != nil || !strings.ContainsAny(fragment, "=") {
		return fragment
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return fragment
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for i, a := range n.Attr {
				if a.Namespace != "" || !urlAttrs[a.Key] {
					continue
				}
				if ref, err := url.Parse(strings.TrimSpace(a.Val)); err == nil && !ref.IsAbs() {
					n.Attr[i].Val = b.ResolveReference(ref).String()
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	var out strings.Builder
	for _, n := range nodes {
		walk(n)
		if err := html.Render(&out, n); err != nil {
			return fragment
		}
	}
	return out.String()
}
