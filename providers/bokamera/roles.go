// Package bokamera holds the rules BokaMera's surfaces share, whatever the
// provider: its administrator roles, which company a request acts for
// (the ICompany rule), and pricing a checkout from the company's catalog.
// Each surface passes what its provider adds (currencies, a largest
// amount); the rules themselves live here once.
package bokamera

import (
	"paygate/auth"
	"paygate/server"
)

// BokaMera's administrator roles.
const (
	RoleAdminWrite = "bookingsupplier-administrator-write"
	RoleAdminRead  = "bookingsupplier-administrator-read"
)

// ReadAccess lets a company's administrators in, readers and writers.
// superadmin passes any role check; it is listed because BokaMera's
// metadata lists it, and the pages show the list.
func ReadAccess() server.Requirement {
	return server.Requirement{Authenticated: true, AnyRole: []string{RoleAdminWrite, RoleAdminRead, auth.RoleSuperAdmin}}
}

// WriteAccess lets in the administrators who may change what a company
// has: writers (and superadmin).
func WriteAccess() server.Requirement {
	return server.Requirement{Authenticated: true, AnyRole: []string{RoleAdminWrite, auth.RoleSuperAdmin}}
}
