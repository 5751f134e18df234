package site

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are the page templates; each is parsed together with layout.html.
var pages = []string{"front", "list", "article", "search", "error"}

// templates holds every page, parsed once at start so that a broken
// template stops the server from starting rather than failing a request.
type templates struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"anyCurrent": func(links []navLink) bool {
		for _, l := range links {
			if l.Current {
				return true
			}
		}
		return false
	},
}

func parseTemplates() (*templates, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("site: templates: %w", err)
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range pages {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("site: template %s: %w", name, err)
		}
		t.pages[name] = clone
	}
	return t, nil
}

// render executes a page into memory.
func (t *templates) render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := t.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("site: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
