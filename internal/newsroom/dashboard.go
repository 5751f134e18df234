package newsroom

import (
	"net/http"

	"github.com/bylinehq/byline/internal/news"
)

type dashboardData struct {
	Counts  map[string]int
	Mine    bool // counts are of the viewer's own stories
	Queue   []row
	Recent  []row
	Zone    map[string]string
	Editing bool
}

// row is one story in a newsroom list.
type row struct {
	news.DeskItem
	Zone string
}

func (n *Newsroom) dashboard(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	desk := v.User.Role.AtLeast(news.RoleEditor)
	var mine int64
	if !desk {
		mine = v.User.ID
	}
	counts, err := n.store.DeskCounts(ctx, mine)
	if err != nil {
		return err
	}
	zones, err := n.zones(r)
	if err != nil {
		return err
	}
	d := dashboardData{Counts: map[string]int{}, Mine: !desk, Editing: desk}
	for st, c := range counts {
		d.Counts[string(st)] = c
	}
	// What needs this person: the review queue for editors, their own
	// drafts for writers.
	q := news.DeskQuery{Statuses: []news.Status{news.InReview}, Limit: 10}
	if !desk {
		q = news.DeskQuery{Statuses: []news.Status{news.Draft, news.InReview}, CreatedBy: v.User.ID, Limit: 10}
	}
	items, err := n.store.Desk(ctx, q)
	if err != nil {
		return err
	}
	d.Queue = rows(items, zones)
	recent, err := n.store.Desk(ctx, news.DeskQuery{CreatedBy: mine, Limit: 10})
	if err != nil {
		return err
	}
	d.Recent = rows(recent, zones)
	return n.render(w, r, http.StatusOK, "dashboard", n.withNav(n.newPage(r, "nr.dashboard.title", d), "dashboard"))
}

func rows(items []news.DeskItem, zones map[string]string) []row {
	out := make([]row, len(items))
	for i, it := range items {
		out[i] = row{DeskItem: it, Zone: zones[it.Edition]}
	}
	return out
}

// zones maps edition codes to their time zones.
func (n *Newsroom) zones(r *http.Request) (map[string]string, error) {
	eds, err := n.store.Editions(r.Context())
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, e := range eds {
		out[e.Code] = e.TimeZone
	}
	return out, nil
}

func (n *Newsroom) withNav(p *page, section string) *page {
	p.Section = section
	return p
}
