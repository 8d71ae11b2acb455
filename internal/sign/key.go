// Package sign makes and checks the short signed tokens that boarding passes
// and skill certificates carry in their QR codes, so that a boarding officer
// or a phone can tell a genuine document from a forged or altered one
// without a network.
//
// A token is a few dozen bytes: a version, the kind of document, the signing
// key's ID, the claims in a fixed binary layout and an Ed25519 signature over
// all of that. It is written in upper-case base32 without padding, because a
// QR code packs those characters in its alphanumeric mode, 5.5 bits each,
// against 8 bits per character of base64 in byte mode: a boarding pass token
// fits a version 7 code at error correction level M, which a phone still
// reads when printed 3 cm wide.
//
// Keys rotate: a Verifier holds several public keys by their IDs, so passes
// signed before a rotation stay valid for as long as the old public key is
// kept.
package sign

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
)

// ErrInvalidKey is returned for key text that is not a key of this package,
// and for keys of the wrong size.
var ErrInvalidKey = errors.New("not a valid signing key")

// The key texts say what they hold, so that a public key can never be
// mistaken for a private one in a configuration file.
const (
	privatePrefix = "ed25519-private:"
	publicPrefix  = "ed25519-public:"
)

var keyText = base64.RawURLEncoding

// keyID is the first 4 bytes of the SHA-256 of the public key. A token
// carries it so that the verifier picks the right key among the rotated
// ones without trying each; 32 bits make a clash between the handful of keys
// a service ever holds practically impossible, and a clash would only cost a
// failed verification, never a wrong acceptance.
type keyID [4]byte

func idOf(pub ed25519.PublicKey) keyID {
	sum := sha256.Sum256(pub)
	return keyID(sum[:4])
}

func (id keyID) String() string { return hex.EncodeToString(id[:]) }

// Signer signs tokens with one private key. Its zero value has no key and
// signs nothing; make one with NewKey, NewSigner or UnmarshalText.
type Signer struct {
	key ed25519.PrivateKey
	id  keyID
}

// NewKey makes a signer with a fresh random key. The error is only the
// system's random source failing.
func NewKey() (*Signer, error) {
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		return nil, fmt.Errorf("new signing key: %w", err)
	}
	return NewSigner(key)
}

// NewSigner makes a signer from an Ed25519 private key. It returns
// ErrInvalidKey when the key has the wrong size.
func NewSigner(key ed25519.PrivateKey) (*Signer, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("private key of %d bytes, want %d: %w", len(key), ed25519.PrivateKeySize, ErrInvalidKey)
	}
	pub, _ := key.Public().(ed25519.PublicKey)
	return &Signer{key: key, id: idOf(pub)}, nil
}

// ID returns the key's ID, 8 hexadecimal digits, as tokens carry it.
func (s *Signer) ID() string { return s.id.String() }

// Public returns the public key that verifies this signer's tokens.
func (s *Signer) Public() PublicKey {
	pub, _ := s.key.Public().(ed25519.PublicKey)
	return PublicKey{key: pub, id: s.id}
}

// String names the key without revealing it, so that a signer printed into
// a log by mistake leaks nothing.
func (s *Signer) String() string { return "ed25519 signing key " + s.ID() }

// MarshalText writes the private key as one line of text,
// "ed25519-private:" and the 32-byte seed in unpadded base64url, for the
// store to keep encrypted. The error is ErrInvalidKey for a signer with no
// key.
func (s *Signer) MarshalText() ([]byte, error) {
	if len(s.key) != ed25519.PrivateKeySize {
		return nil, ErrInvalidKey
	}
	return []byte(privatePrefix + keyText.EncodeToString(s.key.Seed())), nil
}

// UnmarshalText reads a private key written by MarshalText, ignoring
// surrounding space. The error is ErrInvalidKey for any other text.
func (s *Signer) UnmarshalText(text []byte) error {
	seed, err := decodeKey(text, privatePrefix, ed25519.SeedSize)
	if err != nil {
		return err
	}
	n, err := NewSigner(ed25519.NewKeyFromSeed(seed))
	if err != nil {
		return err
	}
	*s = *n
	return nil
}

// PublicKey verifies the tokens of one Signer. It is safe to publish: phones
// verify passes and certificates offline with it.
type PublicKey struct {
	key ed25519.PublicKey
	id  keyID
}

// ID returns the key's ID, the same as its Signer's.
func (k PublicKey) ID() string { return k.id.String() }

// Bytes returns the raw 32-byte Ed25519 public key, for verifiers written
// in other languages.
func (k PublicKey) Bytes() []byte { return bytes.Clone(k.key) }

// MarshalText writes the key as one line of text, "ed25519-public:" and the
// 32 bytes in unpadded base64url. The error is ErrInvalidKey for the zero
// PublicKey.
func (k PublicKey) MarshalText() ([]byte, error) {
	if len(k.key) != ed25519.PublicKeySize {
		return nil, ErrInvalidKey
	}
	return []byte(publicPrefix + keyText.EncodeToString(k.key)), nil
}

// UnmarshalText reads a public key written by MarshalText, ignoring
// surrounding space. The error is ErrInvalidKey for any other text,
// including a private key.
func (k *PublicKey) UnmarshalText(text []byte) error {
	raw, err := decodeKey(text, publicPrefix, ed25519.PublicKeySize)
	if err != nil {
		return err
	}
	pub := ed25519.PublicKey(raw)
	*k = PublicKey{key: pub, id: idOf(pub)}
	return nil
}

func decodeKey(text []byte, prefix string, size int) ([]byte, error) {
	text = bytes.TrimSpace(text)
	rest, ok := bytes.CutPrefix(text, []byte(prefix))
	if !ok {
		return nil, fmt.Errorf("key text does not start with %q: %w", prefix, ErrInvalidKey)
	}
	raw, err := keyText.DecodeString(string(rest))
	if err != nil || len(raw) != size {
		return nil, fmt.Errorf("key text after %q is not %d bytes of base64url: %w", prefix, size, ErrInvalidKey)
	}
	return raw, nil
}

// Verifier checks tokens against the public keys it holds, found by the key
// ID in each token.
type Verifier struct {
	keys map[keyID]ed25519.PublicKey
}

// NewVerifier makes a verifier that accepts tokens signed by any of keys.
// It returns ErrInvalidKey for a zero PublicKey among them.
func NewVerifier(keys ...PublicKey) (*Verifier, error) {
	v := &Verifier{keys: make(map[keyID]ed25519.PublicKey, len(keys))}
	for i, k := range keys {
		if len(k.key) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("public key %d is empty: %w", i+1, ErrInvalidKey)
		}
		v.keys[k.id] = k.key
	}
	return v, nil
}
