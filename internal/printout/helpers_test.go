package printout

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"laborbridge/internal/idcard"
	"laborbridge/internal/sign"
)

var cst = time.FixedZone("CST", 8*3600)

// testFont loads Droid Sans Fallback. Without it the test is skipped on a
// developer's machine and fails in CI, whose script installs the font.
func testFont(t testing.TB) *Font {
	t.Helper()
	f, err := LoadFont(DefaultFontPath)
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("LoadFont: %v", err)
		}
		t.Fatalf("LoadFont: %v", err)
	}
	return f
}

// tool returns the path of a poppler program, skipping the test where it
// is missing on a developer's machine; CI installs poppler-utils.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s is not installed (Debian's poppler-utils)", name)
		}
		t.Fatalf("%s is not installed: %v", name, err)
	}
	return p
}

var (
	surnames = []rune("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
	given    = []string{"建国", "秀英", "丽", "强", "国华", "晓东", "桂兰", "志刚", "海燕", "文", "玉梅", "建华", "俊杰", "红霞", "鹏"}
	counties = []struct{ code, name string }{
		{"140105", "小店区"}, {"140121", "清徐县"}, {"140122", "阳曲县"}, {"140123", "娄烦县"}, {"140181", "古交市"},
	}
	villages = []string{"东庄村", "西营村", "南社村", "北格村", "刘家堡村", "马峪村", "上兰村", "河口村"}
)

// gates of a Taiyuan departure on 6 January, in driving order.
var gates = []Stop{
	{Gate: "北京顺义空港物流园东门", Arrive: time.Date(2025, 1, 6, 15, 40, 0, 0, cst), Km: 512},
	{Gate: "北京亦庄京东物流园区2号门", Arrive: time.Date(2025, 1, 6, 17, 5, 0, 0, cst), Km: 571},
	{Gate: "天津武清富士康科技集团（天津）有限公司南门", Arrive: time.Date(2025, 1, 6, 19, 10, 0, 0, cst), Km: 688},
}

// passenger makes the i-th synthetic passenger, with a valid ID number.
func passenger(i int) Passenger {
	c := counties[i%len(counties)]
	male := i%3 != 1
	birth := time.Date(1975+i%28, time.Month(1+i%12), 1+i%27, 0, 0, 0, 0, time.UTC)
	sex := "男"
	if !male {
		sex = "女"
	}
	return Passenger{
		Seat:    i + 1,
		Name:    string(surnames[i%len(surnames)]) + given[i%len(given)],
		Sex:     sex,
		Age:     2025 - birth.Year(),
		ID:      idcard.Generate(c.code, birth, i, male),
		Phone:   fmt.Sprintf("13%d%08d", 5+i%5, 31000000+i*7919),
		County:  c.name,
		Village: villages[i%len(villages)],
		Gate:    gates[min(i*len(gates)/53, len(gates)-1)].Gate,
	}
}

// sampleManifest is a trip of n passengers on a vehicle of seats.
func sampleManifest(n, seats int) Manifest {
	m := Manifest{
		Trip: Trip{
			Number:    "TY20250106-03",
			Event:     "太原市2025年春节前后农村劳动力点对点输送（市体育中心集合）",
			Vehicle:   "大型客车",
			Seats:     seats,
			Plate:     "晋A·D1234",
			Drivers:   []Driver{{"赵师傅", "139****5678"}, {"钱师傅", "138****4321"}},
			Depart:    time.Date(2025, 1, 6, 8, 30, 0, 0, cst),
			Gathering: "太原市体育中心东广场",
			Stops:     gates,
			Km:        688,
		},
		PrintedAt: time.Date(2025, 1, 6, 7, 12, 0, 0, cst),
		PrintedBy: "小店区人社局 王科员",
	}
	if seats > 100 {
		m.Trip.Vehicle, m.Trip.Plate, m.Trip.Drivers = "包车火车车厢", "", nil
	}
	for i := range n {
		m.Passengers = append(m.Passengers, passenger(i))
	}
	// Names as they come: a long minority name with a middle dot, a name
	// with a rare character, and one in Latin letters.
	if n > 3 {
		m.Passengers[1].Name = "买买提·艾力克木"
		m.Passengers[2].Name = "李㛃"
		m.Passengers[3].Name = "Anna Schmidt-Lee"
	}
	return m
}

// masked returns the copy for drivers and partners.
func masked(m Manifest) Manifest {
	m.Masked = true
	m.Passengers = append([]Passenger(nil), m.Passengers...)
	for i, p := range m.Passengers {
		id, _ := idcard.Parse(p.ID, time.Date(2025, 1, 6, 0, 0, 0, 0, cst))
		m.Passengers[i].ID = id.Mask()
		m.Passengers[i].Phone = p.Phone[:3] + "****" + p.Phone[7:]
	}
	return m
}

// testSigner signs with a fixed key, so that tokens are the same each run.
func testSigner(t testing.TB) *sign.Signer {
	t.Helper()
	s, err := sign.NewSigner(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// samplePasses makes n passes of the sample trip with signed tokens.
func samplePasses(t testing.TB, n int) []Pass {
	t.Helper()
	m := masked(sampleManifest(n, 53))
	s := testSigner(t)
	var out []Pass
	for i, p := range m.Passengers {
		tok, err := s.Pass(sign.PassClaims{Trip: [16]byte{1, 2, 3}, Worker: [16]byte{byte(i), 7}, Seat: p.Seat, Issued: m.PrintedAt})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Pass{
			Name: p.Name, ID: p.ID, Event: "太原市2025年春节农村劳动力点对点输送",
			Trip: m.Trip.Number, Seat: p.Seat, Depart: m.Trip.Depart, Gathering: m.Trip.Gathering,
			Gate: p.Gate, Employer: employer(p.Gate), Token: tok,
		})
	}
	return out
}

func employer(gate string) string {
	switch {
	case strings.Contains(gate, "富士康"):
		return "富士康科技集团（天津）有限公司"
	case strings.Contains(gate, "京东"):
		return "北京京邦达贸易有限公司"
	}
	return "北京顺丰速运有限公司空港分拨中心"
}
