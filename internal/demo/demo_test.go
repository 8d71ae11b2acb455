package demo

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"laborbridge"
	"laborbridge/internal/refdata"
	"laborbridge/internal/sheet"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

var today = storetest.Start

// within fails t unless got lies in [lo, hi].
func within(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %.3f, want %.3f–%.3f", what, got, lo, hi)
	}
}

func TestWorkers(t *testing.T) {
	const n = 5000
	opt := Options{Workers: n, Seed: 7, Today: today}
	var ws []*laborbridge.Worker
	var ins []laborbridge.WorkerInput
	for in := range Workers(opt) {
		w, err := laborbridge.ParseWorker(in, today)
		if err != nil {
			t.Fatalf("ParseWorker(%+v) = %v, want no error", in, err)
		}
		ws = append(ws, w)
		ins = append(ins, in)
	}
	if len(ws) != n {
		t.Fatalf("Workers(%d) gave %d workers", n, len(ws))
	}
	ss := seasonOf(today)

	t.Run("identity", func(t *testing.T) {
		ids := map[string]bool{}
		for _, w := range ws {
			if ids[w.IDNumber] {
				t.Errorf("ID number %s given twice", w.IDNumber)
			}
			ids[w.IDNumber] = true
			if age := w.Age(today); age < 18 || age > 55 {
				t.Errorf("%s: age %d, want 18–55", w.IDNumber, age)
			}
			if w.Registered[:4] != w.Home[:4] {
				t.Errorf("%s: registered in %s, outside the city of home county %s", w.IDNumber, w.Registered, w.Home)
			}
			if d, ok := refdata.DivisionByCode(w.Home); !ok || d.Level != refdata.County || w.Home[:2] != "14" {
				t.Errorf("%s: home %s is not a county of Shanxi", w.IDNumber, w.Home)
			}
			if n := len([]rune(w.Name)); n < 2 || n > 3 {
				t.Errorf("name %q has %d characters, want 2–3", w.Name, n)
			}
		}
	})

	t.Run("fields", func(t *testing.T) {
		for _, w := range ws {
			if w.SkillLevel < 1 || w.SkillLevel > 5 {
				t.Errorf("%s: skill level %d, want 1–5", w.Name, w.SkillLevel)
			}
			if w.CertLevel != 0 && w.CertLevel != w.SkillLevel && w.CertLevel != min(w.SkillLevel+1, 5) {
				t.Errorf("%s: certificate level %d with skill level %d, want equal or one below", w.Name, w.CertLevel, w.SkillLevel)
			}
			if w.Years < 0 || w.Years > 25 || w.Years > w.Age(today)-18 {
				t.Errorf("%s: %d years of work at age %d", w.Name, w.Years, w.Age(today))
			}
			if w.MinWage < 3000 || w.MinWage > 7000 || w.MinWage%500 != 0 {
				t.Errorf("%s: minimum wage %d, want 3000–7000 in steps of 500", w.Name, w.MinWage)
			}
			if len(w.WishRegions) > 3 {
				t.Errorf("%s: %d wish regions, want at most 3", w.Name, len(w.WishRegions))
			}
			for _, p := range w.WishRegions {
				if provinceShort[p] == "" {
					t.Errorf("%s: wishes for %s, not a destination province", w.Name, p)
				}
			}
			if w.AvailableFrom != "" {
				d, _ := time.Parse("2006-01-02", w.AvailableFrom)
				if !d.After(dateOf(today)) || d.After(ss.last) {
					t.Errorf("%s: available from %s, want after %s and before %s", w.Name, w.AvailableFrom, today.Format(time.DateOnly), ss.last.Format(time.DateOnly))
				}
			}
		}
	})

	t.Run("shares", func(t *testing.T) {
		var male, priority, cert, anywhere, trade, taiyuan, lvl45 int
		for _, w := range ws {
			count := func(b bool, n *int) {
				if b {
					*n++
				}
			}
			count(w.Male, &male)
			count(w.Priority, &priority)
			count(w.CertLevel > 0, &cert)
			count(len(w.WishRegions) == 0, &anywhere)
			count(tradeByCode[w.Occupation] != nil, &trade)
			count(w.Home[:4] == "1401", &taiyuan)
			count(w.SkillLevel >= 4, &lvl45)
		}
		share := func(k int) float64 { return float64(k) / n }
		within(t, "men", share(male), 0.52, 0.58)
		within(t, "priority households", share(priority), 0.13, 0.17)
		within(t, "certificate holders", share(cert), 0.22, 0.38)
		within(t, "no wish region", share(anywhere), 0.17, 0.23)
		within(t, "labour-export trades", share(trade), 0.85, 0.97)
		within(t, "Taiyuan", share(taiyuan), 0.11, 0.19) // 530/3492 of the people
		within(t, "skill level 4 or 5", share(lvl45), 0.8, 0.95)
	})

	t.Run("villages", func(t *testing.T) {
		sizes := map[string]int{}
		for _, in := range ins {
			if !strings.HasSuffix(in.Village, "村") && !strings.HasSuffix(in.Village, "组") {
				t.Errorf("village %q is not a village name", in.Village)
			}
			sizes[in.Home+in.Village]++
		}
		for v, k := range sizes {
			if k > 30 {
				t.Errorf("village %s has %d workers, want at most 30", v, k)
			}
		}
		within(t, "workers per village", float64(n)/float64(len(sizes)), 5, 15)
		if ins[0].Home != firstCounty {
			t.Errorf("the first worker is from %s, want %s", ins[0].Home, firstCounty)
		}
	})

	t.Run("phones", func(t *testing.T) {
		for _, in := range ins {
			if p, err := laborbridge.ParsePhone(in.Phone); err != nil || p != in.Phone {
				t.Errorf("ParsePhone(%q) = %q, %v, want it unchanged", in.Phone, p, err)
			}
		}
	})
}

