package store

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Watch calls changed soon after any process commits a change readers see
// (a story saved, a section added), until ctx ends. On PostgreSQL it
// listens on the schema's channel with a connection of its own; after that
// connection is lost it reconnects, with a growing pause, and calls
// changed once connected again, since notifications sent meanwhile are
// gone: changed must catch up with everything (the page cache's Sync does,
// from the change feed). On SQLite it returns at once: nodes are one
// process, which hears its own commits (OnCommit) and polls for others'.
func (s *Store) Watch(ctx context.Context, changed func(), log *slog.Logger) {
	if s.pgCfg == nil {
		return
	}
	pause := time.Second
	for ctx.Err() == nil {
		start := time.Now()
		err := s.listen(ctx, changed)
		if ctx.Err() != nil {
			return
		}
		if time.Since(start) > time.Minute {
			pause = time.Second // it had been working: try again soon
		}
		log.Warn("store: lost the change notifications; reconnecting", "err", err, "in", pause)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(pause*2, 30*time.Second)
	}
}

// listen connects, listens and calls changed for each notification until
// the connection fails or ctx ends.
func (s *Store) listen(ctx context.Context, changed func()) error {
	cfg := s.pgCfg.Copy()
	cfg.RuntimeParams["application_name"] = "byline-watch"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var channel string
	if err := conn.QueryRow(ctx, `SELECT 'byline_' || current_schema()`).Scan(&channel); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	changed() // whatever happened while not listening
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		changed()
	}
}
