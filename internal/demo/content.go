// Package demo fills an empty store with Byline's demo newsroom: four
// editions of original, fictional stories with authors, topics, generated
// lead images, translations, updates and corrections, published over the
// ten days before the moment it is loaded. The copy lives in content/; see
// content/FORMAT.md.
package demo

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed content
var contentFS embed.FS

// Editions in the order translations are created: the first version of a
// story names its translation group.
var editionOrder = []string{"en", "es", "fr", "ar"}

// Content is the parsed demo content.
type Content struct {
	Sections []SectionDef
	Authors  []AuthorDef
	Topics   []TopicDef
	Stories  []Story
}

// SectionDef is one section with its slug and name per edition.
type SectionDef struct {
	Key   string
	Slugs map[string]string
	Names map[string]string
}

// AuthorDef is one demo author.
type AuthorDef struct {
	Slug     string
	Name     string
	Editions []string
}

// TopicDef is one topic with its name per edition.
type TopicDef struct {
	Key     string
	Kind    string
	Names   map[string]string // by edition
	Aliases []string          // other spellings and short forms, any language
}

// Story is one story file.
type Story struct {
	File    string
	Group   string // cluster/story: the translation group
	Edition string
	Fields  map[string]string
	Body    string
}

// Load parses the embedded content and checks every cross-reference.
func Load() (*Content, error) { return LoadFS(contentFS, "content") }

// LoadFS parses content from fsys under dir.
func LoadFS(fsys fs.FS, dir string) (*Content, error) {
	c := &Content{}
	var err error
	if c.Sections, err = parseSections(fsys, path.Join(dir, "sections.txt")); err != nil {
		return nil, err
	}
	if c.Authors, err = parseAuthors(fsys, path.Join(dir, "authors.txt")); err != nil {
		return nil, err
	}
	if c.Topics, err = parseTopics(fsys, path.Join(dir, "topics")); err != nil {
		return nil, err
	}
	if err := parseAliases(fsys, path.Join(dir, "aliases.txt"), c.Topics); err != nil {
		return nil, err
	}
	if c.Stories, err = parseStories(fsys, path.Join(dir, "stories")); err != nil {
		return nil, err
	}
	return c, c.check()
}

// table reads a "a | b | c" file, skipping blank lines and # comments.
func table(fsys fs.FS, name string, cols int) ([][]string, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	var rows [][]string
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) != cols {
			return nil, fmt.Errorf("demo: %s:%d: want %d cells separated by |, got %d", name, n, cols, len(cells))
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rows = append(rows, cells)
	}
	return rows, nil
}

func parseSections(fsys fs.FS, name string) ([]SectionDef, error) {
	rows, err := table(fsys, name, 1+len(editionOrder))
	if err != nil {
		return nil, err
	}
	var out []SectionDef
	for _, r := range rows {
		d := SectionDef{Key: r[0], Slugs: map[string]string{}, Names: map[string]string{}}
		for i, ed := range editionOrder {
			slugName, name, ok := strings.Cut(r[i+1], ":")
			if !ok {
				return nil, fmt.Errorf("demo: %s: section %s: want slug:name for %s", name, r[0], ed)
			}
			d.Slugs[ed], d.Names[ed] = slugName, name
		}
		out = append(out, d)
	}
	return out, nil
}

func parseAuthors(fsys fs.FS, name string) ([]AuthorDef, error) {
	rows, err := table(fsys, name, 3)
	if err != nil {
		return nil, err
	}
	var out []AuthorDef
	for _, r := range rows {
		d := AuthorDef{Slug: r[0], Name: r[1]}
		for _, e := range strings.Split(r[2], ",") {
			d.Editions = append(d.Editions, strings.TrimSpace(e))
		}
		out = append(out, d)
	}
	return out, nil
}

func parseTopics(fsys fs.FS, dir string) ([]TopicDef, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []TopicDef
	for _, f := range files {
		rows, err := table(fsys, f, 2+len(editionOrder))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			d := TopicDef{Key: r[0], Kind: r[1], Names: map[string]string{}}
			for i, ed := range editionOrder {
				d.Names[ed] = r[i+2]
			}
			out = append(out, d)
		}
	}
	return out, nil
}

// parseAliases reads key | alias, alias… lines onto the topics.
func parseAliases(fsys fs.FS, name string, topics []TopicDef) error {
	rows, err := table(fsys, name, 2)
	if err != nil {
		return err
	}
	at := map[string]int{}
	for i, t := range topics {
		at[t.Key] = i
	}
	for _, r := range rows {
		i, ok := at[r[0]]
		if !ok {
			return fmt.Errorf("demo: %s: no topic %q", name, r[0])
		}
		for _, a := range strings.Split(r[1], ",") {
			if a = strings.TrimSpace(a); a != "" {
				topics[i].Aliases = append(topics[i].Aliases, a)
			}
		}
	}
	return nil
}

func parseStories(fsys fs.FS, dir string) ([]Story, error) {
	var out []Story
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		st, err := parseStory(fsys, dir, p)
		if err != nil {
			return err
		}
		out = append(out, st)
		return nil
	})
	return out, err
}

// storyFields are the front-matter keys a story may use.
var storyFields = map[string]bool{
	"headline": true, "standfirst": true, "section": true, "kind": true, "authors": true, "dateline": true,
	"credit": true, "topics": true, "hours_ago": true, "image": true, "image_alt": true, "image_caption": true,
	"updated_hours_ago": true, "correction": true, "correction_hours_ago": true, "status": true,
}

func parseStory(fsys fs.FS, dir, p string) (Story, error) {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return Story{}, err
	}
	rel := strings.TrimPrefix(p, dir+"/")
	base := strings.TrimSuffix(rel, ".md")
	dot := strings.LastIndexByte(base, '.')
	if dot < 0 || strings.Count(rel, "/") != 1 {
		return Story{}, fmt.Errorf("demo: %s: want stories/{cluster}/{story}.{edition}.md", rel)
	}
	st := Story{File: rel, Group: base[:dot], Edition: base[dot+1:], Fields: map[string]string{}}
	head, body, ok := strings.Cut(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n---\n")
	if !ok {
		return st, fmt.Errorf("demo: %s: no --- line between front matter and body", rel)
	}
	for i, line := range strings.Split(head, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		k = strings.TrimSpace(k)
		if !ok || !storyFields[k] {
			return st, fmt.Errorf("demo: %s:%d: unknown front-matter line %q", rel, i+1, line)
		}
		st.Fields[k] = strings.TrimSpace(v)
	}
	st.Body = strings.TrimSpace(body) + "\n"
	return st, nil
}

// List splits a comma-separated field.
func (s Story) List(key string) []string {
	var out []string
	for _, v := range strings.Split(s.Fields[key], ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Hours parses an hours field; ok is false when it is absent.
func (s Story) Hours(key string) (h float64, ok bool, err error) {
	v := s.Fields[key]
	if v == "" {
		return 0, false, nil
	}
	h, err = strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false, fmt.Errorf("demo: %s: %s %q is not a number", s.File, key, v)
	}
	return h, true, nil
}
