package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"laborbridge/internal/demo"
	"laborbridge/internal/store/storetest"
)

// TestMain lets a test run the command in a child process of its own (the
// test binary re-executed with LB_CHILD_ARGS), so that the child can be
// killed outright.
func TestMain(m *testing.M) {
	if args := os.Getenv("LB_CHILD_ARGS"); args != "" {
		var argv []string
		if err := json.Unmarshal([]byte(args), &argv); err != nil {
			os.Exit(3)
		}
		os.Exit(run(context.Background(), argv, os.Stdin, os.Stdout, os.Stderr, os.Getenv))
	}
	os.Exit(m.Run())
}

func child(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LB_CHILD_ARGS="+string(b), "LABORBRIDGE_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	return cmd
}

// TestKillDuringImport kills an import of 60,000 workers with SIGKILL while
// it writes, several times: the database stays intact (integrity_check
// ok), holds none of the killed import's rows (an import is one
// transaction, acknowledged only at its end), and the next import of the
// same file stores it all.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 60,000 workers several times")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "workers.csv")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.WorkersCSV(f, demo.Options{Workers: 60000, Seed: 9, Today: storetest.Start}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db := filepath.Join(dir, "crash.db")
	for round, after := range []time.Duration{400 * time.Millisecond, 900 * time.Millisecond, 1500 * time.Millisecond} {
		cmd := child(t, "import", "workers", file, "--db", db)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go io.Copy(io.Discard, bufio.NewReader(out))
		time.Sleep(after)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if err == nil {
			t.Logf("round %d: the import finished before the kill", round)
		}
		conn, err := sql.Open("sqlite", "file:"+db)
		if err != nil {
			t.Fatal(err)
		}
		var check string
		if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("round %d: integrity_check = %q, %v", round, check, err)
		}
		var n int
		conn.QueryRow(`SELECT COUNT(*) FROM workers`).Scan(&n)
		conn.Close()
		if n != 0 && n != 60000 {
			t.Fatalf("round %d: %d workers stored after a kill, want 0 (or all, had it finished)", round, n)
		}
		if n == 60000 {
			break
		}
	}
	cmd := child(t, "import", "workers", file, "--db", db)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "60000 rows") {
		t.Fatalf("import after the kills: %v\n%s", err, out)
	}
}
