// Package laborbridge holds the domain vocabulary of the platform: workers,
// employers, vacancies, placements, users and their roles, audit entries, and
// the rules that keep them valid. It imports only the standard library and the
// reference-data packages, so every other package can depend on it.
package laborbridge
