package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bylinehq/byline/internal/auth"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/store"
)

// passwordEnv names the environment variable "byline user add" reads the
// password from before it falls back to stdin.
const passwordEnv = "BYLINE_PASSWORD"

const userUsage = `Usage: byline user <command> [flags]

Manages newsroom accounts.

Commands:
  add    add an account (password from $BYLINE_PASSWORD or the first line of stdin)
  list   list accounts

Run "byline user <command> --help" for a command's flags.
`

const tokenUsage = `Usage: byline token <command> [flags]

Manages Admin API tokens.

Commands:
  create   create a token for an account and print it

Run "byline token <command> --help" for a command's flags.
`

// subcommand picks the function for args[0] from cmds; a missing or unknown
// name, or a request for help, prints usage on stderr.
func subcommand[F any](args []string, usage string, stderr io.Writer, cmds map[string]F) (F, []string, error) {
	var none F
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return none, nil, usageError{"no command given"}
	}
	if fn, ok := cmds[args[0]]; ok {
		return fn, args[1:], nil
	}
	fmt.Fprint(stderr, usage)
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return none, nil, flag.ErrHelp
	}
	return none, nil, usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// userCmd runs "byline user add|list".
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	type cmd func(context.Context, []string, io.Reader, io.Writer, io.Writer) error
	fn, rest, err := subcommand(args, userUsage, stderr, map[string]cmd{"add": userAdd, "list": userList})
	if err != nil {
		return err
	}
	return fn(ctx, rest, stdin, stdout, stderr)
}

// tokenCmd runs "byline token create".
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	type cmd func(context.Context, []string, io.Writer, io.Writer) error
	fn, rest, err := subcommand(args, tokenUsage, stderr, map[string]cmd{"create": tokenCreate})
	if err != nil {
		return err
	}
	return fn(ctx, rest, stdout, stderr)
}

// openAccounts opens the store the flags name and an auth.Service over it.
// The caller closes the store.
func openAccounts(ctx context.Context, sf storeFlags) (*store.Store, *auth.Service, error) {
	st, err := sf.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	return st, &auth.Service{Store: st}, nil
}

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("user add", "Adds a newsroom account with a byline of the same name. The password is read from\n$"+passwordEnv+" or, when that is unset, from the first line of stdin:\n\n  echo 'a long passphrase' | byline user add --email ana@example.org --name 'Ana Ruiz' --role editor", stderr)
	var sf storeFlags
	sf.register(fs)
	email := fs.String("email", "", "the account's e-mail address (required)")
	name := fs.String("name", "", "the person's name, also used for their byline (required)")
	role := fs.String("role", "", "admin, editor, author or contributor (required)")
	language := fs.String("language", "en", "the newsroom's language for this person")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "email", "name", "role"); err != nil {
		return err
	}
	if !news.Role(*role).Valid() {
		return usageError{fmt.Sprintf("--role must be admin, editor, author or contributor, got %q", *role)}
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	st, svc, err := openAccounts(ctx, sf)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := svc.CreateUser(ctx, nil, *email, *name, news.Role(*role), password, *language)
	if err != nil {
		return err
	}
	if err := auditCLI(ctx, st, "user add --role "+string(u.Role), u.Email); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created account %d: %s (%s)\n", u.ID, u.Email, u.Role)
	return nil
}

// required returns a usage error naming the first of the flags that is
// empty or blank.
func required(fs *flag.FlagSet, names ...string) error {
	for _, name := range names {
		if strings.TrimSpace(fs.Lookup(name).Value.String()) == "" {
			return usageError{fmt.Sprintf("--%s is required", name)}
		}
	}
	return nil
}

// readPassword returns $BYLINE_PASSWORD when it is set and not empty, or
// else the first line of stdin without its line ending. It refuses to read from a terminal, where the
// password would be echoed and kept in the scrollback.
func readPassword(stdin io.Reader) (string, error) {
	if pw := os.Getenv(passwordEnv); pw != "" {
		return pw, nil
	}
	const hint = "set " + passwordEnv + " or pipe the password on stdin"
	if f, ok := stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return "", usageError{"no password: " + hint}
		}
	}
	// Read a little more than the longest password may take, so that an
	// over-long one is refused by the policy instead of silently cut.
	const maxBytes = 4*auth.MaxPasswordLength + 3
	line, err := bufio.NewReader(io.LimitReader(stdin, maxBytes)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from stdin: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", usageError{"no password: " + hint}
	}
	return line, nil
}

// userJSON is one line of "byline user list --json"; it has no password
// hash on purpose.
type userJSON struct {
	ID         int64     `json:"id"`
	Email      string    `json:"email"`
	Name       string    `json:"name"`
	Role       news.Role `json:"role"`
	Language   string    `json:"language"`
	AuthorID   int64     `json:"author_id,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	DisabledAt time.Time `json:"disabled_at,omitzero"`
}

func userList(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("user list", "Lists newsroom accounts by name.", stderr)
	var sf storeFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per account and line")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return printUsersJSON(stdout, users)
	}
	return printUsers(stdout, users)
}

func printUsersJSON(w io.Writer, users []news.User) error {
	enc := json.NewEncoder(w)
	for _, u := range users {
		err := enc.Encode(userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Language: u.Language,
			AuthorID: u.AuthorID, CreatedAt: u.CreatedAt, DisabledAt: u.DisabledAt})
		if err != nil {
			return err
		}
	}
	return nil
}

func printUsers(w io.Writer, users []news.User) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tROLE\tLANGUAGE\tSTATUS")
	for _, u := range users {
		status := "active"
		if !u.Active() {
			status = "disabled " + u.DisabledAt.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, u.Language, status)
	}
	return tw.Flush()
}

func tokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("token create", "Creates an Admin API token for an account and prints it, alone on one line.\nThe token is shown only now; the store keeps only its hash.", stderr)
	var sf storeFlags
	sf.register(fs)
	email := fs.String("email", "", "the e-mail address of the account the token acts as (required)")
	name := fs.String("name", "", `a label for the token, e.g. "wire importer" (default "API token")`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required(fs, "email"); err != nil {
		return err
	}
	st, svc, err := openAccounts(ctx, sf)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, news.NormalizeEmail(*email))
	if err != nil {
		return err
	}
	token, _, err := svc.CreateToken(ctx, nil, u.ID, *name)
	if err != nil {
		return err
	}
	if err := auditCLI(ctx, st, "token create", u.Email); err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// auditCLI records a change made on the command line in the audit log.
func auditCLI(ctx context.Context, st news.AuditStore, action, target string) error {
	return st.RecordAudit(ctx, &news.AuditEntry{UserName: "command line", Via: "cli", Action: action, Target: target})
}
