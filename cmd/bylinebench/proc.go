package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// stopGrace is how long a process started by the bench gets to exit after
// SIGTERM before it is killed.
const stopGrace = 10 * time.Second

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat.
// It is 100 on every Linux architecture Go supports; reading it through
// sysconf would need cgo.
const clockTicks = 100

// proc is a child process the bench started and must stop.
type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{} // closed when Wait returns
	err  error         // Wait's result, once done is closed
}

// procs is the cleanup list: every long-running child is added when it
// starts, and stopAll stops whatever is still running, on success, error
// or Ctrl-C alike.
type procs struct {
	mu   sync.Mutex
	list []*proc
}

// start runs cmd as a child that dies with the bench: in its own process
// group, so that Ctrl-C reaches only the bench, which then stops it in
// order; and with a parent-death signal, so that a bench killed outright
// does not leave a server holding its port.
func (ps *procs) start(name string, cmd *exec.Cmd) (*proc, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	ps.mu.Lock()
	ps.list = append(ps.list, p)
	ps.mu.Unlock()
	return p, nil
}

// pid is the child's process id.
func (p *proc) pid() int { return p.cmd.Process.Pid }

// exited reports whether the child has already exited.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM, waits up to grace, then SIGKILL. It returns the
// child's exit error unless the child exited because it was asked to.
func (p *proc) stop(grace time.Duration) error {
	if p.exited() {
		return p.exitErr()
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return nil
	case <-time.After(grace):
	}
	_ = p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("%s did not exit within %v of SIGTERM and was killed", p.name, grace)
}

func (p *proc) exitErr() error {
	if p.err != nil {
		return fmt.Errorf("%s exited early: %w", p.name, p.err)
	}
	return fmt.Errorf("%s exited early", p.name)
}

// stopAll stops every child still running, last started first.
func (ps *procs) stopAll() error {
	ps.mu.Lock()
	list := ps.list
	ps.list = nil
	ps.mu.Unlock()
	var errs []error
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].exited() {
			continue
		}
		errs = append(errs, list[i].stop(stopGrace))
	}
	return errors.Join(errs...)
}

// runChild runs a short-lived child (a load generator) to completion,
// killing it if ctx ends first, and returns its stdout and the CPU time
// it used. Its stderr goes to errOut.
func runChild(ctx context.Context, cmd *exec.Cmd, errOut io.Writer) ([]byte, time.Duration, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, errOut
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = stopGrace
	err := cmd.Run()
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if ctx.Err() != nil {
		return nil, cpu, ctx.Err()
	}
	if err != nil {
		return out.Bytes(), cpu, fmt.Errorf("%s: %w", cmd.Args[0], err)
	}
	return out.Bytes(), cpu, nil
}

// usage is what /proc tells of a server's processes at one moment.
type usage struct {
	cpu time.Duration // user+system time, all processes
	hwm int64         // sum of each process's peak resident set (VmHWM), bytes
}

// sample reads the CPU time and peak RSS of pid and, when withChildren,
// of its direct children (nginx's workers).
func sample(pid int, withChildren bool) (usage, error) {
	pids := []int{pid}
	if withChildren {
		pids = append(pids, childrenOf(pid)...)
	}
	var u usage
	for _, p := range pids {
		st, err := readStat(p)
		if err != nil {
			return usage{}, err
		}
		hwm, err := readHWM(p)
		if err != nil {
			return usage{}, err
		}
		u.cpu += st.cpu
		u.hwm += hwm
	}
	return u, nil
}

// procStat is the part of /proc/PID/stat the bench reads.
type procStat struct {
	ppid int
	cpu  time.Duration
}

func readStat(pid int) (procStat, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	// The command name (field 2) may hold spaces and parentheses: the
	// fields that follow start after the last ')'.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	// f[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
	ppid, err1 := strconv.Atoi(f[1])
	utime, err2 := strconv.ParseInt(f[11], 10, 64)
	stime, err3 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return procStat{}, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return procStat{ppid: ppid, cpu: time.Duration(utime+stime) * time.Second / clockTicks}, nil
}

// readHWM returns VmHWM, the peak resident set size, in bytes.
func readHWM(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/status: VmHWM: %w", pid, err)
		}
		return kb * 1024, nil
	}
	return 0, fmt.Errorf("/proc/%d/status: no VmHWM", pid)
}

// childrenOf lists the processes whose parent is pid.
func childrenOf(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, err := readStat(p); err == nil && st.ppid == pid {
			out = append(out, p)
		}
	}
	return out
}

// machineBusy is the CPU time all processes have used since boot, from
// the first line of /proc/stat: everything but idle and iowait.
func machineBusy() (time.Duration, error) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, fmt.Errorf("/proc/stat: unexpected first line %q", line)
	}
	var busy int64
	for i, v := range f[1:9] { // user nice system idle iowait irq softirq steal
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/stat: %w", err)
		}
		if i != 3 && i != 4 {
			busy += n
		}
	}
	return time.Duration(busy) * time.Second / clockTicks, nil
}

// settled is what waiting for a server to go idle found.
type settled struct {
	Waited time.Duration // from the start of the wait
	CPU    time.Duration // the server's CPU time meanwhile
	Idle   bool          // false: still busy when the wait ran out
}

// settle waits until pid has used under idleShare of a core in each of
// two consecutive one-second windows, or limit passes. A server that
// answers /readyz may still be busy with start-up work (building an index,
// warming a cache); measuring first renders then would time that work too.
func settle(ctx context.Context, pid int, limit time.Duration) (settled, error) {
	const window, idleShare = time.Second, 0.05
	start := time.Now()
	first, err := readStat(pid)
	if err != nil {
		return settled{}, err
	}
	last, quiet := first.cpu, 0
	for time.Since(start) < limit {
		select {
		case <-ctx.Done():
			return settled{}, ctx.Err()
		case <-time.After(window):
		}
		st, err := readStat(pid)
		if err != nil {
			return settled{}, err
		}
		if st.cpu-last < time.Duration(idleShare*float64(window)) {
			quiet++
		} else {
			quiet = 0
		}
		last = st.cpu
		if quiet == 2 {
			return settled{Waited: time.Since(start), CPU: st.cpu - first.cpu, Idle: true}, nil
		}
	}
	return settled{Waited: time.Since(start), CPU: last - first.cpu}, nil
}
