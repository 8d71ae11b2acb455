package match

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// Inf is the capacity of an arc without an upper bound. A DIMACS arc whose
// capacity is below its lower bound reads as Inf, the convention of LEMON's
// reader; a capacity of math.MaxInt64 is the same thing.
const Inf int64 = math.MaxInt64

// MaxNodes and MaxArcs bound an instance: node and arc indices are int32.
const (
	MaxNodes = math.MaxInt32
	MaxArcs  = math.MaxInt32
)

// Graph is a minimum-cost-flow instance: nodes with supplies, arcs with a
// lower bound, a capacity and a cost per unit of flow. Nodes are indexed
// 0..Nodes-1 in memory (DIMACS ids 1..Nodes); arcs keep the order of the
// input, so a flow is a slice parallel to Tail.
type Graph struct {
	Nodes    int
	Supplies []Supply // sorted by node, at most one per node; absent nodes have supply 0
	Tail     []int32  // per arc, 0-based
	Head     []int32
	Low      []int64 // nil when every lower bound is 0
	Cap      []int64 // Inf for no upper bound
	Cost     []int64
}

// Supply is the supply of one node (negative: a demand).
type Supply struct {
	Node   int32 // 0-based
	Amount int64
}

// Arcs returns the number of arcs.
func (g *Graph) Arcs() int { return len(g.Tail) }

// LowOf returns the lower bound of arc a.
func (g *Graph) LowOf(a int) int64 {
	if g.Low == nil {
		return 0
	}
	return g.Low[a]
}

// SupplyVector returns the supply of every node, indexed 0..Nodes-1.
func (g *Graph) SupplyVector() []int64 {
	b := make([]int64, g.Nodes)
	for _, s := range g.Supplies {
		b[s.Node] = s.Amount
	}
	return b
}

// AddArc appends an arc from tail to head (0-based) and returns its index.
func (g *Graph) AddArc(tail, head int32, low, capacity, cost int64) int {
	if low != 0 && g.Low == nil {
		g.Low = make([]int64, len(g.Tail), cap(g.Tail))
	}
	g.Tail = append(g.Tail, tail)
	g.Head = append(g.Head, head)
	if g.Low != nil {
		g.Low = append(g.Low, low)
	}
	g.Cap = append(g.Cap, capacity)
	g.Cost = append(g.Cost, cost)
	return len(g.Tail) - 1
}

// ParseError reports malformed DIMACS input: the line (1-based; 0 when the
// fault is the input as a whole) and what is wrong with it.
type ParseError struct {
	Line int64
	Msg  string
}

// Error returns the message with its line: "line 17: arc head 0 out of range 1..105002".
func (e *ParseError) Error() string {
	if e.Line <= 0 {
		return e.Msg
	}
	return "line " + strconv.FormatInt(e.Line, 10) + ": " + e.Msg
}

// minArcLine is the length of the shortest possible arc line, "a 1 1 0 0 0\n":
// with the size of the input it bounds how many arcs to allocate up front.
const minArcLine = 12

// ReadDIMACS reads a DIMACS minimum-cost-flow instance ("c", "p min N M",
// "n ID SUPPLY", "a SRC DST LOW CAP COST" lines, 64-bit integers). sizeHint
// is the input's size in bytes when known (0 otherwise); it only lets the
// reader allocate the arcs at once. Malformed input gives a *ParseError
// naming the line; a failing reader gives its error, wrapped.
func ReadDIMACS(r io.Reader, sizeHint int64) (*Graph, error) {
	p := &dimacsParser{sizeHint: sizeHint}
	if err := p.run(r); err != nil {
		return nil, err
	}
	return p.g, nil
}

type dimacsParser struct {
	g        *Graph
	sizeHint int64
	line     int64
	pLine    int64 // line of the p line, 0 before it
	arcs     int64 // announced on the p line
	supLines []int64
}

