package refdata

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"laborbridge/internal/idcard"
)

func TestDivisionCounts(t *testing.T) {
	count := map[Level]int{}
	for _, d := range Divisions() {
		count[d.Level]++
	}
	want := map[Level]int{Province: 34, Prefecture: 338, County: 117}
	for l, n := range want {
		if count[l] != n {
			t.Errorf("Divisions() has %d of level %v, want %d", count[l], l, n)
		}
	}
	if n := len(Provinces()); n != 34 {
		t.Errorf("len(Provinces()) = %d, want 34", n)
	}
}

// Every division has a point except the three without prefectures in GB/T
// 2260, and a borrowed point is always its source's own point.
func TestDivisionPoints(t *testing.T) {
	noPoint := []string{"710000", "810000", "820000"}
	for _, d := range Divisions() {
		if slices.Contains(noPoint, d.Code) {
			if d.HasPoint {
				t.Errorf("%s %s has a point, want none", d.Code, d.NameZh)
			}
			continue
		}
		if !d.HasPoint {
			t.Errorf("%s %s has no point", d.Code, d.NameZh)
			continue
		}
		src, ok := DivisionByCode(d.PointCode)
		if !ok || src.PointCode != src.Code || src.Lat != d.Lat || src.Lon != d.Lon {
			t.Errorf("%s %s: point borrowed from %q, which does not own it", d.Code, d.NameZh, d.PointCode)
		}
	}
	tests := []struct {
		code, pointCode string
	}{
		{"140105", "140105"}, // own point
		{"141182", "141100"}, // 汾阳市 has none: its city's
		{"140000", "140100"}, // province: its capital's
		{"110000", "110100"},
		{"650000", "650100"},
		{"500200", "500100"}, // 重庆郊县 has no seat: the capital's
		{"320500", "320500"},
	}
	for _, tt := range tests {
		d, _ := DivisionByCode(tt.code)
		if d.PointCode != tt.pointCode {
			t.Errorf("DivisionByCode(%s).PointCode = %q, want %q", tt.code, d.PointCode, tt.pointCode)
		}
	}
}

// idcard keeps its own list of province codes (it uses the standard library
// only); both lists must name the same 34 divisions.
func TestProvincesAgreeWithIDCards(t *testing.T) {
	birth := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := range 100 {
		code := fmt.Sprintf("%02d0000", n)
		_, listed := DivisionByCode(code)
		if accepted := idcard.Generate(code, birth, 1, true) != ""; accepted != listed {
			t.Errorf("province %s: listed here %v, accepted by idcard %v", code[:2], listed, accepted)
		}
	}
}

func TestCapitals(t *testing.T) {
	if len(capitals) != 31 {
		t.Errorf("%d capitals, want 31", len(capitals))
	}
	for _, p := range Provinces() {
		c, ok := capitals[p.Code]
		if !ok {
			continue
		}
		d, ok := DivisionByCode(c)
		if !ok || d.Level != Prefecture || d.Parent != p.Code {
			t.Errorf("capital of %s is %s, not one of its prefectures", p.NameZh, c)
		}
	}
}

func TestShortZh(t *testing.T) {
	tests := []struct {
		name  string
		level Level
		want  string
	}{
		{"山西省", Province, "山西"},
		{"北京市", Province, "北京"},
		{"内蒙古自治区", Province, "内蒙古"},
		{"广西壮族自治区", Province, "广西"},
		{"新疆维吾尔自治区", Province, "新疆"},
		{"西藏自治区", Province, "西藏"},
		{"香港特别行政区", Province, "香港"},
		{"太原市", Prefecture, "太原"},
		{"延边朝鲜族自治州", Prefecture, "延边"},
		{"黔西南布依族苗族自治州", Prefecture, "黔西南"},
		{"海西蒙古族藏族自治州", Prefecture, "海西"},
		{"博尔塔拉蒙古自治州", Prefecture, "博尔塔拉"},
		{"克孜勒苏柯尔克孜自治州", Prefecture, "克孜勒苏"},
		{"大兴安岭地区", Prefecture, "大兴安岭"},
		{"锡林郭勒盟", Prefecture, "锡林郭勒"},
		{"重庆城区", Prefecture, ""},
		{"小店区", County, "小店"},
		{"古交市", County, "古交"},
		{"城区", County, ""},
		{"盂县", County, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shortZh(tt.name, tt.level); got != tt.want {
				t.Errorf("shortZh(%q, %v) = %q, want %q", tt.name, tt.level, got, tt.want)
			}
		})
	}
}

