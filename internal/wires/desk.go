package wires

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"

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
	return rep, err
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
		rep.Updated++
		wi.Version = prev.Version + 1
		if prev.Status != news.WireDuplicate {
			wi.Status, wi.GroupID, wi.Similarity = prev.Status, prev.GroupID, prev.Similarity
			wi.AdoptedArticleID, wi.AdoptedVersion = prev.AdoptedArticleID, prev.AdoptedVersion
			return in.store(ctx, &wi)
		}
		// A copy that now says something else is sorted again.
		_, err := in.classify(ctx, &wi)
		if err != nil {
			return err
		}
		return in.store(ctx, &wi)
	default:
		return err
	}
	counter, err := in.classify(ctx, &wi)
	if err != nil {
		return err
	}
	switch counter {
	case news.WireDuplicate:
		rep.Duplicates++
	case grouped:
		rep.Grouped++
	default:
		rep.New++
	}
	return in.store(ctx, &wi)
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

func (in *ingester) store(ctx context.Context, wi *news.WireItem) error {
	if err := in.d.Store.AddWireItem(ctx, wi); err != nil {
		return err
	}
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

// ScanFolder imports each file waiting in a folder source's directory
// once: a file that imports is moved to processed/, one that is not a feed
// to rejected/ with the reason beside it. A store failure leaves the file
// for the next scan. When there were files, the outcome is recorded on
// the source's LastStatus.
func (d *Desk) ScanFolder(ctx context.Context, src news.WireSource) ([]FileReport, error) {
	if src.Kind != news.SourceFolder {
		return nil, news.Invalid("kind", "source %q is not a folder source", src.Name)
	}
	names, err := PendingFiles(src.Folder)
	if err != nil {
		return nil, fmt.Errorf("wires: list %s: %w", src.Folder, err)
	}
	var out []FileReport
	var failed error
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		fr := d.scanFile(ctx, src, name)
		if fr.Err != nil && news.ErrorCode(fr.Err) != news.CodeInvalid {
			failed = errors.Join(failed, fr.Err)
		}
		out = append(out, fr)
	}
	if len(out) > 0 {
		failed = errors.Join(failed, d.recordScan(ctx, src.ID, out))
	}
	return out, failed
}

func (d *Desk) scanFile(ctx context.Context, src news.WireSource, name string) FileReport {
	fr := FileReport{Name: name}
	data, err := readFile(filepath.Join(src.Folder, name))
	if err == nil {
		fr.Report, err = d.Import(ctx, src, data)
	}
	switch {
	case err == nil:
		if err := MarkProcessed(src.Folder, name); err != nil {
			fr.Err = fmt.Errorf("wires: %s imported but not moved to processed/: %w", name, err)
		}
	case news.ErrorCode(err) == news.CodeInvalid:
		fr.Err = err
		if merr := MarkRejected(src.Folder, name, news.ErrorMessage(err)); merr != nil {
			fr.Err = errors.Join(err, fmt.Errorf("wires: %s not moved to rejected/: %w", name, merr))
		}
	default:
		fr.Err = err // the store or the disk failed: try again on the next scan
	}
	return fr
}

// readFile reads a dropped file, refusing one over MaxFileBytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, news.Invalid("document", "the file is larger than %d MiB", MaxFileBytes>>20)
	}
	return data, nil
}

func (d *Desk) recordScan(ctx context.Context, id int64, files []FileReport) error {
	cur, err := d.Store.WireSource(ctx, id)
	if err != nil {
		return err
	}
	var rep Report
	rejected := 0
	for _, f := range files {
		rep.add(f.Report)
		if f.Err != nil {
			rejected++
		}
	}
	cur.LastPolledAt = d.now()
	cur.LastStatus = fmt.Sprintf("%d files, %d rejected: %s", len(files), rejected, rep)
	return d.Store.UpdateWireSource(ctx, &cur)
}

// Adopt makes a draft for actor, an editor or admin, from an item's
// latest version: in its source's edition and section, the body converted
// to Markdown and closed by a line linking to the agency's original, the
// credit the source's. The item, and the exact duplicates folded under
// it, are marked adopted with the draft and the version it was made from.
// Adopting an item that already has a draft returns that draft. A
// duplicate is adopted as the first copy it duplicates.
func (d *Desk) Adopt(ctx context.Context, actor news.User, itemID int64) (*news.Article, error) {
	if !actor.Can(news.ActUseWires, nil) {
		return nil, forbidden("your account may not adopt wire items")
	}
	it, err := d.root(ctx, itemID)
	if err != nil {
		return nil, err
	}
	if it.AdoptedArticleID != 0 {
		a, err := d.Store.Article(ctx, it.AdoptedArticleID)
		if news.ErrorCode(err) != news.CodeNotFound {
			return a, err
		}
		// The draft was deleted: make a new one.
	}
	src, err := d.Store.WireSource(ctx, it.SourceID)
	if err != nil {
		return nil, err
	}
	sec, err := d.Store.SectionByID(ctx, src.SectionID)
	if err != nil {
		return nil, err
	}
	body, err := Markdown(it.BodyHTML)
	if err != nil {
		return nil, news.Invalid("body", "the item's text could not be converted to Markdown: %v", err)
	}
	if it.Link != "" {
		body += "\n\nSource: " + markdownLink(src.Credit, it.Link) + "\n"
	}
	a, err := d.Editorial.Create(ctx, actor, editorial.Draft{
		Edition: src.Edition, Section: sec.Slug, Kind: news.News,
		Headline: clip(it.Title, news.MaxHeadline), Standfirst: clip(it.Summary, news.MaxStandfirst),
		Body: body, Credit: clip(src.Credit, news.MaxCredit),
	})
	if err != nil {
		return nil, err
	}
	return a, d.markAdopted(ctx, it, a.ID)
}

