package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

const wireSourceCols = `id, name, kind, url, folder, edition, section_id, credit, interval_ms, active, created_at,
	etag, last_modified, last_polled_at, last_status, failures, next_poll_at`

func scanWireSource(row rowScanner) (news.WireSource, error) {
	var (
		s                 news.WireSource
		interval, created int64
		polled, next      sql.NullInt64
	)
	err := row.Scan(&s.ID, &s.Name, &s.Kind, &s.URL, &s.Folder, &s.Edition, &s.SectionID, &s.Credit, &interval, &s.Active,
		&created, &s.ETag, &s.LastModified, &polled, &s.LastStatus, &s.Failures, &next)
	if err != nil {
		return s, err
	}
	s.Interval = time.Duration(interval) * time.Millisecond
	s.CreatedAt = time.UnixMilli(created).UTC()
	s.LastPolledAt, s.NextPollAt = fromMS(polled), fromMS(next)
	return s, nil
}

// checkWireSection refuses a source whose section is not in its edition; it
// runs in the write transaction so the check and the write agree.
func (s *Store) checkWireSection(ctx context.Context, tx *sql.Tx, src *news.WireSource) error {
	var edition string
	err := tx.QueryRowContext(ctx, s.q(`SELECT edition FROM sections WHERE id = ?`), src.SectionID).Scan(&edition)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return news.Invalid("section", "there is no section with id %d", src.SectionID)
	case err != nil:
		return err
	case edition != src.Edition:
		return news.Invalid("section", "section %d is in edition %q, not %q", src.SectionID, edition, src.Edition)
	}
	return nil
}

// CreateWireSource validates and stores a source and sets its ID.
// CreatedAt is the store's clock when zero.
func (s *Store) CreateWireSource(ctx context.Context, src *news.WireSource) error {
	if err := src.Validate(); err != nil {
		return err
	}
	if src.CreatedAt.IsZero() {
		src.CreatedAt = s.now().UTC()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.checkWireSection(ctx, tx, src); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, s.q(`INSERT INTO wire_sources (name, kind, url, folder, edition, section_id, credit,
			interval_ms, active, created_at, etag, last_modified, last_polled_at, last_status, failures, next_poll_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			strings.TrimSpace(src.Name), src.Kind, src.URL, src.Folder, src.Edition, src.SectionID, strings.TrimSpace(src.Credit),
			src.Interval.Milliseconds(), flag(src.Active), src.CreatedAt.UnixMilli(), src.ETag, src.LastModified,
			ms(src.LastPolledAt), src.LastStatus, src.Failures, ms(src.NextPollAt)).Scan(&src.ID)
	})
}

// UpdateWireSource validates and replaces a source's fields, its polling
// state included; CodeNotFound when there is no such source.
func (s *Store) UpdateWireSource(ctx context.Context, src *news.WireSource) error {
	if err := src.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.checkWireSection(ctx, tx, src); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE wire_sources SET name = ?, kind = ?, url = ?, folder = ?, edition = ?,
			section_id = ?, credit = ?, interval_ms = ?, active = ?, etag = ?, last_modified = ?, last_polled_at = ?,
			last_status = ?, failures = ?, next_poll_at = ? WHERE id = ?`),
			strings.TrimSpace(src.Name), src.Kind, src.URL, src.Folder, src.Edition, src.SectionID, strings.TrimSpace(src.Credit),
			src.Interval.Milliseconds(), flag(src.Active), src.ETag, src.LastModified, ms(src.LastPolledAt), src.LastStatus,
			src.Failures, ms(src.NextPollAt), src.ID)
		return changed(res, err, news.NotFound("no wire source with id %d", src.ID))
	})
}

// WireSource returns one source; CodeNotFound when there is none.
func (s *Store) WireSource(ctx context.Context, id int64) (news.WireSource, error) {
	src, err := scanWireSource(s.read.QueryRowContext(ctx, s.q(`SELECT `+wireSourceCols+` FROM wire_sources WHERE id = ?`), id))
	return one(src, err, news.NotFound("no wire source with id %d", id), fmt.Sprintf("wire source %d", id))
}

// WireSources lists every source by name.
func (s *Store) WireSources(ctx context.Context) ([]news.WireSource, error) {
	return queryAll(ctx, s.read, "wire sources", scanWireSource,
		`SELECT `+wireSourceCols+` FROM wire_sources ORDER BY name, id`)
}

// DueWireSources returns active URL sources whose NextPollAt is at or
// before now (or never set), the longest-waiting first.
func (s *Store) DueWireSources(ctx context.Context, now time.Time) ([]news.WireSource, error) {
	return queryAll(ctx, s.read, "due wire sources", scanWireSource, s.q(`SELECT `+wireSourceCols+` FROM wire_sources
		WHERE active = 1 AND kind = 'url' AND (next_poll_at IS NULL OR next_poll_at <= ?)
		ORDER BY COALESCE(next_poll_at, 0), id`), now.UnixMilli())
}

