package demo

import (
	"fmt"

	"laborbridge"
)

// Account is a demo user with its password, to be shown to whoever
// started the demo.
type Account struct {
	Username    string
	Password    string
	Role        laborbridge.Role
	Division    string
	DisplayName string
}

// passwordWords are short, unambiguous words: a demo password is read off
// a terminal and typed into a sign-in form.
var passwordWords = []string{
	"river", "maple", "stone", "cloud", "tiger", "lotus", "amber", "cedar", "falcon", "harbor",
	"jade", "lantern", "meadow", "orchid", "pine", "summit", "willow", "bamboo", "panda", "silk",
	"millet", "garden", "bridge", "valley", "copper", "kite", "pepper", "thunder", "plum", "canyon",
	"ember", "lily", "comet", "walnut", "melon", "violet", "forest", "island", "rocket", "spring",
}

// accounts returns one account of each role, with passwords drawn from
// the seed alone: the same seed gives the same passwords whatever the size.
// The partner belongs to employer (the first partner), the worker is
// workerName of 小店区.
func accounts(seed uint64, employer laborbridge.EmployerInput, workerName string) []Account {
	r := newRand(seed, "passwords")
	password := func() string {
		return fmt.Sprintf("demo-%s-%s-%02d", pickOne(r, passwordWords), pickOne(r, passwordWords), r.IntN(100))
	}
	return []Account{
		{"province", password(), laborbridge.RoleProvince, "140000", "山西省人力资源和社会保障厅"},
		{"taiyuan", password(), laborbridge.RoleCity, "140100", "太原市人力资源和社会保障局"},
		{"xiaodian", password(), laborbridge.RoleCounty, "140105", "太原市小店区人力资源和社会保障局"},
		{"partner", password(), laborbridge.RolePartner, employer.Division, employer.Name},
		{"trainer", password(), laborbridge.RoleTrainer, "140100", "太原市晋阳职业技能培训学校"},
		{"worker", password(), laborbridge.RoleWorker, firstCounty, workerName},
	}
}
