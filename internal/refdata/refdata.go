// Package refdata holds the reference data every other package agrees on:
// China's administrative divisions (GB/T 2260 codes, names, levels), a point
// for every prefecture-level city and Shanxi county, great-circle distances
// between them, and the ISCO-08 occupation classification with Chinese and
// English titles.
//
// The data is embedded in the binary (see data/README.md for sources and
// licences) and parsed once, on first use. Look-ups never touch the disk or
// the network and are safe for concurrent use. Values returned are copies:
// changing them changes nothing here.
package refdata

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The embedded CSV files. Their headers are checked when they are parsed.
var (
	//go:embed data/divisions.csv
	divisionsCSV string
	//go:embed data/cities.csv
	citiesCSV string
	//go:embed data/shanxi_counties_coords.csv
	countyPointsCSV string
	//go:embed data/occupations.csv
	occupationsCSV string
	//go:embed data/occupation_groups.csv
	occupationGroupsCSV string
)

// ErrUnknown is wrapped by every look-up error for a code or name that is not
// in the reference data.
var ErrUnknown = errors.New("not found")

// ErrAmbiguous is matched (with errors.Is) by every *AmbiguousError.
var ErrAmbiguous = errors.New("ambiguous")

// AmbiguousError reports a name that fits several divisions equally well.
// Candidates are sorted by code; a user interface offers them as choices.
type AmbiguousError struct {
	Name       string
	Candidates []Division
}

// Error lists the candidates by qualified name and code, in English when the
// name was typed in Latin letters and in Chinese otherwise.
func (e *AmbiguousError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is ambiguous: ", quote(e.Name))
	english := isASCII(e.Name)
	for i, d := range e.Candidates {
		if i > 0 {
			if english {
				b.WriteString("; ") // English qualified names contain commas
			} else {
				b.WriteString(", ")
			}
		}
		if english {
			b.WriteString(d.QualifiedEn())
		} else {
			b.WriteString(d.QualifiedZh())
		}
		fmt.Fprintf(&b, " (%s)", d.Code)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrAmbiguous) true.
func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguous }

// unknown builds the error for what names nothing; what is "division",
// "province", "occupation"...
func unknown(what, s string) error {
	return fmt.Errorf("%s %s: %w", what, quote(s), ErrUnknown)
}

// quote quotes user input for an error message, cut short so that a pasted
// page does not become a page-long message.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return fmt.Sprintf("%q", s)
	}
	n := 0
	for i := range s {
		if n == max {
			return fmt.Sprintf("%q…", s[:i])
		}
		n++
	}
	return fmt.Sprintf("%q", s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// readCSV parses an embedded file and checks its header, so that a changed
// column order fails loudly instead of shifting fields.
func readCSV(name, data string, header ...string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(data))
	r.FieldsPerRecord = len(header)
	r.ReuseRecord = false
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	for i, h := range header {
		if rows[0][i] != h {
			return nil, fmt.Errorf("%s: column %d is %q, want %q", name, i+1, rows[0][i], h)
		}
	}
	return rows[1:], nil
}

// indexByCode sorts list by code, which puts every parent before its
// children, and maps each code to its index; a repeated code is an error.
func indexByCode[T any](file string, list []T, code func(T) string) (map[string]int, error) {
	slices.SortFunc(list, func(a, b T) int { return strings.Compare(code(a), code(b)) })
	index := make(map[string]int, len(list))
	for i, v := range list {
		if _, dup := index[code(v)]; dup {
			return nil, fmt.Errorf("%s: %s twice", file, code(v))
		}
		index[code(v)] = i
	}
	return index, nil
}
