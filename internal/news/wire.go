package news

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// The wire desk: agency copy comes in from sources (a polled feed URL or a
// drop folder), is parsed into items, and waits in the desk's inbox until
// an editor adopts it into a draft or ignores it. The same event arrives
// from several agencies, reworded, re-sent and corrected; the desk folds
// exact duplicates into the first copy, groups near-duplicates, and keeps
// a re-sent item (same source and GUID, new text) as a new version.

// SourceKind is how a wire source delivers.
type SourceKind string

// Source kinds.
const (
	SourceURL    SourceKind = "url"    // a feed polled over HTTP(S)
	SourceFolder SourceKind = "folder" // files an agency drops into a directory
)

// WireSource is an agency feed the desk takes copy from.
type WireSource struct {
	ID        int64
	Name      string
	Kind      SourceKind
	URL       string // for SourceURL: http or https
	Folder    string // for SourceFolder: an absolute directory path
	Edition   string // default edition of drafts adopted from it
	SectionID int64  // default section (in Edition)
	Credit    string // credit line of adopted drafts, e.g. "Reuters"
	Interval  time.Duration
	Active    bool
	CreatedAt time.Time

	// Polling state, kept by the poller.
	ETag         string    // validator from the last 200, for If-None-Match
	LastModified string    // validator from the last 200, for If-Modified-Since
	LastPolledAt time.Time // zero until polled
	LastStatus   string    // a person-readable result: "200: 12 items, 3 new", "304 not modified", "error: …"
	Failures     int       // consecutive failed polls, for backoff
	NextPollAt   time.Time // when the poller next takes it
}

// Limits on sources.
const (
	MinWireInterval = time.Minute
	MaxWireInterval = 24 * time.Hour
)

// WireStatus is where an item is on the desk.
type WireStatus string

// Item statuses. A duplicate is an exact copy of another item (same
// normalized text) and is folded under it; it is not shown on its own.
const (
	WireNew       WireStatus = "new"
	WireAdopted   WireStatus = "adopted"
	WireIgnored   WireStatus = "ignored"
	WireDuplicate WireStatus = "duplicate"
)

// WireItem is one version of one agency story as the desk keeps it.
type WireItem struct {
	ID       int64
	SourceID int64
	GUID     string // the agency's id for the story; stable across re-sends
	Version  int    // 1 for the first copy; a re-send with new text adds one
	Format   string // "rss", "atom", "json" (JSON Feed) or "ninjs"
	Title    string
	Summary  string
	BodyHTML string // sanitized with the site's one policy before it is stored
	Link     string // the agency's URL for the story, if any
	Authors  []string
	Language string // BCP 47 tag when the feed says, else ""
	// Published and Updated are the agency's times; zero when absent.
	Published, Updated time.Time
	ReceivedAt         time.Time

	// ContentHash is a hash of the normalized title and text: equal for an
	// exact duplicate. Fingerprint is a SimHash of the text, near for a
	// reworded copy.
	ContentHash string
	Fingerprint uint64

	Status      WireStatus
	DuplicateOf int64   // for WireDuplicate: the first copy
	GroupID     int64   // near-duplicates share the ID of the group's first item; 0 when alone
	Similarity  float64 // to the group's first item, 0..1; 0 when alone
	// AdoptedArticleID is the draft made from the item (any version of the
	// same GUID); AdoptedVersion the version it was made from. When a later
	// version arrives the desk shows "wire updated since adoption".
	AdoptedArticleID int64
	AdoptedVersion   int
}

// WireQuery selects items for the desk's inbox, newest first. Duplicates
// and older versions are not listed on their own.
type WireQuery struct {
	SourceID int64
	Language string
	Status   WireStatus // "" for all but duplicates
	Since    time.Time  // received at or after; zero for any time
	Until    time.Time  // received before; zero for any time
	Limit    int
}

