package store_test

import (
	"fmt"
	"sync"
	"testing"

	"laborbridge"
	"laborbridge/internal/idcard"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// TestConcurrentRunsKeepHeadcount books 45 seats for 200 workers from four
// match runs at once, each over its own county, retried when another run
// took seats meanwhile: exactly 45 are placed, never more.
func TestConcurrentRunsKeepHeadcount(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		sys := storetest.System()
		emp, err := db.CreateEmployer(sys, laborbridge.EmployerInput{CreditCode: idcard.GenerateCreditCode("320500", 1),
			Name: "苏州某电子厂", Division: "320500"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateVacancy(sys, laborbridge.VacancyInput{CreditCode: emp.CreditCode, Occupation: "8212",
			Title: "装配工", Headcount: "45", WageMin: "5000", Place: "苏州市", StartDate: "2027-01-10"}); err != nil {
			t.Fatal(err)
		}
		counties := []string{"140105", "140106", "140107", "140108"}
		for i := range 200 {
			in := worker(t, fmt.Sprintf("工人%03d", i), counties[i%4], 100+i)
			in.Occupation, in.WishRegions, in.MinWage = "8212", "", ""
			if _, err := db.CreateWorker(sys, in); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		for _, c := range counties {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for attempt := 0; attempt < 20; attempt++ {
					_, err := db.RunMatch(sys, store.MatchParams{Scope: c, Day: "2027-01-04"}, nil)
					if err == nil {
						return
					}
					if laborbridge.KindOf(err) != laborbridge.Conflict {
						t.Errorf("RunMatch(%s): %v", c, err)
						return
					}
				}
				t.Errorf("RunMatch(%s) kept meeting other runs", c)
			}()
		}
		wg.Wait()
		if held := seatsHeld(t, db); held != 45 {
			t.Errorf("%d seats held, want exactly 45", held)
		}
	})
}
