package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bylinehq/byline/internal/editorial"
	"github.com/bylinehq/byline/internal/markup"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
	"github.com/bylinehq/byline/internal/wires"
)

const wiresUsage = `Usage: byline wires <command> [flags]

Works the wire desk: agency copy from polled feed URLs and drop folders.
Every command works while a server runs on the same store.

Commands:
  add       add a source: a feed URL to poll or a folder agencies drop files into
  sources   list the sources with their last and next poll
  list      list wire items, newest first, with what they duplicate or group with
  poll      poll the sources that are due (one pass with --once, else until interrupted)
  import    import feed files into a source

Run "byline wires <command> --help" for a command's flags.
`

// wiresCmd runs "byline wires add|sources|list|poll|import".
func wiresCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	type cmd func(context.Context, []string, io.Writer, io.Writer) error
	fn, rest, err := subcommand(args, wiresUsage, stderr, map[string]cmd{
		"add": wiresAdd, "sources": wiresSources, "list": wiresList, "poll": wiresPoll, "import": wiresImport})
	if err != nil {
		return err
	}
	return fn(ctx, rest, stdout, stderr)
}

// deskFlags are the flags of the wires commands that may fetch.
type deskFlags struct {
	storeFlags
	allowHosts hostList
}

func (d *deskFlags) register(fs *flag.FlagSet) {
	d.storeFlags.register(fs)
	registerWireAllowHost(fs, &d.allowHosts)
}

// registerWireAllowHost adds --wire-allow-host, shared by serve and the
// wires commands.
func registerWireAllowHost(fs *flag.FlagSet, h *hostList) {
	fs.Var(h, "wire-allow-host", "let the wire desk fetch from this host (name or IP) even on a private, loopback or\nlink-local address, which are refused by default; repeat for several hosts")
}

// openDesk opens the store and a wire desk over it; the caller closes the
// store. Commands log to stderr: the desk reports each poll there.
func openDesk(ctx context.Context, sf storeFlags, allowHosts []string, stderr io.Writer) (*store.Store, *wires.Desk, error) {
	st, err := sf.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	md := markup.New()
	log := slog.New(slog.NewTextHandler(stderr, nil))
	return st, &wires.Desk{Store: st, Editorial: &editorial.Service{Store: st, Markup: md, Now: time.Now},
		Fetcher: wires.NewFetcher(allowHosts), Sanitize: md.Sanitize, Now: time.Now, Log: log}, nil
}

func wiresAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("wires add", "Adds a wire source: a feed (RSS, Atom, JSON Feed or IPTC ninjs) polled at --url, or a\n--folder agencies drop such files into. Drafts adopted from it go to --section of --edition\nand carry --credit:\n\n  byline wires add --name 'AFP World' --url https://feeds.example.org/world.xml --edition en --section world --credit AFP", stderr)
	var df deskFlags
	df.register(fs)
	name := fs.String("name", "", "the source's name on the desk (required)")
	rawURL := fs.String("url", "", "the feed's http or https address (this or --folder)")
	folder := fs.String("folder", "", "a directory agencies drop feed files into (this or --url)")
	edition := fs.String("edition", "en", "the edition adopted drafts are written in")
	section := fs.String("section", "", "the section (slug) adopted drafts go to, e.g. world (required)")
	credit := fs.String("credit", "", `the credit line of adopted drafts, e.g. "Reuters" (required)`)
	interval := fs.Duration("interval", 5*time.Minute, "how often to poll the feed, from 1m to 24h")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "name", "section", "credit"); err != nil {
		return err
	}
	src := news.WireSource{Name: *name, Edition: *edition, Credit: *credit, Interval: *interval, Active: true}
	switch {
	case *rawURL != "" && *folder != "":
		return usageError{"give --url or --folder, not both"}
	case *rawURL != "":
		src.Kind, src.URL = news.SourceURL, *rawURL
	case *folder != "":
		abs, err := filepath.Abs(*folder)
		if err != nil {
			return err
		}
		src.Kind, src.Folder = news.SourceFolder, abs
	default:
		return usageError{"--url or --folder is required"}
	}
	st, desk, err := openDesk(ctx, df.storeFlags, df.allowHosts, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	sec, err := st.Section(ctx, *edition, *section)
	if err != nil {
		return err
	}
	src.SectionID = sec.ID
	if err := desk.AddSource(ctx, editorial.System(), &src); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added wire source %d: %s (%s)\n", src.ID, src.Name, cmp.Or(src.URL, src.Folder))
	return nil
}

