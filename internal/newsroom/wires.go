package newsroom

import (
	"errors"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/bylinehq/byline/internal/news"
)

// The wire desk: editors work the inbox of agency copy (/admin/wires),
// read an item and adopt it into a draft or ignore it; admins manage the
// sources it comes from (/admin/wires/sources).

// wireInboxLimit bounds the inbox: the desk is for what came in lately.
const wireInboxLimit = 200

// wireNames gives wire pages catalog keys and numbers for the templates.
type wireNames struct{}

// StatusKey is the catalog key naming a wire item's status.
func (wireNames) StatusKey(s news.WireStatus) string { return "nr.wires.status_" + string(s) }

// Percent is a similarity of 0..1 as a whole percentage.
func (wireNames) Percent(f float64) int { return int(math.Round(f * 100)) }

// Minutes is a source's interval in whole minutes.
func (wireNames) Minutes(d time.Duration) int { return int(d / time.Minute) }

// wireRow is one story in the inbox: an item with its exact duplicates
// folded under it and its near-duplicates grouped with it.
type wireRow struct {
	news.WireItem
	Source     string
	Duplicates []wireMember
	Similar    []wireMember
}

// wireMember is an item shown under another, with its source's name.
type wireMember struct {
	news.WireItem
	Source string
}

// wireFilter is the inbox's filter form as typed.
type wireFilter struct {
	Source         int64
	Language       string
	Status         string
	Since, Until   string // YYYY-MM-DD, UTC
	SinceT, UntilT time.Time
}

type wiresData struct {
	wireNames
	Rows      []wireRow
	Sources   []news.WireSource
	Filter    wireFilter
	Statuses  []news.WireStatus
	Languages []news.Edition
}

// readWireFilter reads the inbox's query string. Dates are whole days in
// UTC; "until" includes its day.
func readWireFilter(r *http.Request) (wireFilter, error) {
	q := r.URL.Query()
	f := wireFilter{Language: q.Get("language"), Status: q.Get("status"), Since: q.Get("since"), Until: q.Get("until")}
	if s := q.Get("source"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return f, news.Invalid("source", "choose a source from the list")
		}
		f.Source = id
	}
	switch news.WireStatus(f.Status) {
	case "", news.WireNew, news.WireAdopted, news.WireIgnored:
	default:
		return f, news.Invalid("status", "choose a status from the list")
	}
	var err error
	if f.Since != "" {
		if f.SinceT, err = time.Parse(time.DateOnly, f.Since); err != nil {
			return f, news.Invalid("since", "%q is not a date", f.Since)
		}
	}
	if f.Until != "" {
		if f.UntilT, err = time.Parse(time.DateOnly, f.Until); err != nil {
			return f, news.Invalid("until", "%q is not a date", f.Until)
		}
		f.UntilT = f.UntilT.AddDate(0, 0, 1)
	}
	return f, nil
}

func (n *Newsroom) wireInbox(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	d := &wiresData{Statuses: []news.WireStatus{news.WireNew, news.WireAdopted, news.WireIgnored}}
	f, ferr := readWireFilter(r)
	d.Filter = f
	var err error
	if d.Sources, err = n.store.WireSources(ctx); err != nil {
		return err
	}
	if d.Languages, err = n.store.Editions(ctx); err != nil {
		return err
	}
	p := n.withNav(n.newPage(r, "nr.wires.title", d), "wires")
	if ferr != nil {
		p.Problem = problem(p.L, ferr)
		return n.render(w, r, http.StatusBadRequest, "wires", p)
	}
	items, err := n.cfg.Wires.Inbox(ctx, v.User, news.WireQuery{SourceID: f.Source, Language: f.Language,
		Status: news.WireStatus(f.Status), Since: f.SinceT, Until: f.UntilT, Limit: wireInboxLimit})
	if err != nil {
		return err
	}
	if d.Rows, err = n.wireRows(r, items, d.Sources); err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "wires", p)
}

