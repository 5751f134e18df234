package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

// wireTests cover wire sources and items: versions, exact and near
// duplicates, the inbox and polling state.
var wireTests = map[string]func(*testing.T, *fixture){
	"WireSourcesRoundTrip":                     testWireSources,
	"WireSourceValidationChangesNothing":       testWireSourceValidation,
	"DueWireSourcesAreActiveURLsPastTheirTime": testDueWireSources,
	"WireItemsRoundTripWithVersions":           testWireItemVersions,
	"WireHashLookupIgnoresDuplicates":          testWireHash,
	"WireInboxFiltersAndHidesCopies":           testWireInbox,
	"WireGroupListsGroupAndDuplicates":         testWireGroup,
	"RecentWireItemsAreLatestOriginals":        testRecentWireItems,
}

func (f *fixture) wireSource(change ...func(*news.WireSource)) news.WireSource {
	f.t.Helper()
	f.n++
	s := news.WireSource{Name: fmt.Sprintf("Agency %d", f.n), Kind: news.SourceURL,
		URL: fmt.Sprintf("https://wire%d.example.org/feed.xml", f.n), Edition: "en", SectionID: f.world.ID,
		Credit: fmt.Sprintf("Agency %d", f.n), Interval: 5 * time.Minute, Active: true, CreatedAt: base}
	for _, c := range change {
		c(&s)
	}
	f.must(f.s.CreateWireSource(f.ctx, &s))
	return s
}

// wireItem stores an item of src received minutesAgo before base.
func (f *fixture) wireItem(src news.WireSource, guid string, minutesAgo int, change ...func(*news.WireItem)) news.WireItem {
	f.t.Helper()
	it := news.WireItem{SourceID: src.ID, GUID: guid, Version: 1, Format: "rss", Title: "Title of " + guid,
		Summary: "Summary.", BodyHTML: "<p>Body of " + guid + ".</p>", Link: "https://wire.example.org/" + guid,
		Authors: []string{"Ana Ruiz", "Li Wei"}, Language: "en", Published: base.Add(-time.Hour),
		ReceivedAt: base.Add(-time.Duration(minutesAgo) * time.Minute), ContentHash: "hash-" + guid,
		Fingerprint: 0xF00DFACE00000000 | uint64(len(guid)), Status: news.WireNew}
	for _, c := range change {
		c(&it)
	}
	f.must(f.s.AddWireItem(f.ctx, &it))
	return it
}

func wireIDs(items []news.WireItem) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func testWireSources(t *testing.T, f *fixture) {
	src := f.wireSource(func(s *news.WireSource) { s.Name = "Zeta Wire" })
	if src.ID == 0 {
		t.Fatal("CreateWireSource did not set the ID")
	}
	got, err := f.s.WireSource(f.ctx, src.ID)
	f.must(err)
	if got != src {
		t.Errorf("WireSource = %+v, want %+v", got, src)
	}
	folder := f.wireSource(func(s *news.WireSource) {
		s.Name, s.Kind, s.URL, s.Folder, s.SectionID = "Alpha Drop", news.SourceFolder, "", "/srv/wires/alpha", f.economy.ID
	})
	polled := base.Add(time.Minute)
	src.ETag, src.LastModified, src.LastPolledAt, src.LastStatus = `"v1"`, "Sat, 28 Nov 2026 12:00:00 GMT", polled, "200: 3 items, 3 new"
	src.Failures, src.NextPollAt, src.Active, src.Interval = 2, polled.Add(10*time.Minute), false, time.Hour
	f.must(f.s.UpdateWireSource(f.ctx, &src))
	got, err = f.s.WireSource(f.ctx, src.ID)
	f.must(err)
	if got != src {
		t.Errorf("after update: WireSource = %+v, want %+v", got, src)
	}
	all, err := f.s.WireSources(f.ctx)
	f.must(err)
	if !equalIDs(wireSourceIDs(all), []int64{folder.ID, src.ID}) {
		t.Errorf("WireSources = %+v, want Alpha Drop then Zeta Wire", all)
	}
	_, err = f.s.WireSource(f.ctx, 9999)
	wantCode(t, err, news.CodeNotFound)
	missing := src
	missing.ID = 9999
	wantCode(t, f.s.UpdateWireSource(f.ctx, &missing), news.CodeNotFound)
}