// ClaimWireSource moves a due source's next poll a lease ahead, in one
// conditional UPDATE: of several processes that found it due, the first
// to write wins and the others find it not due any more. The poll's end
// sets the real next time; a poller that dies leaves the lease to expire.
func (s *Store) ClaimWireSource(ctx context.Context, id int64, now time.Time, lease time.Duration) (bool, error) {
	var claimed bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE wire_sources SET next_poll_at = ?
			WHERE id = ? AND active = 1 AND (next_poll_at IS NULL OR next_poll_at <= ?)`),
			now.Add(lease).UnixMilli(), id, now.UnixMilli())
		if err != nil {
			return fmt.Errorf("store: claim wire source: %w", err)
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	return claimed, err
}

const wireItemCols = `id, source_id, guid, version, format, title, summary, body_html, link, authors, language,
	published_at, updated_at, received_at, content_hash, fingerprint, status, duplicate_of, group_id, similarity,
	adopted_article_id, adopted_version`

func scanWireItem(row rowScanner) (news.WireItem, error) {
	var (
		it                            news.WireItem
		authors                       string
		published, updated            sql.NullInt64
		received, fp                  int64
		duplicateOf, groupID, adopted sql.NullInt64
	)
	err := row.Scan(&it.ID, &it.SourceID, &it.GUID, &it.Version, &it.Format, &it.Title, &it.Summary, &it.BodyHTML, &it.Link,
		&authors, &it.Language, &published, &updated, &received, &it.ContentHash, &fp, &it.Status, &duplicateOf, &groupID,
		&it.Similarity, &adopted, &it.AdoptedVersion)
	if err != nil {
		return it, err
	}
	it.Authors = lines(authors)
	it.Published, it.Updated, it.ReceivedAt = fromMS(published), fromMS(updated), time.UnixMilli(received).UTC()
	it.Fingerprint = uint64(fp)
	it.DuplicateOf, it.GroupID, it.AdoptedArticleID = duplicateOf.Int64, groupID.Int64, adopted.Int64
	return it, nil
}

// AddWireItem stores a new item or a new version of one and sets its ID.
// The version becomes the latest of its source's GUID; CodeConflict when
// that version is already stored.
func (s *Store) AddWireItem(ctx context.Context, it *news.WireItem) error {
	if strings.TrimSpace(it.GUID) == "" {
		return news.Invalid("guid", "is required")
	}
	if it.Version < 1 {
		it.Version = 1
	}
	if it.Status == "" {
		it.Status = news.WireNew
	}
	if it.ReceivedAt.IsZero() {
		it.ReceivedAt = s.now().UTC()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE wire_items SET latest = 0 WHERE source_id = ? AND guid = ? AND version < ?`),
			it.SourceID, it.GUID, it.Version); err != nil {
			return err
		}
		var newer int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM wire_items WHERE source_id = ? AND guid = ? AND version > ?`),
			it.SourceID, it.GUID, it.Version).Scan(&newer); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO wire_items (source_id, guid, version, latest, format, title, summary,
			body_html, link, authors, language, published_at, updated_at, received_at, content_hash, fingerprint, status,
			duplicate_of, group_id, similarity, adopted_article_id, adopted_version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			it.SourceID, it.GUID, it.Version, flag(newer == 0), it.Format, it.Title, it.Summary, it.BodyHTML, it.Link,
			strings.Join(it.Authors, "\n"), it.Language, ms(it.Published), ms(it.Updated), it.ReceivedAt.UnixMilli(),
			it.ContentHash, int64(it.Fingerprint), it.Status, nullID(it.DuplicateOf), nullID(it.GroupID), it.Similarity,
			nullID(it.AdoptedArticleID), it.AdoptedVersion).Scan(&it.ID)
		if s.d.isUnique(err) {
			return news.Errorf(news.CodeConflict, "version %d of wire item %q is already stored", it.Version, it.GUID)
		}
		if s.d.isForeignKey(err) {
			return news.Invalid("source", "there is no wire source with id %d, or the item it copies or the draft it names is gone", it.SourceID)
		}
		return err
	})
}

// UpdateWireItem changes an item's status, duplicate, group and adoption
// fields; its text is never changed (a re-send is a new version).
// CodeNotFound when there is no such item.
func (s *Store) UpdateWireItem(ctx context.Context, it *news.WireItem) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE wire_items SET status = ?, duplicate_of = ?, group_id = ?, similarity = ?,
			adopted_article_id = ?, adopted_version = ? WHERE id = ?`),
			it.Status, nullID(it.DuplicateOf), nullID(it.GroupID), it.Similarity, nullID(it.AdoptedArticleID),
			it.AdoptedVersion, it.ID)
		if s.d.isForeignKey(err) {
			return news.Invalid("item", "the item it duplicates or the draft it names does not exist")
		}
		return changed(res, err, news.NotFound("no wire item with id %d", it.ID))
	})
}

