package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestSolveCommand(t *testing.T) {
	tiny := filepath.Join("..", "..", "internal", "match", "testdata", "gen-tiny-s1.min")
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	infeasible := write("infeasible.min", "p min 2 0\nn 1 1\nn 2 -1\n")
	unbounded := write("unbounded.min", "p min 2 2\na 1 2 0 -1 -1\na 2 1 0 -1 0\n")
	general := write("general.min", "p min 3 3\nn 1 2\nn 3 -2\na 1 2 1 2 3\na 2 3 0 -1 1\na 1 3 0 1 5\n")
	bad := write("bad.min", "c\nc\np min 105002 1\na 1 0 0 1 0\n")
	tinyText, err := os.ReadFile(tiny)
	if err != nil {
		t.Fatal(err)
	}
	const times = `read_s=\d+\.\d{3} solve_s=\d+\.\d{3}`
	tests := []struct {
		name     string
		args     []string
		stdin    string
		wantCode int
		wantOut  string // a regular expression for the whole of stdout
		wantErr  string // a substring of stderr
	}{
		{"assignment instance", []string{"solve", tiny}, "", 0,
			`^status=OPTIMAL cost=-22553 nodes=62 arcs=261 ` + times + ` algo=bipartite\n$`, ""},
		{"forced simplex", []string{"solve", "--algo", "simplex", tiny}, "", 0,
			`^status=OPTIMAL cost=-22553 nodes=62 arcs=261 ` + times + ` algo=simplex\n$`, ""},
		{"standard input", []string{"solve", "-"}, string(tinyText), 0,
			`^status=OPTIMAL cost=-22553 `, ""},
		{"general instance", []string{"solve", general}, "", 0,
			`^status=OPTIMAL cost=8 nodes=3 arcs=3 ` + times + ` algo=simplex\n$`, ""},
		{"infeasible", []string{"solve", infeasible}, "", 0,
			`^status=INFEASIBLE cost=NA nodes=2 arcs=0 `, ""},
		{"unbounded", []string{"solve", unbounded}, "", 0,
			`^status=UNBOUNDED cost=NA nodes=2 arcs=2 `, ""},
		{"malformed", []string{"solve", bad}, "", 1, `^$`, "line 4: arc head 0 out of range 1..105002"},
		{"missing file", []string{"solve", filepath.Join(dir, "absent.min")}, "", 1, `^$`, "absent.min"},
		{"bipartite forced on a general instance", []string{"solve", "--algo", "bipartite", general}, "", 1, `^$`, "not a bipartite assignment instance"},
		{"unknown algorithm", []string{"solve", "--algo", "greedy", tiny}, "", 2, `^$`, `--algo "greedy"`},
		{"no file", []string{"solve"}, "", 2, `^$`, "accepts 1 arg"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tc.args, strings.NewReader(tc.stdin), &out, &errb, func(string) string { return "" })
			if code != tc.wantCode {
				t.Errorf("run(%v) = %d, want %d (stderr %q)", tc.args, code, tc.wantCode, errb.String())
			}
			if !regexp.MustCompile(tc.wantOut).MatchString(out.String()) {
				t.Errorf("run(%v) stdout = %q, want %s", tc.args, out.String(), tc.wantOut)
			}
			if !strings.Contains(errb.String(), tc.wantErr) {
				t.Errorf("run(%v) stderr = %q, want it to contain %q", tc.args, errb.String(), tc.wantErr)
			}
		})
	}
}

func TestSolveFlowOut(t *testing.T) {
	flow := filepath.Join(t.TempDir(), "out.flow")
	in := "p min 3 4\nn 1 2\nn 3 -2\na 1 2 0 2 3\na 2 3 0 1 1\na 2 3 0 1 2\na 1 3 0 5 9\n"
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"solve", "--flow-out", flow, "-"}, strings.NewReader(in), &out, &errb, func(string) string { return "" })
	if code != 0 {
		t.Fatalf("run = %d, stderr %q", code, errb.String())
	}
	got, err := os.ReadFile(flow)
	if err != nil {
		t.Fatal(err)
	}
	if want := "s 9\nf 1 2 2\nf 2 3 1\nf 2 3 1\n"; string(got) != want {
		t.Errorf("flow file = %q, want %q", got, want)
	}
}
