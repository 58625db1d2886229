package formats

import (
	"reflect"
	"sort"
)

// sortKeys orders map keys so output is deterministic.
func sortKeys(keys []reflect.Value) {
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
}
