package formats

import "testing"

// The names below were observed on real ServiceStack hosts; the digest must
// reproduce them exactly or clients cannot find the element.
func TestGenericName(t *testing.T) {
	item := &xmlContract{name: "Item", ns: "http://schemas.datacontract.org/2004/07/MyApp"}
	customer := &xmlContract{name: "Customer", ns: "http://schemas.datacontract.org/2004/07/SharpScript"}
	arrayOfString := &xmlContract{name: "ArrayOfstring", ns: NamespaceArrays}
	tests := []struct {
		base string
		args []*xmlContract
		want string
	}{
		{"QueryResponse", []*xmlContract{customer}, "QueryResponseOfCustomerA703xr44"},
		{"Page", []*xmlContract{item}, "PageOfItemG3U4HkeQ"},
		{"Page", []*xmlContract{stringContract}, "PageOfstring"},
		{"Wrap", []*xmlContract{stringContract, item}, "WrapOfstringItem5R0D_SI1z"},
		{"KeyValue", []*xmlContract{stringContract, arrayOfString}, "KeyValueOfstringArrayOfstringty7Ep6D1"},
	}
	for _, tt := range tests {
		if got := genericName(tt.base, tt.args); got != tt.want {
			t.Errorf("genericName(%s) = %s, want %s", tt.base, got, tt.want)
		}
	}
}
