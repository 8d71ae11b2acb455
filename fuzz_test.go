package laborbridge

import "testing"

// FuzzParseWorker feeds arbitrary text into every field: the parser must
// never panic, and what it accepts must parse again to the same worker.
func FuzzParseWorker(f *testing.F) {
	in := validWorker()
	f.Add(in.Name, in.IDNumber, in.Phone, in.Home, in.Occupation, in.SkillLevel, in.Priority, in.WishRegions, in.MinWage, "2027-01-06")
	f.Add("", "1.10105E+17", "+86 139", "城区", "厨师", "高级工", "yes", "北京;;", "4,500", "2027年1月6日")
	f.Fuzz(func(t *testing.T, name, id, phone, home, occ, level, prio, wishes, wage, avail string) {
		w, err := ParseWorker(WorkerInput{Name: name, IDNumber: id, Phone: phone, Home: home, Occupation: occ,
			SkillLevel: level, Priority: prio, WishRegions: wishes, MinWage: wage, AvailableFrom: avail}, today)
		if err != nil {
			if KindOf(err) != Invalid {
				t.Fatalf("ParseWorker error kind = %s, want invalid: %v", KindOf(err), err)
			}
			return
		}
		again, err := ParseWorker(w.Input(), today)
		if err != nil {
			t.Fatalf("ParseWorker(w.Input()) = %v for %+v", err, w.Input())
		}
		if again.IDNumber != w.IDNumber || again.Home != w.Home || again.MinWage != w.MinWage || again.Priority != w.Priority {
			t.Fatalf("round trip changed the worker: %+v → %+v", w, again)
		}
	})
}

// FuzzParseVacancy checks the vacancy parser the same way.
func FuzzParseVacancy(f *testing.F) {
	v := validVacancy()
	f.Add(v.CreditCode, v.Occupation, v.Headcount, v.WageMin, v.WageMax, v.Place, v.StartDate, v.AgeMin, v.AgeMax)
	f.Fuzz(func(t *testing.T, cc, occ, head, wmin, wmax, place, start, amin, amax string) {
		in := VacancyInput{CreditCode: cc, Occupation: occ, Headcount: head, WageMin: wmin, WageMax: wmax, Place: place,
			StartDate: start, AgeMin: amin, AgeMax: amax}
		got, err := ParseVacancy(in)
		if err != nil {
			if KindOf(err) != Invalid {
				t.Fatalf("ParseVacancy error kind = %s: %v", KindOf(err), err)
			}
			return
		}
		if _, err := ParseVacancy(got.Input()); err != nil {
			t.Fatalf("ParseVacancy(v.Input()) = %v", err)
		}
	})
}
