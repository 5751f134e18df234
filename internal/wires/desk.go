package wires

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/jobs"
	"github.com/bylinehq/byline/internal/news"
)

// Desk is the wire desk's use cases: sources are added and polled, their
// documents imported, and items adopted into drafts or ignored. The
// newsroom UI, the command line and the background worker all go through
// it, so each rule and each permission check is written once.
type Desk struct {
	Store     news.Store
	Editorial *editorial.Service
	Fetcher   *Fetcher
	Sanitize  func(string) string // markup.Renderer.Sanitize
	Now       func() time.Time
	Log       *slog.Logger
	// OnFetch, when set, hears each URL poll's outcome: "ok",
	// "not_modified" or "error". Metrics count them.
	OnFetch func(result string)

	// adopting serializes Adopt, so two editors clicking Adopt on the same
	// item at once get one draft. It covers one process; several nodes
	// will need the store to claim the item instead.
	adopting sync.Mutex
}

// Report says what one document (or one poll) brought in. Items counts
// the items read; New, Updated (a new version of a known GUID), Duplicates
// (exact copies folded under a first copy), Grouped (near-duplicates
// grouped with a similar story) and Unchanged (a re-send of the same text)
// sort them; Problems lists those left out, with the reason.
type Report struct {
	Items, New, Updated, Duplicates, Grouped, Unchanged int
	Problems                                            []Problem
	NotModified                                         bool
}

func (r *Report) add(o Report) {
	r.Items += o.Items
	r.New += o.New
	r.Updated += o.Updated
	r.Duplicates += o.Duplicates
	r.Grouped += o.Grouped
	r.Unchanged += o.Unchanged
	r.Problems = append(r.Problems, o.Problems...)
}

// String is the one-line summary kept as a source's LastStatus.
func (r Report) String() string {
	if r.NotModified {
		return "not modified"
	}
	s := fmt.Sprintf("%d items, %d new, %d updated, %d duplicates, %d grouped", r.Items, r.New, r.Updated, r.Duplicates, r.Grouped)
	if len(r.Problems) > 0 {
		s += fmt.Sprintf(", %d left out", len(r.Problems))
	}
	return s
}

// FileReport is what ScanFolder did with one file: Err is set when the
// file was rejected (or, for a store failure, left for the next scan).
type FileReport struct {
	Name   string
	Report Report
	Err    error
}

// NearWindow is how far back a new item is compared with others for
// near-duplicates: an agency's rewrite of a story arrives within hours.
const NearWindow = 72 * time.Hour

// MaxFileBytes is the largest file ScanFolder imports.
const MaxFileBytes = 32 << 20

func (d *Desk) now() time.Time {
	if d.Now == nil {
		return time.Now().UTC()
	}
	return d.Now().UTC()
}

func (d *Desk) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

func forbidden(format string, args ...any) error {
	return news.Errorf(news.CodeForbidden, format, args...)
}

// AddSource validates and stores a new source for actor, an admin. A URL
// source's address is checked with the Fetcher's guard (no private
// addresses unless allowed); a folder source's directory must exist. The
// source starts active and due now.
func (d *Desk) AddSource(ctx context.Context, actor news.User, s *news.WireSource) error {
	if !actor.Can(news.ActManageWires, nil) {
		return forbidden("only admins may add wire sources")
	}
	if err := d.checkSource(ctx, s); err != nil {
		return err
	}
	now := d.now()
	s.ID, s.Active, s.CreatedAt, s.NextPollAt = 0, true, now, now
	s.ETag, s.LastModified, s.LastPolledAt, s.LastStatus, s.Failures = "", "", time.Time{}, "", 0
	return d.Store.CreateWireSource(ctx, s)
}

// UpdateSource changes a source's settings (name, address, edition,
// section, credit, interval, active) for actor, an admin, keeping its
// polling state. A changed address forgets the old validators and is
// polled at once.
func (d *Desk) UpdateSource(ctx context.Context, actor news.User, s *news.WireSource) error {
	if !actor.Can(news.ActManageWires, nil) {
		return forbidden("only admins may change wire sources")
	}
	old, err := d.Store.WireSource(ctx, s.ID)
	if err != nil {
		return err
	}
	if err := d.checkSource(ctx, s); err != nil {
		return err
	}
	s.CreatedAt, s.ETag, s.LastModified, s.LastPolledAt = old.CreatedAt, old.ETag, old.LastModified, old.LastPolledAt
	s.LastStatus, s.Failures, s.NextPollAt = old.LastStatus, old.Failures, old.NextPollAt
	if s.URL != old.URL || s.Folder != old.Folder || s.Kind != old.Kind {
		s.ETag, s.LastModified, s.Failures, s.NextPollAt = "", "", 0, d.now()
	}
	return d.Store.UpdateWireSource(ctx, s)
}

func (d *Desk) checkSource(ctx context.Context, s *news.WireSource) error {
	s.Name, s.Credit, s.URL, s.Folder = strings.TrimSpace(s.Name), strings.TrimSpace(s.Credit), strings.TrimSpace(s.URL), strings.TrimSpace(s.Folder)
	if err := s.Validate(); err != nil {
		return err
	}
	switch s.Kind {
	case news.SourceURL:
		if err := d.Fetcher.CheckURL(ctx, s.URL); err != nil {
			if news.ErrorCode(err) == news.CodeInvalid {
				return err
			}
			return news.Invalid("url", "%v", err)
		}
	case news.SourceFolder:
		if fi, err := os.Stat(s.Folder); err != nil || !fi.IsDir() {
			return news.Invalid("folder", "%q is not a directory Byline can read", s.Folder)
		}
	}
	return nil
}

