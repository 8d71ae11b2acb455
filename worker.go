package laborbridge

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"laborbridge/internal/idcard"
	"laborbridge/internal/refdata"
)

// WorkerStatus is where a worker stands in the export pipeline.
type WorkerStatus string

// Worker statuses. A worker is registered, then placed by a match, then
// employed after the hand-over; inactive workers are kept but not matched.
const (
	WorkerRegistered WorkerStatus = "registered"
	WorkerPlaced     WorkerStatus = "placed"
	WorkerEmployed   WorkerStatus = "employed"
	WorkerInactive   WorkerStatus = "inactive"
)

// Worker is a registered job seeker. IDNumber and Phone hold the full values
// only in memory; the store keeps them encrypted and shows IDMasked and
// PhoneMasked to roles that may not see them.
type Worker struct {
	ID            string
	Name          string
	IDNumber      string
	IDMasked      string
	Birth         time.Time
	Male          bool
	Registered    string // division code from the ID number
	Phone         string
	PhoneMasked   string
	Home          string // county-level division code
	Village       string // village or family key, keeps people together
	Occupation    string // ISCO-08 unit group
	SkillLevel    int    // 1 senior technician … 5 entry; 0 unknown
	Years         int
	CertLevel     int // level of the certificate held in Occupation; 0 none
	Priority      bool
	WishRegions   []string // province codes; empty means anywhere
	MinWage       int
	AvailableFrom string // YYYY-MM-DD; empty means now
	Status        WorkerStatus
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Age returns the worker's age in whole years on day.
func (w *Worker) Age(day time.Time) int { return AgeOn(w.Birth, day) }

// AgeOn returns the age in whole years of someone born on birth, on day.
func AgeOn(birth, day time.Time) int {
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || day.Month() == birth.Month() && day.Day() < birth.Day() {
		age--
	}
	return age
}

// Legal working ages: the Labour Law forbids employing anyone under 16; the
// upper bound is the statutory retirement age before the 2025 reform began
// to raise it, which the reform keeps as the floor for most workers.
const (
	MinWorkingAge       = 16
	RetirementAgeMen    = 60
	RetirementAgeWomen  = 55
	maxVacancyAgeBound  = 65
	minMonthlyWageFloor = 1000
	maxMonthlyWage      = 100000
)

// WorkingAge reports whether someone of the given age and sex is within the
// legal working age.
func WorkingAge(age int, male bool) bool {
	if age < MinWorkingAge {
		return false
	}
	if male {
		return age <= RetirementAgeMen
	}
	return age <= RetirementAgeWomen
}

// WorkerInput is a worker as typed into a form, a spreadsheet row or an API
// body: every field as text, in the keys used by imports and the API.
type WorkerInput struct {
	Name          string `json:"name"`
	IDNumber      string `json:"id_number"`
	Phone         string `json:"phone"`
	Home          string `json:"home"`
	Village       string `json:"village,omitempty"`
	Occupation    string `json:"occupation"`
	SkillLevel    string `json:"skill_level,omitempty"`
	Years         string `json:"years,omitempty"`
	CertLevel     string `json:"cert_level,omitempty"`
	Priority      string `json:"priority,omitempty"`
	WishRegions   string `json:"wish_regions,omitempty"`
	MinWage       string `json:"min_wage,omitempty"`
	AvailableFrom string `json:"available_from,omitempty"`
}

var scientific = regexp.MustCompile(`^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$`)

// ParseWorker checks in against every registration rule and returns the
// worker it describes, with birth date, sex and registered division derived
// from the ID number. It returns an Invalid error listing every field at
// fault.
func ParseWorker(in WorkerInput, today time.Time) (*Worker, error) {
	var p Problems
	w := &Worker{Status: WorkerRegistered}

	w.Name = strings.Join(strings.Fields(in.Name), " ")
	if w.Name == "" {
		p.Add("name", "name is required")
	} else if len([]rune(w.Name)) > 50 {
		p.Add("name", "name is longer than 50 characters")
	}

	if id, err := ParseIDNumber(in.IDNumber, today); err != nil {
		p.AddErr("id_number", err)
	} else {
		w.IDNumber, w.IDMasked = id.Number, id.Mask()
		w.Birth, w.Male, w.Registered = id.Birth, id.Male, id.Division
		if age := AgeOn(id.Birth, today); age < MinWorkingAge {
			p.Add("id_number", "the worker is %d, under the legal working age of %d", age, MinWorkingAge)
		}
	}

	if phone, err := ParsePhone(in.Phone); err != nil {
		p.AddErr("phone", err)
	} else {
		w.Phone, w.PhoneMasked = phone, MaskPhone(phone)
	}

	if d, err := ParseHomeCounty(in.Home); err != nil {
		p.AddErr("home", err)
	} else {
		w.Home = d
	}
	w.Village = strings.TrimSpace(in.Village)

	if o, err := ParseOccupation(in.Occupation); err != nil {
		p.AddErr("occupation", err)
	} else {
		w.Occupation = o
	}
	w.SkillLevel = parseLevel(&p, "skill_level", in.SkillLevel)
	w.CertLevel = parseLevel(&p, "cert_level", in.CertLevel)
	w.Years = parseInt(&p, "years", in.Years, 0, 60)

	if b, err := ParseYesNo(in.Priority); err != nil {
		p.AddErr("priority", err)
	} else {
		w.Priority = b
	}
	if regions, err := ParseProvinces(in.WishRegions); err != nil {
		p.AddErr("wish_regions", err)
	} else {
		w.WishRegions = regions
	}
	if s := strings.TrimSpace(in.MinWage); s != "" {
		w.MinWage = parseInt(&p, "min_wage", s, 0, maxMonthlyWage)
	}
	if s := strings.TrimSpace(in.AvailableFrom); s != "" {
		if d, err := ParseDate(s); err != nil {
			p.AddErr("available_from", err)
		} else {
			w.AvailableFrom = d
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return w, nil
}

// Input returns w as text fields, the inverse of ParseWorker; the ID number
// and phone are included only when w holds them in full.
func (w *Worker) Input() WorkerInput {
	in := WorkerInput{
		Name: w.Name, IDNumber: w.IDNumber, Phone: w.Phone, Home: w.Home, Village: w.Village,
		Occupation: w.Occupation, Priority: yesNo(w.Priority),
		WishRegions: strings.Join(w.WishRegions, "、"), AvailableFrom: w.AvailableFrom,
	}
	if w.SkillLevel > 0 {
		in.SkillLevel = strconv.Itoa(w.SkillLevel)
	}
	if w.CertLevel > 0 {
		in.CertLevel = strconv.Itoa(w.CertLevel)
	}
	if w.Years > 0 {
		in.Years = strconv.Itoa(w.Years)
	}
	if w.MinWage > 0 {
		in.MinWage = strconv.Itoa(w.MinWage)
	}
	return in
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// ParseIDNumber parses a resident ID number, turning the idcard package's
// reasons into Invalid errors. A number that a spreadsheet stored as a
// floating-point value has lost digits and is refused with advice.
func ParseIDNumber(s string, today time.Time) (idcard.ID, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return idcard.ID{}, FieldErrorf("id_number", "resident ID number is required")
	}
	if scientific.MatchString(s) {
		return idcard.ID{}, FieldErrorf("id_number", "the ID number %s was stored as a number and lost its last digits; format the column as text and type it again", s)
	}
	id, err := idcard.Parse(s, today)
	if err != nil {
		return idcard.ID{}, FieldErrorf("id_number", "%s", err.Error())
	}
	return id, nil
}

// ParsePhone accepts a mainland mobile number: 11 digits starting 13–19,
// optionally written with spaces, dashes or a +86 prefix.
func ParsePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", FieldErrorf("phone", "mobile number is required")
	}
	d := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
	d = strings.TrimPrefix(strings.TrimPrefix(d, "+86"), "0086")
	if len(d) != 11 || !allDigits(d) {
		return "", FieldErrorf("phone", "mobile number %q must have 11 digits", s)
	}
	if d[0] != '1' || d[1] < '3' {
		return "", FieldErrorf("phone", "mobile number %q must start with 13–19", s)
	}
	return d, nil
}

// MaskPhone shows the first 3 and last 4 digits of a mobile number.
func MaskPhone(p string) string {
	if len(p) != 11 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + "****" + p[7:]
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ParseHomeCounty resolves a county-level division from its code or name.
func ParseHomeCounty(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", FieldErrorf("home", "home county is required")
	}
	d, err := refdata.LookupDivision(s)
	if err != nil {
		return "", lookupError("home", "county", s, err)
	}
	if d.Level != refdata.County {
		return "", FieldErrorf("home", "%s (%s) is a %s; give the home county", d.NameZh, d.Code, d.Level)
	}
	return d.Code, nil
}

// ParseDivision resolves any division from its code or name.
func ParseDivision(field, s string) (refdata.Division, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return refdata.Division{}, FieldErrorf(field, "division is required")
	}
	d, err := refdata.LookupDivision(s)
	if err != nil {
		return refdata.Division{}, lookupError(field, "division", s, err)
	}
	return d, nil
}