func TestDeterministic(t *testing.T) {
	gen := func(opt Options) []byte {
		var b bytes.Buffer
		if err := WorkersCSV(&b, opt); err != nil {
			t.Fatal(err)
		}
		if err := VacanciesCSV(&b, opt); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	base := Options{Workers: 3000, Seed: 42, Today: today}
	a, b := gen(base), gen(base)
	if !bytes.Equal(a, b) {
		t.Fatalf("two demos of %+v differ", base)
	}
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"seed", Options{Workers: 3000, Seed: 43, Today: today}},
		{"day", Options{Workers: 3000, Seed: 42, Today: today.AddDate(0, 0, 1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if bytes.Equal(a, gen(tc.opt)) {
				t.Errorf("demo of %+v = demo of %+v, want a different one", tc.opt, base)
			}
		})
	}
	// A larger demo starts with the same people: the generator does not
	// look ahead.
	t.Run("prefix", func(t *testing.T) {
		var small, large bytes.Buffer
		WorkersCSV(&small, Options{Workers: 100, Seed: 42, Today: today})
		WorkersCSV(&large, Options{Workers: 200, Seed: 42, Today: today})
		if !bytes.HasPrefix(large.Bytes(), small.Bytes()) {
			t.Errorf("the first 100 of 200 workers differ from a demo of 100")
		}
	})
}

func TestTables(t *testing.T) {
	for _, tr := range trades {
		if _, ok := refdata.OccupationByCode(tr.code); !ok {
			t.Errorf("trade %s is not an ISCO-08 unit group", tr.code)
		}
		if len(tr.titles) == 0 || tr.ageMin < laborbridge.MinWorkingAge || tr.ageMax > laborbridge.RetirementAgeWomen {
			t.Errorf("trade %s: titles %v, ages %d–%d", tr.code, tr.titles, tr.ageMin, tr.ageMax)
		}
	}
	for name, ind := range industries {
		for _, j := range ind.jobs {
			if tradeByCode[j.s] == nil {
				t.Errorf("industry %s hires %s, which is not a trade", name, j.s)
			}
		}
	}
	for p, cs := range provinceIndustries {
		for _, c := range cs {
			if industries[c.s] == nil {
				t.Errorf("province %s: unknown industry %s", p, c.s)
			}
		}
	}
	for _, d := range destinations {
		if c, ok := refdata.CityOf(d.code); !ok || c.Code != d.code || d.code[:2] != d.province[:2] {
			t.Errorf("destination %s (%s) is not a city of %s", d.code, d.name, d.province)
		}
	}
	for city := range cityPopulation {
		if len(refdata.Children(city)) == 0 {
			t.Errorf("city %s has no counties", city)
		}
	}
	if got := len(newShanxi().counties); got != 117 {
		t.Errorf("Shanxi has %d counties, want 117", got)
	}
	for _, tc := range []struct {
		name   string
		schema []string
		field  func(string) bool
	}{
		{"workers", keys(store.WorkerColumns), func(k string) bool { _, ok := workerField(laborbridge.WorkerInput{}, k); return ok }},
		{"vacancies", keys(store.VacancyColumns), func(k string) bool { _, ok := vacancyField(laborbridge.VacancyInput{}, k); return ok }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range tc.schema {
				if !tc.field(k) {
					t.Errorf("column %s is not written", k)
				}
			}
		})
	}
}

