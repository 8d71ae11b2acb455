package match

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// lemonEnv returns the lemon-mcf binary and the benchmark folder (with
// gen-matching.py and check-flow.py) named by LABORBRIDGE_LEMON and
// LABORBRIDGE_BENCH. Without them the test is skipped, except in CI
// (CI set), where skipping would hide the comparison: there it fails.
func lemonEnv(t *testing.T) (lemon, bench string) {
	t.Helper()
	lemon, bench = os.Getenv("LABORBRIDGE_LEMON"), os.Getenv("LABORBRIDGE_BENCH")
	if lemon == "" || bench == "" {
		msg := "LABORBRIDGE_LEMON (a built lemon-mcf) and LABORBRIDGE_BENCH (the folder with gen-matching.py and check-flow.py) are not both set"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return lemon, bench
}

// keyValues parses the key=value fields of a line like lemon-mcf's.
func keyValues(line string) map[string]string {
	kv := map[string]string{}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			kv[k] = v
		}
	}
	return kv
}

func runLemon(t *testing.T, lemon, path string) map[string]string {
	t.Helper()
	out, err := exec.Command(lemon, "-a", "network-simplex", path).Output()
	if err != nil {
		t.Fatalf("lemon-mcf %s: %v\n%s", path, err, out)
	}
	return keyValues(string(out))
}

func readGraphFile(t *testing.T, path string) *Graph {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := ReadDIMACS(f, 0)
	if err != nil {
		t.Fatalf("ReadDIMACS(%s): %v", path, err)
	}
	return g
}

// TestAgainstLEMON generates labour-matching instances with the benchmark
// generator, solves them with LEMON's network simplex and with ours (the
// assignment solver and the network simplex), compares the optimal costs,
// and has check-flow.py verify our flow.
func TestAgainstLEMON(t *testing.T) {
	lemon, bench := lemonEnv(t)
	dir := t.TempDir()
	cases := [][]string{
		{"--preset", "tiny", "-s", "1"},
		{"--preset", "tiny", "-s", "2"},
		{"--preset", "tiny", "-s", "3"},
		{"--preset", "tiny", "-s", "4"},
		{"-W", "2000", "-V", "100", "-K", "10", "-s", "1"},
		{"-W", "2000", "-V", "100", "-K", "10", "-s", "2"},
		{"-W", "300", "-V", "15", "-K", "15", "-s", "3"},
		{"-W", "400", "-V", "40", "-K", "8", "--headcount-exponent", "3", "-s", "4"},
		{"-W", "3000", "-V", "300", "-K", "12", "--headcount-exponent", "1.05", "-s", "5"}, // seats to spare
		{"-W", "100", "-V", "100", "-K", "100", "-s", "6"},
		{"-W", "5000", "-V", "250", "-K", "30", "-s", "7"},
	}
	for n, args := range cases {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("m%d.min", n))
			gen := exec.Command("python3", append([]string{filepath.Join(bench, "gen-matching.py")}, append(args, "-o", path)...)...)
			if out, err := gen.CombinedOutput(); err != nil {
				t.Fatalf("gen-matching.py %s: %v\n%s", name, err, out)
			}
			want := runLemon(t, lemon, path)
			if want["status"] != "OPTIMAL" {
				t.Fatalf("lemon-mcf: %v", want)
			}
			g := readGraphFile(t, path)
			for _, algo := range []Algorithm{Bipartite, Simplex} {
				sol, used, err := Solve(g, algo)
				if err != nil || used != algo {
					t.Fatalf("Solve(%s) = %s, %v", algo, used, err)
				}
				if got := sol.Cost.String(); sol.Status != Optimal || got != want["cost"] {
					t.Fatalf("Solve(%s) = %v cost %s, lemon-mcf cost %s", algo, sol.Status, got, want["cost"])
				}
				flow := filepath.Join(dir, fmt.Sprintf("m%d-%s.flow", n, algo))
				var b bytes.Buffer
				if err := WriteFlow(&b, g, sol); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(flow, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := exec.Command("python3", filepath.Join(bench, "check-flow.py"), path, flow).Output()
				kv := keyValues(string(out))
				if err != nil || kv["check"] != "OK" || kv["cost"] != want["cost"] {
					t.Fatalf("check-flow.py on Solve(%s)'s flow: %v %s", algo, err, out)
				}
			}
		})
	}
}

// TestAssignmentsAgainstLEMON exports random assignments (half of them
// with priority workers) with WriteAssignment and compares MaxWeight's
// objective with LEMON's optimum of the exported instance.
func TestAssignmentsAgainstLEMON(t *testing.T) {
	lemon, _ := lemonEnv(t)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(31, 32))
	for n := range 60 {
		a := randomAssignment(r, 1+r.IntN(400), 1+r.IntN(40), 1+r.IntN(12), -20, 1000, int32(1+r.IntN(10)))
		var opt Options
		if n%2 == 1 {
			opt.Priority = randomPriority(r, a.Workers)
		}
		res, err := MaxWeight(a, opt)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("a%d.min", n))
		var b bytes.Buffer
		if err := WriteAssignment(&b, a, opt); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		want := runLemon(t, lemon, path)
		var bonus int64
		if opt.Priority != nil {
			bonus = PriorityBonus(a, opt.Priority)
		}
		if got := fmt.Sprint(-(res.Total + bonus*int64(res.PriorityPlaced))); want["status"] != "OPTIMAL" || got != want["cost"] {
			t.Fatalf("case %d: MaxWeight objective %s, lemon-mcf %v", n, got, want)
		}
	}
}

// TestSimplexAgainstLEMON compares statuses and costs with LEMON's network
// simplex on random general instances: lower bounds, infinite capacities,
// parallel arcs, self-loops, unbalanced supplies, negative cycles.
func TestSimplexAgainstLEMON(t *testing.T) {
	lemon, _ := lemonEnv(t)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(21, 22))
	counts := map[string]int{}
	for n := range 1000 {
		g := randomGraph(r, 25, 80)
		path := filepath.Join(dir, fmt.Sprintf("g%d.min", n))
		var b bytes.Buffer
		if err := WriteDIMACS(&b, g); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		want := runLemon(t, lemon, path)
		sol, err := SolveSimplex(g)
		if err != nil {
			t.Fatal(err)
		}
		counts[want["status"]]++
		cost := "NA"
		if sol.Status == Optimal {
			cost = sol.Cost.String()
		}
		if sol.Status.String() != want["status"] || cost != want["cost"] {
			t.Fatalf("case %d: SolveSimplex = %v %s, lemon-mcf %s %s\n%s", n, sol.Status, cost, want["status"], want["cost"], b.String())
		}
	}
	t.Logf("lemon-mcf statuses: %v", counts)
}