// ParseOccupation resolves an occupation code from its code or title.
func ParseOccupation(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", FieldErrorf("occupation", "occupation is required")
	}
	o, err := refdata.LookupOccupation(s)
	if err != nil {
		return "", lookupError("occupation", "occupation", s, err)
	}
	return o.Code, nil
}

// ParseProvinces resolves a list of province names or codes separated by
// 、 , ; or spaces; duplicates are dropped and the order kept.
func ParseProvinces(s string) ([]string, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '、', ',', '，', ';', '；', ' ', '\u3000', '/', '|':
			return true
		}
		return false
	})
	var out []string
	seen := map[string]bool{}
	for _, part := range parts {
		d, err := refdata.LookupProvince(part)
		if err != nil {
			return nil, lookupError("wish_regions", "province", part, err)
		}
		if !seen[d.Code] {
			seen[d.Code] = true
			out = append(out, d.Code)
		}
	}
	return out, nil
}

func lookupError(field, what, s string, err error) error {
	var amb *refdata.AmbiguousError
	if errors.As(err, &amb) {
		return FieldErrorf(field, "%s", amb.Error())
	}
	return FieldErrorf(field, "unknown %s %q", what, s)
}

// ParseYesNo reads 是/否, yes/no, y/n, true/false, 1/0; empty means no.
func ParseYesNo(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "否", "no", "n", "false", "0", "不是", "无":
		return false, nil
	case "是", "yes", "y", "true", "1", "有":
		return true, nil
	}
	return false, Errorf(Invalid, "%q is not yes or no (是/否, yes/no, 1/0)", s)
}

// ParseDate accepts 2006-01-02, 2006/1/2, 2006.1.2 and 2006年1月2日 and
// returns the ISO form.
func ParseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	r := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")
	n := r.Replace(s)
	t, err := time.Parse("2006-1-2", n)
	if err != nil {
		return "", Errorf(Invalid, "%q is not a date (YYYY-MM-DD)", s)
	}
	return t.Format("2006-01-02"), nil
}

func parseLevel(p *Problems, field, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "级"), "級")
	if n, ok := levelWords[s]; ok {
		return n
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 5 {
		p.Add(field, "level %q must be 1–5 (1 senior technician … 5 entry)", s)
		return 0
	}
	return n
}

// levelWords maps the vocational qualification titles to levels 1–5.
var levelWords = map[string]int{
	"一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
	"高级技师": 1, "技师": 2, "高级工": 3, "中级工": 4, "初级工": 5,
}

func parseInt(p *Problems, field, s string, lo, hi int) int {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f == float64(int(f)) {
			n, err = int(f), nil
		}
	}
	if err != nil || n < lo || n > hi {
		p.Add(field, "%q must be a whole number from %d to %d", s, lo, hi)
		return 0
	}
	return n
}