func keys(s sheet.Schema) []string {
	var out []string
	for _, c := range s {
		out = append(out, c.Key)
	}
	return out
}

func TestPartners(t *testing.T) {
	for _, n := range []int{0, 1000, 20000, 100000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			opt := Options{Workers: n, Seed: 3, Today: today}
			emps := Employers(opt)
			if want := max(30, n/200); len(emps) != want {
				t.Errorf("%d workers: %d employers, want %d", n, len(emps), want)
			}
			codes, names, provinces := map[string]bool{}, map[string]bool{}, map[string]bool{}
			for _, in := range emps {
				e, err := laborbridge.ParseEmployer(in)
				if err != nil {
					t.Fatalf("ParseEmployer(%+v) = %v", in, err)
				}
				if codes[e.CreditCode] || names[e.Name] {
					t.Errorf("employer %s (%s) given twice", e.Name, e.CreditCode)
				}
				codes[e.CreditCode], names[e.Name] = true, true
				p, _ := refdata.ProvinceOf(e.Division)
				provinces[p.Code] = true
			}
			if len(provinces) != len(destinationProvinces) {
				t.Errorf("employers in %d provinces, want %d", len(provinces), len(destinationProvinces))
			}
			vacs := Vacancies(opt)
			seats := 0
			ss := seasonOf(today)
			for _, in := range vacs {
				v, err := laborbridge.ParseVacancy(in)
				if err != nil {
					t.Fatalf("ParseVacancy(%+v) = %v", in, err)
				}
				if v.Headcount < 1 || v.Headcount > 200 {
					t.Errorf("%s %s: headcount %d, want 1–200", in.Employer, in.Ref, v.Headcount)
				}
				if !codes[v.CreditCode] {
					t.Errorf("%s: credit code %s of no employer", in.Ref, v.CreditCode)
				}
				if d, _ := time.Parse("2006-01-02", v.StartDate); d.Before(ss.first) || d.After(ss.last) {
					t.Errorf("%s: starts %s, outside the campaign", in.Ref, v.StartDate)
				}
				seats += v.Headcount
			}
			if n >= 1000 {
				within(t, "seats per worker", float64(seats)/float64(n), 0.57, 0.93)
			}
		})
	}
}

func TestSeason(t *testing.T) {
	for _, tc := range []struct {
		today       string
		first, last string
	}{
		{"2026-12-01", "2027-01-03", "2027-01-31"},
		{"2026-03-01", "2027-01-03", "2027-01-31"},
		{"2027-01-10", "2027-01-17", "2027-02-14"},
	} {
		t.Run(tc.today, func(t *testing.T) {
			d, _ := time.Parse("2006-01-02", tc.today)
			s := seasonOf(d)
			if got := s.first.Format("2006-01-02") + " " + s.last.Format("2006-01-02"); got != tc.first+" "+tc.last {
				t.Errorf("seasonOf(%s) = %s, want %s %s", tc.today, got, tc.first, tc.last)
			}
		})
	}
}

func TestAccounts(t *testing.T) {
	e := laborbridge.EmployerInput{Name: "北京顺达快递服务有限公司", Division: "110100"}
	a, b := accounts(5, e, "王芳"), accounts(5, e, "王芳")
	seen := map[string]bool{}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("accounts(5)[%d] = %+v, then %+v", i, a[i], b[i])
		}
		if err := store.CheckPasswordStrength(a[i].Password); err != nil {
			t.Errorf("%s: password %q: %v", a[i].Username, a[i].Password, err)
		}
		if seen[a[i].Password] {
			t.Errorf("%s: password %q used twice", a[i].Username, a[i].Password)
		}
		seen[a[i].Password] = true
	}
	if c := accounts(6, e, "王芳"); c[0].Password == a[0].Password {
		t.Errorf("seeds 5 and 6 give the same province password %q", c[0].Password)
	}
	roles := map[laborbridge.Role]bool{}
	for _, acc := range a {
		roles[acc.Role] = true
	}
	if len(roles) != len(laborbridge.Roles) {
		t.Errorf("accounts cover %d roles, want %d", len(roles), len(laborbridge.Roles))
	}
}

func TestOptions(t *testing.T) {
	for _, n := range []int{-1, MaxWorkers + 1} {
		if err := WorkersCSV(io.Discard, Options{Workers: n}); laborbridge.KindOf(err) != laborbridge.Invalid {
			t.Errorf("WorkersCSV(%d workers) = %v, want an Invalid error", n, err)
		}
	}
}

func TestFill(t *testing.T) {
	storetest.Engines(t, testFill)
}

