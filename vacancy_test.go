package laborbridge

import (
	"strings"
	"testing"
)

func validVacancy() VacancyInput {
	return VacancyInput{CreditCode: "91350100M000100Y43", Occupation: "厨师", Title: "中餐厨师", Headcount: "20",
		WageMin: "5000", WageMax: "7000", Place: "北京市", StartDate: "2027-01-10", AgeMin: "18", AgeMax: "50",
		Housing: "是", Meals: "是", TravelPaid: "否"}
}

func TestParseVacancy(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*VacancyInput)
		fields []string
	}{
		{"valid", func(*VacancyInput) {}, nil},
		{"credit code wrong check", func(in *VacancyInput) { in.CreditCode = "91350100M000100Y44" }, []string{"credit_code"}},
		{"credit code with O", func(in *VacancyInput) { in.CreditCode = "91350100M000100O43" }, []string{"credit_code"}},
		{"credit code lower case", func(in *VacancyInput) { in.CreditCode = "91350100m000100y43" }, nil},
		{"headcount zero", func(in *VacancyInput) { in.Headcount = "0" }, []string{"headcount"}},
		{"headcount missing", func(in *VacancyInput) { in.Headcount = "" }, []string{"headcount"}},
		{"wage range inverted", func(in *VacancyInput) { in.WageMin, in.WageMax = "7000", "5000" }, []string{"wage_max"}},
		{"wage yearly by mistake", func(in *VacancyInput) { in.WageMin = "50" }, []string{"wage_min"}},
		{"wage absurd", func(in *VacancyInput) { in.WageMax = "1000000" }, []string{"wage_max"}},
		{"single wage", func(in *VacancyInput) { in.WageMax = "" }, nil},
		{"place is a province", func(in *VacancyInput) { in.Place = "江苏" }, []string{"place"}},
		{"place city", func(in *VacancyInput) { in.Place = "苏州市" }, nil},
		{"age under 16", func(in *VacancyInput) { in.AgeMin = "15" }, []string{"age_min"}},
		{"age range inverted", func(in *VacancyInput) { in.AgeMin, in.AgeMax = "40", "30" }, []string{"age_max"}},
		{"start date missing", func(in *VacancyInput) { in.StartDate = "" }, []string{"start_date"}},
		{"housing nonsense", func(in *VacancyInput) { in.Housing = "perhaps" }, []string{"housing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validVacancy()
			tt.edit(&in)
			v, err := ParseVacancy(in)
			if got := faultFields(err); strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Fatalf("ParseVacancy fields at fault = %v, want %v (err %v)", got, tt.fields, err)
			}
			if err == nil && (v.Lat == 0 || v.Division == "") {
				t.Errorf("ParseVacancy gave no place: %+v", v)
			}
		})
	}
}

func TestVacancyAccepts(t *testing.T) {
	v := &Vacancy{AgeMin: 18, AgeMax: 58}
	tests := []struct {
		age  int
		male bool
		want bool
	}{
		{17, true, false}, {18, true, true}, {58, true, true}, {57, false, false}, {55, false, true}, {59, true, false},
	}
	for _, tt := range tests {
		if got := v.Accepts(tt.age, tt.male); got != tt.want {
			t.Errorf("Accepts(%d, %v) = %v, want %v", tt.age, tt.male, got, tt.want)
		}
	}
}

func TestVacancyRoundTrip(t *testing.T) {
	v, err := ParseVacancy(validVacancy())
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseVacancy(v.Input())
	if err != nil {
		t.Fatal(err)
	}
	if again.Input() != v.Input() {
		t.Errorf("ParseVacancy(v.Input()) = %+v, want %+v", again.Input(), v.Input())
	}
}
