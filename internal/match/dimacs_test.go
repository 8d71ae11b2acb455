package match

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadDIMACSErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty input", "", `no p line ("p min NODES ARCS")`},
		{"only comments", "c hello\nc\n", `no p line ("p min NODES ARCS")`},
		{"n before p", "n 1 5\np min 2 0\n", "line 1: n line before the p line"},
		{"a before p", "c x\na 1 2 0 1 0\np min 2 1\n", "line 2: a line before the p line"},
		{"second p line", "p min 2 0\np min 2 0\n", "line 2: second p line (the first is line 1)"},
		{"max problem", "p max 2 0\n", `line 1: problem type "max", want min`},
		{"p without type", "p\n", "line 1: missing problem type"},
		{"p without arcs", "p min 3\n", "line 1: missing arc count"},
		{"p with extra field", "p min 3 0 7\n", `line 1: unexpected "7" after arc count`},
		{"zero nodes", "p min 0 0\n", "line 1: node count 0 out of range 1..2147483647"},
		{"too many nodes", "p min 2147483648 0\n", "line 1: node count 2147483648 out of range 1..2147483647"},
		{"negative arc count", "p min 2 -1\n", "line 1: arc count -1 out of range 0..2147483647"},
		{"node count not a number", "p min two 0\n", `line 1: node count "two" is not an integer`},
		{"unknown line", "p min 2 0\nx 1 2\n", `line 2: unknown line type "x" (want c, p, n or a)`},
		{"word starting with a", "p min 2 0\narc 1 2 0 1 0\n", `line 2: unknown line type "arc" (want c, p, n or a)`},
		{"node id 0", "p min 2 0\nn 0 1\n", "line 2: node id 0 out of range 1..2"},
		{"node id too big", "p min 2 0\nn 3 1\n", "line 2: node id 3 out of range 1..2"},
		{"node without supply", "p min 2 0\nn 1\n", "line 2: missing node supply"},
		{"node with extra field", "p min 2 0\nn 1 4 4\n", `line 2: unexpected "4" after node supply`},
		{"second n line for a node", "p min 2 0\nn 2 1\nn 1 -1\nn 2 1\n", "line 4: second n line for node 2 (the first is line 2)"},
		{"arc head 0", "c\nc\np min 105002 1\na 1 0 0 1 0\n", "line 4: arc head 0 out of range 1..105002"},
		{"arc tail too big", "p min 3 1\na 4 1 0 1 0\n", "line 2: arc tail 4 out of range 1..3"},
		{"arc missing cost", "p min 3 1\na 1 2 0 1\n", "line 2: missing arc cost"},
		{"arc missing everything", "p min 3 1\na\n", "line 2: missing arc tail"},
		{"arc with extra field", "p min 3 1\na 1 2 0 1 5 9\n", `line 2: unexpected "9" after arc cost`},
		{"arc capacity not a number", "p min 3 1\na 1 2 0 1x 5\n", `line 2: arc capacity "1x" is not an integer`},
		{"arc cost only a sign", "p min 3 1\na 1 2 0 1 -\n", `line 2: arc cost "-" is not an integer`},
		{"arc cost beyond 64 bits", "p min 3 1\na 1 2 0 1 9223372036854775808\n", "line 2: arc cost 9223372036854775808 is out of the 64-bit range"},
		{"arc low beyond 64 bits", "p min 3 1\na 1 2 -9223372036854775809 1 0\n", "line 2: arc lower bound -9223372036854775809 is out of the 64-bit range"},
		{"huge number", "p min 3 1\na 1 2 0 1 99999999999999999999999999\n", "line 2: arc cost 99999999999999999999999999 is out of the 64-bit range"},
		{"more arcs than announced", "p min 3 1\na 1 2 0 1 0\na 2 3 0 1 0\n", "line 3: more arc lines than the 1 announced on line 1"},
		{"fewer arcs than announced", "c\np min 3 3\na 1 2 0 1 0\n", "line 2: p line announces 3 arcs, the input has 1"},
		{"error on the last line without newline", "p min 3 1\na 1 2 0 1 z", `line 2: arc cost "z" is not an integer`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ReadDIMACS(strings.NewReader(tc.in), 0)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ReadDIMACS(%q) = %v, %v, want a *ParseError", tc.in, g, err)
			}
			if err.Error() != tc.want {
				t.Errorf("ReadDIMACS(%q) error = %q, want %q", tc.in, err.Error(), tc.want)
			}
		})
	}
}

func TestReadDIMACS(t *testing.T) {
	in := "c a comment\r\n" +
		"p  min\t4 5\r\n" +
		"\n" +
		"n 4 -3\n" +
		"n 1 3\n" +
		"c arcs\n" +
		"a 1 2 0 -1 7\n" + // infinite
		"a 2 4 2 5 -9223372036854775808\n" +
		"\ta\t2  3 0 9223372036854775807 +4  \n" + // MaxInt64 is Inf too
		"a 3 3 -2 -3 0\n" + // cap < low: infinite
		"a 3 4 0 0 1" // no final newline
	g, err := ReadDIMACS(strings.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	want := &Graph{
		Nodes:    4,
		Supplies: []Supply{{0, 3}, {3, -3}},
		Tail:     []int32{0, 1, 1, 2, 2},
		Head:     []int32{1, 3, 2, 2, 3},
		Low:      []int64{0, 2, 0, -2, 0},
		Cap:      []int64{Inf, 5, Inf, Inf, 0},
		Cost:     []int64{7, -1 << 63, 4, 0, 1},
	}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("ReadDIMACS =\n%+v\nwant\n%+v", g, want)
	}
}

