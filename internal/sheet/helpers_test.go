package sheet

import (
	"bytes"
	"io"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// testSchema is a register of people as county offices keep it.
var testSchema = Schema{
	{Key: "name", Names: []string{"姓名", "name"}, Required: true},
	{Key: "id", Names: []string{"身份证号", "身份证号码", "公民身份号码", "ID number"}, Required: true},
	{Key: "phone", Names: []string{"手机号", "联系电话", "phone"}},
	{Key: "birth", Names: []string{"出生日期", "birth date"}, Kind: Date},
	{Key: "wage", Names: []string{"最低月薪", "wage"}, Kind: Number},
	{Key: "code", Names: []string{"地区代码", "code"}},
	{Key: "poor", Names: []string{"是否脱贫户", "poverty household"}, Choices: []string{"是", "否"}},
	{Key: "note", Names: []string{"备注", "note"}},
}

// readAll reads every row of a file.
func readAll(t testing.TB, r io.Reader, s Schema, opt Options) (*Header, []Row, error) {
	t.Helper()
	rd, err := NewReader(r, s, opt)
	if err != nil {
		return nil, nil, err
	}
	defer rd.Close()
	var rows []Row
	for rd.Next() {
		rows = append(rows, rd.Row())
	}
	return rd.Header(), rows, rd.Err()
}

// values returns a row's texts in schema order.
func values(r Row, s Schema) []string {
	out := make([]string, len(s))
	for i, c := range s {
		out[i] = r.Get(c.Key)
	}
	return out
}

// writeAll writes rows with a Writer and returns the file.
func writeAll(t testing.TB, f Format, s Schema, opt WriteOptions, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, f, s, opt)
	if err != nil {
		t.Fatalf("NewWriter: %v", err)
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatalf("Write(%q): %v", r, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return buf.Bytes()
}

func encodeGB18030(s string) ([]byte, error) {
	out, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	return []byte(out), err
}
