package sheet

import (
	"fmt"
	"strings"
)

// Kind says how a column's cells are turned into text.
type Kind int

// The kinds of column.
const (
	// Text cells are read as written; a number cell is given in plain digits.
	Text Kind = iota
	// Date cells are given as 2006-01-02 whether the file holds a date
	// serial, a formatted date or text such as 2026/1/6 or 2026年1月6日;
	// text that is no date is given unchanged, for the caller to reject.
	Date
	// Number cells are given without thousands separators or exponent
	// where that is exact (5,000.00 → 5000); other text is given unchanged.
	Number
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Date:
		return "date"
	case Number:
		return "number"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column describes one column the caller wants. Key is the caller's name for
// it; Names are the headers offices write for it, in Chinese and English
// ("身份证号", "身份证号码", "公民身份号码", "ID number"); the first one is what
// Writer puts in the header. Headers are compared after folding full-width
// characters, case and spaces, and after dropping asterisks and colons
// around them, so "姓 名*" finds "姓名"; a header with a bracketed unit
// ("最低月薪（元）") finds "最低月薪". Choices, if any, become a dropdown in
// XLSX templates; the reader does not enforce them.
type Column struct {
	Key      string
	Names    []string
	Required bool
	Kind     Kind
	Choices  []string
}

// Schema is the list of columns a caller reads or writes, in the order
// Writer writes them.
type Schema []Column

// index returns the position of the column with the key, or -1.
func (s Schema) index(key string) int {
	for i, c := range s {
		if c.Key == key {
			return i
		}
	}
	return -1
}

// check reports a Schema that cannot work: it returns an *Error of kind
// ErrSchema.
func (s Schema) check() error {
	if len(s) == 0 {
		return fileError(ErrSchema, "the schema has no columns")
	}
	keys := make(map[string]bool, len(s))
	names := make(map[string]string)
	for _, c := range s {
		if c.Key == "" {
			return fileError(ErrSchema, "a column has no key")
		}
		if keys[c.Key] {
			return fileError(ErrSchema, fmt.Sprintf("two columns have the key %q", c.Key))
		}
		keys[c.Key] = true
		if len(c.Names) == 0 || strings.TrimSpace(c.Names[0]) == "" {
			return fileError(ErrSchema, fmt.Sprintf("column %q has no name", c.Key))
		}
		for _, n := range c.Names {
			f := fold(n)
			if f == "" {
				return fileError(ErrSchema, fmt.Sprintf("column %q has an empty name", c.Key))
			}
			if other, ok := names[f]; ok && other != c.Key {
				return fileError(ErrSchema, fmt.Sprintf("columns %q and %q share the name %q", other, c.Key, n))
			}
			names[f] = c.Key
		}
	}
	return nil
}