func testFill(t *testing.T, db *store.DB, _ *storetest.Clock) {
	const n = 2000
	ctx := context.Background()
	stages := map[string]int{}
	res, err := Fill(ctx, db, Options{Workers: n, Seed: 11, Today: today}, func(stage string, done, total int) {
		if done > total {
			t.Errorf("progress %s %d of %d", stage, done, total)
		}
		stages[stage] = done
	})
	if err != nil {
		t.Fatalf("Fill = %v", err)
	}
	if res.Workers != n || res.Employers != 30 || res.Vacancies != len(Vacancies(Options{Workers: n, Seed: 11, Today: today})) {
		t.Errorf("Fill = %d workers, %d employers, %d vacancies", res.Workers, res.Employers, res.Vacancies)
	}
	if stages[StageWorkers] != n || stages[StageEmployers] != 30 || stages[StageAccounts] != len(laborbridge.Roles) {
		t.Errorf("last progress = %v", stages)
	}
	sys := storetest.System()
	if _, total, err := db.ListWorkers(sys, store.WorkerFilter{}); err != nil || total != n {
		t.Errorf("ListWorkers = %d, %v, want %d", total, err, n)
	}
	if _, total, err := db.ListVacancies(sys, store.VacancyFilter{}); err != nil || total != res.Vacancies {
		t.Errorf("ListVacancies = %d, %v, want %d", total, err, res.Vacancies)
	}

	for _, a := range res.Accounts {
		t.Run(a.Username, func(t *testing.T) {
			u, err := db.Authenticate(ctx, a.Username, a.Password)
			if err != nil {
				t.Fatalf("Authenticate(%s) = %v", a.Username, err)
			}
			if u.Role != a.Role || u.DisplayName != a.DisplayName {
				t.Errorf("Authenticate(%s) = %s %s, want %s %s", a.Username, u.Role, u.DisplayName, a.Role, a.DisplayName)
			}
			as := storetest.As(u)
			switch u.Role {
			case laborbridge.RoleCounty:
				ws, total, err := db.ListWorkers(as, store.WorkerFilter{})
				if err != nil || total == 0 || ws[0].Home != "140105" {
					t.Errorf("county ListWorkers = %d, %v, want workers of 140105", total, err)
				}
			case laborbridge.RoleWorker:
				w, err := db.GetWorker(as, u.WorkerID, false)
				if err != nil || w.Home != "140105" || w.Name != a.DisplayName {
					t.Errorf("worker GetWorker = %+v, %v, want %s of 140105", w, err, a.DisplayName)
				}
			case laborbridge.RolePartner:
				e, err := db.GetEmployer(as, u.EmployerID)
				if err != nil || e.Name != a.DisplayName {
					t.Errorf("partner GetEmployer = %+v, %v, want %s", e, err, a.DisplayName)
				}
			}
		})
	}

	t.Run("again", func(t *testing.T) {
		_, err := Fill(ctx, db, Options{Workers: 10, Seed: 12, Today: today}, nil)
		if laborbridge.KindOf(err) != laborbridge.Conflict {
			t.Errorf("Fill on a filled database = %v, want a Conflict error", err)
		}
	})
}

func TestFillCancelled(t *testing.T) {
	db := storetest.OpenSQLite(t, &storetest.Clock{T: today})
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Fill(ctx, db, Options{Workers: 20000, Seed: 1, Today: today}, func(stage string, done, _ int) {
		if stage == StageWorkers && done >= 1000 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Fill cancelled during the import = %v, want context.Canceled", err)
	}
	if _, total, _ := db.ListWorkers(storetest.System(), store.WorkerFilter{}); total != 0 {
		t.Errorf("a cancelled import stored %d workers, want 0", total)
	}
}

func BenchmarkWorkers(b *testing.B) {
	opt := Options{Workers: 100_000, Seed: 1, Today: today}
	b.ReportAllocs()
	for b.Loop() {
		if err := WorkersCSV(io.Discard, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(opt.Workers)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkFill(b *testing.B) {
	for _, n := range []int{20_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var rows float64
			var import_ time.Duration
			for b.Loop() {
				b.StopTimer()
				db := storetest.OpenSQLite(b, &storetest.Clock{T: today})
				b.StartTimer()
				res, err := Fill(context.Background(), db, Options{Workers: n, Seed: 1, Today: today}, nil)
				if err != nil {
					b.Fatal(err)
				}
				rows += float64(res.Workers)
				import_ += res.WorkerImport
			}
			b.ReportMetric(rows/import_.Seconds(), "import-rows/s")
		})
	}
}
