//go:build unix

package conformance

import (
	"os/exec"
	"syscall"
)

var (
	terminate = syscall.SIGTERM
	kill      = syscall.SIGKILL
)

// setProcessGroup puts the command and its children (stripe-mock, Chromium)
// in a group of their own, so that stopping it stops them all.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends sig to the command's process group.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, sig)
}
