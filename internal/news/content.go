package news

import (
	"context"
	"time"
)

// TopicUse is a topic as one edition shows it, with how many stories
// visible at a given time are about it.
type TopicUse struct {
	TopicRef
	Stories int
}

// AuthorUse is an author with how many stories visible at a given time
// carry their byline.
type AuthorUse struct {
	Author
	Stories int
}

// ContentStore is what the public Content API reads beyond the site's
// lists. Its answers follow the site's rule: only stories visible at now
// count, so nothing scheduled, embargoed or withdrawn shows through.
type ContentStore interface {
	// Articles returns the articles with the given IDs, in any status, in
	// the order asked, from one consistent read; IDs with no article are
	// skipped.
	Articles(ctx context.Context, ids []int64) ([]*Article, error)
	// TopicsInPrint lists, by name, the topics of edition that at least one
	// story visible at now is about, with how many such stories. Topics
	// known only from drafts, scheduled or embargoed stories are left out,
	// so a topic's name never gives such a story away. No topics is an
	// empty list.
	TopicsInPrint(ctx context.Context, edition string, now time.Time) ([]TopicUse, error)
	// AuthorsInPrint lists, by name, the authors credited on at least one
	// story visible at now, in edition or in any edition when edition is
	// empty, with how many such stories. Authors of nothing readers can
	// see are left out.
	AuthorsInPrint(ctx context.Context, edition string, now time.Time) ([]AuthorUse, error)
}
