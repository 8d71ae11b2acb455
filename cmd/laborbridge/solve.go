package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"laborbridge"
	"laborbridge/internal/match"
)

// solveCmd solves a DIMACS minimum-cost-flow file, for checking the
// matching solver against other solvers on the same instance.
func (a *app) solveCmd() *cobra.Command {
	var flowOut, algo string
	c := &cobra.Command{
		Use:   "solve FILE",
		Short: "Solve a DIMACS minimum-cost-flow instance ('-' reads standard input)",
		Long: `Solve reads a DIMACS minimum-cost-flow instance and prints one line:

  status=OPTIMAL|INFEASIBLE|UNBOUNDED cost=C nodes=N arcs=M read_s=S solve_s=S algo=A

cost is NA unless the status is OPTIMAL. With --algo auto (the default) an
instance with the structure of a job assignment (source, workers, vacancies,
sink, bypass) is solved by the specialised assignment solver, any other by
the network simplex method.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			al := match.Algorithm(algo)
			if al != match.Auto && al != match.Simplex && al != match.Bipartite {
				return usageError{fmt.Sprintf("--algo %q: want auto, simplex or bipartite", algo)}
			}
			return a.solve(args[0], flowOut, al)
		},
	}
	c.Flags().StringVar(&flowOut, "flow-out", "", "write the optimal flow to this file (DIMACS solution format)")
	c.Flags().StringVar(&algo, "algo", string(match.Auto), "solver: auto, simplex or bipartite")
	return c
}

func (a *app) solve(path, flowOut string, algo match.Algorithm) error {
	t0 := time.Now()
	var in io.Reader = a.stdin
	var size int64
	name := "standard input"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return laborbridge.Errorf(laborbridge.Invalid, "%v", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		in, name = f, path
	}
	g, err := match.ReadDIMACS(in, size)
	if err != nil {
		return laborbridge.Errorf(laborbridge.Invalid, "%s: %v", name, err)
	}
	t1 := time.Now()
	sol, used, err := match.Solve(g, algo)
	if err != nil {
		return laborbridge.Errorf(laborbridge.Invalid, "%s: %v", name, err)
	}
	t2 := time.Now()
	if flowOut != "" && sol.Status == match.Optimal {
		if err := writeFlowFile(flowOut, g, sol); err != nil {
			return err
		}
	}
	cost := "NA"
	if sol.Status == match.Optimal {
		cost = sol.Cost.String()
	}
	_, err = fmt.Fprintf(a.stdout, "status=%s cost=%s nodes=%d arcs=%d read_s=%.3f solve_s=%.3f algo=%s\n",
		sol.Status, cost, g.Nodes, g.Arcs(), t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds(), used)
	return err
}

func writeFlowFile(path string, g *match.Graph, sol *match.Solution) error {
	f, err := os.Create(path)
	if err != nil {
		return laborbridge.Errorf(laborbridge.Invalid, "%v", err)
	}
	if err := match.WriteFlow(f, g, sol); err != nil {
		f.Close()
		return laborbridge.Errorf(laborbridge.Invalid, "%s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		return laborbridge.Errorf(laborbridge.Invalid, "%s: %v", path, err)
	}
	return nil
}