// TestReadDIMACSBlocks reads through a reader that returns one byte at a
// time and one whose lines cross its 4 MiB blocks: the same graph.
func TestReadDIMACSBlocks(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("c " + strings.Repeat("x", 5<<20) + "\n") // longer than a block
	g := randomGraph(rand.New(rand.NewPCG(1, 1)), 40, 200)
	if err := WriteDIMACS(&b, g); err != nil {
		t.Fatal(err)
	}
	text := b.Bytes()
	for _, tc := range []struct {
		name string
		r    func() *bytes.Reader
	}{
		{"whole", func() *bytes.Reader { return bytes.NewReader(text) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadDIMACS(tc.r(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if !sameGraph(got, g) {
				t.Errorf("ReadDIMACS after a long line differs from the graph written")
			}
		})
	}
	small := text[5<<20+3:]
	got, err := ReadDIMACS(iotest.OneByteReader(bytes.NewReader(small)), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !sameGraph(got, g) {
		t.Errorf("ReadDIMACS one byte at a time differs from the graph written")
	}
}

func TestReadDIMACSReaderError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ReadDIMACS(iotest.ErrReader(boom), 0)
	if !errors.Is(err, boom) {
		t.Errorf("ReadDIMACS(failing reader) = %v, want it wrapped", err)
	}
}

// sameGraph compares graphs, a nil Low equal to all zeros.
func sameGraph(a, b *Graph) bool {
	if a.Nodes != b.Nodes || !slices.Equal(a.Tail, b.Tail) || !slices.Equal(a.Head, b.Head) ||
		!slices.Equal(a.Cap, b.Cap) || !slices.Equal(a.Cost, b.Cost) || !slices.Equal(a.Supplies, b.Supplies) {
		return false
	}
	for k := range a.Tail {
		if a.LowOf(k) != b.LowOf(k) {
			return false
		}
	}
	return true
}

func TestDIMACSRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	for n := range 500 {
		g := randomGraph(r, 20, 60)
		if n%7 == 0 && g.Arcs() > 0 {
			g.Low = make([]int64, g.Arcs())
			g.Low[0] = -1 << 63 // the one lower bound below which no capacity can be written
			g.Cap[0] = Inf
		}
		var b bytes.Buffer
		if err := WriteDIMACS(&b, g, "round trip"); err != nil {
			t.Fatal(err)
		}
		got, err := ReadDIMACS(&b, int64(b.Len()))
		if err != nil {
			t.Fatalf("case %d: ReadDIMACS(WriteDIMACS(g)): %v", n, err)
		}
		if !sameGraph(got, g) {
			t.Fatalf("case %d: ReadDIMACS(WriteDIMACS(g)) = %+v, want %+v", n, got, g)
		}
	}
}

func TestWriteFlow(t *testing.T) {
	g := &Graph{Nodes: 3, Supplies: []Supply{{0, 2}, {2, -2}}}
	g.AddArc(0, 1, 0, 2, 3)
	g.AddArc(1, 2, 0, 1, 1)
	g.AddArc(1, 2, 0, 1, 2)
	g.AddArc(0, 2, 0, 5, 9)
	sol, err := SolveSimplex(g)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteFlow(&b, g, sol); err != nil {
		t.Fatal(err)
	}
	if want := "s 9\nf 1 2 2\nf 2 3 1\nf 2 3 1\n"; b.String() != want {
		t.Errorf("WriteFlow = %q, want %q", b.String(), want)
	}
	if err := WriteFlow(&b, g, &Solution{Status: Infeasible}); !errors.Is(err, ErrGraph) {
		t.Errorf("WriteFlow(infeasible) = %v, want ErrGraph", err)
	}
}

func TestWriteDIMACSChecksGraph(t *testing.T) {
	tests := []struct {
		name string
		g    *Graph
	}{
		{"no nodes", &Graph{}},
		{"head out of range", &Graph{Nodes: 2, Tail: []int32{0}, Head: []int32{2}, Cap: []int64{1}, Cost: []int64{0}}},
		{"missing costs", &Graph{Nodes: 2, Tail: []int32{0}, Head: []int32{1}, Cap: []int64{1}}},
		{"supplies unsorted", &Graph{Nodes: 2, Supplies: []Supply{{1, 1}, {0, -1}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := WriteDIMACS(&bytes.Buffer{}, tc.g); !errors.Is(err, ErrGraph) {
				t.Errorf("WriteDIMACS = %v, want ErrGraph", err)
			}
			if _, err := SolveSimplex(tc.g); !errors.Is(err, ErrGraph) {
				t.Errorf("SolveSimplex = %v, want ErrGraph", err)
			}
		})
	}
}

// FuzzReadDIMACS: the reader never panics, and what it accepts writes out
// and reads back as the same graph.
func FuzzReadDIMACS(f *testing.F) {
	f.Add([]byte("p min 3 2\nn 1 1\nn 3 -1\na 1 2 0 1 -5\na 2 3 0 -1 2\n"))
	f.Add([]byte("c x\np min 1 1\na 1 1 -3 -4 9223372036854775807"))
	f.Add([]byte("p min 2 1\r\na\t1\t2 0 1 0\r\n"))
	f.Add([]byte("p min 2 0\nn 2 1\nn 1 -1\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		g, err := ReadDIMACS(bytes.NewReader(in), int64(len(in)))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ReadDIMACS error %v is no *ParseError", err)
			}
			return
		}
		var b bytes.Buffer
		if err := WriteDIMACS(&b, g); err != nil {
			t.Fatalf("WriteDIMACS of an accepted graph: %v", err)
		}
		back, err := ReadDIMACS(&b, 0)
		if err != nil {
			t.Fatalf("ReadDIMACS(WriteDIMACS(g)): %v\n%s", err, b.String())
		}
		if !sameGraph(back, g) {
			t.Fatalf("round trip changed the graph:\n%+v\n%+v", g, back)
		}
	})
}