// wireRows folds the inbox into stories: a group's first item with the
// group's exact duplicates under it and its near-duplicates beside it. A
// near-duplicate has a row of its own only when the filter leaves its
// group's first item out.
func (n *Newsroom) wireRows(r *http.Request, items []news.WireItem, sources []news.WireSource) ([]wireRow, error) {
	names := map[int64]string{}
	for _, s := range sources {
		names[s.ID] = s.Name
	}
	listed := map[int64]bool{}
	for _, it := range items {
		listed[it.ID] = true
	}
	var out []wireRow
	for _, it := range items {
		if it.GroupID != 0 && it.GroupID != it.ID && listed[it.GroupID] {
			continue // shown under its group's first item
		}
		row := wireRow{WireItem: it, Source: names[it.SourceID]}
		group, err := n.store.WireGroup(r.Context(), it.ID)
		if err != nil {
			return nil, err
		}
		row.Duplicates, row.Similar = splitGroup(it.ID, group, names)
		out = append(out, row)
	}
	return out, nil
}

type wireItemData struct {
	wireNames
	Item       news.WireItem
	Source     news.WireSource
	Body       template.HTML
	Versions   []news.WireItem
	Duplicates []wireMember
	Similar    []wireMember
	// Changed is set when the agency sent a new version after the item was
	// adopted: Diff compares the adopted version with the latest.
	Changed         bool
	Adopted, Latest news.WireItem
	Diff            []fieldDiff
}

func (n *Newsroom) wireItem(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r, "id", "wire item")
	if err != nil {
		return err
	}
	p, err := n.wireItemPage(r, id)
	if err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "wire", p)
}

func (n *Newsroom) wireItemPage(r *http.Request, id int64) (*page, error) {
	ctx := r.Context()
	it, err := n.store.WireItem(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &wireItemData{Item: it}
	if d.Source, err = n.store.WireSource(ctx, it.SourceID); err != nil {
		return nil, err
	}
	// The store keeps the body sanitized; sanitizing again on the way out
	// costs little and keeps a store written by an older version honest.
	d.Body = template.HTML(n.cfg.Markup.Sanitize(it.BodyHTML))
	if d.Versions, err = n.store.WireVersions(ctx, it.SourceID, it.GUID); err != nil {
		return nil, err
	}
	if err := n.wireGroupOf(r, d); err != nil {
		return nil, err
	}
	p := n.withNav(n.newPage(r, "nr.wires.item_title", d), "wires")
	p.Title = it.Title + " · " + p.Title
	if it.AdoptedArticleID != 0 {
		latest, adopted, changed, err := n.cfg.Wires.UpdatedSinceAdoption(ctx, id)
		if err != nil {
			return nil, err
		}
		d.Changed, d.Latest, d.Adopted = changed, latest, adopted
		if changed {
			for _, f := range []struct{ key, old, new string }{
				{"nr.wires.field_title", adopted.Title, latest.Title},
				{"nr.wires.field_summary", adopted.Summary, latest.Summary},
				{"nr.wires.field_body", htmlText(adopted.BodyHTML), htmlText(latest.BodyHTML)},
			} {
				if f.old == "" && f.new == "" {
					continue // a field the agency never sends
				}
				d.Diff = append(d.Diff, fieldDiff{Label: p.T(f.key), HTML: DiffHTML(f.old, f.new), Changed: f.old != f.new})
			}
		}
	}
	return p, nil
}

// wireGroupOf fills the item page's duplicates and group members.
func (n *Newsroom) wireGroupOf(r *http.Request, d *wireItemData) error {
	group, err := n.store.WireGroup(r.Context(), d.Item.ID)
	if err != nil {
		return err
	}
	sources, err := n.store.WireSources(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, s := range sources {
		names[s.ID] = s.Name
	}
	d.Duplicates, d.Similar = splitGroup(d.Item.ID, group, names)
	return nil
}

// splitGroup sorts an item's group (as the store's WireGroup lists it)
// into exact duplicates and the other stories, leaving the item out.
func splitGroup(id int64, group []news.WireItem, names map[int64]string) (dups, similar []wireMember) {
	for _, g := range group {
		m := wireMember{WireItem: g, Source: names[g.SourceID]}
		switch {
		case g.ID == id:
		case g.Status == news.WireDuplicate:
			dups = append(dups, m)
		default:
			similar = append(similar, m)
		}
	}
	return dups, similar
}

// htmlText is the text of sanitized HTML for a word diff: block elements
// become paragraphs (wires.PlainText runs them into one line, which
// makes a long diff unreadable), tags and entities go.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var sb strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(sb.String())
		case html.TextToken:
			sb.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "tr":
				if sb.Len() > 0 && !strings.HasSuffix(sb.String(), "\n\n") {
					sb.WriteString("\n\n")
				}
			}
		}
	}
}

