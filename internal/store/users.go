package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"laborbridge"
)

// userView is what the audit trail keeps of a user: never the hash.
type userView struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Division    string `json:"division,omitempty"`
	EmployerID  string `json:"employer_id,omitempty"`
	WorkerID    string `json:"worker_id,omitempty"`
	Disabled    bool   `json:"disabled,omitempty"`
}

func viewUser(u *laborbridge.User) userView {
	return userView{u.Username, u.DisplayName, string(u.Role), u.Division, u.EmployerID, u.WorkerID, u.Disabled}
}

// CreateUser adds an account with the given password. The actor must be a
// province user (Forbidden otherwise); Invalid for a bad user or weak
// password; Conflict when the username is taken.
func (db *DB) CreateUser(ctx context.Context, u *laborbridge.User, password string) error {
	if _, err := laborbridge.RequireActor(ctx, laborbridge.ActManageUsers); err != nil {
		return err
	}
	u.Username = strings.TrimSpace(u.Username)
	if err := u.Validate(); err != nil {
		return err
	}
	if err := CheckPasswordStrength(password); err != nil {
		return laborbridge.FieldErrorf("password", "%s", err.Error())
	}
	hash := hashPassword(password)
	return db.inTx(ctx, func(tx *Tx) error {
		u.ID = uuid.NewString()
		u.CreatedAt = tx.now
		_, err := tx.exec(`INSERT INTO users (id, username, display_name, role, division, employer_id, worker_id, password_hash, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			u.ID, u.Username, u.DisplayName, string(u.Role), u.Division, nullable(u.EmployerID), nullable(u.WorkerID), hash, u.Disabled, tx.now)
		if isUniqueViolation(err) {
			return laborbridge.FieldErrorf("username", "username %q is taken", u.Username)
		}
		if err != nil {
			return internal("create user", err)
		}
		return tx.audit("user.create", "user", u.ID, u.Division, nil, viewUser(u))
	})
}

// SetPassword replaces a user's password (province role only) and ends the
// user's sessions.
func (db *DB) SetPassword(ctx context.Context, username, password string) error {
	if _, err := laborbridge.RequireActor(ctx, laborbridge.ActManageUsers); err != nil {
		return err
	}
	if err := CheckPasswordStrength(password); err != nil {
		return laborbridge.FieldErrorf("password", "%s", err.Error())
	}
	hash := hashPassword(password)
	return db.inTx(ctx, func(tx *Tx) error {
		u, err := tx.userBy("username", username)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, tx.now, u.ID); err != nil {
			return internal("set password", err)
		}
		if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
			return internal("end sessions", err)
		}
		return tx.audit("user.password", "user", u.ID, u.Division, nil, nil)
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const userColumns = `id, username, display_name, role, division, COALESCE(employer_id, ''), COALESCE(worker_id, ''), disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (*laborbridge.User, error) {
	var u laborbridge.User
	var role string
	if err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.Division, &u.EmployerID, &u.WorkerID, &u.Disabled, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.Role = laborbridge.Role(role)
	return &u, nil
}

func (tx *Tx) userBy(column, value string) (*laborbridge.User, error) {
	u, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE `+column+` = $1`, value))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "no user %q", value)
	}
	if err != nil {
		return nil, internal("read user", err)
	}
	return u, nil
}

// UserByName returns a user by username, for the CLI's --as flag; NotFound
// when there is none.
func (db *DB) UserByName(ctx context.Context, username string) (*laborbridge.User, error) {
	u, err := scanUser(db.sql.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = $1`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.NotFound, "no user %q", username)
	}
	if err != nil {
		return nil, internal("read user", err)
	}
	return u, nil
}

// ListUsers returns every account (province role only).
func (db *DB) ListUsers(ctx context.Context) ([]*laborbridge.User, error) {
	if _, err := laborbridge.RequireActor(ctx, laborbridge.ActManageUsers); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY role, username`)
	if err != nil {
		return nil, internal("list users", err)
	}
	defer rows.Close()
	var out []*laborbridge.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, internal("list users", err)
		}
		out = append(out, u)
	}
	return out, internal0("list users", rows.Err())
}

// Authenticate checks a username and password; Unauthorized for any
// mismatch, without saying which part was wrong.
func (db *DB) Authenticate(ctx context.Context, username, password string) (*laborbridge.User, error) {
	var hash string
	row := db.sql.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE username = $1`, strings.TrimSpace(username))
	var u laborbridge.User
	var role string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.Division, &u.EmployerID, &u.WorkerID, &u.Disabled, &u.CreatedAt, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		checkPassword(dummyHash, password)
		return nil, laborbridge.Errorf(laborbridge.Unauthorized, "wrong username or password")
	}
	if err != nil {
		return nil, internal("authenticate", err)
	}
	if !checkPassword(hash, password) || u.Disabled {
		return nil, laborbridge.Errorf(laborbridge.Unauthorized, "wrong username or password")
	}
	u.Role = laborbridge.Role(role)
	return &u, nil
}

// Session kinds.
const (
	SessionBrowser = "browser"
	SessionAPI     = "api"
)

// Lifetimes: a browser session ends 12 hours after sign-in whatever the
// activity (absolute), an API token after 90 days.
const (
	BrowserSessionTTL = 12 * time.Hour
	APITokenTTL       = 90 * 24 * time.Hour
)

// CreateSession issues a new secret for u: a browser session or an API
// token. Only a hash of it is stored. The sign-in is audited.
func (db *DB) CreateSession(ctx context.Context, u *laborbridge.User, kind, name string) (string, error) {
	token := rand.Text()
	ttl := BrowserSessionTTL
	if kind == SessionAPI {
		ttl = APITokenTTL
	}
	err := db.inTx(laborbridge.WithActor(ctx, u), func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO sessions (token_hash, user_id, kind, name, created_at, expires_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $5)`,
			tokenHash(token), u.ID, kind, name, tx.now, tx.now.Add(ttl))
		if err != nil {
			return internal("create session", err)
		}
		return tx.audit("session.create", "user", u.ID, u.Division, nil, map[string]string{"kind": kind, "name": name})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// UserBySession returns the user behind a session or API token;
// Unauthorized when it is unknown, expired, of another kind or its user
// is disabled.
func (db *DB) UserBySession(ctx context.Context, token, kind string) (*laborbridge.User, error) {
	if token == "" {
		return nil, laborbridge.Errorf(laborbridge.Unauthorized, "sign in first")
	}
	var expires time.Time
	row := db.sql.QueryRowContext(ctx, `SELECT u.id, u.username, u.display_name, u.role, u.division, COALESCE(u.employer_id, ''), COALESCE(u.worker_id, ''), u.disabled, u.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.kind = $2`, tokenHash(token), kind)
	var u laborbridge.User
	var role string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.Division, &u.EmployerID, &u.WorkerID, &u.Disabled, &u.CreatedAt, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, laborbridge.Errorf(laborbridge.Unauthorized, "the session has ended; sign in again")
	}
	if err != nil {
		return nil, internal("read session", err)
	}
	if u.Disabled || !db.now().Before(expires) {
		return nil, laborbridge.Errorf(laborbridge.Unauthorized, "the session has ended; sign in again")
	}
	u.Role = laborbridge.Role(role)
	return &u, nil
}

// DeleteSession ends a session (sign-out); ending an unknown one is not an error.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	if _, err := db.sql.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash(token)); err != nil {
		return internal("delete session", err)
	}
	return nil
}
