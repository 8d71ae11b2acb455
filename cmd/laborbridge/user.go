package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"laborbridge"
	"laborbridge/internal/store"
)

func (a *app) userCmd() *cobra.Command {
	c := &cobra.Command{Use: "user", Short: "Manage user accounts"}
	c.AddCommand(a.userAddCmd(), a.userListCmd(), a.userTokenCmd())
	return c
}

func (a *app) userAddCmd() *cobra.Command {
	var f dbFlags
	var u laborbridge.User
	var role, employer, password string
	c := &cobra.Command{
		Use:   "add USERNAME",
		Short: "Add a user; the password is asked for, or read from --password-stdin",
		Example: `  laborbridge user add taiyuan --role city --division 140100 --name "太原市人社局"
  laborbridge user add jd-logistics --role partner --employer 91110000MA00ABCD1X`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := laborbridge.ParseRole(role)
			if err != nil {
				return usageError{err.Error()}
			}
			u.Username, u.Role = args[0], r
			if u.DisplayName == "" {
				u.DisplayName = u.Username
			}
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			if employer != "" {
				es, _, err := db.ListEmployers(ctx, store.EmployerFilter{Q: employer})
				if err != nil {
					return err
				}
				if len(es) != 1 {
					return laborbridge.Errorf(laborbridge.NotFound, "no single employer matches %q", employer)
				}
				u.EmployerID = es[0].ID
			}
			pw, err := a.readPassword(cmd, password == "-")
			if err != nil {
				return err
			}
			if err := db.CreateUser(ctx, &u, pw); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "added %s (%s)\n", u.Username, u.Role)
			return nil
		},
	}
	c.Flags().StringVar(&role, "role", "", "province, city, county, partner, trainer or worker")
	c.Flags().StringVar(&u.DisplayName, "name", "", "display name")
	c.Flags().StringVar(&u.Division, "division", "", "division code of an office user (e.g. 140105)")
	c.Flags().StringVar(&employer, "employer", "", "credit code or name of a partner's employer")
	c.Flags().StringVar(&u.WorkerID, "worker", "", "worker record id of a worker user")
	c.Flags().StringVar(&password, "password-stdin", "", "")
	c.Flags().Lookup("password-stdin").NoOptDefVal = "-"
	c.Flags().Lookup("password-stdin").Usage = "read the password from standard input"
	c.MarkFlagRequired("role")
	a.addDBFlags(c, &f, false)
	return c
}

// readPassword asks twice on a terminal, or reads one line from stdin.
func (a *app) readPassword(cmd *cobra.Command, fromStdin bool) (string, error) {
	if in, ok := a.stdin.(interface{ Fd() uintptr }); ok && !fromStdin && term.IsTerminal(int(in.Fd())) {
		fmt.Fprint(a.stderr, "password: ")
		p1, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(a.stderr, "again: ")
		p2, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", usageError{"the passwords differ"}
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", usageError{"give the password on standard input"}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (a *app) userListCmd() *cobra.Command {
	var f dbFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List user accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			users, err := db.ListUsers(ctx)
			if err != nil {
				return err
			}
			for _, u := range users {
				fmt.Fprintf(a.stdout, "%-20s %-9s %-8s %s\n", u.Username, u.Role, u.Division, u.DisplayName)
			}
			return nil
		},
	}
	a.addDBFlags(c, &f, false)
	return c
}

func (a *app) userTokenCmd() *cobra.Command {
	var f dbFlags
	var name string
	c := &cobra.Command{
		Use:   "token USERNAME",
		Short: "Issue an API token for a user (valid 90 days)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			u, err := db.UserByName(ctx, args[0])
			if err != nil {
				return err
			}
			token, err := db.CreateSession(ctx, u, store.SessionAPI, name)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, token)
			return nil
		},
	}
	c.Flags().StringVar(&name, "name", "cli", "a name to recognise the token by")
	a.addDBFlags(c, &f, false)
	return c
}
