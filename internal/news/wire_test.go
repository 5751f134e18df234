package news

import (
	"strings"
	"testing"
	"time"
)

func TestWireSourceValidate(t *testing.T) {
	url := func() WireSource {
		return WireSource{Name: "Agency", Kind: SourceURL, URL: "https://wire.example.org/feed.xml", Edition: "en",
			SectionID: 1, Credit: "Agency", Interval: 5 * time.Minute, Active: true}
	}
	folder := func() WireSource {
		return WireSource{Name: "Drop", Kind: SourceFolder, Folder: "/var/lib/byline/wires/drop", Edition: "en",
			SectionID: 1, Credit: "Drop", Interval: time.Minute}
	}
	for _, ok := range []WireSource{url(), folder()} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%s source: %v, want valid", ok.Kind, err)
		}
	}
	tests := []struct {
		name   string
		source func() WireSource
		change func(*WireSource)
		field  string
	}{
		{"no name", url, func(s *WireSource) { s.Name = " " }, "name"},
		{"long name", url, func(s *WireSource) { s.Name = strings.Repeat("x", MaxWireSourceName+1) }, "name"},
		{"unknown kind", url, func(s *WireSource) { s.Kind = "ftp" }, "kind"},
		{"no url", url, func(s *WireSource) { s.URL = "" }, "url"},
		{"ftp url", url, func(s *WireSource) { s.URL = "ftp://wire.example.org/feed" }, "url"},
		{"url without host", url, func(s *WireSource) { s.URL = "https:///feed" }, "url"},
		{"folder on a url source", url, func(s *WireSource) { s.Folder = "/tmp" }, "folder"},
		{"no folder", folder, func(s *WireSource) { s.Folder = "" }, "folder"},
		{"relative folder", folder, func(s *WireSource) { s.Folder = "wires/drop" }, "folder"},
		{"url on a folder source", folder, func(s *WireSource) { s.URL = "https://x.example/" }, "url"},
		{"no edition", url, func(s *WireSource) { s.Edition = "" }, "edition"},
		{"no section", url, func(s *WireSource) { s.SectionID = 0 }, "section"},
		{"interval too short", url, func(s *WireSource) { s.Interval = time.Second }, "interval"},
		{"interval too long", url, func(s *WireSource) { s.Interval = 48 * time.Hour }, "interval"},
		{"no credit", url, func(s *WireSource) { s.Credit = "" }, "credit"},
	}
	for _, tt := range tests {
		s := tt.source()
		tt.change(&s)
		err := s.Validate()
		e, ok := err.(*Error)
		if !ok || e.Code != CodeInvalid || e.Field != tt.field {
			t.Errorf("%s: error = %v, want invalid %s", tt.name, err, tt.field)
		}
	}
}

func TestWirePermissions(t *testing.T) {
	tests := []struct {
		role        Role
		manage, use bool
	}{
		{RoleAdmin, true, true},
		{RoleEditor, false, true},
		{RoleAuthor, false, false},
		{RoleContributor, false, false},
	}
	for _, tt := range tests {
		u := User{ID: 1, Role: tt.role}
		if got := u.Can(ActManageWires, nil); got != tt.manage {
			t.Errorf("%s may manage wire sources = %v, want %v", tt.role, got, tt.manage)
		}
		if got := u.Can(ActUseWires, nil); got != tt.use {
			t.Errorf("%s may use the wire desk = %v, want %v", tt.role, got, tt.use)
		}
	}
	disabled := User{ID: 1, Role: RoleAdmin, DisabledAt: time.Now()}
	if disabled.Can(ActUseWires, nil) || disabled.Can(ActManageWires, nil) {
		t.Error("a disabled admin may use the wire desk")
	}
}
