package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

// queryDir holds the pages whose address has a query string (searches):
// /en/search?q=word is saved as ROOT/queryDir/en/search/q=word, where the
// nginx.conf below looks for it.
const queryDir = "__query"

// mirrorFile is where the page at requestURI is saved under root so that
// nginx serves it at the same address: a path ending in / is a directory
// with index.html, any other path a file of that name (stories have no
// extension; nginx sends them as text/html by default_type).
func mirrorFile(root, requestURI string) (string, error) {
	u, err := url.ParseRequestURI(requestURI)
	if err != nil {
		return "", err
	}
	p := u.Path
	switch {
	case u.RawQuery != "":
		if !strings.HasSuffix(p, "/search") {
			return "", fmt.Errorf("mirror %s: nginx.conf serves query strings only for /{edition}/search", requestURI)
		}
		p = "/" + queryDir + p + "/" + u.RawQuery
	case strings.HasSuffix(p, "/"):
		p += "index.html"
	}
	name := filepath.Join(root, filepath.FromSlash(p))
	if !strings.HasPrefix(name, root+string(filepath.Separator)) || strings.Contains(u.RawQuery, "/") {
		return "", fmt.Errorf("mirror %s: the path leaves the mirror", requestURI)
	}
	return name, nil
}

// writeMirror saves each page under root: the body decoded, and next to
// it the bytes Byline sent with a .gz suffix when it sent them gzipped,
// which gzip_static then serves as they are. Directories and files are
// world-readable because nginx's workers run as nobody when it is
// started as root.
func writeMirror(root string, pages []page) error {
	for _, pg := range pages {
		name, err := mirrorFile(root, pg.path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, pg.body, 0o644); err != nil {
			return err
		}
		if pg.gzipped() {
			if err := os.WriteFile(name+".gz", pg.raw, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// nginxConf serves the mirror as a static site: nothing written outside
// the prefix (pid, lock, logs and every temp path are in it), sendfile,
// and the precompressed .gz files. It keeps an access log, as Debian's
// nginx does and as Byline does, buffered as Byline's is (nginx writes
// 64 KiB or every second; Byline every 200 ms), so that both servers do
// the same work for a request. keepalive_requests
// is raised from nginx's default of 1000 because Go's server has no such
// limit and a reconnect every 1000 requests would tilt the comparison.
var nginxConf = template.Must(template.New("nginx.conf").Parse(`# Written by bylinebench: nginx serving Byline's pages as files.
daemon off;
worker_processes auto;
pid {{.Prefix}}/nginx.pid;
lock_file {{.Prefix}}/nginx.lock;
error_log {{.Prefix}}/error.log warn;

events {
    worker_connections 4096;
}

http {
    access_log {{.Prefix}}/access.log combined buffer=64k flush=1s;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    gzip off;
    gzip_static on;
    default_type text/html;
    charset utf-8;
    types {
        application/rss+xml xml;
        application/atom+xml atom;
        application/feed+json json;
    }
    client_body_temp_path {{.Prefix}}/temp/body;
    proxy_temp_path {{.Prefix}}/temp/proxy;
    fastcgi_temp_path {{.Prefix}}/temp/fastcgi;
    uwsgi_temp_path {{.Prefix}}/temp/uwsgi;
    scgi_temp_path {{.Prefix}}/temp/scgi;

    server {
        listen {{.Addr}};
        root {{.Root}};
        index index.html;

        location ~ ^/[^/]+/search$ {
            try_files /` + queryDir + `$uri/$args =404;
        }
    }
}
`))

// startNginx writes nginx.conf into prefix and starts nginx serving root
// on addr, in the foreground, as a child on the cleanup list. It returns
// once nginx answers.
func startNginx(ctx context.Context, ps *procs, bin, prefix, root, addr string) (*proc, error) {
	if err := os.MkdirAll(filepath.Join(prefix, "temp"), 0o755); err != nil {
		return nil, err
	}
	var conf bytes.Buffer
	if err := nginxConf.Execute(&conf, map[string]string{"Prefix": prefix, "Root": root, "Addr": addr}); err != nil {
		return nil, err
	}
	confFile := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confFile, conf.Bytes(), 0o644); err != nil {
		return nil, err
	}
	out, err := os.Create(filepath.Join(prefix, "nginx.out"))
	if err != nil {
		return nil, err
	}
	defer out.Close()
	// -e: nginx opens its compiled-in error log before reading the
	// configuration; this one keeps it in the prefix too.
	cmd := exec.Command(bin, "-e", filepath.Join(prefix, "error.log"), "-p", prefix+"/", "-c", confFile)
	cmd.Stdout, cmd.Stderr = out, out
	p, err := ps.start("nginx", cmd)
	if err != nil {
		return nil, err
	}
	if _, err := waitFor(ctx, p, "http://"+addr+"/", func(status int) bool { return status > 0 }, 10*time.Second); err != nil {
		log, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
		so, _ := os.ReadFile(out.Name())
		return nil, fmt.Errorf("nginx: %w\n%s%s", err, so, log)
	}
	return p, nil
}

// verifyMirror fetches every page from nginx as the load will and checks
// it answers 200 with the very bytes Byline sent.
func verifyMirror(ctx context.Context, c *http.Client, origin string, want []page) error {
	paths := make([]string, len(want))
	for i, pg := range want {
		paths[i] = pg.path
	}
	got, err := getAll(ctx, c, origin, paths)
	if err != nil {
		return fmt.Errorf("nginx: %w", err)
	}
	for i, pg := range got {
		if !bytes.Equal(pg.raw, want[i].raw) || pg.gzipped() != want[i].gzipped() {
			return fmt.Errorf("nginx sent other bytes for %s than Byline did (%d against %d, gzip %t against %t)",
				pg.path, len(pg.raw), len(want[i].raw), pg.gzipped(), want[i].gzipped())
		}
	}
	return nil
}
