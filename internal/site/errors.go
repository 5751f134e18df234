package site

import (
	"net/http"
	"strings"

	"github.com/bylinehq/byline/internal/web"
)

// errorKeys names the catalog messages for each status; other 4xx
// statuses use "invalid" and other 5xx "internal".
var errorKeys = map[int]string{
	http.StatusBadRequest: "invalid", http.StatusNotFound: "not_found", http.StatusGone: "gone",
	http.StatusServiceUnavailable: "unavailable",
}

type errorPage struct {
	chrome
	StatusText, Heading, Message string
}

// WriteError renders an error as a page in the reader's edition: the one
// in the path when there is one, otherwise the best for Accept-Language.
// It reads nothing from the store, so it works when the store does not.
func (s *Site) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	status := web.Status(err)
	ed := s.errorEdition(r)
	key, ok := errorKeys[status]
	if !ok {
		key = "invalid"
		if status >= 500 {
			key = "internal"
		}
	}
	p := errorPage{
		chrome:     chrome{Ed: ed, CSS: s.assets.URL("style.css"), Icon: s.assets.URL("favicon.svg"), NoIndex: true},
		StatusText: ed.locale.Number(status),
		Heading:    ed.locale.T("error." + key + ".title"),
		Message:    ed.locale.T("error." + key + ".body"),
	}
	p.Title = p.Heading + " | " + ed.locale.T("site.name")
	p.Description = p.Message
	p.Editions = s.editionLinks(ed, nil)
	body, rerr := s.tmpl.render("error", &p)
	if rerr != nil {
		s.cfg.Log.ErrorContext(r.Context(), "render error page", "err", rerr)
		http.Error(w, http.StatusText(status), status)
		return
	}
	cache := "no-store"
	if status == http.StatusNotFound || status == http.StatusGone {
		cache = "public, max-age=60"
	}
	web.Write(w, r, web.Body{Status: status, ContentType: "text/html; charset=utf-8", Language: ed.Tag, Data: body, CacheControl: cache})
}

func (s *Site) errorEdition(r *http.Request) *edition {
	set := s.eds.Load()
	first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if ed, ok := set.byCode[first]; ok {
		return ed
	}
	return set.best(r.Header.Get("Accept-Language"))
}