func wireSourceIDs(ss []news.WireSource) []int64 {
	out := make([]int64, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

func testWireSourceValidation(t *testing.T, f *fixture) {
	bad := []func(*news.WireSource){
		func(s *news.WireSource) { s.URL = "ftp://wire.example.org/" },
		func(s *news.WireSource) { s.Interval = time.Second },
		func(s *news.WireSource) { s.SectionID = 9999 },                                          // no such section
		func(s *news.WireSource) { s.Edition = "fr" },                                            // the section is in en
		func(s *news.WireSource) { s.Kind, s.URL, s.Folder = news.SourceFolder, "", "relative" }, // not absolute
	}
	for i, change := range bad {
		s := news.WireSource{Name: "Bad", Kind: news.SourceURL, URL: "https://wire.example.org/feed", Edition: "en",
			SectionID: f.world.ID, Credit: "Bad", Interval: time.Minute, Active: true}
		change(&s)
		if err := f.s.CreateWireSource(f.ctx, &s); news.ErrorCode(err) != news.CodeInvalid {
			t.Errorf("case %d: CreateWireSource = %v, want invalid", i, err)
		}
	}
	good := f.wireSource()
	changed := good
	changed.SectionID = 9999
	wantCode(t, f.s.UpdateWireSource(f.ctx, &changed), news.CodeInvalid)
	all, err := f.s.WireSources(f.ctx)
	f.must(err)
	if len(all) != 1 || all[0] != good {
		t.Errorf("WireSources = %+v, want only the good source, unchanged", all)
	}
}

func testDueWireSources(t *testing.T, f *fixture) {
	never := f.wireSource()
	due := f.wireSource(func(s *news.WireSource) { s.NextPollAt = base.Add(-time.Minute) })
	f.wireSource(func(s *news.WireSource) { s.NextPollAt = base.Add(time.Minute) })
	f.wireSource(func(s *news.WireSource) { s.NextPollAt, s.Active = base.Add(-time.Hour), false })
	f.wireSource(func(s *news.WireSource) { s.Kind, s.URL, s.Folder = news.SourceFolder, "", "/srv/wires/drop" })
	exact := f.wireSource(func(s *news.WireSource) { s.NextPollAt = base })
	got, err := f.s.DueWireSources(f.ctx, base)
	f.must(err)
	if !equalIDs(wireSourceIDs(got), []int64{never.ID, due.ID, exact.ID}) {
		t.Errorf("DueWireSources = %v, want never polled, then overdue, then due now (%d, %d, %d)",
			wireSourceIDs(got), never.ID, due.ID, exact.ID)
	}
}

func testWireItemVersions(t *testing.T, f *fixture) {
	src := f.wireSource()
	draft := f.draft()
	v1 := f.wireItem(src, "g1", 30, func(it *news.WireItem) {
		it.Updated, it.Similarity, it.Fingerprint = base.Add(-50*time.Minute), 0, 1<<63|42
	})
	got, err := f.s.WireItem(f.ctx, v1.ID)
	f.must(err)
	if fmt.Sprint(got) != fmt.Sprint(v1) {
		t.Errorf("WireItem = %+v, want %+v", got, v1)
	}
	v1.Status, v1.AdoptedArticleID, v1.AdoptedVersion = news.WireAdopted, draft.ID, 1
	f.must(f.s.UpdateWireItem(f.ctx, &v1))
	v2 := f.wireItem(src, "g1", 10, func(it *news.WireItem) {
		it.Version, it.Title, it.ContentHash = 2, "Corrected title", "hash-g1-v2"
		it.Status, it.AdoptedArticleID, it.AdoptedVersion = news.WireAdopted, draft.ID, 1
	})
	latest, err := f.s.LatestWireVersion(f.ctx, src.ID, "g1")
	f.must(err)
	if latest.ID != v2.ID || latest.Version != 2 || latest.AdoptedVersion != 1 || latest.AdoptedArticleID != draft.ID {
		t.Errorf("LatestWireVersion = %+v, want version 2 remembering adoption of version 1", latest)
	}
	vs, err := f.s.WireVersions(f.ctx, src.ID, "g1")
	f.must(err)
	if !equalIDs(wireIDs(vs), []int64{v1.ID, v2.ID}) {
		t.Errorf("WireVersions = %v, want %d then %d", wireIDs(vs), v1.ID, v2.ID)
	}
	again := news.WireItem{SourceID: src.ID, GUID: "g1", Version: 2, Format: "rss", Title: "x", ContentHash: "h", ReceivedAt: base}
	wantCode(t, f.s.AddWireItem(f.ctx, &again), news.CodeConflict)
	_, err = f.s.LatestWireVersion(f.ctx, src.ID, "never-sent")
	wantCode(t, err, news.CodeNotFound)
	_, err = f.s.WireItem(f.ctx, 9999)
	wantCode(t, err, news.CodeNotFound)
	wantCode(t, f.s.UpdateWireItem(f.ctx, &news.WireItem{ID: 9999, Status: news.WireIgnored}), news.CodeNotFound)
	if vs, err := f.s.WireVersions(f.ctx, src.ID, "never-sent"); err != nil || len(vs) != 0 {
		t.Errorf("WireVersions of an unknown GUID = %v, %v; want none", vs, err)
	}
}

func testWireHash(t *testing.T, f *fixture) {
	a, b := f.wireSource(), f.wireSource()
	first := f.wireItem(a, "a1", 30, func(it *news.WireItem) { it.ContentHash = "same" })
	f.wireItem(b, "b1", 20, func(it *news.WireItem) {
		it.ContentHash, it.Status, it.DuplicateOf = "same", news.WireDuplicate, first.ID
	})
	got, err := f.s.WireItemByHash(f.ctx, "same")
	f.must(err)
	if got.ID != first.ID {
		t.Errorf("WireItemByHash = %d, want the first copy %d", got.ID, first.ID)
	}
	// The first copy ignored: a duplicate never stands in for it.
	dupOnly := f.wireItem(b, "b2", 10, func(it *news.WireItem) {
		it.ContentHash, it.Status, it.DuplicateOf = "orphan", news.WireDuplicate, first.ID
	})
	_ = dupOnly
	_, err = f.s.WireItemByHash(f.ctx, "orphan")
	wantCode(t, err, news.CodeNotFound)
}

func testWireInbox(t *testing.T, f *fixture) {
	a, b := f.wireSource(), f.wireSource()
	old := f.wireItem(a, "a1", 120)
	fr := f.wireItem(a, "a2", 90, func(it *news.WireItem) { it.Language = "fr" })
	ignored := f.wireItem(b, "b1", 60, func(it *news.WireItem) { it.Status = news.WireIgnored })
	dup := f.wireItem(b, "b2", 50, func(it *news.WireItem) { it.Status, it.DuplicateOf = news.WireDuplicate, old.ID })
	v1 := f.wireItem(b, "b3", 40)
	v2 := f.wireItem(b, "b3", 30, func(it *news.WireItem) { it.Version, it.ContentHash = 2, "hash-b3-v2" })
	tests := []struct {
		name string
		q    news.WireQuery
		want []int64
	}{
		{"everything but copies and old versions, newest first", news.WireQuery{}, []int64{v2.ID, ignored.ID, fr.ID, old.ID}},
		{"one source", news.WireQuery{SourceID: a.ID}, []int64{fr.ID, old.ID}},
		{"one language", news.WireQuery{Language: "fr"}, []int64{fr.ID}},
		{"new only", news.WireQuery{Status: news.WireNew}, []int64{v2.ID, fr.ID, old.ID}},
		{"ignored only", news.WireQuery{Status: news.WireIgnored}, []int64{ignored.ID}},
		{"duplicates when asked", news.WireQuery{Status: news.WireDuplicate}, []int64{dup.ID}},
		{"since", news.WireQuery{Since: base.Add(-60 * time.Minute)}, []int64{v2.ID, ignored.ID}},
		{"until", news.WireQuery{Until: base.Add(-60 * time.Minute)}, []int64{fr.ID, old.ID}},
		{"limit", news.WireQuery{Limit: 1}, []int64{v2.ID}},
	}
	for _, tt := range tests {
		got, err := f.s.WireInbox(f.ctx, tt.q)
		f.must(err)
		if !equalIDs(wireIDs(got), tt.want) {
			t.Errorf("%s: WireInbox = %v, want %v (old version %d)", tt.name, wireIDs(got), tt.want, v1.ID)
		}
	}
}

func testWireGroup(t *testing.T, f *fixture) {
	a, b, c := f.wireSource(), f.wireSource(), f.wireSource()
	head := f.wireItem(a, "a1", 60)
	head.GroupID = head.ID
	f.must(f.s.UpdateWireItem(f.ctx, &head))
	near := f.wireItem(b, "b1", 50, func(it *news.WireItem) { it.GroupID, it.Similarity = head.ID, 0.9 })
	copyOfHead := f.wireItem(c, "c1", 40, func(it *news.WireItem) { it.Status, it.DuplicateOf = news.WireDuplicate, head.ID })
	// The near copy is re-sent: the group shows only its new version.
	nearV2 := f.wireItem(b, "b1", 30, func(it *news.WireItem) {
		it.Version, it.ContentHash, it.GroupID, it.Similarity = 2, "hash-b1-v2", head.ID, 0.85
	})
	copyOfOld := f.wireItem(c, "c2", 20, func(it *news.WireItem) { it.Status, it.DuplicateOf = news.WireDuplicate, near.ID })
	alone := f.wireItem(a, "a2", 10)
	want := []int64{head.ID, copyOfHead.ID, nearV2.ID, copyOfOld.ID}
	for _, id := range []int64{head.ID, nearV2.ID, copyOfHead.ID, copyOfOld.ID} {
		got, err := f.s.WireGroup(f.ctx, id)
		f.must(err)
		if !equalIDs(wireIDs(got), want) {
			t.Errorf("WireGroup(%d) = %v, want %v", id, wireIDs(got), want)
		}
	}
	got, err := f.s.WireGroup(f.ctx, alone.ID)
	f.must(err)
	if !equalIDs(wireIDs(got), []int64{alone.ID}) {
		t.Errorf("WireGroup of an item alone = %v, want just itself", wireIDs(got))
	}
	_, err = f.s.WireGroup(f.ctx, 9999)
	wantCode(t, err, news.CodeNotFound)
}

func testRecentWireItems(t *testing.T, f *fixture) {
	src := f.wireSource()
	f.wireItem(src, "too-old", 200)
	v1 := f.wireItem(src, "g", 90)
	v2 := f.wireItem(src, "g", 80, func(it *news.WireItem) { it.Version, it.ContentHash = 2, "hash-g-v2" })
	f.wireItem(src, "dup", 70, func(it *news.WireItem) { it.Status, it.DuplicateOf = news.WireDuplicate, v1.ID })
	ignored := f.wireItem(src, "ignored", 60, func(it *news.WireItem) { it.Status = news.WireIgnored })
	got, err := f.s.RecentWireItems(f.ctx, base.Add(-100*time.Minute))
	f.must(err)
	if !equalIDs(wireIDs(got), []int64{v2.ID, ignored.ID}) {
		t.Errorf("RecentWireItems = %v, want the latest version %d and %d, oldest first", wireIDs(got), v2.ID, ignored.ID)
	}
}
