package newsroom

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bylinehq/byline/internal/news"
	slugs "github.com/bylinehq/byline/internal/slug"
)

// topicListData is the topics page: a search over names and aliases.
type topicListData struct {
	Query    string
	Topics   []topicRow
	Editions []news.Edition
}

// topicRow is a topic with its name in each edition, in edition order ("" where it has none).
type topicRow struct {
	news.Topic
	ByEdition []string
}

const topicPage = 100

// topicList finds topics by any of their names or aliases.
func (n *Newsroom) topicList(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 100 {
		return news.Invalid("q", "a topic search is at most 100 characters long")
	}
	ts, err := n.store.SearchTopics(r.Context(), q, topicPage)
	if err != nil {
		return err
	}
	eds, err := n.store.Editions(r.Context())
	if err != nil {
		return err
	}
	d := topicListData{Query: q, Editions: eds}
	for _, t := range ts {
		row := topicRow{Topic: t}
		for _, e := range eds {
			n, _ := t.In(e.Code)
			row.ByEdition = append(row.ByEdition, n.Name)
		}
		d.Topics = append(d.Topics, row)
	}
	return n.render(w, r, http.StatusOK, "topics", n.withNav(n.newPage(r, "nr.topiclist.title", d), "topics"))
}

// topicFormData is one topic's form: a name per edition, kind, aliases.
type topicFormData struct {
	Topic   news.Topic
	Names   []topicNameRow
	Kinds   []news.TopicKind
	Aliases string
	Error   string
}

type topicNameRow struct {
	Edition news.Edition
	Name    news.TopicName
}

func (n *Newsroom) topicFromPath(r *http.Request) (news.Topic, error) {
	id, err := strconv.ParseInt(r.PathValue("topic"), 10, 64)
	if err != nil || id <= 0 {
		return news.Topic{}, news.NotFound("no topic %q", r.PathValue("topic"))
	}
	return n.store.TopicByID(r.Context(), id)
}

func (n *Newsroom) topicForm(w http.ResponseWriter, r *http.Request, v *viewer) error {
	t, err := n.topicFromPath(r)
	if err != nil {
		return err
	}
	return n.showTopic(w, r, t, http.StatusOK, "")
}

func (n *Newsroom) showTopic(w http.ResponseWriter, r *http.Request, t news.Topic, status int, problem string) error {
	eds, err := n.store.Editions(r.Context())
	if err != nil {
		return err
	}
	d := topicFormData{Topic: t, Kinds: []news.TopicKind{news.Person, news.Place, news.Organisation, news.Subject},
		Aliases: strings.Join(t.Aliases, "\n"), Error: problem}
	for _, e := range eds {
		name, _ := t.In(e.Code)
		d.Names = append(d.Names, topicNameRow{Edition: e, Name: name})
	}
	return n.render(w, r, status, "topic", n.withNav(n.newPage(r, "nr.topic.title", d), "topics"))
}

// updateTopic saves a topic's names, kind and aliases. An edition's name
// left empty keeps the name it has: a topic page is never taken away here.
func (n *Newsroom) updateTopic(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	t, err := n.topicFromPath(r)
	if err != nil {
		return err
	}
	eds, err := n.store.Editions(r.Context())
	if err != nil {
		return err
	}
	upd := news.Topic{ID: t.ID, Kind: news.TopicKind(r.PostFormValue("kind")), Aliases: strings.Split(r.PostFormValue("aliases"), "\n")}
	for _, e := range eds {
		name := strings.TrimSpace(r.PostFormValue("name_" + e.Code))
		slug := strings.TrimSpace(r.PostFormValue("slug_" + e.Code))
		if name == "" {
			continue
		}
		if slug == "" {
			slug = slugs.Make(name)
		}
		upd.Names = append(upd.Names, news.TopicName{Edition: e.Code, Name: name, Slug: slug})
	}
	if len(upd.Names) == 0 {
		upd.Names = t.Names
	}
	if err := n.cfg.Editorial.UpdateTopic(r.Context(), v.User, &upd); err != nil {
		if code := news.ErrorCode(err); code != news.CodeInvalid && code != news.CodeConflict {
			return err
		}
		upd.Names = mergeNames(t.Names, upd.Names)
		return n.showTopic(w, r, upd, http.StatusUnprocessableEntity, problem(n.locale(r, &v.User), err))
	}
	n.cfg.OnChange(r.Context())
	return done(w, r, "/admin/topics/"+strconv.FormatInt(t.ID, 10), "topic_saved")
}

// mergeNames shows a refused form with what the person typed over what
// is stored.
func mergeNames(stored, typed []news.TopicName) []news.TopicName {
	out := append([]news.TopicName(nil), typed...)
	for _, s := range stored {
		if !hasEdition(typed, s.Edition) {
			out = append(out, s)
		}
	}
	return out
}

func hasEdition(ns []news.TopicName, edition string) bool {
	for _, n := range ns {
		if n.Edition == edition {
			return true
		}
	}
	return false
}
