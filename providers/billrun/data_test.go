package billrun

import (
	"net/url"
	"testing"
)

func mustData(t *testing.T, raw string) data {
	t.Helper()
	n, err := parseData(raw)
	if err != nil {
		t.Fatal(err)
	}
	return newData(n)
}

func TestDataReadsLikePHP(t *testing.T) {
	d := mustData(t, `{"t1":true,"t2":"false","t3":1,"t4":"a","t5":[0],"t6":0.5,"t7":{"k":0},`+
		`"f1":false,"f2":"0","f3":0,"f4":"","f5":[],"f6":0.0,"f7":null,"f8":{},`+
		`"i1":7,"i2":"7","i3":7.0,"i4":" 7 ","i5":"1e3","i6":"+7","i7":9223372036854775807,`+
		`"n1":"7.5","n2":"seven","n3":true,"n4":"0x1A","n5":"","n6":[7],"n7":1e400,`+
		`"dup":1,"dup":2}`)
	for _, k := range []string{"t1", "t2", "t3", "t4", "t5", "t6", "t7"} {
		if !d.truthy(k) {
			t.Errorf("%s is falsy", k)
		}
	}
	for _, k := range []string{"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "absent"} {
		if d.truthy(k) {
			t.Errorf("%s is truthy", k)
		}
	}
	for k, want := range map[string]int64{"i1": 7, "i2": 7, "i3": 7, "i4": 7, "i5": 1000, "i6": 7, "i7": 9223372036854775807, "dup": 2} {
		if got, ok := d.integer(k); !ok || got != want {
			t.Errorf("%s: %d %v, want %d", k, got, ok, want)
		}
	}
	for _, k := range []string{"n1", "n2", "n3", "n4", "n5", "n6", "n7", "f7", "absent"} {
		if got, ok := d.integer(k); ok {
			t.Errorf("%s is the integer %d", k, got)
		}
	}
	if d.isset("f7") || !d.isset("f1") {
		t.Error("isset: null is set or false is not")
	}
}

func TestWithQueryParam(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"http://okpage", "http://okpage?txId=1"},
		{"https://t.example/ok?lang=sv&txId=old&b=1", "https://t.example/ok?lang=sv&b=1&txId=1"},
		{"https://t.example/ok?tx%49d=old&a=%20b#frag", "https://t.example/ok?a=%20b&txId=1#frag"},
		{"https://t.example/a/b/?x=1&&y", "https://t.example/a/b/?x=1&y&txId=1"},
	} {
		got, err := withQueryParam(c.in, txIDName, "1")
		if err != nil || got != c.want {
			t.Errorf("%s: %s %v, want %s", c.in, got, err, c.want)
		}
	}
	msg, err := withMessage("https://t.example/r", `Stripe: "No such customer" / ü`)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(msg)
	if got := u.Query().Get("message"); got != `{"content":"Stripe: \"No such customer\" \/ \u00fc","type":"danger"}` {
		t.Errorf("message %s", got)
	}
}

func TestNewTxID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id, err := newTxID()
		if err != nil {
			t.Fatal(err)
		}
		if !txIDPattern.MatchString(id) || seen[id] {
			t.Fatalf("txId %s (repeat: %v)", id, seen[id])
		}
		seen[id] = true
	}
}
