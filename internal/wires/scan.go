package wires

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bylinehq/byline/internal/news"
)

// ScanFolder imports each file waiting in a folder source's directory
// once: a file that imports is moved to processed/, one that is not a feed
// to rejected/ with the reason beside it. A store failure leaves the file
// for the next scan. When there were files, the outcome is recorded on
// the source's LastStatus.
func (d *Desk) ScanFolder(ctx context.Context, src news.WireSource) ([]FileReport, error) {
	if src.Kind != news.SourceFolder {
		return nil, news.Invalid("kind", "source %q is not a folder source", src.Name)
	}
	if err := RecoverClaims(src.Folder); err != nil {
		d.log().WarnContext(ctx, "wires: recover claimed files", "source", src.ID, "err", err)
	}
	names, err := PendingFiles(src.Folder)
	if err != nil {
		return nil, fmt.Errorf("wires: list %s: %w", src.Folder, err)
	}
	var out []FileReport
	var failed error
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		mine, err := Claim(src.Folder, name)
		if err != nil {
			failed = errors.Join(failed, fmt.Errorf("wires: claim %s: %w", name, err))
			continue
		}
		if !mine {
			continue // another scanner has it
		}
		fr := d.scanFile(ctx, src, name)
		if fr.Err != nil && news.ErrorCode(fr.Err) != news.CodeInvalid {
			failed = errors.Join(failed, fr.Err)
		}
		out = append(out, fr)
	}
	if len(out) > 0 {
		failed = errors.Join(failed, d.recordScan(ctx, src.ID, out))
	}
	return out, failed
}

func (d *Desk) scanFile(ctx context.Context, src news.WireSource, name string) FileReport {
	fr := FileReport{Name: name}
	data, err := readFile(filepath.Join(src.Folder, ClaimedDir, name))
	if err == nil {
		fr.Report, err = d.Import(ctx, src, data)
	}
	switch {
	case err == nil:
		if err := MarkProcessed(src.Folder, name); err != nil {
			fr.Err = fmt.Errorf("wires: %s imported but not moved to processed/: %w", name, err)
		}
	case news.ErrorCode(err) == news.CodeInvalid:
		fr.Err = err
		if merr := MarkRejected(src.Folder, name, news.ErrorMessage(err)); merr != nil {
			fr.Err = errors.Join(err, fmt.Errorf("wires: %s not moved to rejected/: %w", name, merr))
		}
	default:
		fr.Err = err // the store or the disk failed: try again on the next scan
		if uerr := Unclaim(src.Folder, name); uerr != nil {
			fr.Err = errors.Join(err, fmt.Errorf("wires: %s not put back for the next scan: %w", name, uerr))
		}
	}
	return fr
}

// readFile reads a dropped file, refusing one over MaxFileBytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, news.Invalid("document", "the file is larger than %d MiB", MaxFileBytes>>20)
	}
	return data, nil
}

func (d *Desk) recordScan(ctx context.Context, id int64, files []FileReport) error {
	cur, err := d.Store.WireSource(ctx, id)
	if err != nil {
		return err
	}
	var rep Report
	rejected := 0
	for _, f := range files {
		rep.add(f.Report)
		if f.Err != nil {
			rejected++
		}
	}
	cur.LastPolledAt = d.now()
	cur.LastStatus = fmt.Sprintf("%d files, %d rejected: %s", len(files), rejected, rep)
	return d.Store.UpdateWireSource(ctx, &cur)
}
