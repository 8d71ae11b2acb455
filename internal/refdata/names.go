package refdata

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Suffixes that make a short name out of a full one, by level, longest first
// where one ends another. Autonomous divisions also lose the names of their
// peoples (延边朝鲜族自治州 → 延边).
var (
	provinceSuffixes   = []string{"特别行政区", "自治区", "省", "市"}
	prefectureSuffixes = []string{"自治州", "地区", "盟", "市"}
	countySuffixes     = []string{"自治县", "区", "县", "市"}
	peoples            = []string{"柯尔克孜", "哈萨克", "维吾尔", "朝鲜族", "土家族", "布依族", "哈尼族", "景颇族", "傈僳族", "蒙古族", "蒙古", "苗族", "藏族", "羌族", "彝族", "侗族", "壮族", "傣族", "白族", "回族"}
)

// shortZh returns the name people use without the type word (山西, 太原, 小店,
// 延边), or "" when the name has none: a remainder of one character is not
// used alone (城区, 盂县 stay as they are).
func shortZh(name string, level Level) string {
	var suffixes []string
	switch level {
	case Province:
		suffixes = provinceSuffixes
	case Prefecture:
		suffixes = prefectureSuffixes
	case County:
		suffixes = countySuffixes
	}
	s := name
	for _, suf := range suffixes {
		if rest, ok := strings.CutSuffix(s, suf); ok {
			s = rest
			if strings.HasPrefix(suf, "自治") {
				s = stripPeoples(s)
			}
			break
		}
	}
	if s == name || utf8.RuneCountInString(s) < 2 {
		return ""
	}
	return s
}

func stripPeoples(s string) string {
	for {
		cut := false
		for _, p := range peoples {
			// 内蒙古 must not lose 蒙古: a place name keeps two characters.
			if rest, ok := strings.CutSuffix(s, p); ok && utf8.RuneCountInString(rest) >= 2 {
				s, cut = rest, true
				break
			}
		}
		if !cut {
			return s
		}
	}
}

// fold reduces a name to the form the index is keyed by: letters and digits
// only, lower case, ü and v (its keyboard stand-in) read as u, so that
// "Xi'an", "xian" and "XI AN" meet, as do "Lüliang" and "Lvliang".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == 'ü' || r == 'Ü' || r == 'v' || r == 'V':
			b.WriteByte('u')
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + ('a' - 'A'))
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// typeWords are English words a user may add to a name ("Shanxi Province",
// "Xiaodian District"); they are dropped, and the level they imply decides
// between a province and its city of the same name ("Jilin City").
var typeWords = map[string]Level{
	"province": Province, "municipality": Province, "region": Province, "sar": Province,
	"autonomous": 0,
	"city":       Prefecture, "prefecture": Prefecture, "league": Prefecture,
	"district": County, "county": County,
}

// parseQuery folds a typed name and returns the level its type words imply
// (the last one, the most specific, wins), or 0.
func parseQuery(s string) (string, Level) {
	var hint Level
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var b strings.Builder
	for _, w := range words {
		if isASCII(w) {
			if l, ok := typeWords[strings.ToLower(w)]; ok {
				if l != 0 {
					hint = l
				}
				continue
			}
		}
		b.WriteString(w)
	}
	return fold(b.String()), hint
}

// indexNames keys every division by each way of writing it: full and short
// Chinese names, alone or after any of their ancestors' names (阳泉市城区,
// 太原小店区, 山西省太原市小店区, 山西小店区), and the English name alone or
// with its ancestors in either order ("Taiyuan Xiaodian", "Xiaodian, Taiyuan").
func (t *divisionTable) indexNames() {
	t.names = make(map[string][]nameHit, 16*len(t.list))
	add := func(key string, idx int, full bool) {
		hits := t.names[key]
		for i, h := range hits {
			if h.idx == idx {
				hits[i].full = h.full || full
				return
			}
		}
		t.names[key] = append(hits, nameHit{idx, full})
	}
	for i, d := range t.list {
		chain := []Division{d} // the division, then its ancestors upwards
		for p := d; p.Parent != ""; {
			p = t.list[t.byCode[p.Parent]]
			chain = append(chain, p)
		}
		add(fold(d.NameZh), i, true)
		add(fold(d.NameEn), i, true)
		// Every subset of ancestors, kept in order, before the division's own name.
		for mask := 0; mask < 1<<(len(chain)-1); mask++ {
			prefixesZh := []string{""}
			var upEn, downEn []string
			for j := len(chain) - 1; j >= 1; j-- {
				if mask&(1<<(j-1)) == 0 {
					continue
				}
				a := chain[j]
				var next []string
				for _, p := range prefixesZh {
					next = append(next, p+a.NameZh)
					if s := shortZh(a.NameZh, a.Level); s != "" {
						next = append(next, p+s)
					}
				}
				prefixesZh = next
				downEn = append(downEn, a.NameEn)
				upEn = append([]string{a.NameEn}, upEn...)
			}
			own := []string{d.NameZh}
			if s := shortZh(d.NameZh, d.Level); s != "" {
				own = append(own, s)
			}
			for _, p := range prefixesZh {
				for _, o := range own {
					add(fold(p+o), i, false)
				}
			}
			add(fold(strings.Join(downEn, "")+d.NameEn), i, false)
			add(fold(d.NameEn+strings.Join(upEn, "")), i, false)
		}
	}
}

