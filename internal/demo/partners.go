package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"laborbridge"
	"laborbridge/internal/idcard"
)

// industry is a kind of partner: what its companies are called, which
// trades it hires and how many people a vacancy usually asks for.
type industry struct {
	name       string // the employer's Industry
	suffixes   []string
	jobs       []choice // trade codes
	headcount  float64  // median headcount of a vacancy
	travelPaid float64  // share of vacancies that pay the journey
	housing    float64  // share of vacancies with a bed
}

var industries = map[string]*industry{
	"catering": {"餐饮", []string{"餐饮管理有限公司", "餐饮有限公司", "酒店管理有限公司", "餐饮服务有限公司"},
		[]choice{{"5120", 3}, {"5131", 4}, {"9412", 3}, {"9411", 1}, {"7512", 0.5}}, 10, 0.3, 0.9},
	"express": {"快递物流", []string{"快递服务有限公司", "物流有限公司", "供应链管理有限公司", "速运有限公司"},
		[]choice{{"9621", 5}, {"8321", 3}, {"9333", 4}, {"8322", 2}, {"8344", 1}, {"4321", 1}, {"8332", 1}, {"9331", 0.5}}, 25, 0.4, 0.85},
	"electronics": {"电子制造", []string{"电子有限公司", "电子科技有限公司", "精密电子有限公司", "光电科技有限公司"},
		[]choice{{"9329", 4}, {"8219", 4}, {"7543", 1}, {"8344", 0.5}, {"4321", 0.5}}, 40, 0.6, 0.95},
	"garments": {"服装制造", []string{"服饰有限公司", "制衣有限公司", "纺织品有限公司", "针织有限公司"},
		[]choice{{"8153", 5}, {"9329", 2}, {"7543", 1}}, 25, 0.5, 0.9},
	"food": {"食品加工", []string{"食品有限公司", "食品科技有限公司", "食品加工有限公司"},
		[]choice{{"8160", 4}, {"9329", 3}, {"7512", 1}, {"7543", 1}, {"9333", 1}}, 30, 0.4, 0.9},
	"auto": {"汽车零部件制造", []string{"汽车零部件有限公司", "精密机械有限公司", "机械制造有限公司"},
		[]choice{{"8211", 4}, {"9329", 3}, {"7212", 1.5}, {"7543", 1}, {"8344", 1}, {"7231", 0.5}}, 35, 0.5, 0.9},
	"construction": {"建筑", []string{"建筑劳务有限公司", "建设工程有限公司", "建筑安装工程有限公司", "建筑工程有限公司"},
		[]choice{{"9313", 5}, {"9312", 2}, {"7112", 3}, {"7115", 2}, {"7122", 1}, {"7126", 1}, {"7411", 2}, {"7212", 2}}, 25, 0.35, 0.95},
	"housekeeping": {"家政服务", []string{"家政服务有限公司", "家庭服务有限公司"},
		[]choice{{"5152", 5}, {"5311", 2}, {"9111", 2}, {"5322", 1.5}}, 5, 0.3, 0.95},
	"property": {"物业服务", []string{"物业管理有限公司", "物业服务有限公司", "保安服务有限公司"},
		[]choice{{"9112", 4}, {"5414", 4}, {"7411", 0.5}, {"7126", 0.3}}, 12, 0.2, 0.7},
	"eldercare": {"养老服务", []string{"养老服务有限公司", "康养产业有限公司", "护理服务有限公司"},
		[]choice{{"5322", 5}, {"9112", 1}, {"5120", 0.5}, {"9412", 0.5}}, 10, 0.3, 0.9},
	"farming": {"农业", []string{"农业科技有限公司", "蔬菜专业合作社", "农业发展有限公司"},
		[]choice{{"9211", 5}, {"8160", 1}}, 20, 0.3, 0.9},
}

