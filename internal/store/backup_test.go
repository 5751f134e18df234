package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/bylinehq/byline/internal/news"
)

func TestSnapshotIsAConsistentCopy(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for _, e := range news.DefaultEditions() {
		if err := s.CreateEdition(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Snapshot(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if err := s.Snapshot(ctx, dst); err == nil {
		t.Error("a snapshot over an existing file should be refused")
	}
	// The read pool is still read-only after a snapshot.
	for range 8 {
		if _, err := s.read.ExecContext(ctx, `INSERT INTO editions (code) VALUES ('zz')`); err == nil {
			t.Fatal("a read connection accepted a write after a snapshot")
		}
	}
	c, err := Open(ctx, Config{URL: "sqlite://" + dst, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	eds, err := c.Editions(ctx)
	if err != nil || len(eds) != 4 {
		t.Errorf("copy has editions %v, %v; want 4", eds, err)
	}
}
