package store

import (
	"laborbridge"
	"laborbridge/internal/sheet"
)

// WorkerColumns is the spreadsheet layout of workers, for imports, exports
// and the template: each column's key (the API's field name) and the
// headers offices write for it. The first name is the template's header.
var WorkerColumns = sheet.Schema{
	{Key: "name", Names: []string{"姓名", "name", "名字", "劳动力姓名"}, Required: true},
	{Key: "id_number", Names: []string{"身份证号", "id_number", "身份证号码", "公民身份号码", "身份证", "证件号码", "ID number"}, Required: true},
	{Key: "phone", Names: []string{"手机号", "phone", "手机号码", "联系电话", "手机", "电话", "mobile"}, Required: true},
	{Key: "home", Names: []string{"户籍地", "home", "户籍所在地", "户籍县区", "所在县区", "县区", "home county"}, Required: true},
	{Key: "village", Names: []string{"村", "village", "所在村", "村庄", "行政村", "乡镇村"}},
	{Key: "occupation", Names: []string{"职业", "occupation", "工种", "职业工种", "技能工种", "求职工种"}, Required: true},
	{Key: "skill_level", Names: []string{"技能等级", "skill_level", "等级", "skill level"}, Choices: []string{"1", "2", "3", "4", "5"}},
	{Key: "years", Names: []string{"从业年限", "years", "工作年限", "经验年限"}, Kind: sheet.Number},
	{Key: "cert_level", Names: []string{"证书等级", "cert_level", "职业资格证书等级", "技能证书等级", "certificate level"}, Choices: []string{"1", "2", "3", "4", "5"}},
	{Key: "priority", Names: []string{"脱贫户", "priority", "是否脱贫户", "脱贫人口", "是否脱贫人口", "priority household"}, Choices: []string{"是", "否"}},
	{Key: "wish_regions", Names: []string{"意向地区", "wish_regions", "意向就业地区", "求职意向地区", "意向省份", "wish regions"}},
	{Key: "min_wage", Names: []string{"最低月薪", "min_wage", "期望月薪", "期望薪资", "最低期望月薪", "minimum wage"}, Kind: sheet.Number},
	{Key: "available_from", Names: []string{"可出发日期", "available_from", "可到岗日期", "可外出日期", "available from"}, Kind: sheet.Date},
}

// VacancyColumns is the spreadsheet layout of vacancies.
var VacancyColumns = sheet.Schema{
	{Key: "credit_code", Names: []string{"统一社会信用代码", "credit_code", "信用代码", "社会信用代码", "credit code"}, Required: true},
	{Key: "employer", Names: []string{"用人单位", "employer", "单位名称", "企业名称", "招聘单位"}},
	{Key: "ref", Names: []string{"岗位编号", "ref", "编号", "岗位代码", "reference"}},
	{Key: "occupation", Names: []string{"职业", "occupation", "工种", "岗位工种", "职业工种"}, Required: true},
	{Key: "title", Names: []string{"岗位名称", "title", "岗位", "招聘岗位", "job title"}},
	{Key: "headcount", Names: []string{"招聘人数", "headcount", "人数", "需求人数", "用工人数"}, Required: true, Kind: sheet.Number},
	{Key: "wage_min", Names: []string{"最低月薪", "wage_min", "月薪下限", "工资下限", "薪资下限"}, Required: true, Kind: sheet.Number},
	{Key: "wage_max", Names: []string{"最高月薪", "wage_max", "月薪上限", "工资上限", "薪资上限"}, Kind: sheet.Number},
	{Key: "place", Names: []string{"工作地点", "place", "工作地", "用工地点", "工作城市"}, Required: true},
	{Key: "address", Names: []string{"详细地址", "address", "地址", "厂址"}},
	{Key: "start_date", Names: []string{"到岗日期", "start_date", "开工日期", "入职日期", "start date"}, Required: true, Kind: sheet.Date},
	{Key: "age_min", Names: []string{"最低年龄", "age_min", "年龄下限", "minimum age"}, Kind: sheet.Number},
	{Key: "age_max", Names: []string{"最高年龄", "age_max", "年龄上限", "maximum age"}, Kind: sheet.Number},
	{Key: "cert_level", Names: []string{"证书等级要求", "cert_level", "要求证书等级", "证书要求", "required certificate level"}, Choices: []string{"1", "2", "3", "4", "5"}},
	{Key: "min_years", Names: []string{"最低工作年限", "min_years", "经验要求", "年限要求", "minimum years"}, Kind: sheet.Number},
	{Key: "housing", Names: []string{"提供住宿", "housing", "包住", "住宿"}, Choices: []string{"是", "否"}},
	{Key: "meals", Names: []string{"提供餐食", "meals", "包吃", "餐食", "伙食"}, Choices: []string{"是", "否"}},
	{Key: "travel_paid", Names: []string{"报销路费", "travel_paid", "路费", "交通补贴"}, Choices: []string{"是", "否"}},
	{Key: "contract_months", Names: []string{"合同期限（月）", "contract_months", "合同月数", "合同期限", "contract months"}, Kind: sheet.Number},
}

// workerInputOf reads a spreadsheet row into a WorkerInput.
func workerInputOf(r sheet.Row) laborbridge.WorkerInput {
	return laborbridge.WorkerInput{
		Name: r.Get("name"), IDNumber: r.Get("id_number"), Phone: r.Get("phone"), Home: r.Get("home"),
		Village: r.Get("village"), Occupation: r.Get("occupation"), SkillLevel: r.Get("skill_level"), Years: r.Get("years"),
		CertLevel: r.Get("cert_level"), Priority: r.Get("priority"), WishRegions: r.Get("wish_regions"),
		MinWage: r.Get("min_wage"), AvailableFrom: r.Get("available_from"),
	}
}

// workerRecord is a worker as a spreadsheet row, in WorkerColumns' order.
func workerRecord(in laborbridge.WorkerInput) []string {
	return []string{in.Name, in.IDNumber, in.Phone, in.Home, in.Village, in.Occupation, in.SkillLevel, in.Years,
		in.CertLevel, in.Priority, in.WishRegions, in.MinWage, in.AvailableFrom}
}

func vacancyInputOf(r sheet.Row) laborbridge.VacancyInput {
	return laborbridge.VacancyInput{
		CreditCode: r.Get("credit_code"), Employer: r.Get("employer"), Ref: r.Get("ref"), Occupation: r.Get("occupation"),
		Title: r.Get("title"), Headcount: r.Get("headcount"), WageMin: r.Get("wage_min"), WageMax: r.Get("wage_max"),
		Place: r.Get("place"), Address: r.Get("address"), StartDate: r.Get("start_date"), AgeMin: r.Get("age_min"),
		AgeMax: r.Get("age_max"), CertLevel: r.Get("cert_level"), MinYears: r.Get("min_years"), Housing: r.Get("housing"),
		Meals: r.Get("meals"), TravelPaid: r.Get("travel_paid"), ContractMonths: r.Get("contract_months"),
	}
}

func vacancyRecord(in laborbridge.VacancyInput) []string {
	return []string{in.CreditCode, in.Employer, in.Ref, in.Occupation, in.Title, in.Headcount, in.WageMin, in.WageMax,
		in.Place, in.Address, in.StartDate, in.AgeMin, in.AgeMax, in.CertLevel, in.MinYears, in.Housing, in.Meals,
		in.TravelPaid, in.ContractMonths}
}
