package stripemock

import (
	"os/exec"
	"syscall"
)

// setParentDeathSignal has the kernel kill stripe-mock when its parent
// dies without running cleanups (a -timeout panic, a kill), so no process
// outlives its tests holding ports.
func setParentDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
