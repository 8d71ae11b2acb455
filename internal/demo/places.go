package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"laborbridge/internal/refdata"
)

// shanxiCode is the division code of the demo province.
const shanxiCode = "140000"

// cityPopulation is the resident population of Shanxi's eleven cities in
// the 2020 census, in ten thousands (rounded; 34.9 million in all). Workers
// are spread over the cities by these weights and evenly over the counties
// of each city: rural counties send more people away than city districts
// of the same size, which roughly offsets their smaller population.
var cityPopulation = map[string]float64{
	"140100": 530.4, // 太原
	"140200": 310.6, // 大同
	"140300": 131.9, // 阳泉
	"140400": 318.1, // 长治
	"140500": 219.5, // 晋城
	"140600": 159.3, // 朔州
	"140700": 338.0, // 晋中
	"140800": 477.5, // 运城
	"140900": 268.9, // 忻州
	"141000": 397.6, // 临汾
	"141100": 339.8, // 吕梁
}

// priorityFactor says how much more often than elsewhere a city's workers
// come from households lifted out of poverty: the northern and western
// mountain cities held most of Shanxi's 58 former poverty counties, the
// capital few. The factors are scaled so that the province's share stays
// at priorityShare.
var priorityFactor = map[string]float64{
	"140100": 0.4, "140200": 1.4, "140300": 0.8, "140400": 0.9, "140500": 0.7, "140600": 1.0,
	"140700": 0.8, "140800": 0.9, "140900": 1.6, "141000": 1.3, "141100": 1.7,
}

const priorityShare = 0.15

// county is a home county with what generation needs of it.
type county struct {
	code     string
	city     string
	siblings []string // the other counties of the city
	priority float64  // probability that a worker is from a priority household
}

// shanxi lists the counties of Shanxi with their draw weights.
type shanxi struct {
	counties []*county
	byCode   map[string]*county
	pick     *weighted[*county]
}

func newShanxi() *shanxi {
	s := &shanxi{byCode: map[string]*county{}}
	weights := map[*county]float64{}
	var factorSum, popSum float64
	for _, c := range refdata.Children(shanxiCode) {
		kids := refdata.Children(c.Code)
		var codes []string
		for _, k := range kids {
			codes = append(codes, k.Code)
		}
		pop := cityPopulation[c.Code]
		factorSum += pop * priorityFactor[c.Code]
		popSum += pop
		for _, k := range kids {
			ct := &county{code: k.Code, city: c.Code, priority: priorityFactor[c.Code]}
			for _, o := range codes {
				if o != k.Code {
					ct.siblings = append(ct.siblings, o)
				}
			}
			s.counties = append(s.counties, ct)
			s.byCode[k.Code] = ct
			weights[ct] = pop / float64(len(kids))
		}
	}
	scale := priorityShare * popSum / factorSum
	for _, ct := range s.counties {
		ct.priority *= scale
	}
	s.pick = newWeighted(s.counties, func(c *county) float64 { return weights[c] })
	return s
}

// Town and village names are made up, from the pieces real names in
// Shanxi are made of: a direction or a family and a landform (东峪, 马坊,
// 杨家庄, 南沟). Real names are not in the reference data, and made-up ones
// cannot be mistaken for real people's addresses.
var (
	placeFirst  = []rune("东西南北上下大小新古马龙石柳杨杏桃白红黄青高长双三河金安永兴太平宁常枣榆槐泉")
	placeSecond = []rune("庄村堡峪沟坡岭河泉寨店营关城口头洼滩坪阳原水")
	familyPlace = []string{"家庄", "家庄", "家庄", "家沟", "家峪", "家坡", "家塔", "家洼", "家湾", "家寨", "家堡"}
)

// towns returns a county's towns, the same for the same seed and county.
func towns(seed uint64, countyCode string) []string {
	r := newRand(seed, "towns "+countyCode)
	n := between(r, 7, 14)
	seen := map[string]bool{}
	out := []string{"城关镇"}
	seen["城关"] = true
	for len(out) < n {
		base := string(pickOne(r, placeFirst)) + string(pickOne(r, placeSecond))
		if seen[base] {
			continue
		}
		seen[base] = true
		if chance(r, 0.3) {
			out = append(out, base+"乡")
		} else {
			out = append(out, base+"镇")
		}
	}
	return out
}

// villages hands out village names, unique within each county.
type villages struct {
	seed  uint64
	towns map[string][]string
	used  map[string]bool
}

func newVillages(seed uint64) *villages {
	return &villages{seed: seed, towns: map[string][]string{}, used: map[string]bool{}}
}

// next returns a new village of the county, written with its town as
// registers do (东峪镇杨家庄村), and the family it is named after, if any.
func (v *villages) next(r *rand.Rand, countyCode string) (name, family string) {
	ts, ok := v.towns[countyCode]
	if !ok {
		ts = towns(v.seed, countyCode)
		v.towns[countyCode] = ts
	}
	for try := 0; ; try++ {
		town := pickOne(r, ts)
		family = ""
		var b strings.Builder
		b.WriteString(town)
		if chance(r, 0.55) {
			family = surname(r)
			b.WriteString(family)
			b.WriteString(pickOne(r, familyPlace))
		} else {
			b.WriteRune(pickOne(r, placeFirst))
			b.WriteRune(pickOne(r, placeSecond))
		}
		b.WriteString("村")
		if try >= 20 {
			// A crowded county: the same village name again, but a
			// different villagers' group of it.
			fmt.Fprintf(&b, "%d组", try-19)
		}
		name = b.String()
		key := countyCode + name
		if !v.used[key] {
			v.used[key] = true
			return name, family
		}
	}
}

