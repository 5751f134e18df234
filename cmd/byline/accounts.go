package main

import (
	"context"
	"io"
)

// userCmd runs "byline user …". Placeholder until accounts land.
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return usageError{"byline user: not implemented yet"}
}

// tokenCmd runs "byline token …". Placeholder until accounts land.
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usageError{"byline token: not implemented yet"}
}
