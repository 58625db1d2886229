// Package resilience holds paygate's end-to-end tests under provider faults
// and crashes: every create operation of every surface against stripe-mock
// and the Payson sandbox behind a fault proxy, in process (faults) and as
// real paygate serve processes killed mid-load (crash).
package resilience
