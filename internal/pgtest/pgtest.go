// Package pgtest gives tests PostgreSQL databases on a throwaway cluster:
// Debian's postgresql binaries (/usr/lib/postgresql/<version>/bin, which is
// not on PATH), a data directory under the temporary directory owned by
// the postgres user when running as root (initdb refuses root), a loopback
// port. The cluster starts on first use, is shared by the tests of one test
// binary, and stops when that binary exits.
//
// A missing PostgreSQL skips the test, or fails it with
// PAYGATE_REQUIRE_TOOLS=1; scripts/test-deps.sh installs it.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"paygate/internal/tooltest"
)

// A test binary has one cluster; it lives as long as the process.
var (
	once    sync.Once
	shared  *cluster
	failure string
	seq     atomic.Int64

	templates sync.Map // name → *template
)

type cluster struct {
	bin, dir, data string
	port           int
	cred           *syscall.Credential // the postgres user's, when root
}

type template struct {
	once sync.Once
	err  error
}

// URL returns the URL of a new, empty database, dropped when tb ends.
func URL(tb testing.TB) string {
	tb.Helper()
	return create(tb, "template0")
}

// FromTemplate returns the URL of a new database copied from the template
// name, which prepare fills once per test binary (migrations, say): far
// quicker than preparing every database.
func FromTemplate(tb testing.TB, name string, prepare func(ctx context.Context, url string) error) string {
	tb.Helper()
	c := start(tb)
	v, _ := templates.LoadOrStore(name, &template{})
	t := v.(*template)
	t.once.Do(func() {
		db := c.admin(tb)
		defer db.Close()
		if _, t.err = db.Exec(`CREATE DATABASE ` + name); t.err != nil {
			return
		}
		t.err = prepare(context.Background(), c.url(name))
	})
	if t.err != nil {
		tb.Fatalf("pgtest: template %s: %v", name, t.err)
	}
	return create(tb, name)
}

func create(tb testing.TB, from string) string {
	tb.Helper()
	c := start(tb)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), seq.Add(1))
	db := c.admin(tb)
	defer db.Close()
	if _, err := db.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + from); err != nil {
		tb.Fatalf("pgtest: create database: %v", err)
	}
	tb.Cleanup(func() {
		db := c.admin(tb)
		defer db.Close()
		if _, err := db.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return c.url(name)
}

func (c *cluster) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

func (c *cluster) admin(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", c.url("postgres"))
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return db
}

func start(tb testing.TB) *cluster {
	tb.Helper()
	once.Do(func() {
		var err error
		if shared, err = startCluster(); err != nil {
			failure = err.Error()
		}
	})
	if shared == nil {
		if strings.HasPrefix(failure, "missing: ") {
			tooltest.Missing(tb, strings.TrimPrefix(failure, "missing: "))
		}
		tb.Fatalf("pgtest: %s", failure)
	}
	return shared
}

// BinDir returns the bin directory of the newest PostgreSQL installed.
func BinDir() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(found) == 0 {
		return "", fmt.Errorf("missing: PostgreSQL is not installed (scripts/test-deps.sh installs it)")
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) > version(found[j]) })
	return filepath.Dir(found[0]), nil
}

func version(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}

func startCluster() (*cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "paygate-pg-")
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, dir: dir, data: filepath.Join(dir, "data")}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	if out, err := c.run("initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
		"--no-locale", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	if c.port, err = freePort(); err != nil {
		return nil, err
	}
	// fsync off: a throwaway cluster never outlives a machine crash, and
	// the tests that read durability settings read paygate's own
	// (synchronous_commit, which is per session).
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories='%s' -c fsync=off "+
		"-c full_page_writes=off -c max_connections=400", c.port, dir)
	if out, err := c.run("pg_ctl", "-D", c.data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return nil, fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, log)
	}
	if err := c.watch(); err != nil {
		_, _ = c.run("pg_ctl", "-D", c.data, "-m", "immediate", "stop")
		return nil, err
	}
	return c, nil
}

// watch starts a watchdog that stops the cluster and removes its directory
// once this process is gone, however it ends: a test binary has no hook
// that runs after its last test.
func (c *cluster) watch() error {
	script := fmt.Sprintf(`while [ -d /proc/%d ]; do sleep 0.5; done; %s -D %s -m immediate stop >/dev/null 2>&1; rm -rf %s`,
		os.Getpid(), filepath.Join(c.bin, "pg_ctl"), c.data, c.dir)
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Credential: c.cred}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("watchdog: %w", err)
	}
	return cmd.Process.Release()
}

func (c *cluster) run(prog string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, prog), args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd.CombinedOutput()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Durable makes the cluster sync its writes to disk, as a production
// server does, until tb ends: for benchmarks that compare PostgreSQL with
// SQLite, which always syncs. Tests run without it (see startCluster).
func Durable(tb testing.TB) {
	tb.Helper()
	c := start(tb)
	set := func(on string) error {
		db := c.admin(tb)
		defer db.Close()
		for _, q := range []string{`ALTER SYSTEM SET fsync = ` + on, `ALTER SYSTEM SET full_page_writes = ` + on, `SELECT pg_reload_conf()`} {
			if _, err := db.Exec(q); err != nil {
				return err
			}
		}
		return nil
	}
	if err := set("on"); err != nil {
		tb.Fatalf("pgtest: durable: %v", err)
	}
	tb.Cleanup(func() {
		if err := set("off"); err != nil {
			tb.Errorf("pgtest: durable: %v", err)
		}
	})
}
