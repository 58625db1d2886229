//go:build !linux

package stripemock

import "os/exec"

// setParentDeathSignal has no portable equivalent; cleanups stop the process.
func setParentDeathSignal(*exec.Cmd) {}
