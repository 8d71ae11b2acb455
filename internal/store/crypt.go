package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

const keySize = 32

// crypt encrypts personal data (AES-256-GCM, a random nonce per value) and
// computes keyed hashes for look-up and de-duplication. Both keys derive
// from one master key, so losing the key file loses both together.
type crypt struct {
	aead    cipher.AEAD
	hashKey []byte
}

func newCrypt(master []byte) (*crypt, error) {
	enc := derive(master, "laborbridge personal data encryption v1")
	block, err := aes.NewCipher(enc)
	if err != nil {
		return nil, fmt.Errorf("cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("cipher: %w", err)
	}
	return &crypt{aead: aead, hashKey: derive(master, "laborbridge personal data lookup v1")}, nil
}

func derive(master []byte, label string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// seal encrypts plain, binding it to purpose so a ciphertext cannot be
// moved from one column to another.
func (c *crypt) seal(purpose, plain string) []byte {
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(plain)+c.aead.Overhead())
	rand.Read(nonce)
	return c.aead.Seal(nonce, nonce, []byte(plain), []byte(purpose))
}

func (c *crypt) open(purpose string, sealed []byte) (string, error) {
	n := c.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("decrypt: value too short")
	}
	plain, err := c.aead.Open(nil, sealed[:n], sealed[n:], []byte(purpose))
	if err != nil {
		return "", fmt.Errorf("decrypt %s: wrong key or damaged value", purpose)
	}
	return string(plain), nil
}

// lookup returns the keyed hash under which a value is found.
func (c *crypt) lookup(purpose, plain string) []byte {
	m := hmac.New(sha256.New, c.hashKey)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(plain))
	return m.Sum(nil)
}

// ParseKey decodes a master key written as base64 (standard or URL) or hex.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, dec := range []func(string) ([]byte, error){
		base64.StdEncoding.DecodeString, base64.RawStdEncoding.DecodeString,
		base64.URLEncoding.DecodeString, base64.RawURLEncoding.DecodeString, hex.DecodeString,
	} {
		if k, err := dec(s); err == nil && len(k) == keySize {
			return k, nil
		}
	}
	return nil, fmt.Errorf("the key must be %d bytes written as base64 or hex", keySize)
}

// LoadKey reads the master key from path. When the file does not exist and
// create is true, it writes a new random key there (mode 0600) and reports
// created, so the caller can warn that the key must be kept safe.
func LoadKey(path string, create bool) (key []byte, created bool, err error) {
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := ParseKey(string(b))
		if err != nil {
			return nil, false, fmt.Errorf("key file %s: %w", path, err)
		}
		return k, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) || !create {
		return nil, false, fmt.Errorf("read key file: %w", err)
	}
	k := make([]byte, keySize)
	rand.Read(k)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("create key file: %w", err)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(k) + "\n"); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("write key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("write key file: %w", err)
	}
	return k, true, nil
}
