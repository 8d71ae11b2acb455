package laborbridge

import (
	"strings"
	"time"

	"laborbridge/internal/idcard"
)

// Employer is a partner in a receiving region: a company or an agency that
// posts vacancies, identified by its unified social credit code.
type Employer struct {
	ID           string
	CreditCode   string
	Name         string
	Division     string
	Address      string
	Industry     string
	ContactName  string
	ContactPhone string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// EmployerInput is an employer as typed into a form or an API body.
type EmployerInput struct {
	CreditCode   string `json:"credit_code"`
	Name         string `json:"name"`
	Division     string `json:"division"`
	Address      string `json:"address,omitempty"`
	Industry     string `json:"industry,omitempty"`
	ContactName  string `json:"contact_name,omitempty"`
	ContactPhone string `json:"contact_phone,omitempty"`
}

// ParseEmployer checks in and returns the employer it describes; Invalid
// with every field at fault otherwise.
func ParseEmployer(in EmployerInput) (*Employer, error) {
	var p Problems
	e := &Employer{
		Name:        strings.TrimSpace(in.Name),
		Address:     strings.TrimSpace(in.Address),
		Industry:    strings.TrimSpace(in.Industry),
		ContactName: strings.TrimSpace(in.ContactName),
	}
	if cc, err := ParseCreditCode(in.CreditCode); err != nil {
		p.AddErr("credit_code", err)
	} else {
		e.CreditCode = cc
	}
	if e.Name == "" {
		p.Add("name", "employer name is required")
	} else if len([]rune(e.Name)) > 100 {
		p.Add("name", "employer name is longer than 100 characters")
	}
	if d, err := ParseDivision("division", in.Division); err != nil {
		p.AddErr("division", err)
	} else {
		e.Division = d.Code
	}
	if s := strings.TrimSpace(in.ContactPhone); s != "" {
		if ph, err := ParsePhone(s); err != nil {
			p.AddErr("contact_phone", err)
		} else {
			e.ContactPhone = ph
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return e, nil
}

// ParseCreditCode checks a unified social credit code (GB 32100).
func ParseCreditCode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", FieldErrorf("credit_code", "unified social credit code is required")
	}
	cc, err := idcard.ParseCreditCode(s)
	if err != nil {
		return "", FieldErrorf("credit_code", "%s", err.Error())
	}
	return cc.Number, nil
}
