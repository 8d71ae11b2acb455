//go:build !race

package match

// raceSlowdown is 1 without the race detector: time limits hold as stated.
const raceSlowdown = 1