// destination is a city of a receiving province.
type destination struct {
	code      string
	province  string
	name      string   // short name used in company names: 苏州
	weight    float64  // share of the province's partners
	tier      float64  // wage level against the average of the six provinces
	districts []string // where companies sit
}

// destinations are the receiving cities of the six provinces Shanxi sends
// workers to, with the districts and towns where their partners sit.
var destinations = []destination{
	{"110100", "110000", "北京", 1, 1.25, []string{"朝阳区", "海淀区", "丰台区", "大兴区", "顺义区", "通州区", "昌平区"}},
	{"330100", "330000", "杭州", 3, 1.15, []string{"余杭区", "萧山区", "拱墅区", "西湖区", "钱塘区"}},
	{"330200", "330000", "宁波", 2, 1.05, []string{"北仑区", "鄞州区", "镇海区", "慈溪市"}},
	{"330400", "330000", "嘉兴", 1.5, 1.0, []string{"南湖区", "秀洲区", "海宁市", "桐乡市"}},
	{"330600", "330000", "绍兴", 1.5, 1.0, []string{"柯桥区", "越城区", "上虞区", "诸暨市"}},
	{"330700", "330000", "金华", 2, 1.0, []string{"义乌市", "婺城区", "金东区", "永康市"}},
	{"320500", "320000", "苏州", 4, 1.15, []string{"苏州工业园区", "吴中区", "相城区", "昆山市", "吴江区"}},
	{"320100", "320000", "南京", 2, 1.1, []string{"江宁区", "栖霞区", "浦口区", "雨花台区"}},
	{"320200", "320000", "无锡", 2, 1.05, []string{"新吴区", "锡山区", "惠山区", "江阴市"}},
	{"320400", "320000", "常州", 1.5, 1.0, []string{"武进区", "新北区", "天宁区"}},
	{"320600", "320000", "南通", 1, 0.95, []string{"崇川区", "通州区", "海门区"}},
	{"440100", "440000", "广州", 3, 1.15, []string{"白云区", "番禺区", "天河区", "黄埔区", "花都区"}},
	{"440300", "440000", "深圳", 3, 1.2, []string{"宝安区", "龙岗区", "龙华区", "南山区", "光明区"}},
	{"441900", "440000", "东莞", 3, 1.05, []string{"长安镇", "虎门镇", "塘厦镇", "凤岗镇", "大朗镇"}},
	{"440600", "440000", "佛山", 2, 1.05, []string{"顺德区", "南海区", "禅城区"}},
	{"442000", "440000", "中山", 1, 1.0, []string{"小榄镇", "古镇镇", "火炬开发区"}},
	{"610100", "610000", "西安", 5, 0.95, []string{"雁塔区", "未央区", "长安区", "高陵区", "鄠邑区"}},
	{"610400", "610000", "咸阳", 1.5, 0.85, []string{"秦都区", "渭城区", "兴平市"}},
	{"610300", "610000", "宝鸡", 1, 0.85, []string{"渭滨区", "金台区", "陈仓区"}},
	{"610800", "610000", "榆林", 1.5, 0.9, []string{"榆阳区", "神木市", "府谷县"}},
	{"370200", "370000", "青岛", 4, 1.0, []string{"黄岛区", "城阳区", "即墨区", "李沧区", "胶州市"}},
	{"370100", "370000", "济南", 3, 0.95, []string{"历城区", "槐荫区", "章丘区", "历下区"}},
	{"370600", "370000", "烟台", 2, 0.9, []string{"芝罘区", "福山区", "莱山区", "龙口市"}},
	{"370700", "370000", "潍坊", 1.5, 0.85, []string{"奎文区", "寒亭区", "寿光市", "诸城市"}},
}

// destinationProvinces are the six receiving provinces with the share of
// partners each has, Beijing and the Yangtze delta first, as in Shanxi's
// labour-export reports; and the short names workers write them with.
var destinationProvinces = []struct {
	code, short string
	partners    float64
	wishes      float64
}{
	{"110000", "北京", 0.20, 1.2},
	{"330000", "浙江", 0.18, 1.0},
	{"320000", "江苏", 0.20, 1.0},
	{"440000", "广东", 0.18, 0.9},
	{"610000", "陕西", 0.12, 0.6},
	{"370000", "山东", 0.12, 0.6},
}

var roads = []string{"建设路", "人民路", "解放路", "中山路", "长江路", "黄河路", "工业园路", "创业路", "科技路", "新华路",
	"文化路", "光明路", "胜利路", "和平路", "兴业路", "富民路", "振兴路", "发展大道", "开发大道", "金桥路", "青年路",
	"迎宾路", "东环路", "西环路", "南环路", "北环路", "滨河路", "园区一路", "园区三路", "物流大道"}

// address returns a street address in one of a destination's districts.
func (d destination) address(r *rand.Rand) string {
	var b strings.Builder
	if d.province != "110000" {
		prov, _ := refdata.DivisionByCode(d.province)
		b.WriteString(prov.NameZh)
	}
	city, _ := refdata.DivisionByCode(d.code)
	b.WriteString(city.NameZh)
	b.WriteString(pickOne(r, d.districts))
	b.WriteString(pickOne(r, roads))
	fmt.Fprintf(&b, "%d号", between(r, 1, 288))
	return b.String()
}