func (p *dimacsParser) fail(format string, args ...any) error {
	return &ParseError{Line: p.line, Msg: fmt.Sprintf(format, args...)}
}

const readBlock = 4 << 20

func (p *dimacsParser) run(r io.Reader) error {
	size := readBlock
	if p.sizeHint > 0 && p.sizeHint < readBlock {
		size = int(p.sizeHint) + 1
	}
	buf := make([]byte, size)
	have := 0 // bytes of an unfinished line kept at the start of buf
	for {
		n, err := io.ReadFull(r, buf[have:])
		end := have + n
		eof := false
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			eof = true
		} else if err != nil {
			return fmt.Errorf("read DIMACS input: %w", err)
		}
		last := bytes.LastIndexByte(buf[:end], '\n')
		if eof && end > 0 && last != end-1 {
			// The last line has no newline: give it one so the line
			// parser can rely on every line ending in '\n'.
			if end == len(buf) {
				buf = append(buf, '\n')
			} else {
				buf = buf[:end+1]
				buf[end] = '\n'
			}
			end++
			last = end - 1
		}
		if last >= 0 {
			if err := p.lines(buf[:last+1]); err != nil {
				return err
			}
		}
		if eof {
			break
		}
		have = copy(buf, buf[last+1:end])
		if have == len(buf) {
			// One line longer than the buffer: grow it.
			buf = append(buf, make([]byte, len(buf))...)
		}
	}
	return p.finish()
}

// lines parses b, which holds whole lines, each ending in '\n'.
func (p *dimacsParser) lines(b []byte) error {
	i := 0
	for i < len(b) {
		p.line++
		c := b[i]
		if c == 'a' && p.g != nil && i+1 < len(b) && (b[i+1] == ' ' || b[i+1] == '\t') {
			next, err := p.arcLine(b, i+1)
			if err != nil {
				return err
			}
			i = next
			continue
		}
		j := bytes.IndexByte(b[i:], '\n') + i
		if err := p.otherLine(b[i:j]); err != nil {
			return err
		}
		i = j + 1
	}
	return nil
}

var arcFields = [5]string{"arc tail", "arc head", "arc lower bound", "arc capacity", "arc cost"}

// arcLine parses the fields of an "a" line starting at b[i] (after the 'a')
// and returns the index just past its newline.
func (p *dimacsParser) arcLine(b []byte, i int) (int, error) {
	g := p.g
	if int64(len(g.Tail)) >= p.arcs {
		return 0, p.fail("more arc lines than the %d announced on line %d", p.arcs, p.pLine)
	}
	var v [5]int64
	for f := 0; f < 5; f++ {
		for b[i] == ' ' || b[i] == '\t' || b[i] == '\r' {
			i++
		}
		// Fast path: an unsigned number that fits without overflow checks
		// (at most 18 digits), followed by a separator.
		start := i
		neg := false
		if b[i] == '-' {
			neg = true
			i++
		} else if b[i] == '+' {
			i++
		}
		d0 := i
		var x uint64
		for b[i]-'0' < 10 && i-d0 < 18 {
			x = x*10 + uint64(b[i]-'0')
			i++
		}
		if i == d0 || !(b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
			val, next, err := p.slowInt(b, start, arcFields[f])
			if err != nil {
				return 0, err
			}
			v[f] = val
			i = next
			continue
		}
		if neg {
			v[f] = -int64(x)
		} else {
			v[f] = int64(x)
		}
	}
	for b[i] == ' ' || b[i] == '\t' || b[i] == '\r' {
		i++
	}
	if b[i] != '\n' {
		return 0, p.fail("unexpected %q after arc cost", token(b[i:]))
	}
	n := int64(g.Nodes)
	if v[0] < 1 || v[0] > n {
		return 0, p.fail("arc tail %d out of range 1..%d", v[0], n)
	}
	if v[1] < 1 || v[1] > n {
		return 0, p.fail("arc head %d out of range 1..%d", v[1], n)
	}
	c := v[3]
	if c < v[2] {
		c = Inf
	}
	if len(g.Tail) == cap(g.Tail) {
		p.grow()
	}
	g.AddArc(int32(v[0]-1), int32(v[1]-1), v[2], c, v[4])
	return i + 1, nil
}

