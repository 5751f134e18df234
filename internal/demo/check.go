package demo

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bylinehq/byline/internal/news"
)

// scenes are the lead-image kinds the generator draws.
var scenes = []string{"city", "harbour", "mountains", "desert", "forest", "stadium", "lab", "stage", "fields", "river", "night", "abstract"}

// check validates every cross-reference so that a typo in the content
// fails a test, not a demo start.
func (c *Content) check() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf("demo: "+format, args...)) }
	sections := map[string]bool{}
	for _, s := range c.Sections {
		sections[s.Key] = true
	}
	authors := map[string]AuthorDef{}
	for _, a := range c.Authors {
		authors[a.Slug] = a
	}
	topics := map[string]bool{}
	for _, t := range c.Topics {
		if topics[t.Key] {
			add("topic %q is defined twice", t.Key)
		}
		topics[t.Key] = true
		if !news.TopicKind(t.Kind).Valid() {
			add("topic %q: unknown kind %q", t.Key, t.Kind)
		}
	}
	groups := map[string]bool{}
	for _, st := range c.Stories {
		key := st.Group + "." + st.Edition
		if groups[key] {
			add("%s: two files for one story and edition", st.File)
		}
		groups[key] = true
		errs = append(errs, st.check(sections, authors, topics)...)
	}
	return errors.Join(errs...)
}

func (st Story) check(sections map[string]bool, authors map[string]AuthorDef, topics map[string]bool) []error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("demo: %s: "+format, append([]any{st.File}, args...)...))
	}
	if !slices.Contains(editionOrder, st.Edition) {
		add("unknown edition %q", st.Edition)
	}
	for _, k := range []string{"headline", "standfirst", "section", "kind", "authors", "dateline", "credit", "topics", "hours_ago", "image"} {
		if st.Fields[k] == "" {
			add("missing %s", k)
		}
	}
	if !sections[st.Fields["section"]] {
		add("unknown section %q", st.Fields["section"])
	}
	if !news.Kind(st.Fields["kind"]).Valid() {
		add("unknown kind %q", st.Fields["kind"])
	}
	for _, a := range st.List("authors") {
		def, ok := authors[a]
		if !ok || !slices.Contains(def.Editions, st.Edition) {
			add("author %q does not write for edition %s", a, st.Edition)
		}
	}
	for _, t := range st.List("topics") {
		if !topics[t] {
			add("unknown topic %q", t)
		}
	}
	if img := st.Fields["image"]; img != "none" {
		if !slices.Contains(scenes, img) {
			add("unknown image scene %q", img)
		}
		if st.Fields["image_alt"] == "" || st.Fields["image_caption"] == "" {
			add("an image needs image_alt and image_caption")
		}
	}
	h, _, err := st.Hours("hours_ago")
	if err != nil || h < 0.1 || h > 240 {
		add("hours_ago must be between 0.1 and 240")
	}
	if u, ok, err := st.Hours("updated_hours_ago"); err != nil || ok && u >= h {
		add("updated_hours_ago must be a number below hours_ago")
	}
	_, hasFix, err := st.Hours("correction_hours_ago")
	if err != nil || hasFix != (st.Fields["correction"] != "") {
		add("correction and correction_hours_ago go together")
	}
	if s := st.Fields["status"]; s != "" && s != "published" && s != "unpublished" {
		add("status must be published or unpublished")
	}
	if strings.Contains(st.Body, "<") && strings.Contains(st.Body, ">") && strings.Contains(st.Body, "</") {
		add("the body contains HTML")
	}
	return errs
}