func TestLookupDivision(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"code", "140105", "140105"},
		{"code with spaces", " 140105 ", "140105"},
		{"full province", "山西省", "140000"},
		{"short province", "山西", "140000"},
		{"full prefecture", "太原市", "140100"},
		{"short prefecture", "太原", "140100"},
		{"full county", "小店区", "140105"},
		{"short county", "小店", "140105"},
		{"county without point", "汾阳市", "141182"},
		{"qualified by city", "阳泉市城区", "140302"},
		{"qualified by other city", "晋城市城区", "140502"},
		{"qualified by short city", "阳泉城区", "140302"},
		{"fully qualified", "山西省太原市小店区", "140105"},
		{"short qualified", "太原小店区", "140105"},
		{"province and county", "山西小店区", "140105"},
		{"qualified with spaces", "山西省 太原市 小店区", "140105"},
		{"qualified prefecture", "山西省太原市", "140100"},
		{"municipality short", "北京", "110000"},
		{"municipality full", "北京市", "110000"},
		{"municipality districts", "北京市北京市", "110100"},
		{"province over its city", "吉林", "220000"},
		{"city by full name", "吉林市", "220200"},
		{"autonomous prefecture", "延边", "222400"},
		{"autonomous region", "内蒙古", "150000"},
		{"English province", "Shanxi", "140000"},
		{"English lower case", "shanxi", "140000"},
		{"English upper case", "BEIJING", "110000"},
		{"Shaanxi is not Shanxi", "Shaanxi", "610000"},
		{"English with type word", "Shanxi Province", "140000"},
		{"English type word picks city", "Jilin City", "220200"},
		{"English type word picks province", "Jilin Province", "220000"},
		{"English autonomous region", "Inner Mongolia Autonomous Region", "150000"},
		{"English apostrophe", "Xi'an", "610100"},
		{"English without apostrophe", "Xian", "610100"},
		{"English umlaut", "Lüliang", "141100"},
		{"English v for umlaut", "Lvliang", "141100"},
		{"English qualified big first", "Taiyuan Xiaodian", "140105"},
		{"English qualified small first", "Xiaodian, Taiyuan", "140105"},
		{"English qualified ambiguous name", "Chengqu, Yangquan", "140302"},
		{"English fully qualified", "Shanxi Taiyuan Xiaodian District", "140105"},
		{"English province qualifies", "Suzhou, Jiangsu", "320500"},
		{"English two words", "Hong Kong", "810000"},
		{"province over prefecture", "海南", "460000"},
		{"province over prefecture in English", "Hainan", "460000"},
		{"province over county", "Xinjiang", "650000"},
		{"county by its Chinese name", "新绛", "140825"},
		{"county by English type word", "Xinjiang County", "140825"},
		{"Chongqing urban", "重庆城区", "500100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := LookupDivision(tt.in)
			if err != nil || d.Code != tt.want {
				t.Errorf("LookupDivision(%q) = %s, %v, want %s", tt.in, d.Code, err, tt.want)
			}
		})
	}
}

func TestLookupDivisionAmbiguous(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		msg      string
	}{
		{"城区", "城区", []string{"140302", "140502"},
			`"城区" is ambiguous: 阳泉市城区 (140302), 晋城市城区 (140502)`},
		{"Chengqu", "Chengqu", []string{"140302", "140502"},
			`"Chengqu" is ambiguous: Chengqu, Yangquan (140302); Chengqu, Jincheng (140502)`},
		{"Suzhou", "Suzhou", []string{"320500", "341300"}, ""},
		{"Taizhou", "Taizhou", []string{"321200", "331000"}, ""},
		{"Linyi city or county", "Linyi", []string{"140821", "371300"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LookupDivision(tt.in)
			var amb *AmbiguousError
			if !errors.As(err, &amb) {
				t.Fatalf("LookupDivision(%q) error = %v, want *AmbiguousError", tt.in, err)
			}
			if !errors.Is(err, ErrAmbiguous) || errors.Is(err, ErrUnknown) {
				t.Errorf("LookupDivision(%q): errors.Is(ErrAmbiguous) false or errors.Is(ErrUnknown) true", tt.in)
			}
			var got []string
			for _, d := range amb.Candidates {
				got = append(got, d.Code)
			}
			if !slices.Equal(got, tt.want) || amb.Name != tt.in {
				t.Errorf("LookupDivision(%q) candidates = %v (name %q), want %v", tt.in, got, amb.Name, tt.want)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("LookupDivision(%q) error = %q, want %q", tt.in, err.Error(), tt.msg)
			}
		})
	}
}

