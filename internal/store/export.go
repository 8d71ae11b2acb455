package store

import (
	"context"
	"io"
	"strings"

	"laborbridge"
	"laborbridge/internal/refdata"
	"laborbridge/internal/sheet"
)

// ExportOptions shape an export.
type ExportOptions struct {
	Format sheet.Format
	// Title rows above the header; none by default.
	Title []string
	// Plain writes CSV for programs: no byte-order mark, no ="…" guards.
	Plain bool
	// Progress, if set, is called every 10,000 rows.
	Progress func(rows int)
}

// ExportWorkers writes the workers in the actor's scope that match f (all
// pages) in the import template's columns, so the file re-imports cleanly.
// Resident ID numbers and phones are full only for roles that may see them;
// for others the columns hold the masked values (and such a file cannot be
// re-imported). The export is audited with its row count.
func (db *DB) ExportWorkers(ctx context.Context, w io.Writer, f WorkerFilter, opt ExportOptions) (int, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadWorkers)
	if err != nil {
		return 0, err
	}
	full := u.SeesFullIDNumbers()
	wh := f.where(db, u)
	sw, err := sheet.NewWriter(w, opt.Format, WorkerColumns, writeOptions(opt))
	if err != nil {
		return 0, laborbridge.InternalError(err)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+workerColumns+` FROM workers`+wh.sql()+` ORDER BY home, name, id`, wh.args...)
	if err != nil {
		return 0, internal("export workers", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		wk, err := db.scanWorker(rows, full)
		if err != nil {
			return n, internal("export workers", err)
		}
		in := wk.Input()
		if !full {
			in.IDNumber, in.Phone = wk.IDMasked, wk.PhoneMasked
		}
		in.Home = refdata.QualifiedName(wk.Home)
		if d, ok := refdata.DivisionByCode(wk.Home); ok {
			in.Home = d.QualifiedZh()
		}
		if o, ok := refdata.OccupationByCode(wk.Occupation); ok {
			in.Occupation = o.NameZh
		}
		in.WishRegions = provinceNames(wk.WishRegions)
		if err := sw.Write(workerRecord(in)); err != nil {
			return n, laborbridge.InternalError(err)
		}
		n++
		if opt.Progress != nil && n%10000 == 0 {
			opt.Progress(n)
		}
	}
	if err := rows.Err(); err != nil {
		return n, internal("export workers", err)
	}
	if err := sw.Close(); err != nil {
		return n, laborbridge.InternalError(err)
	}
	return n, db.inTx(ctx, func(tx *Tx) error {
		return tx.audit("export.workers", "export", "", u.Division, nil, map[string]any{"rows": n, "full_id_numbers": full})
	})
}

func provinceNames(codes []string) string {
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		if d, ok := refdata.DivisionByCode(c); ok {
			names = append(names, strings.TrimSuffix(d.NameZh, "省"))
		} else {
			names = append(names, c)
		}
	}
	return strings.Join(names, "、")
}

func writeOptions(opt ExportOptions) sheet.WriteOptions {
	wo := sheet.WriteOptions{Title: opt.Title}
	if opt.Plain {
		wo.BOM, wo.PlainCSV = sheet.BOMOff, true
	}
	return wo
}

