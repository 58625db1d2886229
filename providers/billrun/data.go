package billrun

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"paygate/formats"
)

// data is a request's data object as PHP's json_decode($json, true) holds
// it, for reading members the way BillRun's code does.
type data struct {
	node    *formats.Node
	members []formats.Member
}

func newData(n *formats.Node) data {
	if n == nil {
		n = &formats.Node{Kind: formats.NodeObject}
	}
	return data{node: n, members: phpMembers(n)}
}

// get returns the member key, nil when absent.
func (d data) get(key string) *formats.Node {
	for _, m := range d.members {
		if m.Name == key {
			return m.Value
		}
	}
	return nil
}

// isset is PHP's isset($data[key]): present and not null.
func (d data) isset(key string) bool {
	n := d.get(key)
	return n != nil && n.Kind != formats.NodeNull
}

// str returns the member key when it is a JSON string.
func (d data) str(key string) (string, bool) {
	n := d.get(key)
	if n == nil || n.Kind != formats.NodeScalar || !n.Quoted {
		return "", false
	}
	return n.Text, true
}

// truthy is PHP's truthiness of the member key: absent, null, false, 0,
// 0.0, "", "0" and empty arrays are false; everything else, "false"
// included, is true.
func (d data) truthy(key string) bool {
	n := d.get(key)
	if n == nil {
		return false
	}
	switch n.Kind {
	case formats.NodeNull:
		return false
	case formats.NodeList:
		return len(n.Items) > 0
	case formats.NodeObject:
		return len(n.Fields) > 0
	}
	if n.Quoted {
		return phpStringTruthy(n.Text)
	}
	if n.Text == "true" || n.Text == "false" {
		return n.Text == "true"
	}
	f, _ := strconv.ParseFloat(n.Text, 64)
	return f != 0
}

// phpStringTruthy is PHP's truthiness of a string.
func phpStringTruthy(s string) bool { return s != "" && s != "0" }

// phpNumeric matches what PHP's is_numeric accepts in a string: optional
// surrounding whitespace, a sign, digits with an optional fraction, and an
// optional exponent.
var phpNumeric = regexp.MustCompile(`^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$`)

// number returns the member key as a number when PHP would compare it as
// one: a JSON number, or a numeric string.
func (d data) number(key string) (float64, bool) {
	n := d.get(key)
	if n == nil || n.Kind != formats.NodeScalar || n.Text == "true" || n.Text == "false" {
		return 0, false
	}
	if n.Quoted && !phpNumeric.MatchString(n.Text) {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(n.Text), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// integer returns the member key when it is integer-valued as BillRun's
// IsIntegerValue has it (numeric, and equal to its intval): 7, 7.0, "7".
func (d data) integer(key string) (int64, bool) {
	n := d.get(key)
	if n == nil || n.Kind != formats.NodeScalar || n.Text == "true" || n.Text == "false" {
		return 0, false
	}
	// Integers beyond 2^53 lose digits as doubles: take them from the text.
	if i, err := strconv.ParseInt(strings.TrimSpace(n.Text), 10, 64); err == nil && (!n.Quoted || phpNumeric.MatchString(n.Text)) {
		return i, true
	}
	f, ok := d.number(key)
	if !ok || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
		return 0, false
	}
	return int64(f), true
}
