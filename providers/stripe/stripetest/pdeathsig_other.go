//go:build !linux

package stripetest

import "os/exec"

// setParentDeathSignal has no portable equivalent; cleanups stop the process.
func setParentDeathSignal(*exec.Cmd) {}
