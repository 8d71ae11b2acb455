package refdata

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Occupation is an ISCO-08 unit group, the finest level of the
// classification, with the codes of the groups above it.
type Occupation struct {
	Code     string // four digits, "5120"; armed forces keep their leading 0
	NameZh   string // our Chinese title, "厨师"
	NameEn   string // ESCO's English title, "Cooks"
	Major    string // "5"
	SubMajor string // "51"
	Minor    string // "512"
}

// Group is an ISCO-08 group above the unit groups: major (one digit), sub-major
// (two) or minor (three).
type Group struct {
	Code   string
	NameZh string
	NameEn string
}

type occupationTable struct {
	list   []Occupation
	byCode map[string]int
	byName map[string]int // folded Chinese or English title → index
	known  [10000]bool    // by numeric code, for Related's hot path
	groups []Group        // sorted by code: "0" < "01" < "011" < "1"...
	group  map[string]int
}

var occupations = sync.OnceValue(func() *occupationTable {
	t, err := buildOccupations(occupationsCSV, occupationGroupsCSV)
	if err != nil {
		panic("refdata: embedded occupations: " + err.Error())
	}
	return t
})

func buildOccupations(units, groups string) (*occupationTable, error) {
	rows, err := readCSV("occupation_groups.csv", groups, "code", "level", "name_zh", "name_en")
	if err != nil {
		return nil, err
	}
	t := &occupationTable{byName: make(map[string]int)}
	levels := map[string]int{"major": 1, "sub_major": 2, "minor": 3}
	for _, r := range rows {
		g := Group{Code: r[0], NameZh: r[2], NameEn: r[3]}
		if !isDigits(g.Code) || len(g.Code) != levels[r[1]] || g.NameZh == "" || g.NameEn == "" {
			return nil, fmt.Errorf("occupation_groups.csv: bad row %q", r)
		}
		t.groups = append(t.groups, g)
	}
	if t.group, err = indexByCode("occupation_groups.csv", t.groups, func(g Group) string { return g.Code }); err != nil {
		return nil, err
	}
	for _, g := range t.groups {
		if _, ok := t.group[g.Code[:len(g.Code)-1]]; !ok && len(g.Code) > 1 {
			return nil, fmt.Errorf("occupation_groups.csv: %s has no parent group", g.Code)
		}
	}

	rows, err = readCSV("occupations.csv", units, "code", "name_zh", "name_en", "major_group", "major_group_en")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		o := Occupation{Code: r[0], NameZh: r[1], NameEn: r[2]}
		if len(o.Code) != 4 || !isDigits(o.Code) || o.NameZh == "" || o.NameEn == "" || r[3] != o.Code[:1] {
			return nil, fmt.Errorf("occupations.csv: bad row %q", r)
		}
		o.Major, o.SubMajor, o.Minor = o.Code[:1], o.Code[:2], o.Code[:3]
		if _, ok := t.group[o.Minor]; !ok {
			return nil, fmt.Errorf("occupations.csv: %s has no minor group", o.Code)
		}
		t.list = append(t.list, o)
	}
	if t.byCode, err = indexByCode("occupations.csv", t.list, func(o Occupation) string { return o.Code }); err != nil {
		return nil, err
	}
	for i, o := range t.list {
		t.known[codeNumber(o.Code)] = true
		// Titles must be unique so that a title names one occupation.
		for _, name := range []string{o.NameZh, o.NameEn} {
			k := foldTitle(name)
			if j, dup := t.byName[k]; dup {
				return nil, fmt.Errorf("occupations.csv: %s and %s share the title %q", t.list[j].Code, o.Code, name)
			}
			t.byName[k] = i
		}
	}
	return t, nil
}

// codeNumber reads a four-digit code, or returns -1.
func codeNumber(code string) int {
	if len(code) != 4 {
		return -1
	}
	n := 0
	for i := 0; i < 4; i++ {
		c := code[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// titleFolder makes typed titles meet the stored ones: typographic quotes
// and full-width punctuation as their ASCII forms.
var titleFolder = strings.NewReplacer("’", "'", "‘", "'", "（", "(", "）", ")", "，", ",", "、", ",")

// foldTitle compares titles ignoring case, runs of spaces and the punctuation
// variants above.
func foldTitle(s string) string {
	s = titleFolder.Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// OccupationByCode returns the unit group with the four-digit ISCO-08 code.
func OccupationByCode(code string) (Occupation, bool) {
	t := occupations()
	i, ok := t.byCode[code]
	if !ok {
		return Occupation{}, false
	}
	return t.list[i], true
}

// LookupOccupation finds a unit group by four-digit code or by its exact
// Chinese or English title, ignoring case and spacing ("厨师", "cooks",
// "5120"). Titles are unique, so a title never names two groups; anything
// else gives an error wrapping ErrUnknown.
func LookupOccupation(s string) (Occupation, error) {
	s = strings.TrimSpace(s)
	t := occupations()
	i, ok := t.byCode[s]
	if !ok {
		i, ok = t.byName[foldTitle(s)]
	}
	if !ok {
		return Occupation{}, unknown("occupation", s)
	}
	return t.list[i], nil
}

// Occupations returns the 436 unit groups, sorted by code.
func Occupations() []Occupation {
	return slices.Clone(occupations().list)
}

// GroupByCode returns the ISCO-08 group with a one-, two- or three-digit code.
func GroupByCode(code string) (Group, bool) {
	t := occupations()
	i, ok := t.group[code]
	if !ok {
		return Group{}, false
	}
	return t.groups[i], true
}

// MajorGroups returns the 10 major groups (0 armed forces … 9 elementary
// occupations), sorted by code.
func MajorGroups() []Group { return groupsOfLevel(1) }

// SubMajorGroups returns the 43 sub-major groups, sorted by code.
func SubMajorGroups() []Group { return groupsOfLevel(2) }

// MinorGroups returns the 130 minor groups, sorted by code.
func MinorGroups() []Group { return groupsOfLevel(3) }

func groupsOfLevel(n int) []Group {
	var out []Group
	for _, g := range occupations().groups {
		if len(g.Code) == n {
			out = append(out, g)
		}
	}
	return out
}

// Related says how close two unit groups are in the classification: 3 for the
// same unit group, 2 for the same minor group, 1 for the same sub-major group,
// 0 otherwise, and 0 when either code is not a known unit group.
func Related(a, b string) int {
	t := occupations()
	na, nb := codeNumber(a), codeNumber(b)
	if na < 0 || nb < 0 || !t.known[na] || !t.known[nb] {
		return 0
	}
	switch {
	case na == nb:
		return 3
	case na/10 == nb/10:
		return 2
	case na/100 == nb/100:
		return 1
	}
	return 0
}
