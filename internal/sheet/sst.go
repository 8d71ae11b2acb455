package sheet

import (
	"fmt"
	"math"
	"os"
)

// stringTable holds the shared strings of a workbook: in memory while they
// fit in memLimit bytes, then in a temporary file read back cell by cell, so
// that a million distinct names and addresses do not have to fit in memory.
type stringTable struct {
	memLimit int64
	tempDir  string
	strs     []string // in memory
	size     int64    // bytes of text
	file     *os.File // once spilled
	ends     []uint32 // end offset of each string in file
	buf      []byte
}

// add appends the next string. It returns an error if the temporary file
// cannot be written.
func (t *stringTable) add(s string) error {
	t.size += int64(len(s))
	if t.file == nil {
		t.strs = append(t.strs, s)
		if t.size <= t.memLimit {
			return nil
		}
		return t.spill()
	}
	if t.size > math.MaxUint32 {
		return fmt.Errorf("shared strings beyond 4 GB")
	}
	if _, err := t.file.WriteString(s); err != nil {
		return fmt.Errorf("write shared strings: %w", err)
	}
	t.ends = append(t.ends, uint32(t.size))
	return nil
}

// spill moves the strings in memory to a temporary file.
func (t *stringTable) spill() error {
	if t.size > math.MaxUint32 {
		return fmt.Errorf("shared strings beyond 4 GB")
	}
	f, err := os.CreateTemp(t.tempDir, "sheet-strings-*")
	if err != nil {
		return fmt.Errorf("spill shared strings: %w", err)
	}
	t.file = f
	t.ends = make([]uint32, 0, len(t.strs)*2)
	var end uint32
	for _, s := range t.strs {
		if _, err := f.WriteString(s); err != nil {
			return fmt.Errorf("spill shared strings: %w", err)
		}
		end += uint32(len(s))
		t.ends = append(t.ends, end)
	}
	t.strs = nil
	return nil
}

// get returns the string with index i; a cell that points past the table is
// an error of a damaged file.
func (t *stringTable) get(i int) (string, error) {
	if t == nil {
		return "", fmt.Errorf("shared string %d, but the workbook has no shared strings", i)
	}
	if t.file == nil {
		if i < 0 || i >= len(t.strs) {
			return "", fmt.Errorf("shared string %d of %d", i, len(t.strs))
		}
		return t.strs[i], nil
	}
	if i < 0 || i >= len(t.ends) {
		return "", fmt.Errorf("shared string %d of %d", i, len(t.ends))
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	n := int(t.ends[i] - start)
	if cap(t.buf) < n {
		t.buf = make([]byte, n)
	}
	if _, err := t.file.ReadAt(t.buf[:n], int64(start)); err != nil {
		return "", fmt.Errorf("read shared strings: %w", err)
	}
	return string(t.buf[:n]), nil
}

func (t *stringTable) close() error {
	if t.file == nil {
		return nil
	}
	t.file.Close()
	err := os.Remove(t.file.Name())
	t.file = nil
	return err
}
