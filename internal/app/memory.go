package app

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// memoryHeadroom is what the automatic memory limit allows above the
// heap that stays (the "Read also" index, the page cache at its bound):
// requests' garbage, and the runtime's own overhead, which the limit
// counts too. With 64 MiB the collector ran nearly without pause once the
// page cache had filled: cached pages at 100,000 stories went from about
// 16,000 requests a second to 6,200. Measured with bylinebench (2 CPUs,
// 100,000 stories, 32 MiB page cache): a limit of 270 MiB served 16,100 a
// second at a peak RSS of 313 MiB, no limit 19,900 at 518 MiB.
const memoryHeadroom = 128 << 20

// buildAllowance is what the automatic limit allows the index build, on
// top of the page cache's bound, before the heap that stays is known.
const buildAllowance = 192 << 20

// setMemoryLimit gives the Go runtime a soft memory limit, unless the
// operator set GOMEMLIMIT or turned it off. Without one the collector
// lets the heap reach twice what stays, and the "Read also" index build's
// garbage took peak RSS to 350 MB at 100,000 stories; with a limit it
// stayed at 225 MB and the build took as long. Before the build (built
// false) the limit is the page cache's bound plus a fixed allowance;
// after it, the heap that stays plus the cache's bound plus headroom, if
// that is more, so it grows with the store instead of starving a large
// one. It is soft: the runtime never fails an allocation for it, and
// stops working harder than half the CPU to keep it (a large store's
// build runs slower under it, not out of memory).
func (a *App) setMemoryLimit(built bool) {
	if os.Getenv("GOMEMLIMIT") != "" || a.cfg.MemoryLimitMB < 0 {
		return
	}
	if a.cfg.MemoryLimitMB > 0 {
		if !built {
			debug.SetMemoryLimit(int64(a.cfg.MemoryLimitMB) << 20)
		}
		return
	}
	var cache int64
	if a.Pages != nil {
		cache = a.Pages.MaxBytes()
	}
	limit := cache + buildAllowance
	if built {
		runtime.GC()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		limit = max(limit, int64(sample[0].Value.Uint64())+cache+memoryHeadroom)
	}
	debug.SetMemoryLimit(limit)
	a.log.Info("memory limit", "mib", limit>>20, "index_built", built)
}