func (s *Store) wireItem(ctx context.Context, q querier, what, query string, args ...any) (news.WireItem, error) {
	items, err := queryAll(ctx, q, what, scanWireItem, s.q(`SELECT `+wireItemCols+` FROM wire_items `+query+` LIMIT 1`), args...)
	if err != nil {
		return news.WireItem{}, err
	}
	if len(items) == 0 {
		return news.WireItem{}, news.NotFound("no %s", what)
	}
	return items[0], nil
}

// WireItem returns one item (any version); CodeNotFound when there is none.
func (s *Store) WireItem(ctx context.Context, id int64) (news.WireItem, error) {
	return s.wireItem(ctx, s.read, fmt.Sprintf("wire item with id %d", id), `WHERE id = ?`, id)
}

// LatestWireVersion returns the newest version of a source's GUID;
// CodeNotFound when the source never sent it.
func (s *Store) LatestWireVersion(ctx context.Context, sourceID int64, guid string) (news.WireItem, error) {
	return s.wireItem(ctx, s.read, fmt.Sprintf("wire item %q from source %d", guid, sourceID),
		`WHERE source_id = ? AND guid = ? ORDER BY version DESC`, sourceID, guid)
}

// WireItemByHash returns the oldest non-duplicate item (of any version)
// with a content hash; CodeNotFound when there is none.
func (s *Store) WireItemByHash(ctx context.Context, hash string) (news.WireItem, error) {
	return s.wireItem(ctx, s.read, "wire item with that content",
		`WHERE content_hash = ? AND status <> 'duplicate' ORDER BY id`, hash)
}

// RecentWireItems returns latest-version, non-duplicate items received at
// or after since, oldest first.
func (s *Store) RecentWireItems(ctx context.Context, since time.Time) ([]news.WireItem, error) {
	return queryAll(ctx, s.read, "recent wire items", scanWireItem, s.q(`SELECT `+wireItemCols+` FROM wire_items
		WHERE latest = 1 AND status <> 'duplicate' AND received_at >= ? ORDER BY received_at, id`), since.UnixMilli())
}

// WireInbox lists latest versions, newest first. With no status it lists
// every status but duplicates; asked for WireDuplicate it lists those.
// Limit defaults to 100 and is at most 500.
func (s *Store) WireInbox(ctx context.Context, q news.WireQuery) ([]news.WireItem, error) {
	var f filter
	f.add("latest = 1")
	if q.Status == "" {
		f.add("status <> 'duplicate'")
	} else {
		f.add("status = ?", q.Status)
	}
	if q.SourceID != 0 {
		f.add("source_id = ?", q.SourceID)
	}
	if q.Language != "" {
		f.add("language = ?", q.Language)
	}
	if !q.Since.IsZero() {
		f.add("received_at >= ?", q.Since.UnixMilli())
	}
	if !q.Until.IsZero() {
		f.add("received_at < ?", q.Until.UnixMilli())
	}
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return queryAll(ctx, s.read, "wire inbox", scanWireItem, s.q(`SELECT `+wireItemCols+` FROM wire_items`+f.where()+
		` ORDER BY received_at DESC, id DESC LIMIT ?`), append(f.args, limit)...)
}

// WireGroup lists, oldest first, the latest versions of the items in id's
// group (the item itself included; for an ungrouped item, itself) and the
// exact duplicates folded under any of them. A duplicate's group is the
// group of the copy it duplicates. CodeNotFound when there is no item id.
func (s *Store) WireGroup(ctx context.Context, id int64) ([]news.WireItem, error) {
	var out []news.WireItem
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		it, err := s.wireItem(ctx, tx, fmt.Sprintf("wire item with id %d", id), `WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if it.Status == news.WireDuplicate && it.DuplicateOf != 0 {
			if it, err = s.wireItem(ctx, tx, fmt.Sprintf("wire item with id %d", it.DuplicateOf), `WHERE id = ?`, it.DuplicateOf); err != nil {
				return err
			}
		}
		head := it.GroupID
		if head == 0 {
			head = it.ID
		}
		// Every version of the GUID belongs: a duplicate may name an older one.
		members := `SELECT m.id FROM wire_items m WHERE m.id = ? OR m.group_id = ?
			OR EXISTS (SELECT 1 FROM wire_items h WHERE (h.id = ? OR h.group_id = ?) AND h.source_id = m.source_id AND h.guid = m.guid)`
		out, err = queryAll(ctx, tx, "wire group", scanWireItem, s.q(`SELECT `+wireItemCols+` FROM wire_items
			WHERE (latest = 1 AND status <> 'duplicate' AND id IN (`+members+`))
			   OR (status = 'duplicate' AND duplicate_of IN (`+members+`))
			ORDER BY id`), head, head, head, head, head, head, head, head)
		return err
	})
	return out, err
}

// WireVersions lists every version of a source's GUID, oldest first; an
// empty list when the source never sent it.
func (s *Store) WireVersions(ctx context.Context, sourceID int64, guid string) ([]news.WireItem, error) {
	return queryAll(ctx, s.read, "wire versions", scanWireItem, s.q(`SELECT `+wireItemCols+` FROM wire_items
		WHERE source_id = ? AND guid = ? ORDER BY version`), sourceID, guid)
}
