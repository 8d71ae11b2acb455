package demo

import (
	"math/rand/v2"

	"laborbridge/internal/refdata"
)

// trade is an occupation as labour export sees it: how often men and
// women from the villages work in it, what it pays and what partners ask.
type trade struct {
	code         string  // ISCO-08 unit group
	men, women   float64 // relative frequency among registered workers of each sex
	wage         int     // typical monthly wage offered in 2026, yuan, before the city's level
	skilled      bool    // a craft learnt over years: wishes and requirements run higher
	ageMin       int
	ageMax       int
	certRequired float64 // share of vacancies that ask for a certificate
	certLevel    int     // the level they ask for at least (5 entry … 1)
	titles       []string
}

// trades are the occupations labour export sends people into, weighted
// from what Shanxi's county reports list: catering and express delivery
// before the Spring Festival, factory lines in the Yangtze and Pearl River
// deltas, building sites, and the housekeeping and care trades of its
// labour brands (吕梁山护工, 天镇保姆).
var trades = []trade{
	{"5120", 6, 3, 6500, true, 18, 50, 0.25, 5, []string{"中餐厨师", "厨师", "热菜厨师", "面点厨师"}},
	{"5131", 3, 7, 4500, false, 18, 40, 0, 0, []string{"餐厅服务员", "传菜员", "包厢服务员"}},
	{"9412", 3, 6, 4300, false, 18, 50, 0, 0, []string{"厨房帮工", "洗碗工", "切配工"}},
	{"9411", 1, 2, 4800, false, 18, 40, 0, 0, []string{"快餐制作员", "早餐制作员"}},
	{"9621", 8, 2, 7000, false, 18, 45, 0, 0, []string{"快递员", "快递派送员", "揽投员"}},
	{"8321", 5, 1, 7500, false, 18, 45, 0, 0, []string{"配送骑手", "外卖骑手"}},
	{"9331", 1, 0.3, 5500, false, 18, 50, 0, 0, []string{"三轮车配送员"}},
	{"9333", 6, 1.5, 5800, false, 18, 45, 0, 0, []string{"分拣员", "装卸工", "仓库搬运工"}},
	{"4321", 1, 1, 5000, false, 20, 45, 0, 0, []string{"仓库管理员", "库管员"}},
	{"9329", 8, 8, 5200, false, 18, 45, 0, 0, []string{"普工", "流水线普工", "包装工"}},
	{"8211", 3, 1, 5800, false, 18, 45, 0.05, 5, []string{"装配工", "机械装配工"}},
	{"8219", 3, 5, 5500, false, 18, 42, 0, 0, []string{"电子装配工", "组装工", "插件工"}},
	{"8153", 0.5, 5, 6000, true, 18, 48, 0, 0, []string{"缝纫工", "平车工", "车位工"}},
	{"8160", 1.5, 2, 5000, false, 18, 48, 0, 0, []string{"食品生产操作工", "食品包装工"}},
	{"7543", 0.5, 1.5, 5200, false, 18, 40, 0, 0, []string{"质检员", "品检员"}},
	{"8344", 2, 0.1, 6500, false, 20, 50, 0.5, 5, []string{"叉车司机"}},
	{"9312", 5, 0.5, 6500, false, 18, 55, 0, 0, []string{"土建普工", "市政工程普工"}},
	{"9313", 8, 1, 6800, false, 18, 55, 0, 0, []string{"建筑普工", "力工", "小工"}},
	{"7112", 4, 0.1, 8500, true, 20, 55, 0.1, 5, []string{"砌筑工", "瓦工"}},
	{"7115", 2, 0, 8500, true, 20, 55, 0.1, 5, []string{"木工", "模板工"}},
	{"7122", 1.5, 0, 9000, true, 20, 55, 0.05, 5, []string{"瓷砖工", "铺贴工"}},
	{"7126", 1, 0, 8000, true, 20, 55, 0.2, 5, []string{"水暖工", "管道工"}},
	{"7411", 3, 0.1, 8500, true, 20, 55, 0.8, 4, []string{"电工", "建筑电工", "维修电工"}},
	{"7212", 3, 0.1, 9000, true, 20, 55, 0.8, 4, []string{"电焊工", "焊工", "氩弧焊工"}},
	{"5152", 0.3, 9, 7000, false, 25, 55, 0.2, 5, []string{"住家保姆", "家政服务员", "育儿嫂"}},
	{"5322", 0.5, 6, 6500, false, 30, 55, 0.4, 5, []string{"养老护理员", "居家护理员", "护工"}},
	{"5311", 0, 3, 8000, false, 25, 50, 0.5, 5, []string{"育婴员", "月嫂"}},
	{"9111", 0.3, 3, 5000, false, 25, 55, 0, 0, []string{"家政保洁员", "钟点工"}},
	{"9112", 1, 5, 4000, false, 25, 55, 0, 0, []string{"保洁员", "客房保洁员"}},
	{"5414", 5, 0.3, 4800, false, 18, 50, 0.3, 5, []string{"保安员", "门岗保安"}},
	{"8322", 4, 0.2, 7500, false, 22, 50, 0, 0, []string{"厢式货车司机", "配送司机"}},
	{"8332", 3, 0, 9500, false, 25, 55, 0, 0, []string{"重型货车司机", "长途货车司机"}},
	{"9211", 2, 2, 4500, false, 18, 55, 0, 0, []string{"农业普工", "大棚种植工"}},
	{"7512", 0.5, 1, 6000, true, 18, 45, 0.1, 5, []string{"面包师", "糕点师"}},
	{"5141", 0.5, 1, 6000, true, 18, 40, 0, 0, []string{"美发师"}},
	{"7231", 1.5, 0, 7500, true, 20, 50, 0.3, 5, []string{"汽车维修工", "汽修工"}},
}

