package wires

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// ingestFeed normalizes a parsed feed's items and ingests each one; an
// item Normalize refuses becomes a Problem and the rest go in.
func (d *Desk) ingestFeed(ctx context.Context, src news.WireSource, feed *Feed) (Report, error) {
	if d.Sanitize == nil {
		return Report{}, errors.New("wires: the desk has no Sanitize policy; nothing is stored unsanitized")
	}
	items, problems := NormalizeAll(feed, d.Sanitize)
	rep := Report{Items: len(feed.Items) + len(feed.Problems), Problems: problems}
	in := ingester{d: d, src: src, format: feed.Format, now: d.now()}
	for _, it := range items {
		if err := in.ingest(ctx, it, &rep); err != nil {
			return rep, fmt.Errorf("wires: ingest %q: %w", it.GUID, err)
		}
	}
	return rep, nil
}

// ingester applies the ingest rules to one document's items. recent is
// loaded once and grows with each item stored, so that two rewrites of a
// story in one document are grouped too.
type ingester struct {
	d      *Desk
	src    news.WireSource
	format string
	now    time.Time
	recent []news.WireItem
	loaded bool
}

// ingest stores one normalized item by the desk's rules:
//   - the same source and GUID with the same text is unchanged;
//   - with new text it is a new version, keeping its status, group and
//     adoption, so the desk can show "wire updated since adoption";
//   - a new GUID whose text is already on the desk (from any source) is an
//     exact duplicate of the first copy;
//   - else an item within NearDuplicate of one received in NearWindow joins
//     that item's group (the best match's);
//   - else it is new and alone.
func (in *ingester) ingest(ctx context.Context, it Item, rep *Report) error {
	text := PlainText(it.BodyHTML)
	wi := news.WireItem{
		SourceID: in.src.ID, GUID: it.GUID, Version: 1, Format: in.format, Title: it.Title, Summary: it.Summary,
		BodyHTML: it.BodyHTML, Link: it.Link, Authors: it.Authors, Language: it.Language, Published: it.Published,
		Updated: it.Updated, ReceivedAt: in.now, ContentHash: ContentHash(it.Title, text), Fingerprint: Fingerprint(text),
		Status: news.WireNew,
	}
	prev, err := in.d.Store.LatestWireVersion(ctx, in.src.ID, it.GUID)
	switch news.ErrorCode(err) {
	case news.CodeNotFound:
	case "":
		if prev.ContentHash == wi.ContentHash {
			rep.Unchanged++
			return nil
		}
		wi.Version = prev.Version + 1
		if prev.Status != news.WireDuplicate {
			wi.Status, wi.GroupID, wi.Similarity = prev.Status, prev.GroupID, prev.Similarity
			wi.AdoptedArticleID, wi.AdoptedVersion = prev.AdoptedArticleID, prev.AdoptedVersion
		} else if _, err := in.classify(ctx, &wi); err != nil { // a copy that now says something else is sorted again
			return err
		}
		return in.store(ctx, &wi, rep, &rep.Updated)
	default:
		return err
	}
	counter, err := in.classify(ctx, &wi)
	if err != nil {
		return err
	}
	switch counter {
	case news.WireDuplicate:
		return in.store(ctx, &wi, rep, &rep.Duplicates)
	case grouped:
		return in.store(ctx, &wi, rep, &rep.Grouped)
	}
	return in.store(ctx, &wi, rep, &rep.New)
}

// grouped is classify's answer for an item that joined a group.
const grouped news.WireStatus = "grouped"

// classify marks wi as an exact duplicate of the first copy of its text,
// or groups it with its nearest recent item, or leaves it alone, and says
// which (news.WireDuplicate, grouped or news.WireNew).
func (in *ingester) classify(ctx context.Context, wi *news.WireItem) (news.WireStatus, error) {
	first, err := in.d.Store.WireItemByHash(ctx, wi.ContentHash)
	switch news.ErrorCode(err) {
	case "":
		wi.Status, wi.DuplicateOf = news.WireDuplicate, first.ID
		return news.WireDuplicate, nil
	case news.CodeNotFound:
	default:
		return "", err
	}
	best, sim, err := in.nearest(ctx, *wi)
	if err != nil || best == nil {
		return news.WireNew, err
	}
	if best.GroupID == 0 {
		// Re-read the match before writing: an editor may have adopted or
		// ignored it since the window was loaded.
		fresh, err := in.d.Store.WireItem(ctx, best.ID)
		if err != nil {
			return "", err
		}
		if fresh.GroupID == 0 {
			fresh.GroupID = fresh.ID
			if err := in.d.Store.UpdateWireItem(ctx, &fresh); err != nil {
				return "", err
			}
		}
		best.GroupID = fresh.GroupID
	}
	wi.GroupID, wi.Similarity = best.GroupID, sim
	return grouped, nil
}

// store adds wi and counts it in *counter. When another poller (a second
// node, or "byline wires poll" beside the server) stored the same version
// first, the item is counted unchanged: it is in, once.
func (in *ingester) store(ctx context.Context, wi *news.WireItem, rep *Report, counter *int) error {
	err := in.d.Store.AddWireItem(ctx, wi)
	if news.ErrorCode(err) == news.CodeConflict {
		rep.Unchanged++
		return nil
	}
	if err != nil {
		return err
	}
	*counter++
	if wi.Status != news.WireDuplicate && in.loaded {
		// Drop the older version of this GUID, if it is in the window.
		for i := range in.recent {
			if in.recent[i].SourceID == wi.SourceID && in.recent[i].GUID == wi.GUID {
				in.recent = append(in.recent[:i], in.recent[i+1:]...)
				break
			}
		}
		in.recent = append(in.recent, *wi)
	}
	return nil
}

// nearest returns the recent item most similar to wi, when it is at least
// NearDuplicate, with the similarity; a pointer into in.recent, so that a
// group started here is seen by the next item.
func (in *ingester) nearest(ctx context.Context, wi news.WireItem) (*news.WireItem, float64, error) {
	if !in.loaded {
		recent, err := in.d.Store.RecentWireItems(ctx, in.now.Add(-NearWindow))
		if err != nil {
			return nil, 0, err
		}
		in.recent, in.loaded = recent, true
	}
	var best *news.WireItem
	bestSim := 0.0
	for i := range in.recent {
		r := &in.recent[i]
		if r.SourceID == wi.SourceID && r.GUID == wi.GUID {
			continue
		}
		if sim := Similarity(wi.Fingerprint, r.Fingerprint); sim >= NearDuplicate && sim > bestSim {
			best, bestSim = r, sim
		}
	}
	return best, bestSim, nil
}
