package formats

import (
	"fmt"
	"strconv"
	"strings"
)

// EnumText is MarshalText for an enum value: its name.
func EnumText(names []string, v int) ([]byte, error) {
	if v < 0 || v >= len(names) {
		return nil, fmt.Errorf("enum value %d out of range", v)
	}
	return []byte(names[v]), nil
}

// ParseEnum is UnmarshalText for an enum: a name (any case) or its number,
// as ServiceStack accepts both.
func ParseEnum(names []string, text []byte) (int, error) {
	s := strings.TrimSpace(string(text))
	for i, n := range names {
		if strings.EqualFold(n, s) {
			return i, nil
		}
	}
	if i, err := strconv.Atoi(s); err == nil && i >= 0 && i < len(names) {
		return i, nil
	}
	return 0, fmt.Errorf("%q is not one of %s", s, strings.Join(names, ", "))
}