// adoptWire makes a draft from the item and opens it in the editor.
func (n *Newsroom) adoptWire(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id", "wire item")
	if err != nil {
		return err
	}
	a, err := n.cfg.Wires.Adopt(r.Context(), v.User, id)
	if err != nil {
		return n.wireItemProblem(w, r, id, err)
	}
	return done(w, r, "/admin/articles/"+strconv.FormatInt(a.ID, 10), "wire_adopted")
}

func (n *Newsroom) ignoreWire(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id", "wire item")
	if err != nil {
		return err
	}
	if err := n.cfg.Wires.Ignore(r.Context(), v.User, id); err != nil {
		return n.wireItemProblem(w, r, id, err)
	}
	return done(w, r, "/admin/wires", "wire_ignored")
}

// wireItemProblem shows the item again with what went wrong, or the error
// page when the item itself cannot be shown.
func (n *Newsroom) wireItemProblem(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	switch news.ErrorCode(err) {
	case news.CodeInternal, news.CodeNotFound, news.CodeForbidden, news.CodeUnauthorized:
		return err
	}
	p, perr := n.wireItemPage(r, id)
	if perr != nil {
		return errors.Join(err, perr)
	}
	p.Problem = problem(p.L, err)
	return n.render(w, r, web400(err), "wire", p)
}

// wireSourcesData is the sources page.
type wireSourcesData struct {
	wireNames
	Sources  []news.WireSource
	Sections map[int64]news.Section
	Editions []news.Edition
	// ByEdition lists each edition's sections for the form's choices.
	ByEdition map[string][]news.Section
	Form      wireSourceForm
}

// wireSourceForm is the add form as typed.
type wireSourceForm struct {
	Name, Kind, URL, Folder, Credit string
	SectionID                       int64
	Minutes                         int
}

func (n *Newsroom) wireSourcesPage(r *http.Request) (*page, *wireSourcesData, error) {
	ctx := r.Context()
	d := &wireSourcesData{Sections: map[int64]news.Section{}, ByEdition: map[string][]news.Section{},
		Form: wireSourceForm{Kind: string(news.SourceURL), Minutes: 5}}
	var err error
	if d.Sources, err = n.store.WireSources(ctx); err != nil {
		return nil, nil, err
	}
	if d.Editions, err = n.store.Editions(ctx); err != nil {
		return nil, nil, err
	}
	for _, e := range d.Editions {
		secs, err := n.store.Sections(ctx, e.Code)
		if err != nil {
			return nil, nil, err
		}
		d.ByEdition[e.Code] = secs
		for _, s := range secs {
			d.Sections[s.ID] = s
		}
	}
	return n.withNav(n.newPage(r, "nr.wires.sources_title", d), "wires"), d, nil
}

func (n *Newsroom) wireSources(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, _, err := n.wireSourcesPage(r)
	if err != nil {
		return err
	}
	return n.render(w, r, http.StatusOK, "wiresources", p)
}

