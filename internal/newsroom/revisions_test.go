package newsroom

import (
	"strings"
	"testing"
)

func TestDiffHTML(t *testing.T) {
	tests := []struct {
		old, new, want string
	}{
		{"The minister said no.", "The minister said yes.", "The minister said <del>no.</del><ins>yes.</ins>"},
		{"same", "same", "same"},
		{"", "new text", "<ins>new text</ins>"},
		{"a <b>", "a <i>", "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins>"},
		{"قمة المناخ في جنيف", "قمة المناخ في القاهرة", "قمة المناخ في <del>جنيف</del><ins>القاهرة</ins>"},
	}
	for _, tt := range tests {
		if got := string(DiffHTML(tt.old, tt.new)); got != tt.want {
			t.Errorf("DiffHTML(%q, %q) = %q, want %q", tt.old, tt.new, got, tt.want)
		}
	}
}

func FuzzDiffHTML(f *testing.F) {
	f.Add("a b c", "a x c")
	f.Add("<script>", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		out := string(DiffHTML(a, b))
		if strings.Contains(out, "<script") {
			t.Fatalf("unescaped markup: %q", out)
		}
	})
}
