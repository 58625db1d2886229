//go:build race

package conformance

// raceEnabled: the suite runs under the race detector, and so does the
// paygate it builds.
const raceEnabled = true