// LookupDivision finds a division by six-digit code or by name: full or short
// Chinese names (太原市, 太原, 山西省, 山西), English names in any case
// (Taiyuan, shanxi, "Xiaodian District"), and names qualified by any of their
// ancestors (阳泉市城区, 太原小店区, 山西省太原市小店区, "Taiyuan Xiaodian",
// "Chengqu, Yangquan"). Spaces and punctuation are ignored.
//
// When a name fits several divisions, an exact full name beats a short or
// qualified one, then a province beats the rest (北京, 北京市 and Beijing give
// the municipality 110000, not its districts 110100; 海南 and Hainan the
// province, not 海南藏族自治州; Xinjiang the region, not the county 新绛), then a
// division containing all the others wins (吉林 is 吉林省; 吉林市, "Jilin City"
// and LookupPrefecture("吉林") give the city). A name still fitting several
// divisions gives an *AmbiguousError listing them (城区: 140302 in 阳泉市 and
// 140502 in 晋城市; Suzhou; Linyi); LookupProvince, LookupPrefecture and
// LookupCounty narrow the choice to one level. A code or name that is not in
// the data gives an error wrapping ErrUnknown.
//
// Qualified names read back as the division they came from (QualifiedZh,
// QualifiedEn, QualifiedName), except for the municipalities' own districts
// 110100, 120100 and 310100, whose names are the municipality's: look them up
// by code or with LookupPrefecture.
func LookupDivision(s string) (Division, error) {
	return divisions().lookup(s, 0, "division")
}

// LookupProvince is LookupDivision restricted to province-level divisions:
// LookupProvince("太原") is an error, not 山西省. Its errors
// wrap ErrUnknown (also for a name or code of another level) or are
// *AmbiguousError.
func LookupProvince(s string) (Division, error) {
	return divisions().lookup(s, Province, "province")
}

// LookupPrefecture is LookupDivision restricted to prefecture-level
// divisions: LookupPrefecture("北京") is 110100. Errors as LookupProvince.
func LookupPrefecture(s string) (Division, error) {
	return divisions().lookup(s, Prefecture, "prefecture")
}

// LookupCounty is LookupDivision restricted to county-level divisions (listed
// for Shanxi only). Errors as LookupProvince.
func LookupCounty(s string) (Division, error) {
	return divisions().lookup(s, County, "county")
}

func (t *divisionTable) lookup(s string, level Level, what string) (Division, error) {
	s = strings.TrimSpace(s)
	if len(s) == 6 && isDigits(s) {
		if d, ok := t.get(s); ok && (level == 0 || d.Level == level) {
			return d, nil
		}
		return Division{}, unknown(what, s)
	}
	key, hint := parseQuery(s)
	hits := t.names[key]
	if key == "" || len(hits) == 0 {
		return Division{}, unknown(what, s)
	}
	if level != 0 {
		hint = level
	}
	if hint != 0 {
		var kept []nameHit
		for _, h := range hits {
			if t.list[h.idx].Level == hint {
				kept = append(kept, h)
			}
		}
		if len(kept) > 0 || level != 0 {
			hits = kept
		}
	}
	if len(hits) == 0 {
		return Division{}, unknown(what, s)
	}
	if slices.ContainsFunc(hits, func(h nameHit) bool { return h.full }) {
		hits = slices.DeleteFunc(slices.Clone(hits), func(h nameHit) bool { return !h.full })
	}
	// A province's own name means the province: Hainan is not 海南藏族自治州,
	// Xinjiang not the county 新绛.
	if slices.ContainsFunc(hits, func(h nameHit) bool { return t.list[h.idx].Level == Province }) {
		hits = slices.DeleteFunc(slices.Clone(hits), func(h nameHit) bool { return t.list[h.idx].Level != Province })
	}
	if len(hits) == 1 {
		return t.list[hits[0].idx], nil
	}
	// One candidate containing all the others is what the name means.
	for _, top := range hits {
		d := t.list[top.idx]
		if !slices.ContainsFunc(hits, func(h nameHit) bool {
			return h.idx != top.idx && !strings.HasPrefix(t.list[h.idx].Code, codePrefix(d))
		}) {
			return d, nil
		}
	}
	idx := make([]int, len(hits))
	for i, h := range hits {
		idx[i] = h.idx
	}
	slices.Sort(idx) // the list is sorted by code
	return Division{}, &AmbiguousError{Name: s, Candidates: t.pick(idx)}
}

// codePrefix is the part of d's code that all its descendants share.
func codePrefix(d Division) string {
	switch d.Level {
	case Province:
		return d.Code[:2]
	case Prefecture:
		return d.Code[:4]
	}
	return d.Code
}