var tradeByCode = func() map[string]*trade {
	m := map[string]*trade{}
	for i := range trades {
		m[trades[i].code] = &trades[i]
	}
	return m
}()

// tradePicker draws a worker's occupation by sex.
var tradePicker = map[bool]*weighted[*trade]{
	true:  newWeighted(tradePointers(), func(t *trade) float64 { return t.men }),
	false: newWeighted(tradePointers(), func(t *trade) float64 { return t.women }),
}

// villageTrade draws the trade a village's people mostly go into.
var villageTrade = newWeighted(tradePointers(), func(t *trade) float64 { return t.men + t.women })

func tradePointers() []*trade {
	out := make([]*trade, len(trades))
	for i := range trades {
		out[i] = &trades[i]
	}
	return out
}

// otherOccupations is the rest of the catalogue a few workers come from:
// every unit group of major groups 3 to 9 (technicians to elementary
// occupations), the ones rural workers hold.
var otherOccupations = func() []string {
	var out []string
	for _, o := range refdata.Occupations() {
		if o.Major >= "3" && o.Major <= "9" {
			out = append(out, o.Code)
		}
	}
	return out
}()

// skillLevel draws a level 1 (senior technician) … 5 (entry): most
// workers are entry or intermediate, elementary occupations nearly all
// entry.
func skillLevel(r *rand.Rand, code string) int {
	weights := [6]float64{0, 1, 3, 12, 36, 48}
	if code[0] == '9' {
		weights = [6]float64{0, 0, 0, 2, 15, 83}
	}
	x := r.Float64() * 100
	for lvl := 1; lvl <= 5; lvl++ {
		x -= weights[lvl]
		if x < 0 {
			return lvl
		}
	}
	return 5
}

// certShare is the share of workers holding a certificate in their
// occupation, by major group: crafts most, elementary work least; about
// 30% in all.
func certShare(code string) float64 {
	switch code[0] {
	case '7':
		return 0.55
	case '5':
		return 0.38
	case '8':
		return 0.3
	case '9':
		return 0.15
	}
	return 0.3
}
