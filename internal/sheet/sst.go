package sheet

import (
	"fmt"
	"math"
	"os"
)

// stringTable holds the shared strings of a workbook: their text end to end
// in memory while it fits in memLimit bytes, then in a temporary file read
// back cell by cell, so that a million distinct names and ID numbers do not
// have to fit in memory. Only the index, four bytes a string, stays.
type stringTable struct {
	memLimit int64
	tempDir  string
	text     []byte   // in memory, until spilled
	file     *os.File // once spilled
	size     int64    // bytes of text
	ends     []uint32 // end offset of each string
	buf      []byte
}

// add appends the next string. It returns an error if the table passes
// 4 GB or the temporary file cannot be written.
func (t *stringTable) add(s string) error {
	t.size += int64(len(s))
	if t.size > math.MaxUint32 {
		return fmt.Errorf("shared strings beyond 4 GB")
	}
	t.ends = append(t.ends, uint32(t.size))
	if t.file != nil {
		if _, err := t.file.WriteString(s); err != nil {
			return fmt.Errorf("write shared strings: %w", err)
		}
		return nil
	}
	t.text = append(t.text, s...)
	if int64(len(t.text))+4*int64(len(t.ends)) <= t.memLimit {
		return nil
	}
	f, err := os.CreateTemp(t.tempDir, "sheet-strings-*")
	if err != nil {
		return fmt.Errorf("spill shared strings: %w", err)
	}
	t.file = f
	if _, err := f.Write(t.text); err != nil {
		return fmt.Errorf("spill shared strings: %w", err)
	}
	t.text = nil
	return nil
}

// get returns the string with index i; a cell that points past the table is
// an error of a damaged file.
func (t *stringTable) get(i int) (string, error) {
	if t == nil {
		return "", fmt.Errorf("shared string %d, but the workbook has no shared strings", i)
	}
	if i < 0 || i >= len(t.ends) {
		return "", fmt.Errorf("shared string %d of %d", i, len(t.ends))
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	if t.file == nil {
		return string(t.text[start:t.ends[i]]), nil
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
