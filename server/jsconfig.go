package server

import (
	"strings"

	"paygate/formats"
)

// writeOptions applies ?jsconfig= (ServiceStack's per-request serializer
// settings) on top of the configured defaults. Only property casing changes
// what paygate writes; other keys are accepted and ignored.
func (s *Server) writeOptions(jsconfig string) formats.Options {
	o := formats.Options{CamelCase: s.cfg.CamelCase}
	if jsconfig == "" {
		return o
	}
	for _, item := range strings.Split(jsconfig, ",") {
		key, val, _ := strings.Cut(strings.TrimSpace(item), ":")
		on := val == "" || !(strings.EqualFold(val, "false") || val == "0")
		switch strings.ToLower(key) {
		case "emitcamelcasenames", "eccn":
			o.CamelCase = on
		case "emitpascalcasenames", "epcn":
			o.CamelCase = !on
		case "textcase", "tc":
			switch strings.ToLower(val) {
			case "camelcase", "cc":
				o.CamelCase = true
			case "pascalcase", "pc", "default", "d":
				o.CamelCase = false
			}
		}
	}
	return o
}