// grow doubles the arc slices' capacity, never beyond the announced count:
// without the input's size the reader cannot trust the p line enough to
// allocate all of it up front.
func (p *dimacsParser) grow() {
	g := p.g
	n := int(min(p.arcs, int64(max(2*cap(g.Tail), 1024))))
	g.Tail = slices.Grow(g.Tail, n-len(g.Tail))
	g.Head = slices.Grow(g.Head, n-len(g.Head))
	g.Cap = slices.Grow(g.Cap, n-len(g.Cap))
	g.Cost = slices.Grow(g.Cost, n-len(g.Cost))
	if g.Low != nil {
		g.Low = slices.Grow(g.Low, n-len(g.Low))
	}
}

// slowInt parses the integer field named name at b[i:] (after blanks) with
// every check, and returns it with the index after it.
func (p *dimacsParser) slowInt(b []byte, i int, name string) (int64, int, error) {
	for b[i] == ' ' || b[i] == '\t' || b[i] == '\r' {
		i++
	}
	if b[i] == '\n' {
		return 0, 0, p.fail("missing %s", name)
	}
	tok := b[i:fieldEnd(b, i)]
	neg := false
	j := i
	if b[j] == '-' || b[j] == '+' {
		neg = b[j] == '-'
		j++
	}
	if j == i+len(tok) {
		return 0, 0, p.fail("%s %q is not an integer", name, token(tok))
	}
	var x uint64
	for ; j < i+len(tok); j++ {
		d := b[j] - '0'
		if d > 9 {
			return 0, 0, p.fail("%s %q is not an integer", name, token(tok))
		}
		if x > (math.MaxUint64-uint64(d))/10 {
			return 0, 0, p.fail("%s %s is out of the 64-bit range", name, token(tok))
		}
		x = x*10 + uint64(d)
	}
	switch {
	case !neg && x > math.MaxInt64, neg && x > 1<<63:
		return 0, 0, p.fail("%s %s is out of the 64-bit range", name, token(tok))
	case neg:
		return int64(-x), j, nil
	}
	return int64(x), j, nil
}

// fieldEnd returns the index of the first blank or newline at or after b[i].
func fieldEnd(b []byte, i int) int {
	for i < len(b) && b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n' {
		i++
	}
	return i
}

// token returns the field at the start of b, shortened for a message.
func token(b []byte) []byte {
	b = b[:fieldEnd(b, 0)]
	if len(b) > 40 {
		return append(b[:40:40], "..."...)
	}
	return b
}

// otherLine parses a line that is not a well-formed-looking arc line; l has
// no newline.
func (p *dimacsParser) otherLine(l []byte) error {
	t := bytes.Fields(l)
	if len(t) == 0 {
		return nil
	}
	kind := t[0]
	if kind[0] == 'c' {
		return nil
	}
	if len(kind) != 1 {
		return p.fail("unknown line type %q (want c, p, n or a)", token(kind))
	}
	switch kind[0] {
	case 'p':
		return p.problemLine(t[1:])
	case 'n':
		if p.g == nil {
			return p.fail("n line before the p line")
		}
		return p.nodeLine(t[1:])
	case 'a':
		if p.g == nil {
			return p.fail("a line before the p line")
		}
		// Only reached when the fast path did not apply (e.g. "a\t"
		// handled there; here "a" alone): parse it field by field.
		l = bytes.TrimLeft(l, " \t\r")
		line := append(append([]byte{}, l[1:]...), '\n')
		_, err := p.arcLine(line, 0)
		return err
	}
	return p.fail("unknown line type %q (want c, p, n or a)", kind)
}

