package site_test

import (
	"strings"
	"testing"
)

// TestTopicPageSpansEditions: a topic page lists the edition's stories and
// then the topic's latest stories in the other editions, in their own
// language, with hreflang alternates to the topic's pages there.
func TestTopicPageSpansEditions(t *testing.T) {
	a := sharedApp(t)
	res := get(t, a.Handler, "/en/topics/united-nations")
	if res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	for _, want := range []string{
		`<section class="elsewhere"`,
		`lang="fr" dir="ltr"`, `lang="ar" dir="rtl"`, `lang="es" dir="ltr"`,
		`href="/fr/topics/nations-unies"`,
		`hreflang="fr" href="https://news.example.org/fr/topics/nations-unies"`,
		`hreflang="x-default"`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("topic page lacks %s", want)
		}
	}
}