// root returns the latest version of item id's GUID, or, for an exact
// duplicate, of the first copy's.
func (d *Desk) root(ctx context.Context, id int64) (news.WireItem, error) {
	it, err := d.Store.WireItem(ctx, id)
	if err != nil {
		return it, err
	}
	if it.Status == news.WireDuplicate && it.DuplicateOf != 0 {
		if it, err = d.Store.WireItem(ctx, it.DuplicateOf); err != nil {
			return it, err
		}
	}
	return d.Store.LatestWireVersion(ctx, it.SourceID, it.GUID)
}

func (d *Desk) markAdopted(ctx context.Context, it news.WireItem, articleID int64) error {
	it.Status, it.AdoptedArticleID, it.AdoptedVersion = news.WireAdopted, articleID, it.Version
	if err := d.Store.UpdateWireItem(ctx, &it); err != nil {
		return err
	}
	group, err := d.Store.WireGroup(ctx, it.ID)
	if err != nil {
		return err
	}
	for _, g := range group {
		if g.Status != news.WireDuplicate || g.AdoptedArticleID != 0 || !d.duplicates(ctx, g, it) {
			continue
		}
		g.AdoptedArticleID, g.AdoptedVersion = articleID, g.Version
		if err := d.Store.UpdateWireItem(ctx, &g); err != nil {
			return err
		}
	}
	return nil
}

// duplicates reports whether g is an exact copy of a version of it.
func (d *Desk) duplicates(ctx context.Context, g, it news.WireItem) bool {
	if g.DuplicateOf == it.ID {
		return true
	}
	first, err := d.Store.WireItem(ctx, g.DuplicateOf)
	return err == nil && first.SourceID == it.SourceID && first.GUID == it.GUID
}

// Ignore takes an item (the first copy, for a duplicate) off the desk's
// list of new items, for actor, an editor or admin. An adopted item is not
// ignored: it has a draft.
func (d *Desk) Ignore(ctx context.Context, actor news.User, itemID int64) error {
	if !actor.Can(news.ActUseWires, nil) {
		return forbidden("your account may not ignore wire items")
	}
	it, err := d.root(ctx, itemID)
	if err != nil {
		return err
	}
	if it.Status == news.WireAdopted {
		return news.Invalid("item", "%q was adopted into a draft; delete the draft instead", it.Title)
	}
	it.Status = news.WireIgnored
	return d.Store.UpdateWireItem(ctx, &it)
}

// UpdatedSinceAdoption compares the latest version of item itemID's GUID
// with the version its draft was made from: changed is true when the
// agency has sent different text since. For an item never adopted,
// adopted is the zero item and changed false.
func (d *Desk) UpdatedSinceAdoption(ctx context.Context, itemID int64) (latest, adopted news.WireItem, changed bool, err error) {
	latest, err = d.root(ctx, itemID)
	if err != nil || latest.AdoptedArticleID == 0 {
		return latest, news.WireItem{}, false, err
	}
	if latest.AdoptedVersion == latest.Version {
		return latest, latest, false, nil
	}
	versions, err := d.Store.WireVersions(ctx, latest.SourceID, latest.GUID)
	if err != nil {
		return latest, news.WireItem{}, false, err
	}
	for _, v := range versions {
		if v.Version == latest.AdoptedVersion {
			return latest, v, v.ContentHash != latest.ContentHash, nil
		}
	}
	return latest, news.WireItem{}, false, news.NotFound("version %d of wire item %q is gone", latest.AdoptedVersion, latest.GUID)
}

// Markdown converts an item's sanitized HTML to the Markdown a draft is
// written in.
func Markdown(html string) (string, error) {
	md, err := htmltomarkdown.ConvertString(html)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(md), nil
}

// markdownLink writes [text](url) with the characters that would end the
// text or the address escaped.
func markdownLink(text, url string) string {
	text = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(text)
	url = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(url)
	return "[" + text + "](" + url + ")"
}

// clip cuts s, on one line, to at most n characters, at a word boundary
// when there is one, with an ellipsis.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
