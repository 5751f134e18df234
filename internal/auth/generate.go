package auth

import (
	"crypto/rand"
	"math/big"
)

// passwordAlphabet leaves out look-alike characters (0/O, 1/l/I) so that a
// generated password survives being read off a terminal.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random 20-character password (about 116 bits),
// well inside the password policy.
func GeneratePassword() string {
	b := make([]byte, 20)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(passwordAlphabet))))
		if err != nil {
			panic("auth: no randomness: " + err.Error())
		}
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b)
}
