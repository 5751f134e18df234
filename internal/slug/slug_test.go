package slug

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bylinehq/byline/internal/news"
)

func TestMake(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"english headline", "Climate talks open in Geneva: $300bn gap", "climate-talks-open-in-geneva-300bn-gap"},
		{"french accents and apostrophe", "Vladimir Poutine à l'Élysée", "vladimir-poutine-a-lelysee"},
		{"spanish ñ and punctuation", "¿Qué pasará con el niño?", "que-pasara-con-el-nino"},
		{"german sharp s", "Straße der Einheit", "strasse-der-einheit"},
		{"ligatures", "Œuvre Æther", "oeuvre-aether"},
		{"arabic keeps its letters", "قمة المناخ تبدأ في القاهرة", "قمة-المناخ-تبدأ-في-القاهرة"},
		{"arabic vowel marks dropped", "مُحَمَّد", "محمد"},
		{"arabic tatweel dropped", "العـــالم", "العالم"},
		{"arabic-indic digits kept", "٣٠٠ مليار", "٣٠٠-مليار"},
		{"fullwidth digits folded", "Ｆ１ race", "f1-race"},
		{"runs of separators collapse", "  a -- b__c  ", "a-b-c"},
		{"nothing usable", "!!! --- ???", ""},
		{"typographic apostrophe joins", "Don’t panic", "dont-panic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMakeTruncatesAtWordBoundary(t *testing.T) {
	in := strings.Repeat("word ", 40)
	got := Make(in)
	if n := utf8.RuneCountInString(got); n > MaxLength {
		t.Fatalf("slug has %d characters, want at most %d", n, MaxLength)
	}
	if strings.HasSuffix(got, "-") || !strings.HasSuffix(got, "word") {
		t.Errorf("slug %q does not end on a whole word", got)
	}
}

// FuzzMake checks that any input gives a slug the domain accepts, or none.
func FuzzMake(f *testing.F) {
	for _, s := range []string{"Hello, World", "قمة المناخ", "Ｆ１", "a\u0301", "\x00\xff", "--", "ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Make(in)
		if got == "" {
			return
		}
		if !news.ValidSlug(got) {
			t.Fatalf("Make(%q) = %q, which is not a valid slug", in, got)
		}
		if Make(got) != got {
			t.Fatalf("Make is not idempotent: Make(%q) = %q", got, Make(got))
		}
	})
}
