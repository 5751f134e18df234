// Package pagecache keeps rendered public pages in memory, compressed once
// (gzip and brotli), and drops exactly the pages a change affects.
//
// Each page records what it shows as tags while it renders: the stories
// on it ("s:ID"), the lists it shows ("l:en" for an edition's river and
// fronts, "l:en:s:4" for a section's, topics' and authors' lists), its
// translation group and whether it depends on everything in an edition
// (search, sitemaps). The store orders every story save by a change
// sequence; the cache reads the changes past the last one it saw and works
// out, from a story's state before and after, which tags to drop: an edit
// drops the pages that show the story, a publish also the lists it enters.
// Changes to what frames every page (editions, sections, topic names)
// empty the cache. The tags go out as a Surrogate-Key header, so a CDN in
// front can purge the same way.
package pagecache

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// Deps collects, while a page renders, what it depends on.
type Deps struct {
	mu      sync.Mutex
	tags    map[string]struct{}
	labels  time.Time // when the page's time labels change
	noStore bool
}

type depsKey struct{}

func withDeps(ctx context.Context, d *Deps) context.Context {
	return context.WithValue(ctx, depsKey{}, d)
}

func from(ctx context.Context) *Deps {
	d, _ := ctx.Value(depsKey{}).(*Deps)
	return d
}

// Depend records that the page being rendered in ctx shows tags. Outside
// a cached render it does nothing.
func Depend(ctx context.Context, tags ...string) {
	d := from(ctx)
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tags == nil {
		d.tags = make(map[string]struct{}, 32)
	}
	for _, t := range tags {
		d.tags[t] = struct{}{}
	}
}

// LabelsChangeAt records when the page's time labels ("Today 14:00")
// next change: the cache drops it then.
func LabelsChangeAt(ctx context.Context, t time.Time) {
	if d := from(ctx); d != nil {
		d.mu.Lock()
		if d.labels.IsZero() || t.Before(d.labels) {
			d.labels = t
		}
		d.mu.Unlock()
	}
}

// DontStore keeps the page being rendered in ctx out of the cache.
func DontStore(ctx context.Context) {
	if d := from(ctx); d != nil {
		d.mu.Lock()
		d.noStore = true
		d.mu.Unlock()
	}
}

// Tags for what pages show.
func Story(id int64) string         { return "s:" + strconv.FormatInt(id, 10) }
func Group(id int64) string         { return "g:" + strconv.FormatInt(id, 10) }
func River(edition string) string   { return "l:" + edition }
func Edition(edition string) string { return "e:" + edition }
func SectionList(edition string, id int64) string {
	return "l:" + edition + ":s:" + strconv.FormatInt(id, 10)
}
func TopicList(edition string, id int64) string {
	return "l:" + edition + ":t:" + strconv.FormatInt(id, 10)
}
func AuthorList(edition string, id int64) string {
	return "l:" + edition + ":a:" + strconv.FormatInt(id, 10)
}

// Pending is the tag of pages rendered before something they show was
// ready (the "Read also" engine still building); Purge(Pending) drops them.
const Pending = "pending"
