package match

import (
	"math/big"
	"math/bits"
	"strconv"
)

// Int128 is a signed 128-bit integer in two's complement, for the cost of a
// flow: the product of an int64 amount and an int64 cost always fits, and
// the solvers bound amounts and costs so that their sum over all arcs does.
type Int128 struct {
	Hi int64
	Lo uint64
}

// Int128Of returns v as an Int128.
func Int128Of(v int64) Int128 {
	return Int128{Hi: v >> 63, Lo: uint64(v)}
}

// Mul128 returns a*b exactly.
func Mul128(a, b int64) Int128 {
	neg := (a < 0) != (b < 0)
	ua, ub := absU(a), absU(b)
	hi, lo := bits.Mul64(ua, ub)
	r := Int128{Hi: int64(hi), Lo: lo}
	if neg {
		r = r.Neg()
	}
	return r
}

func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-v) // also right for MinInt64: 1<<63
	}
	return uint64(v)
}

// Add returns x+y (wrapping at 2^127, which no flow cost reaches).
func (x Int128) Add(y Int128) Int128 {
	lo, c := bits.Add64(x.Lo, y.Lo, 0)
	hi, _ := bits.Add64(uint64(x.Hi), uint64(y.Hi), c)
	return Int128{Hi: int64(hi), Lo: lo}
}

// Neg returns -x.
func (x Int128) Neg() Int128 {
	lo, b := bits.Sub64(0, x.Lo, 0)
	hi, _ := bits.Sub64(0, uint64(x.Hi), b)
	return Int128{Hi: int64(hi), Lo: lo}
}

// Sign returns -1, 0 or 1.
func (x Int128) Sign() int {
	switch {
	case x.Hi < 0:
		return -1
	case x.Hi == 0 && x.Lo == 0:
		return 0
	}
	return 1
}

// Cmp returns -1, 0 or 1 as x is less than, equal to or greater than y.
func (x Int128) Cmp(y Int128) int {
	switch {
	case x.Hi < y.Hi:
		return -1
	case x.Hi > y.Hi:
		return 1
	case x.Lo < y.Lo:
		return -1
	case x.Lo > y.Lo:
		return 1
	}
	return 0
}

// Int64 returns x and whether it fits in an int64.
func (x Int128) Int64() (int64, bool) {
	v := int64(x.Lo)
	return v, x.Hi == v>>63
}

// Big returns x as a big.Int.
func (x Int128) Big() *big.Int {
	b := new(big.Int).SetInt64(x.Hi)
	b.Lsh(b, 64)
	return b.Add(b, new(big.Int).SetUint64(x.Lo))
}

// String returns x in decimal.
func (x Int128) String() string {
	if v, ok := x.Int64(); ok {
		return strconv.FormatInt(v, 10)
	}
	return x.Big().String()
}
