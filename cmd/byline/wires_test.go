package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
)

// wireStory is long enough for its fingerprint to mean something;
// wireReworded is the same story as a second agency words it.
const wireStory = `Ministers from twenty countries met in Geneva on Saturday to agree new rules for shipping in the Arctic,
after a week of talks that delegates described as difficult but productive. The agreement limits heavy fuel oil,
sets speed limits near whale migration routes and creates a fund for oil spill response paid for by shipowners.
Environmental groups welcomed the deal but said it came too late for some coastal communities already affected.
The rules take effect in two years once ratified by national parliaments, officials said.`

var wireReworded = strings.NewReplacer("on Saturday", "on Saturday evening", "difficult but productive", "hard but productive",
	"officials said", "an official said").Replace(wireStory)

// rssItem is one <item> of a fixture feed.
func rssItem(guid, title, text string) string {
	return fmt.Sprintf(`<item><guid isPermaLink="false">%s</guid><title>%s</title><link>https://agency.example.org/%s</link>
<pubDate>Sun, 29 Nov 2026 08:00:00 GMT</pubDate><description>%s</description></item>`,
		guid, html.EscapeString(title), guid, html.EscapeString("<p>"+text+"</p>"))
}

func rssFeed(items ...string) string {
	return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Agency</title><link>https://agency.example.org/</link>` +
		strings.Join(items, "") + `</channel></rss>`
}