func (p *dimacsParser) problemLine(t [][]byte) error {
	if p.g != nil {
		return p.fail("second p line (the first is line %d)", p.pLine)
	}
	if len(t) == 0 {
		return p.fail("missing problem type")
	}
	if string(t[0]) != "min" {
		return p.fail("problem type %q, want min", token(t[0]))
	}
	names := []string{"node count", "arc count"}
	var v [2]int64
	for k, name := range names {
		if len(t) < 2+k {
			return p.fail("missing %s", name)
		}
		x, err := p.tokenInt(t[1+k], name)
		if err != nil {
			return err
		}
		v[k] = x
	}
	if len(t) > 3 {
		return p.fail("unexpected %q after arc count", token(t[3]))
	}
	if v[0] < 1 || v[0] > MaxNodes {
		return p.fail("node count %d out of range 1..%d", v[0], MaxNodes)
	}
	if v[1] < 0 || v[1] > MaxArcs {
		return p.fail("arc count %d out of range 0..%d", v[1], MaxArcs)
	}
	p.pLine = p.line
	p.arcs = v[1]
	reserve := v[1]
	limit := int64(1 << 16)
	if p.sizeHint > 0 {
		limit = p.sizeHint/minArcLine + 1
	}
	reserve = min(reserve, limit)
	p.g = &Graph{
		Nodes: int(v[0]),
		Tail:  make([]int32, 0, reserve),
		Head:  make([]int32, 0, reserve),
		Cap:   make([]int64, 0, reserve),
		Cost:  make([]int64, 0, reserve),
	}
	return nil
}

func (p *dimacsParser) nodeLine(t [][]byte) error {
	if len(t) == 0 {
		return p.fail("missing node id")
	}
	id, err := p.tokenInt(t[0], "node id")
	if err != nil {
		return err
	}
	if id < 1 || id > int64(p.g.Nodes) {
		return p.fail("node id %d out of range 1..%d", id, p.g.Nodes)
	}
	if len(t) < 2 {
		return p.fail("missing node supply")
	}
	s, err := p.tokenInt(t[1], "node supply")
	if err != nil {
		return err
	}
	if len(t) > 2 {
		return p.fail("unexpected %q after node supply", token(t[2]))
	}
	p.g.Supplies = append(p.g.Supplies, Supply{Node: int32(id - 1), Amount: s})
	p.supLines = append(p.supLines, p.line)
	return nil
}

func (p *dimacsParser) tokenInt(tok []byte, name string) (int64, error) {
	b := append(append(make([]byte, 0, len(tok)+1), tok...), '\n')
	v, _, err := p.slowInt(b, 0, name)
	return v, err
}

func (p *dimacsParser) finish() error {
	if p.g == nil {
		return &ParseError{Msg: "no p line (\"p min NODES ARCS\")"}
	}
	if int64(len(p.g.Tail)) != p.arcs {
		return &ParseError{Line: p.pLine, Msg: fmt.Sprintf("p line announces %d arcs, the input has %d", p.arcs, len(p.g.Tail))}
	}
	s := p.g.Supplies
	if !slices.IsSortedFunc(s, func(a, b Supply) int { return int(a.Node) - int(b.Node) }) {
		idx := make([]int, len(s))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return int(s[a].Node) - int(s[b].Node) })
		sorted := make([]Supply, len(s))
		lines := make([]int64, len(s))
		for k, i := range idx {
			sorted[k] = s[i]
			lines[k] = p.supLines[i]
		}
		p.g.Supplies, p.supLines = sorted, lines
		s = sorted
	}
	for k := 1; k < len(s); k++ {
		if s[k].Node == s[k-1].Node {
			a, b := p.supLines[k-1], p.supLines[k]
			return &ParseError{Line: max(a, b), Msg: fmt.Sprintf("second n line for node %d (the first is line %d)", s[k].Node+1, min(a, b))}
		}
	}
	return nil
}

