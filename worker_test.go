package laborbridge

import (
	"strings"
	"testing"
	"time"
)

var today = time.Date(2026, 11, 28, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func validWorker() WorkerInput {
	return WorkerInput{Name: "王小明", IDNumber: "11010519491231002X", Phone: "13912345678", Home: "小店区",
		Occupation: "5120", SkillLevel: "4", Priority: "是", WishRegions: "北京、江苏", MinWage: "4,500"}
}

func TestParseWorker(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*WorkerInput)
		fields []string // fields at fault; none means valid
	}{
		{"valid", func(*WorkerInput) {}, nil},
		{"lowercase x", func(in *WorkerInput) { in.IDNumber = "11010519491231002x" }, nil},
		{"15-digit upgraded", func(in *WorkerInput) { in.IDNumber = "110105491231002" }, nil},
		{"wrong check character", func(in *WorkerInput) { in.IDNumber = "110105194912310021" }, []string{"id_number"}},
		{"impossible birth date", func(in *WorkerInput) { in.IDNumber = "11010519490231002X" }, []string{"id_number"}},
		{"ID stored as a number", func(in *WorkerInput) { in.IDNumber = "1.10105194912310E+17" }, []string{"id_number"}},
		{"under 16", func(in *WorkerInput) { in.IDNumber = "110105201206010014" }, []string{"id_number"}},
		{"phone too short", func(in *WorkerInput) { in.Phone = "1391234567" }, []string{"phone"}},
		{"phone starting 12", func(in *WorkerInput) { in.Phone = "12912345678" }, []string{"phone"}},
		{"phone with +86 and spaces", func(in *WorkerInput) { in.Phone = "+86 139 1234 5678" }, nil},
		{"home is a city", func(in *WorkerInput) { in.Home = "太原市" }, []string{"home"}},
		{"home ambiguous", func(in *WorkerInput) { in.Home = "城区" }, []string{"home"}},
		{"home qualified", func(in *WorkerInput) { in.Home = "阳泉市城区" }, nil},
		{"home by code", func(in *WorkerInput) { in.Home = "140302" }, nil},
		{"home unknown", func(in *WorkerInput) { in.Home = "火星县" }, []string{"home"}},
		{"occupation by name", func(in *WorkerInput) { in.Occupation = "厨师" }, nil},
		{"occupation unknown", func(in *WorkerInput) { in.Occupation = "宇航员9999" }, []string{"occupation"}},
		{"skill level 6", func(in *WorkerInput) { in.SkillLevel = "6" }, []string{"skill_level"}},
		{"skill level by title", func(in *WorkerInput) { in.SkillLevel = "高级工" }, nil},
		{"priority yes in English", func(in *WorkerInput) { in.Priority = "yes" }, nil},
		{"priority nonsense", func(in *WorkerInput) { in.Priority = "maybe" }, []string{"priority"}},
		{"wish regions mixed separators", func(in *WorkerInput) { in.WishRegions = "北京; 浙江,广东 江苏" }, nil},
		{"wish region unknown", func(in *WorkerInput) { in.WishRegions = "北京、亚特兰蒂斯" }, []string{"wish_regions"}},
		{"negative wage", func(in *WorkerInput) { in.MinWage = "-1" }, []string{"min_wage"}},
		{"bad date", func(in *WorkerInput) { in.AvailableFrom = "2027-02-30" }, []string{"available_from"}},
		{"date with Chinese units", func(in *WorkerInput) { in.AvailableFrom = "2027年1月6日" }, nil},
		{"several at once", func(in *WorkerInput) { in.Name, in.Phone, in.Home = "", "x", "" }, []string{"name", "phone", "home"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validWorker()
			tt.edit(&in)
			w, err := ParseWorker(in, today)
			got := faultFields(err)
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Fatalf("ParseWorker fields at fault = %v, want %v (err %v)", got, tt.fields, err)
			}
			if err == nil && (w.IDNumber == "" || w.Registered == "" || w.Birth.IsZero()) {
				t.Errorf("ParseWorker did not derive identity: %+v", w)
			}
		})
	}
}

func faultFields(err error) []string {
	if err == nil {
		return nil
	}
	e, ok := err.(*Error)
	if !ok {
		return []string{"?" + err.Error()}
	}
	if len(e.Problems) == 0 {
		return []string{e.Field}
	}
	var out []string
	for _, p := range e.Problems {
		out = append(out, p.Field)
	}
	return out
}

func TestParseWorkerDerives(t *testing.T) {
	w, err := ParseWorker(validWorker(), today)
	if err != nil {
		t.Fatal(err)
	}
	if w.Birth.Format("2006-01-02") != "1949-12-31" || w.Male || w.Registered != "110105" || w.Home != "140105" {
		t.Errorf("ParseWorker = birth %v male %v registered %s home %s", w.Birth, w.Male, w.Registered, w.Home)
	}
	if w.IDMasked != "110105********002X" || w.PhoneMasked != "139****5678" || w.MinWage != 4500 {
		t.Errorf("masks %q %q wage %d", w.IDMasked, w.PhoneMasked, w.MinWage)
	}
	if got := strings.Join(w.WishRegions, ","); got != "110000,320000" {
		t.Errorf("WishRegions = %s, want 110000,320000", got)
	}
	again, err := ParseWorker(w.Input(), today)
	if err != nil || again.IDNumber != w.IDNumber || strings.Join(again.WishRegions, ",") != "110000,320000" {
		t.Errorf("ParseWorker(w.Input()) = %+v, %v", again, err)
	}
}

func TestWorkingAge(t *testing.T) {
	tests := []struct {
		age  int
		male bool
		want bool
	}{
		{15, true, false}, {16, true, true}, {60, true, true}, {61, true, false},
		{16, false, true}, {55, false, true}, {56, false, false},
	}
	for _, tt := range tests {
		if got := WorkingAge(tt.age, tt.male); got != tt.want {
			t.Errorf("WorkingAge(%d, %v) = %v, want %v", tt.age, tt.male, got, tt.want)
		}
	}
}

func TestAgeOn(t *testing.T) {
	birth := time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		day  time.Time
		want int
	}{
		{time.Date(2018, 2, 28, 0, 0, 0, 0, time.UTC), 17},
		{time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC), 18},
		{time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC), 20},
	}
	for _, tt := range tests {
		if got := AgeOn(birth, tt.day); got != tt.want {
			t.Errorf("AgeOn(%v) = %d, want %d", tt.day, got, tt.want)
		}
	}
}
