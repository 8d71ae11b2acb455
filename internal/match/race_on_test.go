//go:build race

package match

// raceSlowdown is how much slower the race detector makes this package's
// code; time limits in tests stretch by it.
const raceSlowdown = 15
