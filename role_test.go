package laborbridge

import "testing"

func TestDivisionPrefix(t *testing.T) {
	tests := map[string]string{"140000": "14", "140100": "1401", "140105": "140105", "110000": "11", "": "", "14": "14"}
	for in, want := range tests {
		if got := DivisionPrefix(in); got != want {
			t.Errorf("DivisionPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSeesDivision(t *testing.T) {
	tests := []struct {
		name string
		u    User
		code string
		want bool
	}{
		{"province", User{Role: RoleProvince, Division: "140000"}, "140105", true},
		{"province other", User{Role: RoleProvince, Division: "140000"}, "110105", false},
		{"city own county", User{Role: RoleCity, Division: "140100"}, "140105", true},
		{"city other city", User{Role: RoleCity, Division: "140100"}, "140302", false},
		{"county own", User{Role: RoleCounty, Division: "140105"}, "140105", true},
		{"county neighbour", User{Role: RoleCounty, Division: "140105"}, "140106", false},
		{"partner never", User{Role: RolePartner, EmployerID: "x"}, "140105", false},
		{"system sees all", *System(), "650102", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.u.SeesDivision(tt.code); got != tt.want {
				t.Errorf("SeesDivision(%s) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestCan(t *testing.T) {
	tests := []struct {
		role Role
		act  Action
		want bool
	}{
		{RoleCounty, ActImportWorkers, true},
		{RoleCounty, ActReadAudit, false},
		{RolePartner, ActReadWorkers, false},
		{RolePartner, ActWriteVacancies, true},
		{RoleWorker, ActWriteWorkers, false},
		{RoleTrainer, ActReadVacancies, true},
		{RoleProvince, ActManageUsers, true},
	}
	for _, tt := range tests {
		u := &User{Role: tt.role}
		if got := u.Can(tt.act); got != tt.want {
			t.Errorf("%s.Can(%s) = %v, want %v", tt.role, tt.act, got, tt.want)
		}
	}
	if (&User{Role: RoleProvince, Disabled: true}).Can(ActReadWorkers) {
		t.Error("a disabled user can act")
	}
}

func TestUserValidate(t *testing.T) {
	tests := []struct {
		name string
		u    User
		ok   bool
	}{
		{"county with division", User{Username: "xiaodian", Role: RoleCounty, Division: "140105"}, true},
		{"county without division", User{Username: "xiaodian", Role: RoleCounty}, false},
		{"partner without employer", User{Username: "p1", Role: RolePartner}, false},
		{"short username", User{Username: "ab", Role: RoleTrainer}, false},
		{"username with space", User{Username: "a b c", Role: RoleTrainer}, false},
		{"bad role", User{Username: "abc", Role: "king"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.u.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