// provinceIndustries weights the kinds of partners in each receiving
// province: Beijing's service trades, the factories of the Yangtze and
// Pearl River deltas, Shaanxi's building sites, Shandong's food industry
// and the greenhouses around Shouguang.
var provinceIndustries = map[string][]choice{
	"110000": {{"catering", 3}, {"express", 3}, {"housekeeping", 2.5}, {"property", 2}, {"construction", 1.5}, {"eldercare", 1.2}, {"food", 0.5}},
	"330000": {{"express", 2.5}, {"garments", 2.5}, {"electronics", 2}, {"catering", 1.5}, {"auto", 1.5}, {"construction", 1}, {"housekeeping", 0.7}, {"food", 0.5}},
	"320000": {{"electronics", 4}, {"auto", 2}, {"express", 1.5}, {"catering", 1.5}, {"garments", 1}, {"construction", 1}, {"property", 0.7}, {"housekeeping", 0.5}},
	"440000": {{"electronics", 4}, {"garments", 2}, {"express", 2}, {"catering", 2}, {"food", 1}, {"property", 1}, {"auto", 1}, {"housekeeping", 0.8}},
	"610000": {{"construction", 4}, {"catering", 2}, {"express", 1.5}, {"food", 1}, {"property", 1}, {"eldercare", 0.8}, {"auto", 0.7}, {"housekeeping", 0.7}},
	"370000": {{"food", 3}, {"construction", 2}, {"farming", 1.5}, {"auto", 1.5}, {"express", 1.5}, {"catering", 1.5}, {"garments", 1}, {"eldercare", 0.5}},
}

// tradeNames are the distinctive words of company names (字号).
var tradeNames = []rune("顺达鑫源恒通宏图华信金诚瑞丰嘉禾永盛新锐天成万家利民安居福满佳美鼎盛汇通广源泰和隆兴昌盛益康康泰惠民百福祥瑞盛世中联捷运速达众邦立信远航德润一品聚福味香食尚绿源金桥宏达兴旺家和")

// tradeName returns a two-character 字号 made of two halves of the pairs
// above, which reads like a real one (顺通, 鑫达) without copying a company.
func tradeName(r *rand.Rand) string {
	n := len(tradeNames) / 2
	return string(tradeNames[2*r.IntN(n)]) + string(tradeNames[2*r.IntN(n)+1])
}

// partner is a generated employer with what its vacancies need.
type partner struct {
	in       laborbridge.EmployerInput
	dest     destination
	industry *industry
}

// employerCount is how many partners a demo of n workers has: one for
// about 200 workers, at least 30 so that every province and trade shows.
func employerCount(n int) int { return max(30, n/200) }

// partners draws the demo's employers. The first is an express company in
// Beijing, the partner account's.
func partners(opt Options) []partner {
	r := newRand(opt.Seed, "employers")
	provinces := newChoices(func() []choice {
		var cs []choice
		for _, p := range destinationProvinces {
			cs = append(cs, choice{p.code, p.partners})
		}
		return cs
	}())
	cities := map[string]*weighted[destination]{}
	for _, p := range destinationProvinces {
		var ds []destination
		for _, d := range destinations {
			if d.province == p.code {
				ds = append(ds, d)
			}
		}
		cities[p.code] = newWeighted(ds, func(d destination) float64 { return d.weight })
	}
	kinds := map[string]*weighted[string]{}
	for p, cs := range provinceIndustries {
		kinds[p] = newChoices(cs)
	}

	n := employerCount(opt.Workers)
	out := make([]partner, 0, n)
	// Organisation numbers are i·m + offset modulo 10⁸: m is odd and not a
	// multiple of 5, so they never repeat, yet they look scattered.
	const m = 73_939_133
	offset := r.IntN(100_000_000)
	names := map[string]bool{}
	for i := 0; i < n; i++ {
		prov := provinces.pick(r)
		dest := cities[prov].pick(r)
		kind := kinds[prov].pick(r)
		if i == 0 {
			dest, kind = destinations[0], "express"
		}
		ind := industries[kind]
		var name string
		for {
			prefix := dest.name
			switch {
			case dest.code == "320500" && ind.name == "电子制造" && chance(r, 0.5):
				prefix = "苏州工业园区"
			case chance(r, 0.25):
				prefix += "市"
			}
			name = prefix + tradeName(r) + pickOne(r, ind.suffixes)
			if !names[name] {
				names[name] = true
				break
			}
		}
		out = append(out, partner{
			in: laborbridge.EmployerInput{
				CreditCode:   idcard.GenerateCreditCode(dest.code, (i*m+offset)%100_000_000),
				Name:         name,
				Division:     dest.code,
				Address:      dest.address(r),
				Industry:     ind.name,
				ContactName:  personName(r, surname(r), chance(r, 0.6), between(r, 1968, 1995)),
				ContactPhone: mobile(r),
			},
			dest:     dest,
			industry: ind,
		})
	}
	return out
}

