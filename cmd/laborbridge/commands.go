package main

import "github.com/spf13/cobra"

// commands lists the subcommands; each lives in a file named after it.
func (a *app) commands() []*cobra.Command {
	return []*cobra.Command{
		a.serveCmd(),
		a.migrateCmd(),
		a.importCmd(),
		a.exportCmd(),
		a.userCmd(),
		a.demoCmd(),
		a.planCmd(),
		a.manifestCmd(),
		a.driverLinkCmd(),
		a.matchCmd(),
		a.purgeCmd(),
		a.solveCmd(),
	}
}