func TestLookupDivisionUnknown(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"spaces", "   "},
		{"punctuation only", "、，,."},
		{"type word only", "City"},
		{"unknown name", "火星市"},
		{"unknown English", "Atlantis"},
		{"unlisted code", "440305"},
		{"not a code", "14010"},
		{"seven digits", "1401050"},
		{"prefix of a name", "太"},
		{"wrong qualifier", "太原市城区"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := LookupDivision(tt.in)
			if !errors.Is(err, ErrUnknown) {
				t.Errorf("LookupDivision(%q) = %s, %v, want ErrUnknown", tt.in, d.Code, err)
			}
		})
	}
	long := strings.Repeat("长", 500)
	_, err := LookupDivision(long)
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("LookupDivision(500 runes) error = %.80q…, want a short message", err)
	}
}

func TestLookupLevel(t *testing.T) {
	tests := []struct {
		name   string
		lookup func(string) (Division, error)
		in     string
		want   string // "" means ErrUnknown
	}{
		{"province 北京", LookupProvince, "北京", "110000"},
		{"prefecture 北京", LookupPrefecture, "北京", "110100"},
		{"prefecture 北京市", LookupPrefecture, "北京市", "110100"},
		{"prefecture 吉林", LookupPrefecture, "吉林", "220200"},
		{"province Xinjiang", LookupProvince, "Xinjiang", "650000"},
		{"county Xinjiang", LookupCounty, "Xinjiang", "140825"},
		{"province 海南", LookupProvince, "海南", "460000"},
		{"prefecture 海南", LookupPrefecture, "海南", "632500"},
		{"county 小店", LookupCounty, "小店", "140105"},
		{"province by code", LookupProvince, "140000", "140000"},
		{"province given a city", LookupProvince, "太原", ""},
		{"province given a city code", LookupProvince, "140100", ""},
		{"county given a province", LookupCounty, "山西", ""},
		{"type word cannot widen", LookupCounty, "Taiyuan City", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := tt.lookup(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrUnknown) {
					t.Errorf("lookup(%q) = %s, %v, want ErrUnknown", tt.in, d.Code, err)
				}
				return
			}
			if err != nil || d.Code != tt.want {
				t.Errorf("lookup(%q) = %s, %v, want %s", tt.in, d.Code, err, tt.want)
			}
		})
	}
	if _, err := LookupCounty("城区"); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("LookupCounty(城区) error = %v, want ambiguous", err)
	}
	_, err := LookupProvince("太原")
	if want := `province "太原": not found`; err == nil || err.Error() != want {
		t.Errorf("LookupProvince(太原) error = %v, want %s", err, want)
	}
}