// ExportVacancies writes the vacancies the actor may see that match f, in
// the import template's columns.
func (db *DB) ExportVacancies(ctx context.Context, w io.Writer, f VacancyFilter, opt ExportOptions) (int, error) {
	u, err := laborbridge.RequireActor(ctx, laborbridge.ActReadVacancies)
	if err != nil {
		return 0, err
	}
	var wh where
	vacancyScope(u, &wh)
	if f.Province != "" {
		lo, hi := prefixRange(laborbridge.DivisionPrefix(f.Province))
		wh.add("v.division >= ? AND v.division < ?", lo, hi)
	}
	if f.State != "" {
		wh.add("v.state = ?", f.State)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		p := likePattern(q)
		wh.add(`(v.title LIKE ? ESCAPE '\' OR e.name LIKE ? ESCAPE '\')`, p, p)
	}
	sw, err := sheet.NewWriter(w, opt.Format, VacancyColumns, writeOptions(opt))
	if err != nil {
		return 0, laborbridge.InternalError(err)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+vacancyColumns+vacancyFrom+wh.sql()+` ORDER BY e.name, v.start_date, v.id`, wh.args...)
	if err != nil {
		return 0, internal("export vacancies", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		v, err := scanVacancy(rows)
		if err != nil {
			return n, internal("export vacancies", err)
		}
		in := v.Input()
		if d, ok := refdata.DivisionByCode(v.Division); ok {
			in.Place = d.QualifiedZh()
		}
		if o, ok := refdata.OccupationByCode(v.Occupation); ok {
			in.Occupation = o.NameZh
		}
		if err := sw.Write(vacancyRecord(in)); err != nil {
			return n, laborbridge.InternalError(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, internal("export vacancies", err)
	}
	if err := sw.Close(); err != nil {
		return n, laborbridge.InternalError(err)
	}
	return n, db.inTx(ctx, func(tx *Tx) error {
		return tx.audit("export.vacancies", "export", "", u.Division, nil, map[string]any{"rows": n})
	})
}

// WriteTemplate writes an empty import template for kind: a title row, the
// header with required columns marked, examples of valid values and, in
// XLSX, a sheet of instructions.
func WriteTemplate(w io.Writer, kind string, format sheet.Format) error {
	var schema sheet.Schema
	var title string
	var help []string
	switch kind {
	case ImportWorkers:
		schema, title = WorkerColumns, "转移就业人员登记表"
		help = workerHelp
	case ImportVacancies:
		schema, title = VacancyColumns, "岗位需求登记表"
		help = vacancyHelp
	default:
		return laborbridge.FieldErrorf("kind", "no template for %q (workers or vacancies)", kind)
	}
	sw, err := sheet.NewWriter(w, format, schema, sheet.WriteOptions{Title: []string{title}, MarkRequired: true, Instructions: help})
	if err != nil {
		return laborbridge.InternalError(err)
	}
	return sw.Close()
}

var workerHelp = []string{
	"转移就业人员登记表填写说明 / How to fill in the worker sheet",
	"带 * 的列必须填写。表头可以用中文或英文，标题行可以保留。",
	"身份证号：18 位（末位可为 X），请把该列设为“文本”格式，否则 Excel 会丢掉后三位；15 位旧号码会自动升级。",
	"手机号：11 位，以 13–19 开头。",
	"户籍地：县级区划代码（如 140105）或名称（如 小店区）；重名的县区须带上市名，如 阳泉市城区。",
	"职业：ISCO-08 细类代码（如 5120）或中文名称（如 厨师）。",
	"技能等级 / 证书等级：1–5（1 高级技师，2 技师，3 高级工，4 中级工，5 初级工）。",
	"脱贫户：是/否（也可写 yes/no、1/0）。",
	"意向地区：省份名称或代码，多个用 、 , ; 或空格分隔；留空表示不限。",
	"最低月薪：元/月，整数。可出发日期：YYYY-MM-DD。",
	"同一身份证号重复导入不会产生重复记录：已有人员的变动字段会被更新并记入审计日志。",
	"示例 / Example: 张三 | 140105199001010016 | 13912345678 | 太原市小店区 | 北格镇张村 | 厨师 | 4 | 3 | | 是 | 北京、江苏 | 4500 | 2027-01-06",
}

var vacancyHelp = []string{
	"岗位需求登记表填写说明 / How to fill in the vacancy sheet",
	"带 * 的列必须填写。统一社会信用代码为 18 位（GB 32100 校验）。",
	"用人单位：首次出现的单位需填写名称，系统将登记为合作单位。",
	"职业：ISCO-08 细类代码或中文名称。招聘人数 ≥ 1；月薪为元/月，最低月薪 ≤ 最高月薪。",
	"工作地点：城市或县区名称或代码，如 北京市、苏州市、140105。到岗日期：YYYY-MM-DD。",
	"年龄范围默认 16–60 岁，不得低于法定最低就业年龄 16 岁。",
	"提供住宿 / 提供餐食 / 报销路费：是/否。",
	"岗位编号可选：填写后按编号识别同一岗位，重复导入只更新变动字段。",
	"示例 / Example: 91350100M000100Y43 | 示例餐饮管理有限公司 | BJ-2027-001 | 厨师 | 中餐厨师 | 20 | 5000 | 7000 | 北京市 | 朝阳区XX路1号 | 2027-01-10 | 18 | 50 | | 1 | 是 | 是 | 是 | 12",
}
