package wires

import (
	"context"
	"strings"
	"unicode/utf8"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/news"
)

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
	d.adopting.Lock()
	defer d.adopting.Unlock()
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
