package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) migrateCmd() *cobra.Command {
	var f dbFlags
	c := &cobra.Command{
		Use:   "migrate",
		Short: "Apply the embedded database migrations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, _, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			fmt.Fprintf(a.stdout, "database %s is up to date\n", db.Dialect())
			return nil
		},
	}
	a.addDBFlags(c, &f, false)
	return c
}
