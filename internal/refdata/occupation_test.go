package refdata

import (
	"errors"
	"testing"
)

func TestOccupationTitles(t *testing.T) {
	all := Occupations()
	if len(all) != 436 {
		t.Fatalf("len(Occupations()) = %d, want 436", len(all))
	}
	seenZh := map[string]string{}
	seenEn := map[string]string{}
	for _, o := range all {
		if o.NameZh == "" || o.NameEn == "" {
			t.Errorf("%s has titles %q / %q, want both", o.Code, o.NameZh, o.NameEn)
		}
		if prev, dup := seenZh[o.NameZh]; dup {
			t.Errorf("%s and %s share the Chinese title %q", prev, o.Code, o.NameZh)
		}
		if prev, dup := seenEn[o.NameEn]; dup {
			t.Errorf("%s and %s share the English title %q", prev, o.Code, o.NameEn)
		}
		seenZh[o.NameZh], seenEn[o.NameEn] = o.Code, o.Code
		if o.Major != o.Code[:1] || o.SubMajor != o.Code[:2] || o.Minor != o.Code[:3] {
			t.Errorf("%s has groups %s/%s/%s", o.Code, o.Major, o.SubMajor, o.Minor)
		}
		for _, g := range []string{o.Major, o.SubMajor, o.Minor} {
			if _, ok := GroupByCode(g); !ok {
				t.Errorf("%s: group %s missing", o.Code, g)
			}
		}
	}
}

func TestOccupationGroups(t *testing.T) {
	tests := []struct {
		name  string
		list  []Group
		n     int
		width int
	}{
		{"major", MajorGroups(), 10, 1},
		{"sub-major", SubMajorGroups(), 43, 2},
		{"minor", MinorGroups(), 130, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.list) != tt.n {
				t.Errorf("%d %s groups, want %d", len(tt.list), tt.name, tt.n)
			}
			seen := map[string]string{}
			for _, g := range tt.list {
				if len(g.Code) != tt.width || g.NameZh == "" || g.NameEn == "" {
					t.Errorf("group %+v is not a complete %s group", g, tt.name)
				}
				if prev, dup := seen[g.NameZh]; dup {
					t.Errorf("groups %s and %s share the Chinese title %q", prev, g.Code, g.NameZh)
				}
				seen[g.NameZh] = g.Code
			}
		})
	}
	if g, _ := GroupByCode("7"); g.NameZh != "工艺及相关行业工人" || g.NameEn != "Craft and related trades workers" {
		t.Errorf("GroupByCode(7) = %+v", g)
	}
	if _, ok := GroupByCode("5120"); ok {
		t.Errorf("GroupByCode(5120) found a unit group, want groups only")
	}
}

func TestLookupOccupation(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" means ErrUnknown
	}{
		{"code", "5120", "5120"},
		{"armed forces code", "0110", "0110"},
		{"Chinese title", "厨师", "5120"},
		{"Chinese title with 、", "面包师、糕点师和糖果制作工", "7512"},
		{"Chinese title with full-width parentheses", "街头商贩（食品除外）", "9520"},
		{"Chinese title with ASCII parentheses", "街头商贩(食品除外)", "9520"},
		{"English title", "Cooks", "5120"},
		{"English any case", "FREIGHT HANDLERS", "9333"},
		{"English extra spaces", "  car,  taxi and van   drivers ", "8322"},
		{"English straight apostrophe", "Ships' engineers", "3151"},
		{"English curly apostrophe", "Ships’ engineers", "3151"},
		{"minor group code", "512", ""},
		{"unknown code", "5129", ""},
		{"partial title", "厨", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := LookupOccupation(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrUnknown) {
					t.Errorf("LookupOccupation(%q) = %s, %v, want ErrUnknown", tt.in, o.Code, err)
				}
				return
			}
			if err != nil || o.Code != tt.want {
				t.Errorf("LookupOccupation(%q) = %s, %v, want %s", tt.in, o.Code, err, tt.want)
			}
		})
	}
	if _, err := LookupOccupation("welder"); err == nil || err.Error() != `occupation "welder": not found` {
		t.Errorf(`LookupOccupation("welder") error = %v`, err)
	}
}

func TestOccupationByCode(t *testing.T) {
	o, ok := OccupationByCode("8322")
	want := Occupation{"8322", "小汽车、出租车和厢式货车司机", "Car, taxi and van drivers", "8", "83", "832"}
	if !ok || o != want {
		t.Errorf("OccupationByCode(8322) = %+v, %v, want %+v", o, ok, want)
	}
	if _, ok := OccupationByCode("832"); ok {
		t.Errorf("OccupationByCode(832) found, want false")
	}
}

func TestRelated(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"5120", "5120", 3},
		{"9333", "9334", 2}, // transport and storage labourers
		{"5120", "5131", 1}, // cooks and waiters: personal service workers
		{"5120", "9412", 0}, // cooks and kitchen helpers: different majors
		{"7212", "7213", 2},
		{"7212", "7231", 1},
		{"0110", "0210", 0},
		{"5120", "5129", 0}, // 5129 does not exist
		{"5120", "512", 0},
		{"", "", 0},
		{"abcd", "abcd", 0},
	}
	for _, tt := range tests {
		if got := Related(tt.a, tt.b); got != tt.want {
			t.Errorf("Related(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Related(tt.b, tt.a); got != tt.want {
			t.Errorf("Related(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func BenchmarkRelated(b *testing.B) {
	Related("5120", "5131")
	for b.Loop() {
		Related("5120", "5131")
	}
}

func BenchmarkLookupOccupation(b *testing.B) {
	LookupOccupation("厨师")
	b.ReportAllocs()
	for b.Loop() {
		LookupOccupation("Car, taxi and van drivers")
	}
}
