package sheet

import (
	"fmt"
	"os"
	"testing"
)

func TestStringTable(t *testing.T) {
	for _, limit := range []int64{1 << 20, 100} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			dir := t.TempDir()
			st := &stringTable{memLimit: limit, tempDir: dir}
			var want []string
			for i := range 200 {
				s := fmt.Sprintf("姓名%d", i)
				if i%7 == 0 {
					s = ""
				}
				want = append(want, s)
				if err := st.add(s); err != nil {
					t.Fatalf("add(%q): %v", s, err)
				}
			}
			if spilled := st.file != nil; spilled != (limit == 100) {
				t.Errorf("spilled = %v with a limit of %d bytes", spilled, limit)
			}
			for i, w := range want {
				if got, err := st.get(i); got != w || err != nil {
					t.Fatalf("get(%d) = %q, %v, want %q", i, got, err, w)
				}
			}
			for _, i := range []int{-1, len(want)} {
				if _, err := st.get(i); err == nil {
					t.Errorf("get(%d) gives no error", i)
				}
			}
			if err := st.close(); err != nil {
				t.Fatal(err)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}