// Inbox lists the desk's items for actor, an editor or admin.
func (d *Desk) Inbox(ctx context.Context, actor news.User, q news.WireQuery) ([]news.WireItem, error) {
	if !actor.Can(news.ActUseWires, nil) {
		return nil, forbidden("your account may not use the wire desk")
	}
	return d.Store.WireInbox(ctx, q)
}

// pollLease is how long a claimed source is reserved for its poller: more
// than a fetch may take (the fetcher's own timeout is far shorter).
const pollLease = 5 * time.Minute

// PollDue polls every due URL source and scans every active folder
// source: what the background worker runs every minute or so. A source
// that fails is logged and recorded on the source (LastStatus, backoff);
// only a failing store or a cancelled ctx is returned.

func (d *Desk) PollDue(ctx context.Context) error {
	due, err := d.Store.DueWireSources(ctx, d.now())
	if err != nil {
		return err
	}
	for _, src := range due {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Every node finds the same sources due; one polls each.
		claimed, err := d.Store.ClaimWireSource(ctx, src.ID, d.now(), pollLease)
		if err != nil {
			return err
		}
		if !claimed {
			continue
		}
		rep, err := d.Poll(ctx, src)
		if err != nil {
			d.log().WarnContext(ctx, "wires: poll failed", "source", src.ID, "name", src.Name, "err", err)
			continue
		}
		d.log().InfoContext(ctx, "wires: polled", "source", src.ID, "name", src.Name, "report", rep.String())
	}
	all, err := d.Store.WireSources(ctx)
	if err != nil {
		return err
	}
	for _, src := range all {
		if src.Kind != news.SourceFolder || !src.Active {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := d.ScanFolder(ctx, src); err != nil {
			d.log().WarnContext(ctx, "wires: scan failed", "source", src.ID, "name", src.Name, "err", err)
		}
	}
	return nil
}

// Poll fetches a URL source with the validators of its last answer, so an
// unchanged feed costs a 304, imports what came, and records the outcome
// on the source: LastStatus, the new validators, and the next poll time.
// A failure (network, HTTP status, not a feed) backs off exponentially
// and is returned. A folder source is scanned instead, its files' reports
// summed.
func (d *Desk) Poll(ctx context.Context, src news.WireSource) (Report, error) {
	if src.Kind == news.SourceFolder {
		files, err := d.ScanFolder(ctx, src)
		var rep Report
		for _, f := range files {
			rep.add(f.Report)
		}
		return rep, err
	}
	f, err := d.Fetcher.Fetch(ctx, src.URL, src.ETag, src.LastModified)
	var rep Report
	if err == nil && f.NotModified {
		rep.NotModified = true
	} else if err == nil {
		rep, err = d.Import(ctx, src, f.Body)
	}
	if ctx.Err() != nil {
		return rep, ctx.Err() // shutting down: not the source's fault
	}
	// Polling state is written on a fresh copy, so that an admin's edit made
	// while the fetch ran is kept.
	cur, serr := d.Store.WireSource(ctx, src.ID)
	if serr != nil {
		return rep, errors.Join(err, serr)
	}
	now := d.now()
	cur.LastPolledAt = now
	switch {
	case err != nil:
		cur.Failures++
		cur.LastStatus = "error: " + reason(err)
		cur.NextPollAt = now.Add(Backoff(cur.Interval, cur.Failures))
	case rep.NotModified:
		cur.Failures, cur.LastStatus, cur.NextPollAt = 0, fmt.Sprintf("%d not modified", statusOr(f.Status, 304)), now.Add(cur.Interval)
	default:
		cur.Failures, cur.NextPollAt = 0, now.Add(cur.Interval)
		cur.LastStatus = fmt.Sprintf("%d: %s", statusOr(f.Status, 200), rep)
		cur.ETag, cur.LastModified = f.ETag, f.LastModified
	}
	if serr := d.Store.UpdateWireSource(ctx, &cur); serr != nil {
		return rep, errors.Join(err, serr)
	}
	d.observe(err, rep)
	return rep, err
}

// observe reports a fetch's outcome to OnFetch, when set.
func (d *Desk) observe(err error, rep Report) {
	if d.OnFetch == nil {
		return
	}
	switch {
	case err != nil:
		d.OnFetch("error")
	case rep.NotModified:
		d.OnFetch("not_modified")
	default:
		d.OnFetch("ok")
	}
}

// reason is an error's text for a source's LastStatus, which only admins
// see: a domain error's message, or the cause of a network failure.
func reason(err error) string {
	if news.ErrorCode(err) == news.CodeInternal {
		return err.Error()
	}
	return news.ErrorMessage(err)
}

func statusOr(status, def int) int {
	if status == 0 {
		return def
	}
	return status
}

// Backoff is how long a source that failed failures times in a row waits
// before the next poll: twice its interval after the first failure,
// doubling after each further one, at most a day (or its interval, when
// that is longer).
func Backoff(interval time.Duration, failures int) time.Duration {
	return jobs.Exponential(2*interval, max(interval, news.MaxWireInterval))(failures)
}

// Import parses one document from src and ingests its items. A document
// that is not a feed is a news.CodeInvalid error; an item that cannot be
// read or is refused by Normalize is reported in Problems while the
// others go in.
func (d *Desk) Import(ctx context.Context, src news.WireSource, data []byte) (Report, error) {
	feed, err := Parse(data)
	if err != nil {
		var nf *NotFeedError
		if errors.As(err, &nf) {
			return Report{}, &news.Error{Code: news.CodeInvalid, Field: "document", Message: nf.Error(), Err: err}
		}
		return Report{}, err
	}
	return d.ingestFeed(ctx, src, feed)
}

// ingestFeed normalizes a parsed feed's items and ingests those fit to
// store.