// sourceJSON is one line of "byline wires sources --json".
type sourceJSON struct {
	ID              int64           `json:"id"`
	Name            string          `json:"name"`
	Kind            news.SourceKind `json:"kind"`
	URL             string          `json:"url,omitempty"`
	Folder          string          `json:"folder,omitempty"`
	Edition         string          `json:"edition"`
	SectionID       int64           `json:"section_id"`
	Credit          string          `json:"credit"`
	IntervalSeconds int64           `json:"interval_seconds"`
	Active          bool            `json:"active"`
	LastPolledAt    time.Time       `json:"last_polled_at,omitzero"`
	LastStatus      string          `json:"last_status,omitempty"`
	Failures        int             `json:"failures"`
	NextPollAt      time.Time       `json:"next_poll_at,omitzero"`
}

func wiresSources(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("wires sources", "Lists the wire sources by name, with their last poll's result and the next.", stderr)
	var sf storeFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per source and line")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.WireSources(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, s := range list {
			if err := enc.Encode(sourceJSON{ID: s.ID, Name: s.Name, Kind: s.Kind, URL: s.URL, Folder: s.Folder, Edition: s.Edition,
				SectionID: s.SectionID, Credit: s.Credit, IntervalSeconds: int64(s.Interval / time.Second), Active: s.Active,
				LastPolledAt: s.LastPolledAt, LastStatus: s.LastStatus, Failures: s.Failures, NextPollAt: s.NextPollAt}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tFROM\tEVERY\tSTATE\tLAST POLL")
	for _, s := range list {
		state := "active"
		if !s.Active {
			state = "paused"
		}
		last := "never"
		if !s.LastPolledAt.IsZero() {
			last = s.LastPolledAt.UTC().Format(time.DateTime) + " " + s.LastStatus
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%v\t%s\t%s\n", s.ID, s.Name, cmp.Or(s.URL, s.Folder), s.Interval, state, last)
	}
	return tw.Flush()
}

// itemJSON is one line of "byline wires list --json".
type itemJSON struct {
	ID          int64           `json:"id"`
	Source      int64           `json:"source"`
	SourceName  string          `json:"source_name"`
	GUID        string          `json:"guid"`
	Title       string          `json:"title"`
	Status      news.WireStatus `json:"status"`
	Version     int             `json:"version"`
	DuplicateOf int64           `json:"duplicate_of,omitempty"`
	// GroupID is the group's first item, for a near-duplicate of it.
	GroupID          int64     `json:"group_id,omitempty"`
	Similarity       float64   `json:"similarity,omitempty"`
	Language         string    `json:"language,omitempty"`
	Link             string    `json:"link,omitempty"`
	ReceivedAt       time.Time `json:"received_at"`
	PublishedAt      time.Time `json:"published_at,omitzero"`
	AdoptedArticleID int64     `json:"adopted_article_id,omitempty"`
}

func wiresList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("wires list", "Lists wire items, newest first: the latest version of each, exact duplicates included,\nwith the item each duplicates or is grouped with.", stderr)
	var sf storeFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per item and line")
	source := fs.Int64("source", 0, "only this source's items (its id)")
	status := fs.String("status", "", "only items with this status: new, adopted, ignored or duplicate")
	language := fs.String("language", "", "only items in this language, e.g. en")
	limit := fs.Int("limit", 100, "at most this many items, from 1 to 500")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch news.WireStatus(*status) {
	case "", news.WireNew, news.WireAdopted, news.WireIgnored, news.WireDuplicate:
	default:
		return usageError{fmt.Sprintf("--status must be new, adopted, ignored or duplicate, got %q", *status)}
	}
	if *limit < 1 || *limit > 500 {
		return usageError{"--limit must be from 1 to 500"}
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	items, err := listItems(ctx, st, news.WireQuery{SourceID: *source, Language: *language, Status: news.WireStatus(*status), Limit: *limit})
	if err != nil {
		return err
	}
	names, err := sourceNames(ctx, st)
	if err != nil {
		return err
	}
	if *asJSON {
		return printItemsJSON(stdout, items, names)
	}
	return printItems(stdout, items, names)
}

// listItems is the inbox with the duplicates the inbox leaves out, unless
// q asks for one status.
func listItems(ctx context.Context, st news.WireStore, q news.WireQuery) ([]news.WireItem, error) {
	items, err := st.WireInbox(ctx, q)
	if err != nil || q.Status != "" {
		return items, err
	}
	q.Status = news.WireDuplicate
	dups, err := st.WireInbox(ctx, q)
	if err != nil {
		return nil, err
	}
	items = append(items, dups...)
	slices.SortStableFunc(items, func(a, b news.WireItem) int {
		return cmp.Or(b.ReceivedAt.Compare(a.ReceivedAt), cmp.Compare(b.ID, a.ID))
	})
	return items[:min(len(items), q.Limit)], nil
}

func sourceNames(ctx context.Context, st news.WireStore) (map[int64]string, error) {
	list, err := st.WireSources(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, s := range list {
		names[s.ID] = s.Name
	}
	return names, nil
}

func printItemsJSON(w io.Writer, items []news.WireItem, names map[int64]string) error {
	enc := json.NewEncoder(w)
	for _, it := range items {
		j := itemJSON{ID: it.ID, Source: it.SourceID, SourceName: names[it.SourceID], GUID: it.GUID, Title: it.Title,
			Status: it.Status, Version: it.Version, DuplicateOf: it.DuplicateOf, Language: it.Language, Link: it.Link,
			ReceivedAt: it.ReceivedAt, PublishedAt: it.Published, AdoptedArticleID: it.AdoptedArticleID}
		if it.GroupID != it.ID {
			j.GroupID, j.Similarity = it.GroupID, it.Similarity
		}
		if err := enc.Encode(j); err != nil {
			return err
		}
	}
	return nil
}

func printItems(w io.Writer, items []news.WireItem, names map[int64]string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSOURCE\tSTATUS\tV\tRECEIVED\tWITH\tTITLE")
	for _, it := range items {
		with := ""
		switch {
		case it.DuplicateOf != 0:
			with = "copy of " + strconv.FormatInt(it.DuplicateOf, 10)
		case it.GroupID != 0 && it.GroupID != it.ID:
			with = fmt.Sprintf("like %d (%.0f%%)", it.GroupID, it.Similarity*100)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", it.ID, names[it.SourceID], it.Status, it.Version,
			it.ReceivedAt.UTC().Format(time.DateTime), with, it.Title)
	}
	return tw.Flush()
}

func wiresPoll(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("wires poll", "Polls the wire sources that are due, as the server does in the background; each poll is\nlogged on stderr. Without --once it keeps polling until interrupted.", stderr)
	var df deskFlags
	df.register(fs)
	once := fs.Bool("once", false, "make one pass over the due sources and exit")
	every := fs.Duration("every", 30*time.Second, "without --once, how often to look for due sources")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *every < time.Second {
		return usageError{"--every must be at least 1s"}
	}
	st, desk, err := openDesk(ctx, df.storeFlags, df.allowHosts, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if *once {
		return desk.PollDue(ctx)
	}
	t := time.NewTicker(*every)
	defer t.Stop()
	for {
		if err := desk.PollDue(ctx); err != nil && ctx.Err() == nil {
			desk.Log.ErrorContext(ctx, "wires: poll", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func wiresImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("wires import", "Imports feed files (RSS, Atom, JSON Feed or IPTC ninjs) into a source, as if it had sent\nthem. Files come after the flags:\n\n  byline wires import --source 3 afp-0900.xml afp-0915.xml\n\nA file that is refused is reported with the reason and the others are still imported;\nthe command then exits with status 1.", stderr)
	var sf storeFlags
	sf.register(fs)
	source := fs.Int64("source", 0, "the id of the source the files come from (required; see byline wires sources)")
	if err := parseWithArgs(fs, args); err != nil {
		return err
	}
	files := fs.Args()
	if *source == 0 {
		return usageError{"--source is required"}
	}
	if len(files) == 0 {
		return usageError{"name at least one file to import"}
	}
	st, desk, err := openDesk(ctx, sf, nil, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	src, err := st.WireSource(ctx, *source)
	if err != nil {
		return err
	}
	var refused int
	for _, name := range files {
		if err := importFile(ctx, desk, src, name, stdout, stderr); err != nil {
			refused++
			fmt.Fprintf(stderr, "%s: refused: %s\n", name, reason(err))
		}
	}
	if refused > 0 {
		return fmt.Errorf("%d of %d files refused", refused, len(files))
	}
	return nil
}

// importFile imports one file and prints what came of it.
func importFile(ctx context.Context, desk *wires.Desk, src news.WireSource, name string, stdout, stderr io.Writer) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	rep, err := desk.Import(ctx, src, data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d items: %d new, %d updated, %d duplicates, %d grouped, %d unchanged\n",
		name, rep.Items, rep.New, rep.Updated, rep.Duplicates, rep.Grouped, rep.Unchanged)
	for _, p := range rep.Problems {
		fmt.Fprintf(stderr, "%s: item %d %q skipped: %s\n", name, p.Index+1, p.GUID, p.Reason)
	}
	return nil
}

// reason is an error as a person reads it: a domain error's message, or
// the error itself (a file that cannot be read names itself).
func reason(err error) string {
	var ne *news.Error
	if errors.As(err, &ne) {
		return news.ErrorMessage(err)
	}
	return strings.TrimPrefix(err.Error(), "wires: ")
}