// wireStore makes a store with the English edition and its World section,
// open for the whole test as a running server's would be.
func wireStore(t *testing.T) (dir string, st *store.Store) {
	t.Helper()
	dir = t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.CreateEdition(ctx, news.DefaultEditions()[0]); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSection(ctx, &news.Section{Edition: "en", Slug: "world", Name: "World"}); err != nil {
		t.Fatal(err)
	}
	return dir, st
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWiresCommands adds sources, imports a good and a refused file, and
// lists what came in, against a store that stays open throughout.
func TestWiresCommands(t *testing.T) {
	dir, st := wireStore(t)
	data := []string{"--data", dir}
	drop := t.TempDir()
	files := t.TempDir()
	good := writeFile(t, filepath.Join(files, "good.xml"), rssFeed(
		rssItem("afp-1", "Arctic shipping rules agreed in Geneva", wireStory),
		rssItem("afp-1-copy", "Arctic shipping rules agreed in Geneva", wireStory),
		rssItem("rtr-9", "Ministers agree Arctic shipping rules", wireReworded),
	))
	bad := writeFile(t, filepath.Join(files, "bad.xml"), "this is not a feed, only a sentence\n")
	add := func(extra ...string) []string {
		return append(append([]string{"wires", "add", "--edition", "en", "--section", "world", "--credit", "Agency"}, extra...), data...)
	}
	tests := []struct {
		name           string
		args           []string
		exit           int
		stdout, stderr string
	}{
		{name: "add a drop folder", args: add("--name", "Agency drop", "--folder", drop), stdout: "added wire source 1: Agency drop (" + drop + ")"},
		{name: "a private address is refused", args: add("--name", "Local", "--url", "http://127.0.0.1:9/feed.xml"), exit: 1, stderr: "url"},
		{name: "an allowed private host is taken", args: add("--name", "Local", "--url", "http://127.0.0.1:9/feed.xml", "--wire-allow-host", "127.0.0.1", "--interval", "10m"),
			stdout: "added wire source 2: Local (http://127.0.0.1:9/feed.xml)"},
		{name: "add needs a URL or a folder", args: add("--name", "Nowhere"), exit: 2, stderr: "--url or --folder is required"},
		{name: "add takes one of URL and folder", args: add("--name", "Both", "--folder", drop, "--url", "https://example.org/f"), exit: 2, stderr: "not both"},
		{name: "add with an unknown section", args: append([]string{"wires", "add", "--name", "X", "--folder", drop, "--section", "moon", "--credit", "X"}, data...), exit: 1, stderr: "moon"},
		{name: "add with a short interval", args: add("--name", "Fast", "--folder", drop, "--interval", "10s"), exit: 1, stderr: "interval"},
		{name: "import refuses a bad file and keeps the good one", args: append(append([]string{"wires", "import", "--source", "1"}, data...), bad, good),
			exit: 1, stdout: "good.xml: 3 items: 1 new, 0 updated, 1 duplicates, 1 grouped", stderr: "bad.xml: refused: "},
		{name: "import into an unknown source", args: append(append([]string{"wires", "import", "--source", "99"}, data...), good), exit: 1, stderr: "no wire source"},
		{name: "import needs a source", args: append(append([]string{"wires", "import"}, data...), good), exit: 2, stderr: "--source is required"},
		{name: "import needs files", args: append([]string{"wires", "import", "--source", "1"}, data...), exit: 2, stderr: "at least one file"},
		{name: "list", args: append([]string{"wires", "list"}, data...), stdout: "copy of"},
		{name: "list with a bad status", args: append([]string{"wires", "list", "--status", "lost"}, data...), exit: 2, stderr: "--status must be"},
		{name: "sources", args: append([]string{"wires", "sources"}, data...), stdout: "Agency drop"},
		{name: "sources as JSON", args: append([]string{"wires", "sources", "--json"}, data...), stdout: `"interval_seconds":600`},
		{name: "wires help", args: []string{"wires", "--help"}, exit: 2, stderr: "import    import feed files"},
		{name: "wires without a command", args: []string{"wires"}, exit: 2, stderr: "Commands:"},
		{name: "add help", args: []string{"wires", "add", "--help"}, exit: 2, stderr: "-wire-allow-host"},
		{name: "list help", args: []string{"wires", "list", "--help"}, exit: 2, stderr: "-json"},
		{name: "poll help", args: []string{"wires", "poll", "--help"}, exit: 2, stderr: "-once"},
		{name: "import help", args: []string{"wires", "import", "--help"}, exit: 2, stderr: "-source"},
		{name: "serve takes --wire-allow-host", args: []string{"serve", "--help"}, exit: 2, stderr: "-wire-allow-host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, tt.args, "")
			if code != tt.exit {
				t.Errorf("exit %d, want %d; stdout %q stderr %q", code, tt.exit, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q lacks %q", out, tt.stdout)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
		})
	}

	t.Run("list as JSON names duplicates and groups", func(t *testing.T) {
		out, errOut, code := runCmd(t, append([]string{"wires", "list", "--json"}, data...), "")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		byGUID := map[string]map[string]any{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var it map[string]any
			if err := json.Unmarshal([]byte(line), &it); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			for _, key := range []string{"id", "source", "guid", "title", "status", "version"} {
				if _, ok := it[key]; !ok {
					t.Errorf("line %q lacks %q", line, key)
				}
			}
			byGUID[it["guid"].(string)] = it
		}
		if len(byGUID) != 3 {
			t.Fatalf("%d items, want the good file's 3:\n%s", len(byGUID), out)
		}
		first, copy, near := byGUID["afp-1"], byGUID["afp-1-copy"], byGUID["rtr-9"]
		if copy["status"] != "duplicate" || copy["duplicate_of"] != first["id"] {
			t.Errorf("the copy is %v, want a duplicate of %v", copy, first["id"])
		}
		if near["group_id"] != first["id"] || near["status"] != "new" {
			t.Errorf("the reworded story is %v, want grouped with %v", near, first["id"])
		}
		if _, ok := first["duplicate_of"]; ok {
			t.Errorf("the first copy names a duplicate_of: %v", first)
		}
	})

	t.Run("poll --once scans the drop folder", func(t *testing.T) {
		writeFile(t, filepath.Join(drop, "later.xml"), rssFeed(rssItem("afp-2", "Rates held", "The central bank left interest rates unchanged on Thursday.")))
		_, errOut, code := runCmd(t, append([]string{"wires", "poll", "--once"}, data...), "")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if _, err := os.Stat(filepath.Join(drop, "processed", "later.xml")); err != nil {
			t.Errorf("the dropped file was not moved to processed/: %v", err)
		}
		it, err := st.LatestWireVersion(context.Background(), 1, "afp-2")
		if err != nil || it.Title != "Rates held" {
			t.Errorf("the dropped item: %+v, %v", it, err)
		}
	})
}
