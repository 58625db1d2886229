package formats_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"paygate/dto"
	"paygate/formats"
)

// xmlFuzzTargets are the types fuzzed bodies are read into. For those whose
// values the writer can always write back (no interface members), what was
// read must write and read again.
var xmlFuzzTargets = []struct {
	new       func() any
	writeBack bool
}{
	{func() any { return new(SendCheckoutPaymentRequest) }, true},
	{func() any { return new(PaysonCheckoutV2Response) }, true},
	{func() any { return new(CheckoutStatusResponse) }, true},
	{func() any { return new(GetOrderResponse) }, true},
	{func() any { return new(dto.ErrorResponse) }, true},
	{func() any { return new([]Item) }, true},
	{func() any { return new(map[string]int32) }, true},
	{func() any { return new(Kinds) }, false},
}

func FuzzXMLRead(f *testing.F) {
	for _, tc := range goldenCases {
		data, err := os.ReadFile(goldenPath(tc.name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		`<SendCheckoutPaymentRequest><id>aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee</id><CompanyId i:nil="true"/></SendCheckoutPaymentRequest>`,
		`<Kinds><Anything><a>1</a><a/></Anything><Items><x/><Item><Id>1</Id></Item></Items><IntMap><e><Key>k</Key></e></IntMap></Kinds>`,
		`<GetOrderResponse><CreatedUtc>9999-12-31T23:59:59-01:00</CreatedUtc><Ratio>1e308</Ratio><Color>2</Color></GetOrderResponse>`,
		`<!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>`,
		`<ArrayOfItem><Item><Id>1</Id></Item><Item i:nil="true"/></ArrayOfItem>`,
		`<a><b></a></b>`,
		"\xEF\xBB\xBF<?xml version=\"1.0\"?><ErrorResponse/>",
		``,
	} {
		f.Add([]byte(s))
	}
	c := newCodecs()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, target := range xmlFuzzTargets {
			dst := target.new()
			if err := c.Unmarshal(formats.XML, data, dst); err != nil {
				var de *formats.DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("%T: error %T is not a *DecodeError: %v", dst, err, err)
				}
				continue
			}
			if !target.writeBack {
				continue
			}
			var buf bytes.Buffer
			if err := c.Marshal(&buf, formats.XML, dst, formats.Options{}); err != nil {
				t.Fatalf("%T: read %q but cannot write it: %v", dst, data, err)
			}
			if err := c.Unmarshal(formats.XML, buf.Bytes(), target.new()); err != nil {
				t.Fatalf("%T: cannot read back %s: %v", dst, buf.Bytes(), err)
			}
		}
	})
}