// ErrGraph reports a Graph that breaks its own invariants (node out of
// range, slices of different lengths) when it is written or solved.
var ErrGraph = errors.New("malformed graph")

// Check returns an error wrapping ErrGraph when g is inconsistent.
func (g *Graph) Check() error {
	m := len(g.Tail)
	if g.Nodes < 1 || g.Nodes > MaxNodes {
		return fmt.Errorf("node count %d out of range 1..%d: %w", g.Nodes, MaxNodes, ErrGraph)
	}
	if len(g.Head) != m || len(g.Cap) != m || len(g.Cost) != m || (g.Low != nil && len(g.Low) != m) || m > MaxArcs {
		return fmt.Errorf("arc slices of different lengths: %w", ErrGraph)
	}
	for a := 0; a < m; a++ {
		if t, h := g.Tail[a], g.Head[a]; t < 0 || int(t) >= g.Nodes || h < 0 || int(h) >= g.Nodes {
			return fmt.Errorf("arc %d: node out of range: %w", a, ErrGraph)
		}
	}
	for k, s := range g.Supplies {
		if s.Node < 0 || int(s.Node) >= g.Nodes || (k > 0 && s.Node <= g.Supplies[k-1].Node) {
			return fmt.Errorf("supplies not sorted by node in range: %w", ErrGraph)
		}
	}
	return nil
}

// WriteDIMACS writes g in the DIMACS minimum-cost-flow format, each comment
// on a "c" line first. An Inf capacity is written below the lower bound.
// It returns ErrGraph (wrapped) for an inconsistent g, or the writer's error.
func WriteDIMACS(w io.Writer, g *Graph, comments ...string) error {
	if err := g.Check(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var b []byte
	for _, c := range comments {
		b = append(b[:0], "c "...)
		b = append(b, c...)
		b = append(b, '\n')
		bw.Write(b)
	}
	b = fmt.Appendf(b[:0], "p min %d %d\n", g.Nodes, len(g.Tail))
	bw.Write(b)
	for _, s := range g.Supplies {
		bw.Write(appendLine(b[:0], 'n', int64(s.Node)+1, s.Amount))
	}
	for a := range g.Tail {
		low := g.LowOf(a)
		c := g.Cap[a]
		if c == Inf {
			switch {
			case low >= 0:
				c = -1
			case low > math.MinInt64:
				c = low - 1
			}
		}
		b = appendLine(b[:0], 'a', int64(g.Tail[a])+1, int64(g.Head[a])+1, low, c, g.Cost[a])
		if _, err := bw.Write(b); err != nil {
			return fmt.Errorf("write DIMACS: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write DIMACS: %w", err)
	}
	return nil
}

// appendLine appends a DIMACS line: the kind letter and the numbers.
func appendLine(b []byte, kind byte, nums ...int64) []byte {
	b = append(b, kind)
	for _, x := range nums {
		b = append(b, ' ')
		b = strconv.AppendInt(b, x, 10)
	}
	return append(b, '\n')
}

// WriteFlow writes an optimal solution of g in the DIMACS solution format:
// "s COST", then "f SRC DST FLOW" for every arc with non-zero flow, in arc
// order (parallel arcs each on their own line). It returns ErrGraph
// (wrapped) when sol does not fit g or is not optimal, or the writer's error.
func WriteFlow(w io.Writer, g *Graph, sol *Solution) error {
	if sol.Status != Optimal || len(sol.Flow) != len(g.Tail) {
		return fmt.Errorf("write flow: no optimal flow for this graph: %w", ErrGraph)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	b := append([]byte("s "), sol.Cost.String()...)
	b = append(b, '\n')
	bw.Write(b)
	for a, f := range sol.Flow {
		if f == 0 {
			continue
		}
		b = appendLine(b[:0], 'f', int64(g.Tail[a])+1, int64(g.Head[a])+1, f)
		if _, err := bw.Write(b); err != nil {
			return fmt.Errorf("write flow: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write flow: %w", err)
	}
	return nil
}