// WireStore keeps wire sources and items.
type WireStore interface {
	CreateWireSource(ctx context.Context, s *WireSource) error
	UpdateWireSource(ctx context.Context, s *WireSource) error
	WireSource(ctx context.Context, id int64) (WireSource, error)
	WireSources(ctx context.Context) ([]WireSource, error)
	// DueWireSources returns active URL sources whose NextPollAt has passed.
	DueWireSources(ctx context.Context, now time.Time) ([]WireSource, error)
	// ClaimWireSource reserves a due source's poll for lease, so that of
	// several processes finding it due only one polls it; false when it
	// is no longer due (another process claimed or polled it).
	ClaimWireSource(ctx context.Context, id int64, now time.Time, lease time.Duration) (bool, error)

	// AddWireItem stores a new item or a new version and sets its ID.
	AddWireItem(ctx context.Context, it *WireItem) error
	// UpdateWireItem changes an item's status, duplicate and adoption fields.
	UpdateWireItem(ctx context.Context, it *WireItem) error
	WireItem(ctx context.Context, id int64) (WireItem, error)
	// LatestWireVersion returns the newest version of a source's GUID;
	// CodeNotFound when the source never sent it.
	LatestWireVersion(ctx context.Context, sourceID int64, guid string) (WireItem, error)
	// WireItemByHash returns the oldest non-duplicate item with a content
	// hash; CodeNotFound when there is none.
	WireItemByHash(ctx context.Context, hash string) (WireItem, error)
	// RecentWireItems returns latest-version, non-duplicate items received
	// since since, for near-duplicate matching.
	RecentWireItems(ctx context.Context, since time.Time) ([]WireItem, error)
	// WireInbox lists items for the desk.
	WireInbox(ctx context.Context, q WireQuery) ([]WireItem, error)
	// WireGroup lists the items grouped with or duplicating the item id.
	WireGroup(ctx context.Context, id int64) ([]WireItem, error)
	// WireVersions lists every version of a source's GUID, oldest first.
	WireVersions(ctx context.Context, sourceID int64, guid string) ([]WireItem, error)
}

// Limits on a source's text fields.
const (
	MaxWireSourceName = 100
	MaxWireCredit     = 100
	MaxWireURL        = 2000
)

// Validate checks a source's fields and reports every problem at once. It
// cannot know whether Edition and SectionID exist; the store refuses
// unknown ones.
func (s *WireSource) Validate() error {
	var p Problems
	switch name := strings.TrimSpace(s.Name); {
	case name == "":
		p.Add("name", "is required")
	case len(name) > MaxWireSourceName:
		p.Add("name", "must be at most %d characters", MaxWireSourceName)
	}
	switch s.Kind {
	case SourceURL:
		validateWireURL(s.URL, &p)
		if s.Folder != "" {
			p.Add("folder", "is only for folder sources")
		}
	case SourceFolder:
		switch {
		case strings.TrimSpace(s.Folder) == "":
			p.Add("folder", "is required")
		case !filepath.IsAbs(s.Folder):
			p.Add("folder", "%q must be an absolute path, e.g. /var/lib/byline/wires/afp", s.Folder)
		}
		if s.URL != "" {
			p.Add("url", "is only for URL sources")
		}
	default:
		p.Add("kind", "must be %q or %q", SourceURL, SourceFolder)
	}
	if strings.TrimSpace(s.Edition) == "" {
		p.Add("edition", "is required")
	}
	if s.SectionID <= 0 {
		p.Add("section", "is required")
	}
	if s.Interval < MinWireInterval || s.Interval > MaxWireInterval {
		p.Add("interval", "must be between %v and %v", MinWireInterval, MaxWireInterval)
	}
	switch credit := strings.TrimSpace(s.Credit); {
	case credit == "":
		p.Add("credit", "is required: adopted drafts carry it, e.g. \"Reuters\"")
	case len(credit) > MaxWireCredit:
		p.Add("credit", "must be at most %d characters", MaxWireCredit)
	}
	return p.Err()
}

func validateWireURL(raw string, p *Problems) {
	u, err := url.Parse(raw)
	switch {
	case strings.TrimSpace(raw) == "":
		p.Add("url", "is required")
	case len(raw) > MaxWireURL:
		p.Add("url", "must be at most %d characters", MaxWireURL)
	case err != nil:
		p.Add("url", "%q is not a URL", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		p.Add("url", "must start with https:// or http://")
	case u.Hostname() == "":
		p.Add("url", "needs a host name")
	}
}