func TestRelatives(t *testing.T) {
	tests := []struct {
		code, province, city string // "" means false
	}{
		{"140105", "140000", "140100"},
		{"140100", "140000", "140100"},
		{"140000", "140000", ""},
		{"440305", "440000", "440300"}, // unlisted county: by its code
		{"500101", "500000", "500100"},
		{"419001", "410000", ""}, // ruled by the province directly
		{"990000", "", ""},
		{"14010", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		p, ok := ProvinceOf(tt.code)
		if ok != (tt.province != "") || p.Code != tt.province {
			t.Errorf("ProvinceOf(%q) = %s, %v, want %q", tt.code, p.Code, ok, tt.province)
		}
		c, ok := CityOf(tt.code)
		if ok != (tt.city != "") || c.Code != tt.city {
			t.Errorf("CityOf(%q) = %s, %v, want %q", tt.code, c.Code, ok, tt.city)
		}
	}
}

func TestChildren(t *testing.T) {
	tests := []struct {
		code  string
		n     int
		first string
	}{
		{"140000", 11, "140100"},
		{"140100", 10, "140105"},
		{"141100", 13, "141102"},
		{"110000", 1, "110100"},
		{"500000", 2, "500100"},
		{"440300", 0, ""},
		{"140105", 0, ""},
		{"nope", 0, ""},
	}
	for _, tt := range tests {
		got := Children(tt.code)
		if len(got) != tt.n || (tt.n > 0 && got[0].Code != tt.first) {
			t.Errorf("Children(%s) = %d divisions, want %d starting with %s", tt.code, len(got), tt.n, tt.first)
		}
		for i := 1; i < len(got); i++ {
			if got[i-1].Code >= got[i].Code {
				t.Errorf("Children(%s) not sorted at %d", tt.code, i)
			}
		}
	}
	total := 0
	for _, p := range Children("140000") {
		total += len(Children(p.Code))
	}
	if total != 117 {
		t.Errorf("Shanxi's cities have %d counties, want 117", total)
	}
}

func TestQualifiedNames(t *testing.T) {
	tests := []struct {
		code, full, zh, en string
	}{
		{"140302", "山西省阳泉市城区", "阳泉市城区", "Chengqu, Yangquan"},
		{"140105", "山西省太原市小店区", "太原市小店区", "Xiaodian, Taiyuan"},
		{"140100", "山西省太原市", "山西省太原市", "Taiyuan, Shanxi"},
		{"140000", "山西省", "山西省", "Shanxi"},
		{"110100", "北京市", "北京市", "Beijing"},
		{"500200", "重庆郊县", "重庆郊县", "Chongqing (counties)"},
		{"220200", "吉林省吉林市", "吉林省吉林市", "Jilin, Jilin"},
		{"141100", "山西省吕梁市", "山西省吕梁市", "Lüliang, Shanxi"},
	}
	for _, tt := range tests {
		d, ok := DivisionByCode(tt.code)
		if !ok {
			t.Fatalf("DivisionByCode(%s) not found", tt.code)
		}
		if got := QualifiedName(tt.code); got != tt.full {
			t.Errorf("QualifiedName(%s) = %q, want %q", tt.code, got, tt.full)
		}
		if got := d.QualifiedZh(); got != tt.zh {
			t.Errorf("QualifiedZh(%s) = %q, want %q", tt.code, got, tt.zh)
		}
		if got := d.QualifiedEn(); got != tt.en {
			t.Errorf("QualifiedEn(%s) = %q, want %q", tt.code, got, tt.en)
		}
	}
	if got := QualifiedName("440305"); got != "" {
		t.Errorf(`QualifiedName("440305") = %q, want ""`, got)
	}
}

// Every way of writing a division that the index offers must lead back to it
// unless the same words name another division too.
func TestQualifiedRoundTrip(t *testing.T) {
	byLevel := map[Level]func(string) (Division, error){Province: LookupProvince, Prefecture: LookupPrefecture, County: LookupCounty}
	municipal := []string{"110100", "120100", "310100"}
	for _, d := range Divisions() {
		for _, s := range []string{d.QualifiedZh(), d.QualifiedEn(), QualifiedName(d.Code), d.Code} {
			if got, err := byLevel[d.Level](s); err != nil || got.Code != d.Code {
				t.Errorf("lookup %v (%q) = %s, %v, want %s", d.Level, s, got.Code, err, d.Code)
			}
			want := d.Code
			if slices.Contains(municipal, d.Code) && s != d.Code {
				want = d.Parent
			}
			if got, err := LookupDivision(s); err != nil || got.Code != want {
				t.Errorf("LookupDivision(%q) = %s, %v, want %s", s, got.Code, err, want)
			}
		}
	}
}

func TestReturnedSlicesAreCopies(t *testing.T) {
	Provinces()[0].NameZh = "changed"
	Divisions()[0].NameZh = "changed"
	Children("140000")[0].NameZh = "changed"
	if d, _ := DivisionByCode("110000"); d.NameZh != "北京市" {
		t.Errorf("DivisionByCode(110000).NameZh = %q after changing a returned slice", d.NameZh)
	}
	if d, _ := DivisionByCode("140100"); d.NameZh != "太原市" {
		t.Errorf("DivisionByCode(140100).NameZh = %q after changing a returned slice", d.NameZh)
	}
}

func TestLevelString(t *testing.T) {
	tests := []struct {
		l    Level
		want string
	}{{Province, "province"}, {Prefecture, "prefecture"}, {County, "county"}, {0, "level(0)"}}
	for _, tt := range tests {
		if got := tt.l.String(); got != tt.want {
			t.Errorf("Level(%d).String() = %q, want %q", int(tt.l), got, tt.want)
		}
	}
}

// The expected distances were computed apart from this code, in Python, as
// the angle between the two points' unit vectors (atan2 of cross and dot
// product) times the same radius.
func TestHaversine(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want                   float64
	}{
		{"same point", 37.87326, 112.54245, 37.87326, 112.54245, 0},
		{"one degree on the equator", 0, 0, 0, 1, 111.1950802335329},
		{"half the equator", 0, 0, 0, 180, 20015.114442035923},
		{"pole to pole", 90, 0, -90, 0, 20015.114442035923},
		{"Taiyuan to Beijing", 37.87326, 112.54245, 39.90403, 116.407526, 403.5423634711953},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Haversine(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
			if math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("Haversine(%v, %v, %v, %v) = %.9f, want %.9f", tt.lat1, tt.lon1, tt.lat2, tt.lon2, got, tt.want)
			}
			if back := Haversine(tt.lat2, tt.lon2, tt.lat1, tt.lon1); math.Abs(back-got) > 1e-9 {
				t.Errorf("Haversine is not symmetric: %v and %v", got, back)
			}
		})
	}
}

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       float64 // negative means no distance
	}{
		{"Taiyuan to Beijing", "140100", "110100", 403.5423634711953},
		{"Shanxi to Beijing by province", "140000", "110000", 403.5423634711953},
		{"Xiaodian to an unlisted Shenzhen district", "140105", "440305", 1694.898951507484},
		{"Taiyuan to Guangzhou", "140100", "440100", 1640.8024935238523},
		{"Fenyang borrows Lüliang's point", "141182", "140100", 129.8650750112359},
		{"same code", "140105", "140105", 0},
		{"Taiwan has no point", "710000", "110000", -1},
		{"province-ruled county", "419001", "110000", -1},
		{"unknown code", "990101", "110000", -1},
		{"not a code", "Beijing", "110000", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := DistanceKm(tt.a, tt.b)
			if tt.want < 0 {
				if ok {
					t.Errorf("DistanceKm(%s, %s) = %v, true, want false", tt.a, tt.b, got)
				}
				return
			}
			if !ok || math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("DistanceKm(%s, %s) = %.6f, %v, want %.6f", tt.a, tt.b, got, ok, tt.want)
			}
		})
	}
}

