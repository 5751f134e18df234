package store

import "database/sql"

// ReadPool gives the external tests (postgres_test.go) the read pool.
func ReadPool(s *Store) *sql.DB { return s.read }

// WritePool gives the external tests (copy_test.go) the write pool.
func WritePool(s *Store) *sql.DB { return s.write }
