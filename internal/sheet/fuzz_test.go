package sheet

import (
	"bytes"
	"errors"
	"testing"
)

// drain reads a whole file and checks the invariants every read keeps: an
// error is an *Error or an I/O error, lines increase, rows are never blank.
func drain(t *testing.T, data []byte, opt Options) {
	r, err := NewReader(bytes.NewReader(data), testSchema, opt)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("NewReader error %v is no *Error", err)
		}
		return
	}
	defer r.Close()
	last := r.Header().Line
	for r.Next() {
		row := r.Row()
		if row.Line <= last {
			t.Fatalf("row line %d after %d", row.Line, last)
		}
		last = row.Line
		for _, c := range testSchema {
			row.Get(c.Key)
			row.Numeric(c.Key)
		}
		row.Problem()
	}
	if err := r.Err(); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Err() %v is no *Error", err)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("姓名,身份证号\n张三,1\n"))
	f.Add([]byte("XX县登记表,,\r\n序号,姓名*,身份证号码*\r\n1,\"多\n行\",\"=\"\"0123\"\"\"\r\n"))
	f.Add([]byte("姓名\t身份证号\t出生日期\t最低月薪\n\"张\"三\t'0123\t2026年1月6日\t\"5,000\"\n"))
	f.Add([]byte("姓名;身份证号\r李四;\"未闭合\r"))
	f.Add(writeAll(f, CSV, testSchema, WriteOptions{Title: []string{"标题"}}, tricky))
	gbk, _ := encodeGB18030("姓名,身份证号\n张三,1\n")
	f.Add(gbk)
	f.Add([]byte("\xff\xfe\x27\x59\x0d\x54\x09\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 4 && string(data[:4]) == "PK\x03\x04" {
			return // FuzzReadXLSX's business
		}
		drain(t, data, Options{})
	})
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(officeXLSX(f, false))
	f.Add(writeAll(f, XLSX, testSchema, WriteOptions{Title: []string{"标题"}, Instructions: []string{"说明"}}, tricky))
	f.Add(buildXLSX(f, sheetXML(`<row r="1"><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>身份证号</t></is></c></row>`+
		`<row><c t="s"><v>0</v></c><c s="1"><v>32874</v></c></row>`),
		`<sst><si><t>张三</t></si></sst>`,
		`<styleSheet><numFmts><numFmt numFmtId="176" formatCode="yyyy/m/d"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="176"/></cellXfs></styleSheet>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Small limits keep each run short whatever the fuzzer packs.
		drain(t, data, Options{UnzipSizeLimit: 4 << 20, UnzipXMLSizeLimit: 1 << 10, TempDir: t.TempDir()})
	})
}
