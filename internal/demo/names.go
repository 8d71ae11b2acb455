package demo

import (
	"math/rand/v2"
	"strings"
)

// surnames are weighted per thousand people: the national ranking of the
// 2020 census (王 李 张 刘 陈 杨 黄 赵 吴 周 …) leaned toward names that are
// far more frequent in Shanxi than nationally (郭 武 贾 郝 闫 薛 温 霍 申
// 牛 乔 段 …), and away from the southern ones (黄 林 罗 梁 何). The figures
// are an approximation: enough for names to look like a Shanxi register.
var surnames = newChoices([]choice{
	{"王", 80}, {"李", 70}, {"张", 65}, {"刘", 55}, {"杨", 35}, {"郭", 30}, {"赵", 28}, {"陈", 25},
	{"武", 18}, {"贾", 18}, {"高", 17}, {"田", 14}, {"韩", 14}, {"郝", 12}, {"梁", 12}, {"任", 12},
	{"吴", 11}, {"周", 11}, {"孙", 11}, {"马", 11}, {"闫", 11}, {"薛", 10}, {"史", 9}, {"侯", 9},
	{"崔", 9}, {"段", 9}, {"乔", 9}, {"温", 9}, {"白", 9}, {"霍", 8}, {"牛", 8}, {"申", 8},
	{"常", 8}, {"秦", 8}, {"吕", 8}, {"冯", 8}, {"徐", 8}, {"朱", 8}, {"胡", 8}, {"宋", 8},
	{"董", 8}, {"曹", 8}, {"黄", 7}, {"程", 7}, {"孟", 7}, {"范", 7}, {"石", 7}, {"杜", 7},
	{"卫", 6}, {"何", 6}, {"苏", 6}, {"康", 6}, {"樊", 6}, {"许", 6}, {"成", 5}, {"邢", 5},
	{"雷", 5}, {"尹", 5}, {"裴", 5}, {"翟", 5}, {"姚", 5}, {"阎", 4}, {"邓", 4}, {"谢", 4},
	{"齐", 4}, {"焦", 4}, {"靳", 4}, {"柴", 4}, {"路", 4}, {"岳", 4}, {"潘", 4}, {"彭", 3},
	{"原", 3}, {"聂", 3}, {"燕", 3}, {"宁", 3}, {"文", 3}, {"畅", 2}, {"智", 2}, {"甄", 2},
	{"药", 1}, {"仝", 1}, {"渠", 1}, {"要", 1},
})

func surname(r *rand.Rand) string { return surnames.pick(r) }

// givenChars are the characters given names are made of, by sex and by
// the decade of birth, because fashions changed: those born before 1980
// are often 建国, 秀英, 桂兰; those born after 1995 are 浩宇, 欣怡, 子涵.
var givenChars = map[bool][3]string{
	true: {
		"建国军民华平卫东红明忠福生海林春文志永军强刚德利兵宝山成贵富保全喜旺锁根",
		"伟强磊军勇杰涛斌明超刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳峰亮东海晋龙军",
		"浩宇轩子博晨睿嘉一诚昊泽铭航辰逸杰涵俊凯鑫鹏瑞阳文帅旭豪然煜晟毅",
	},
	false: {
		"秀英兰桂芳玉珍凤梅花翠莲爱红春香金云彩巧娥霞琴淑俊萍荣香娟",
		"芳娜敏静丽艳娟霞燕玲婷雪慧洁丹莉倩颖琴云瑞佳欣蕾晶璐美月红梅丽",
		"欣怡涵子萱梓雨琪佳思嘉一可诗梦妍悦彤颖晨璐瑶馨雯婧茜冉",
	},
}

var givenRunes = func() map[bool][3][]rune {
	out := map[bool][3][]rune{}
	for male, pools := range givenChars {
		var rs [3][]rune
		for i, p := range pools {
			rs[i] = []rune(p)
		}
		out[male] = rs
	}
	return out
}()

// cohort picks the pool of given-name characters for a birth year, and
// blends neighbouring pools so that the change is gradual.
func cohort(r *rand.Rand, year int) int {
	switch {
	case year < 1975:
		return 0
	case year < 1985:
		if chance(r, float64(1985-year)/10) {
			return 0
		}
		return 1
	case year < 1993:
		return 1
	case year < 2000:
		if chance(r, float64(year-1992)/8) {
			return 2
		}
		return 1
	}
	return 2
}

// personName returns a full name: a surname and one or two characters, one
// in five given names having a single character as was common until the
// 1990s, and some girls' names doubling a character (婷婷, 丽丽).
func personName(r *rand.Rand, family string, male bool, birthYear int) string {
	var b strings.Builder
	b.WriteString(family)
	pool := givenRunes[male][cohort(r, birthYear)]
	first := pool[r.IntN(len(pool))]
	b.WriteRune(first)
	switch {
	case chance(r, 0.2):
	case !male && chance(r, 0.06):
		b.WriteRune(first)
	default:
		second := pool[r.IntN(len(pool))]
		for second == first {
			second = pool[r.IntN(len(pool))]
		}
		b.WriteRune(second)
	}
	return b.String()
}

// mobilePrefixes are the first three digits of mainland mobile numbers of
// the three carriers, older ranges more frequent as they are in a rural
// register.
var mobilePrefixes = newChoices([]choice{
	{"134", 3}, {"135", 5}, {"136", 4}, {"137", 5}, {"138", 6}, {"139", 7}, {"150", 4}, {"151", 4},
	{"152", 4}, {"157", 2}, {"158", 4}, {"159", 5}, {"182", 3}, {"183", 3}, {"184", 1}, {"187", 3},
	{"188", 2}, {"198", 2}, {"130", 3}, {"131", 3}, {"132", 3}, {"155", 3}, {"156", 3}, {"185", 2},
	{"186", 3}, {"166", 1}, {"133", 3}, {"153", 3}, {"180", 2}, {"181", 2}, {"189", 2}, {"199", 1},
	{"177", 1}, {"173", 1},
})

// mobile returns an 11-digit mainland mobile number.
func mobile(r *rand.Rand) string {
	var b [11]byte
	copy(b[:], mobilePrefixes.pick(r))
	n := r.IntN(100_000_000)
	for i := 10; i >= 3; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[:])
}
