package main

import "github.com/spf13/cobra"

func (a *app) solveCmd() *cobra.Command {
	return &cobra.Command{Use: "solve FILE", Short: "Solve a DIMACS minimum-cost-flow instance", Args: cobra.ExactArgs(1)}
}
