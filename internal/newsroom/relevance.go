package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
)

// ReadAlso is the "Read also" ranking the editor shows and lets editors
// correct.
type ReadAlso interface {
	ReadAlso(ctx context.Context, a *news.Article, now time.Time) ([]news.Teaser, error)
}

// relevanceData is the editor's topics and "Read also" panels.
type relevanceData struct {
	Suggestions []suggestionRow
	Rejected    []string // rejected suggestion keys
	CanPick     bool
	ReadAlso    []readAlsoRow
	Excluded    []news.Teaser
}

type suggestionRow struct {
	editorial.TopicSuggestion
	Evidence []evidenceRow
}

// evidenceRow is an excerpt split around the mention, for marking it.
type evidenceRow struct {
	Field, Before, Mention, After string
}

func suggestionRows(in []editorial.TopicSuggestion) []suggestionRow {
	out := make([]suggestionRow, len(in))
	for i, s := range in {
		out[i].TopicSuggestion = s
		for _, e := range s.Evidence {
			if e.Start < 0 || e.End > len(e.Excerpt) || e.Start > e.End {
				continue
			}
			out[i].Evidence = append(out[i].Evidence, evidenceRow{Field: e.Field,
				Before: e.Excerpt[:e.Start], Mention: e.Excerpt[e.Start:e.End], After: e.Excerpt[e.End:]})
		}
	}
	return out
}

type readAlsoRow struct {
	news.Teaser
	Pinned bool
}

// loadRelevance fills the editor's topic suggestions and, for editors, the
// story's "Read also" block as readers see it now, with their picks.
func (n *Newsroom) loadRelevance(ctx context.Context, v *viewer, a *news.Article, d *editorData) error {
	var err error
	if d.Can[string(news.ActEdit)] {
		sugg, err := n.cfg.Editorial.SuggestTopics(ctx, v.User, a.ID)
		if err != nil {
			return err
		}
		d.Topics.Suggestions = suggestionRows(sugg)
		if d.Topics.Rejected, err = n.store.TopicRejections(ctx, a.ID); err != nil {
			return err
		}
	}
	d.Topics.CanPick = v.User.Can(news.ActPickReadAlso, a) && n.cfg.ReadAlso != nil
	if !d.Topics.CanPick {
		return nil
	}
	picks, err := n.store.ReadAlsoPicks(ctx, a.ID)
	if err != nil {
		return err
	}
	pinned, excluded := map[int64]bool{}, []int64{}
	for _, p := range picks {
		if p.Pick == news.Pin {
			pinned[p.RelatedID] = true
		} else {
			excluded = append(excluded, p.RelatedID)
		}
	}
	block, err := n.cfg.ReadAlso.ReadAlso(ctx, a, n.cfg.Now())
	if err != nil {
		return err
	}
	for _, t := range block {
		d.Topics.ReadAlso = append(d.Topics.ReadAlso, readAlsoRow{Teaser: t, Pinned: pinned[t.ID]})
	}
	d.Topics.Excluded, err = n.store.TeasersByID(ctx, excluded, farFuture)
	return err
}

// farFuture lists stories whatever their publication time.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// topicAction confirms, rejects or offers again a topic suggestion. A
// confirmed topic is saved on the story at once, as a new revision; with
// the editor's script it only goes into the topics field, to be saved with
// the rest of the form.
func (n *Newsroom) topicAction(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := n.story(r, v)
	if err != nil {
		return err
	}
	ctx, key := r.Context(), r.PostFormValue("key")
	var notice string
	switch r.PostFormValue("action") {
	case "confirm":
		c := editorial.ChangesFrom(a)
		c.Topics = append(c.Topics, strings.TrimSpace(r.PostFormValue("name")))
		_, err = n.cfg.Editorial.Update(ctx, v.User, a.ID, c)
		notice = "topic_added"
	case "reject":
		err, notice = n.cfg.Editorial.RejectTopic(ctx, v.User, a.ID, key), "topic_rejected"
	case "restore":
		err, notice = n.cfg.Editorial.UndoRejectTopic(ctx, v.User, a.ID, key), "topic_restored"
	default:
		err = news.Invalid("action", "must be confirm, reject or restore")
	}
	if err != nil {
		zone, zerr := n.zone(r, a.Edition)
		if zerr != nil {
			return zerr
		}
		return n.refuse(w, r, v, a, valuesFrom(a, zone), err)
	}
	n.cfg.OnChange(ctx)
	return done(w, r, storyPath(a.ID)+"#topics-h", notice)
}

// pickReadAlso pins, excludes or releases a story in the {id} story's
// "Read also" block. The related story is given by id or by its address,
// as an editor would paste it.
func (n *Newsroom) pickReadAlso(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return n.step(w, r, v, "read_also_changed", func(id int64) error {
		related, err := n.relatedStory(r, strings.TrimSpace(r.PostFormValue("related")))
		if err != nil {
			return err
		}
		pick := news.Pick(r.PostFormValue("pick"))
		if pick == "clear" {
			pick = ""
		}
		return n.cfg.Editorial.PickReadAlso(r.Context(), v.User, id, related, pick)
	})
}

// relatedStory reads a story reference: an id, or an article address
// (absolute or a path) of the form /edition/section/slug.
func (n *Newsroom) relatedStory(r *http.Request, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	if u, err := url.Parse(ref); err == nil {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) == 3 {
			a, _, err := n.store.ArticleBySlug(r.Context(), parts[0], parts[2])
			if err == nil {
				return a.ID, nil
			}
			if news.ErrorCode(err) != news.CodeNotFound {
				return 0, err
			}
		}
	}
	return 0, news.Invalid("related", "%q is not a story's id or address", ref)
}