// Employers returns the demo's partner employers, the same ones for the
// same seed and number of workers: about one for 200 workers, at least 30,
// in Beijing, Zhejiang, Jiangsu, Guangdong, Shaanxi and Shandong.
func Employers(opt Options) []laborbridge.EmployerInput {
	ps := partners(opt)
	out := make([]laborbridge.EmployerInput, len(ps))
	for i, p := range ps {
		out[i] = p.in
	}
	return out
}

// Vacancies returns the demo's vacancies, two to six per employer in its
// trades, with about 0.6–0.9 seats per worker in all; the same ones for
// the same options. Each names its employer, so that importing them as
// the province registers employers not yet known.
func Vacancies(opt Options) []laborbridge.VacancyInput {
	r := newRand(opt.Seed, "vacancies")
	ss := seasonOf(opt.today())
	var out []laborbridge.VacancyInput
	var raw []float64
	for _, p := range partners(opt) {
		jobs := newChoices(p.industry.jobs)
		k := min(between(r, 2, 6), len(p.industry.jobs))
		seen := map[string]bool{}
		for j := 0; len(seen) < k; {
			code := jobs.pick(r)
			if seen[code] {
				continue
			}
			seen[code] = true
			j++
			out = append(out, vacancy(r, p, tradeByCode[code], ss, j))
			// Headcounts are log-normal around the industry's median: most
			// ask for 5 to 50 people, a few factories for hundreds.
			raw = append(raw, p.industry.headcount*math.Exp(0.9*r.NormFloat64()))
		}
	}
	target := float64(opt.Workers) * (0.6 + 0.3*r.Float64())
	for i, h := range scaleHeadcounts(raw, target) {
		out[i].Headcount = strconv.Itoa(h)
	}
	return out
}

// scaleHeadcounts scales raw headcounts so that they add up to about
// target, each a whole number from 1 to 200. Capping takes seats away, so
// the scale is corrected a few times.
func scaleHeadcounts(raw []float64, target float64) []int {
	out := make([]int, len(raw))
	scale := 1.0
	sum := 0.0
	for _, h := range raw {
		sum += h
	}
	if sum > 0 {
		scale = target / sum
	}
	for range 5 {
		total := 0
		for i, h := range raw {
			out[i] = max(1, min(200, int(math.Round(h*scale))))
			total += out[i]
		}
		if total == 0 || math.Abs(float64(total)-target) < 0.02*target {
			break
		}
		scale *= target / float64(total)
	}
	return out
}

var contractMonths = newChoices([]choice{{"6", 15}, {"12", 50}, {"18", 10}, {"24", 25}})

// vacancy draws the j-th vacancy of partner p in trade t.
func vacancy(r *rand.Rand, p partner, t *trade, ss season, j int) laborbridge.VacancyInput {
	wage := float64(t.wage) * p.dest.tier * (0.9 + 0.18*r.Float64())
	wageMin := int(math.Round(wage/100)) * 100
	days := int(ss.last.Sub(ss.first).Hours() / 24)
	start := ss.first.AddDate(0, 0, int(float64(days+1)*math.Pow(r.Float64(), 1.5)))
	ageMax := t.ageMax - pickOne(r, []int{0, 0, 0, 5})
	v := laborbridge.VacancyInput{
		CreditCode:     p.in.CreditCode,
		Employer:       p.in.Name,
		Ref:            fmt.Sprintf("CF%d-%03d", ss.last.Year(), j),
		Occupation:     t.code,
		Title:          pickOne(r, t.titles),
		WageMin:        strconv.Itoa(wageMin),
		WageMax:        strconv.Itoa(wageMin + between(r, 5, 25)*100),
		Place:          p.dest.code,
		Address:        p.in.Address,
		StartDate:      start.Format("2006-01-02"),
		AgeMin:         strconv.Itoa(t.ageMin + pickOne(r, []int{0, 0, 2})),
		AgeMax:         strconv.Itoa(ageMax),
		Housing:        yesNo(chance(r, p.industry.housing)),
		Meals:          yesNo(chance(r, 0.75)),
		TravelPaid:     yesNo(chance(r, p.industry.travelPaid)),
		ContractMonths: contractMonths.pick(r),
	}
	if chance(r, t.certRequired) {
		level := t.certLevel
		if level > 3 && chance(r, 0.2) {
			level--
		}
		v.CertLevel = strconv.Itoa(level)
	}
	switch {
	case t.skilled && chance(r, 0.5):
		v.MinYears = strconv.Itoa(between(r, 1, 3))
	case !t.skilled && chance(r, 0.15):
		v.MinYears = "1"
	}
	return v
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
