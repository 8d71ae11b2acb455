//go:build unix

package match

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the processor time the process has used, all threads.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchRun runs Run on a synthetic instance and reports each stage's time
// (seconds per run, elapsed and processor), the candidate pairs and the
// workers placed. Processor time is what to compare on a busy machine.
func benchRun(b *testing.B, workers, vacancies int, o Objective) {
	ws, vs := synth(1, synthSpec{workers: workers, vacancies: vacancies, occupations: 150, openMax: 20, villages: 40, strict: 0.4})
	p := DefaultParams(synthDay)
	p.Objective = o
	stages := map[Stage]time.Duration{}
	cpu := map[Stage]time.Duration{}
	var out *Outcome
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		var last Stage
		mark, cmark := time.Now(), cpuTime()
		var err error
		out, err = Run(ws, vs, p, func(s Stage) {
			now, cnow := time.Now(), cpuTime()
			if last != "" {
				stages[last] += now.Sub(mark)
				cpu[last] += cnow - cmark
			}
			last, mark, cmark = s, now, cnow
		})
		stages[last] += time.Since(mark)
		cpu[last] += cpuTime() - cmark
		if err != nil {
			b.Fatal(err)
		}
	}
	for s, d := range stages {
		b.ReportMetric(d.Seconds()/float64(b.N), string(s)+"-s")
		b.ReportMetric(cpu[s].Seconds()/float64(b.N), string(s)+"-cpu-s")
	}
	b.ReportMetric(float64(out.Arcs), "arcs")
	b.ReportMetric(float64(len(out.Placements)), "placed")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
}

func BenchmarkRun100k(b *testing.B)         { benchRun(b, 100_000, 50_000, MaxScore) }
func BenchmarkRun100kPriority(b *testing.B) { benchRun(b, 100_000, 50_000, PriorityFirst) }
func BenchmarkRun100kStable(b *testing.B)   { benchRun(b, 100_000, 50_000, Stable) }
func BenchmarkRun1M(b *testing.B)           { benchRun(b, 1_000_000, 50_000, MaxScore) }

// BenchmarkStableNRMP is stable mode on an instance of the National
// Resident Matching Program's size: 50,000 workers with their own rankings
// of 10 to 15 vacancies among 6,400 with headcounts, ranked in turn by the
// vacancies. It must take well under a second.
func BenchmarkStableNRMP(b *testing.B) {
	ws, vs, ranks, vranks := nrmpLike(1, 50_000, 6_400, 10, 15)
	p := DefaultParams(synthDay)
	p.Objective, p.Ranks, p.VacancyRanks = Stable, ranks, vranks
	benchStable(b, ws, vs, p)
}

// BenchmarkStableNRMPScores is the same size with rankings derived from
// the scores: candidate search, scores and deferred acceptance.
func BenchmarkStableNRMPScores(b *testing.B) {
	ws, vs := synth(2, synthSpec{workers: 50_000, vacancies: 6_400, occupations: 150, openMax: 15, strict: 0.4})
	p := DefaultParams(synthDay)
	p.Objective, p.Candidates = Stable, 15
	benchStable(b, ws, vs, p)
}

func benchStable(b *testing.B, ws []Worker, vs []Vacancy, p Params) {
	var out *Outcome
	for b.Loop() {
		var err error
		if out, err = Run(ws, vs, p, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(out.Placements)), "placed")
	b.ReportMetric(float64(out.Proposals), "proposals")
}
