package refdata

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
)

// Level is the tier of an administrative division in GB/T 2260.
type Level int

// The levels of divisions. The zero Level means "any level" where a function
// takes one as a filter.
const (
	Province   Level = iota + 1 // province, autonomous region, municipality, SAR
	Prefecture                  // prefecture-level city, autonomous prefecture, league, the districts of a municipality
	County                      // district, county, county-level city
)

// String returns "province", "prefecture" or "county" (the words used in the
// embedded data), or "level(n)" for anything else.
func (l Level) String() string {
	switch l {
	case Province:
		return "province"
	case Prefecture:
		return "prefecture"
	case County:
		return "county"
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

// Division is one administrative division. Lat and Lon (WGS84 degrees) are
// meaningful only when HasPoint is set; PointCode names the division whose own
// point they are: the division itself for prefectures and Shanxi counties, its
// city for a county without a point (141182 汾阳市), the capital for a province,
// and the capital too for 500200 重庆郊县, which has no seat. 台湾省, 香港 and
// 澳门 have no point.
type Division struct {
	Code      string // six-digit GB/T 2260 code
	NameZh    string // full official name: 山西省, 太原市, 小店区
	NameEn    string // pinyin of the short name: Shanxi, Taiyuan, Xiaodian
	Level     Level
	Parent    string // code of the division one level up; empty for a province
	Lat, Lon  float64
	HasPoint  bool
	PointCode string
}

// capitals maps each mainland province-level division to its capital's
// prefecture code; a municipality's capital is its own 0100 code.
var capitals = map[string]string{
	"110000": "110100", // 北京
	"120000": "120100", // 天津
	"130000": "130100", // 石家庄
	"140000": "140100", // 太原
	"150000": "150100", // 呼和浩特
	"210000": "210100", // 沈阳
	"220000": "220100", // 长春
	"230000": "230100", // 哈尔滨
	"310000": "310100", // 上海
	"320000": "320100", // 南京
	"330000": "330100", // 杭州
	"340000": "340100", // 合肥
	"350000": "350100", // 福州
	"360000": "360100", // 南昌
	"370000": "370100", // 济南
	"410000": "410100", // 郑州
	"420000": "420100", // 武汉
	"430000": "430100", // 长沙
	"440000": "440100", // 广州
	"450000": "450100", // 南宁
	"460000": "460100", // 海口
	"500000": "500100", // 重庆
	"510000": "510100", // 成都
	"520000": "520100", // 贵阳
	"530000": "530100", // 昆明
	"540000": "540100", // 拉萨
	"610000": "610100", // 西安
	"620000": "620100", // 兰州
	"630000": "630100", // 西宁
	"640000": "640100", // 银川
	"650000": "650100", // 乌鲁木齐
}

// municipalities are the province-level cities; their prefecture-level codes
// repeat the city's name, so qualified names leave the province out.
var municipalities = map[string]bool{"110000": true, "120000": true, "310000": true, "500000": true}

type divisionTable struct {
	list     []Division     // sorted by code, so a parent precedes its children
	byCode   map[string]int // code → index in list
	children map[string][]int
	names    map[string][]nameHit // folded name → divisions it names
}

// nameHit is one division a folded name points to; full marks an official
// full name or English name used alone, which outranks short and qualified
// forms when both fit.
type nameHit struct {
	idx  int
	full bool
}

// divisions parses the embedded files on first use. The files are part of the
// binary and checked by the tests, so a failure here is a build defect, not
// bad input, and stops the program at once.
var divisions = sync.OnceValue(func() *divisionTable {
	t, err := buildDivisions(divisionsCSV, citiesCSV, countyPointsCSV)
	if err != nil {
		panic("refdata: embedded divisions: " + err.Error())
	}
	return t
})

func buildDivisions(divs, cities, counties string) (*divisionTable, error) {
	rows, err := readCSV("divisions.csv", divs, "code", "name_zh", "name_en", "level", "parent_code")
	if err != nil {
		return nil, err
	}
	t := &divisionTable{
		list:     make([]Division, 0, len(rows)),
		children: make(map[string][]int),
	}
	for _, r := range rows {
		d := Division{Code: r[0], NameZh: r[1], NameEn: r[2], Parent: r[4]}
		switch r[3] {
		case "province":
			d.Level = Province
		case "prefecture":
			d.Level = Prefecture
		case "county":
			d.Level = County
		default:
			return nil, fmt.Errorf("divisions.csv: %s: level %q", d.Code, r[3])
		}
		if len(d.Code) != 6 || !isDigits(d.Code) || d.NameZh == "" || d.NameEn == "" {
			return nil, fmt.Errorf("divisions.csv: bad row %q", r)
		}
		t.list = append(t.list, d)
	}
	if t.byCode, err = indexByCode("divisions.csv", t.list, func(d Division) string { return d.Code }); err != nil {
		return nil, err
	}
	for i, d := range t.list {
		if d.Level == Province {
			if d.Parent != "" {
				return nil, fmt.Errorf("divisions.csv: province %s has a parent", d.Code)
			}
			continue
		}
		want := d.Code[:2] + "0000"
		if d.Level == County {
			want = d.Code[:4] + "00"
		}
		p, ok := t.byCode[d.Parent] // parents sort first
		if !ok || d.Parent != want || t.list[p].Level != d.Level-1 {
			return nil, fmt.Errorf("divisions.csv: %s: bad parent %q", d.Code, d.Parent)
		}
		t.children[d.Parent] = append(t.children[d.Parent], i)
	}
	if err := t.addPoints("cities.csv", cities, Prefecture, "code", "name_zh", "name_en", "lat", "lon"); err != nil {
		return nil, err
	}
	if err := t.addPoints("shanxi_counties_coords.csv", counties, County, "code", "name_zh", "name_en", "lat", "lon", "wikidata_qid"); err != nil {
		return nil, err
	}
	for prov, capital := range capitals {
		p, okp := t.byCode[prov]
		c, okc := t.byCode[capital]
		if !okp || !okc || t.list[c].Parent != prov || !t.list[c].HasPoint {
			return nil, fmt.Errorf("capital %s of %s: not a prefecture with a point", capital, prov)
		}
		t.list[p].Lat, t.list[p].Lon, t.list[p].HasPoint, t.list[p].PointCode = t.list[c].Lat, t.list[c].Lon, true, capital
	}
	for i := range t.list {
		d := &t.list[i]
		if d.HasPoint || d.Level == Province {
			continue
		}
		// Parents come first, so a parent's borrowed point is already set.
		if p := t.list[t.byCode[d.Parent]]; p.HasPoint {
			d.Lat, d.Lon, d.HasPoint, d.PointCode = p.Lat, p.Lon, true, p.PointCode
		}
	}
	t.indexNames()
	return t, nil
}

// addPoints reads one coordinate file; every row must name a known division
// of the given level by the same name.
func (t *divisionTable) addPoints(name, data string, level Level, header ...string) error {
	rows, err := readCSV(name, data, header...)
	if err != nil {
		return err
	}
	for _, r := range rows {
		i, ok := t.byCode[r[0]]
		if !ok || t.list[i].Level != level || t.list[i].NameZh != r[1] {
			return fmt.Errorf("%s: %s %s is not a %s of divisions.csv", name, r[0], r[1], level)
		}
		lat, err1 := strconv.ParseFloat(r[3], 64)
		lon, err2 := strconv.ParseFloat(r[4], 64)
		if err1 != nil || err2 != nil || lat < 3 || lat > 54 || lon < 73 || lon > 136 {
			return fmt.Errorf("%s: %s: point (%s, %s) is not in China", name, r[0], r[3], r[4])
		}
		d := &t.list[i]
		if d.HasPoint {
			return fmt.Errorf("%s: %s twice", name, r[0])
		}
		d.Lat, d.Lon, d.HasPoint, d.PointCode = lat, lon, true, d.Code
	}
	return nil
}

func (t *divisionTable) get(code string) (Division, bool) {
	i, ok := t.byCode[code]
	if !ok {
		return Division{}, false
	}
	return t.list[i], true
}

func (t *divisionTable) pick(idx []int) []Division {
	out := make([]Division, len(idx))
	for i, j := range idx {
		out[i] = t.list[j]
	}
	return out
}

// DivisionByCode returns the division with the six-digit code, and false when
// the code is not listed (counties are listed for Shanxi only).
func DivisionByCode(code string) (Division, bool) {
	return divisions().get(code)
}

// Divisions returns every listed division, sorted by code: 34 provinces, 338
// prefectures and the 117 counties of Shanxi.
func Divisions() []Division {
	return slices.Clone(divisions().list)
}

// Provinces returns the 34 province-level divisions, sorted by code.
func Provinces() []Division {
	t := divisions()
	var out []Division
	for _, d := range t.list {
		if d.Level == Province {
			out = append(out, d)
		}
	}
	return out
}

// Children returns the divisions one level below code, sorted by code: the
// prefectures of a province, the counties of a Shanxi city; none otherwise.
func Children(code string) []Division {
	t := divisions()
	return t.pick(t.children[code])
}

// ProvinceOf returns the province-level division a code belongs to, judged by
// its first two digits, so it also answers for six-digit county codes outside
// Shanxi, which are not listed. It returns false for anything else.
func ProvinceOf(code string) (Division, bool) {
	if len(code) != 6 || !isDigits(code) {
		return Division{}, false
	}
	return divisions().get(code[:2] + "0000")
}

// CityOf returns the prefecture-level division a prefecture or county code
// belongs to: the division itself for a prefecture, its parent for a listed
// county, and for an unlisted county code (say 440305) the prefecture named by
// its first four digits. It returns false for provinces, for county-level
// divisions ruled directly by a province (419001 济源) and for unknown codes.
func CityOf(code string) (Division, bool) {
	if len(code) != 6 || !isDigits(code) {
		return Division{}, false
	}
	t := divisions()
	if d, ok := t.get(code); ok {
		switch d.Level {
		case Prefecture:
			return d, true
		case County:
			return t.get(d.Parent)
		}
		return Division{}, false
	}
	if code[4:] == "00" {
		return Division{}, false
	}
	d, ok := t.get(code[:4] + "00")
	if !ok || d.Level != Prefecture {
		return Division{}, false
	}
	return d, true
}

// QualifiedName returns the full name of a listed division with all its
// ancestors, as written on forms: 山西省阳泉市城区, 山西省太原市, 北京市. It
// returns "" for a code that is not listed.
func QualifiedName(code string) string {
	t := divisions()
	d, ok := t.get(code)
	if !ok {
		return ""
	}
	name := d.NameZh
	for d.Parent != "" {
		child := d
		d, _ = t.get(d.Parent)
		if child.Level == Prefecture && municipalities[d.Code] {
			continue
		}
		name = d.NameZh + name
	}
	return name
}

// QualifiedZh returns the name a list or a form shows: a county with its city
// (阳泉市城区), a prefecture with its province (山西省太原市), a municipality's
// own districts and a province alone (北京市, 山西省). A Division not taken
// from this package gives its bare name.
func (d Division) QualifiedZh() string {
	p, ok := d.qualifier()
	if !ok {
		return d.NameZh
	}
	return p.NameZh + d.NameZh
}

// QualifiedEn is the English counterpart of QualifiedZh, smallest unit first:
// "Chengqu, Yangquan", "Taiyuan, Shanxi", "Beijing", "Shanxi".
func (d Division) QualifiedEn() string {
	p, ok := d.qualifier()
	if !ok {
		return d.NameEn
	}
	return d.NameEn + ", " + p.NameEn
}

// qualifier returns the parent that makes d's name unique, if it needs one.
func (d Division) qualifier() (Division, bool) {
	if d.Parent == "" || (d.Level == Prefecture && municipalities[d.Parent]) {
		return Division{}, false
	}
	return divisions().get(d.Parent)
}
