package main

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"laborbridge/internal/match"
	"laborbridge/internal/refdata"
	"laborbridge/internal/store"
)

func (a *app) matchCmd() *cobra.Command {
	var f dbFlags
	var p store.MatchParams
	var objective, dimacs string
	c := &cobra.Command{
		Use:   "match",
		Short: "Match the registered workers of a scope to the open vacancies, exactly",
		Long: `Match assigns each registered worker without a live placement to at most one
vacancy, and each vacancy up to its open seats, keeping every hard requirement.

Objectives:
  max       the largest total score (an exact maximum-weight b-matching)
  priority  as many priority-household workers as possible, then the largest score
  stable    worker-proposing deferred acceptance: no worker and vacancy would both
            rather have each other than what they got (not the largest total)

The proposed placements are stored unless --dry-run is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p.Objective = match.Objective(objective)
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			bar := a.newProgress(-1, "loading", false)
			start := time.Now()
			run, err := db.RunMatch(ctx, p, func(stage string) {
				bar.describe(stage)
				bar.set(int64(time.Since(start) / time.Millisecond))
			})
			bar.done()
			if err != nil {
				return err
			}
			if dimacs != "" {
				if err := a.writeTo(dimacs, func(w io.Writer) error { return store.ExportRunDIMACS(w, run) }); err != nil {
					return err
				}
			}
			a.printRun(run)
			return nil
		},
	}
	c.Flags().StringVar(&p.Scope, "scope", "", "division code whose workers are matched (default: your whole area)")
	c.Flags().StringVar(&objective, "objective", "max", "max, priority or stable")
	c.Flags().StringVar(&p.Day, "day", "", "earliest start date, YYYY-MM-DD (default today)")
	c.Flags().IntVar(&p.Candidates, "candidates", 0, "candidate vacancies kept per worker (default 30)")
	c.Flags().BoolVar(&p.Dry, "dry-run", false, "compute and report, store nothing")
	c.Flags().StringVar(&dimacs, "export-dimacs", "", "write the instance solved, in DIMACS min-cost-flow format")
	a.addDBFlags(c, &f, true)
	return c
}

var objectiveNames = map[match.Objective]string{
	match.MaxScore:      "largest total score",
	match.PriorityFirst: "priority households first, then largest total score",
	match.Stable:        "stable (worker-proposing deferred acceptance; not the largest total)",
}

// printRun shows a run's summary for a person, then one line for scripts.
func (a *app) printRun(r *store.MatchRun) {
	w := a.stdout
	scope := r.Scope
	if scope == "" {
		scope = "everything"
	}
	if d, ok := refdata.DivisionByCode(padDivision(r.Scope)); ok {
		scope = d.QualifiedZh() + " (" + r.Scope + ")"
	}
	fmt.Fprintf(w, "match run %s (%s)\n", r.ID, r.Status)
	fmt.Fprintf(w, "  scope       %s, earliest start %s\n", scope, r.Day)
	fmt.Fprintf(w, "  objective   %s\n", objectiveNames[r.Objective])
	fmt.Fprintf(w, "  workers     %d (%d priority households)\n", r.Workers, r.PriorityWorkers)
	fmt.Fprintf(w, "  vacancies   %d with %d open seats; %d candidate pairs\n", r.Vacancies, r.Seats, r.Arcs)
	fmt.Fprintf(w, "  placed      %d (%d priority households)\n", r.Placed, r.PriorityPlaced)
	fmt.Fprintf(w, "  total score %d\n", r.TotalScore)
	reasons := make([]string, 0, len(r.Unplaced))
	for k := range r.Unplaced {
		reasons = append(reasons, k)
	}
	sort.Slice(reasons, func(i, j int) bool { return r.Unplaced[reasons[i]] > r.Unplaced[reasons[j]] })
	for _, k := range reasons {
		fmt.Fprintf(w, "  unplaced    %7d  %s\n", r.Unplaced[k], reasonText[k])
	}
	s := r.Stages
	fmt.Fprintf(w, "  time        load %.2fs, candidates %.2fs, scores %.2fs, solve %.2fs, results %.2fs, store %.2fs; total %.2fs\n",
		s.Load, s.Candidates, s.Scores, s.Solve, s.Results, s.Store, s.Total())
	fmt.Fprintf(w, "run=%s objective=%s workers=%d placed=%d priority_placed=%d total=%d arcs=%d total_s=%.2f\n",
		r.ID, r.Objective, r.Workers, r.Placed, r.PriorityPlaced, r.TotalScore, r.Arcs, s.Total())
}

// reasonText explains the reason codes on the command line.
var reasonText = map[string]string{
	string(match.ReasonOccupation):  "no vacancy in or near their occupation",
	string(match.ReasonHeadcount):   "no open seat left in their occupation",
	string(match.ReasonRegion):      "no vacancy in their wished regions",
	string(match.ReasonCertificate): "lack the certificate required",
	string(match.ReasonYears):       "lack the years of experience required",
	string(match.ReasonAge):         "outside the age range or the legal working age",
	string(match.ReasonWage):        "no vacancy pays their minimum wage",
	string(match.ReasonStartDate):   "not available by the start dates",
	string(match.ReasonUnranked):    "ranked no vacancy they could take",
	string(match.ReasonLost):        "their candidate seats went to better-fitting workers",
}

func padDivision(prefix string) string {
	for len(prefix) < 6 {
		prefix += "0"
	}
	return prefix
}