func (n *Newsroom) createWireSource(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := wireSourceForm{Name: r.FormValue("name"), Kind: r.FormValue("kind"), URL: strings.TrimSpace(r.FormValue("url")),
		Folder: strings.TrimSpace(r.FormValue("folder")), Credit: r.FormValue("credit")}
	f.SectionID, _ = strconv.ParseInt(r.FormValue("section"), 10, 64)
	f.Minutes, _ = strconv.Atoi(r.FormValue("interval"))
	src := news.WireSource{Name: f.Name, Kind: news.SourceKind(f.Kind), Credit: f.Credit, SectionID: f.SectionID,
		Interval: time.Duration(f.Minutes) * time.Minute, Active: true}
	switch src.Kind {
	case news.SourceURL:
		src.URL = f.URL
	case news.SourceFolder:
		src.Folder = f.Folder
	}
	err := n.sourceEdition(r, &src)
	if err == nil {
		err = n.cfg.Wires.AddSource(r.Context(), v.User, &src)
	}
	if err != nil {
		p, d, perr := n.wireSourcesPage(r)
		if perr != nil {
			return perr
		}
		d.Form = f
		p.Problem = problem(p.L, err)
		return n.render(w, r, web400(err), "wiresources", p)
	}
	return done(w, r, "/admin/wires/sources", "wire_source_added")
}

// sourceEdition sets the source's edition from its section, which the
// form offers grouped by edition.
func (n *Newsroom) sourceEdition(r *http.Request, src *news.WireSource) error {
	if src.SectionID == 0 {
		return news.Invalid("section", "is required")
	}
	sec, err := n.store.SectionByID(r.Context(), src.SectionID)
	if news.ErrorCode(err) == news.CodeNotFound {
		return news.Invalid("section", "choose a section from the list")
	}
	if err != nil {
		return err
	}
	src.Edition = sec.Edition
	return nil
}

// setWireSourceState pauses or resumes a source.
func (n *Newsroom) setWireSourceState(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	src, err := n.pathSource(r)
	if err != nil {
		return err
	}
	switch r.FormValue("state") {
	case "enable":
		src.Active = true
	case "disable":
		src.Active = false
	default:
		return news.Invalid("state", "choose enable or disable")
	}
	if err := n.cfg.Wires.UpdateSource(r.Context(), v.User, &src); err != nil {
		return err
	}
	return done(w, r, "/admin/wires/sources", "wire_source_updated")
}

// pollWireSource polls a URL source or scans a folder now, whatever its
// schedule. The desk's Poll takes no actor (the background poller calls
// it), so the admin check is made here as well as in the route table.
func (n *Newsroom) pollWireSource(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if !v.User.Can(news.ActManageWires, nil) {
		return news.Errorf(news.CodeForbidden, "only admins may poll wire sources")
	}
	src, err := n.pathSource(r)
	if err != nil {
		return err
	}
	_, err = n.cfg.Wires.Poll(r.Context(), src)
	if err != nil {
		// The poller records what went wrong on the source in words an
		// admin can act on; the error itself may be ours and is logged.
		n.cfg.Log.WarnContext(r.Context(), "wires: poll now", "source", src.ID, "err", err)
		p, _, perr := n.wireSourcesPage(r)
		if perr != nil {
			return perr
		}
		status := ""
		if s, serr := n.store.WireSource(r.Context(), src.ID); serr == nil {
			status = s.LastStatus
		}
		p.Problem = p.T("nr.wires.poll_failed", src.Name, status)
		return n.render(w, r, http.StatusBadGateway, "wiresources", p)
	}
	return done(w, r, "/admin/wires/sources", "wire_polled")
}

func (n *Newsroom) pathSource(r *http.Request) (news.WireSource, error) {
	id, err := pathID(r, "source", "wire source")
	if err != nil {
		return news.WireSource{}, err
	}
	return n.store.WireSource(r.Context(), id)
}