func BenchmarkLookupDivision(b *testing.B) {
	for _, in := range []string{"140105", "太原", "山西省太原市小店区", "Xiaodian, Taiyuan", "城区"} {
		b.Run(in, func(b *testing.B) {
			LookupDivision(in)
			b.ReportAllocs()
			for b.Loop() {
				LookupDivision(in)
			}
		})
	}
}

func BenchmarkDistanceKm(b *testing.B) {
	DistanceKm("140105", "440305")
	b.ReportAllocs()
	for b.Loop() {
		DistanceKm("140105", "440305")
	}
}

func FuzzLookupDivision(f *testing.F) {
	for _, s := range []string{"140105", "城区", "山西省太原市小店区", "Xiaodian, Taiyuan", "Jilin City", "ü", "", "省", "\xff", "自治区"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := LookupDivision(s)
		if err != nil {
			if !errors.Is(err, ErrUnknown) && !errors.Is(err, ErrAmbiguous) {
				t.Fatalf("LookupDivision(%q) error %v is neither unknown nor ambiguous", s, err)
			}
			return
		}
		back, ok := DivisionByCode(d.Code)
		if !ok || back != d {
			t.Fatalf("LookupDivision(%q) = %+v, not the listed division", s, d)
		}
		if again, err := LookupDivision(d.Code); err != nil || again != d {
			t.Fatalf("LookupDivision(%q) = %+v, %v, want %+v", d.Code, again, err, d)
		}
	})
}
