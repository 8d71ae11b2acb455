package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var localeFiles embed.FS

// The languages of the UI; Chinese is the default.
var (
	langZh    = language.MustParse("zh-CN")
	langEn    = language.English
	languages = []language.Tag{langZh, langEn}
	matcher   = language.NewMatcher(languages)
)

// catalog holds the UI's messages in every language.
type catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	keys       map[string]map[string]bool
}

func loadCatalog() (*catalog, error) {
	// The message files are named by base language (zh.json), so the
	// bundle's default must be that tag too: with zh-CN it finds no
	// Chinese message at all.
	b := i18n.NewBundle(language.Chinese)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	c := &catalog{bundle: b, localizers: map[string]*i18n.Localizer{}, keys: map[string]map[string]bool{}}
	for _, f := range []struct{ file, lang string }{{"locales/zh.json", "zh"}, {"locales/en.json", "en"}} {
		data, err := localeFiles.ReadFile(f.file)
		if err != nil {
			return nil, err
		}
		if _, err := b.ParseMessageFileBytes(data, f.file); err != nil {
			return nil, fmt.Errorf("messages %s: %w", f.file, err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("messages %s: %w", f.file, err)
		}
		c.keys[f.lang] = map[string]bool{}
		for k := range m {
			c.keys[f.lang][k] = true
		}
	}
	c.localizers["zh"] = i18n.NewLocalizer(b, "zh")
	c.localizers["en"] = i18n.NewLocalizer(b, "en")
	return c, nil
}

// text returns the message id in lang, filled with args given as
// name, value pairs; an unknown id is returned as is, so a gap shows.
func (c *catalog) text(lang, id string, args ...any) string {
	var data map[string]any
	if len(args) > 0 {
		data = map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := c.localizers[lang].Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// has reports whether lang has a message id.
func (c *catalog) has(lang, id string) bool { return c.keys[lang][id] }

// langOf picks the UI language: an explicit ?lang=, then the lang cookie,
// then the browser's Accept-Language, then Chinese.
func langOf(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "zh" || c.Value == "en") {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, i, conf := matcher.Match(tags...)
			if conf != language.No && i == 1 {
				return "en"
			}
		}
	}
	return "zh"
}

// htmlLang is the lang attribute of a page.
func htmlLang(l string) string {
	if l == "en" {
		return "en"
	}
	return "zh-CN"
}

// splitWords helps templates list comma-separated values.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' })
}
