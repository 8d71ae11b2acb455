package main

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a bar on a terminal and nothing elsewhere, so that scripts
// and CI logs stay clean.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress starts a bar of max units (bytes when bytes is set; -1 for
// an unknown total) on stderr when stderr is a terminal.
func (a *app) newProgress(max int64, desc string, bytes bool) *progress {
	f, ok := a.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionShowCount(),
		progressbar.OptionOnCompletion(func() { io.WriteString(f, "\n") }),
		progressbar.OptionSetPredictTime(true),
	}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	}
	return &progress{bar: progressbar.NewOptions64(max, opts...)}
}

// set moves the bar to n units.
func (p *progress) set(n int64) {
	if p.bar != nil {
		p.bar.Set64(n)
	}
}

// describe changes the bar's label, for multi-stage work.
func (p *progress) describe(s string) {
	if p.bar != nil {
		p.bar.Describe(s)
	}
}

// done completes the bar.
func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
