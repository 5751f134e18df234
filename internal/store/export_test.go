package store

import "database/sql"

// ReadPool gives the external tests (postgres_test.go) the read pool.
func ReadPool(s *Store) *sql.DB { return s.read }
