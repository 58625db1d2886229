package metadata_test

import (
	"strings"
	"testing"

	"paygate/dto"
	"paygate/server"
)

// paymentLogRegistry has BokaMera's payment log operations, whose answer
// is the closed generic QueryResponse<PaymentLogQueryResponse>.
func paymentLogRegistry() *server.Registry {
	reg := server.NewRegistry()
	auth := server.Requirement{Authenticated: true, AnyRole: []string{"bookingsupplier-administrator-write", "superadmin"}}
	server.Register(reg, server.Op[dto.PaymentLogQuery, dto.QueryResponse[dto.PaymentLogQueryResponse]]{
		Routes:  []server.Route{{Path: "/articles/payments", Verbs: "GET"}},
		Auth:    auth,
		Handler: stub[dto.PaymentLogQuery, dto.QueryResponse[dto.PaymentLogQueryResponse]],
	})
	server.Register(reg, server.Op[dto.RefundBookingPayment, dto.RefundBookingPaymentResponse]{
		Routes:  []server.Route{{Path: "/bookings/{Id}/refund/{PaymentLogId}", Verbs: "PUT"}},
		Auth:    auth,
		Handler: stub[dto.RefundBookingPayment, dto.RefundBookingPaymentResponse],
	})
	return reg
}

// A closed generic response is QueryResponse<SinkChild> to C# and
// TypeScript, QueryResponse`1 of SinkChild to MetadataTypes, and keeps
// DataContract's QueryResponseOf… name in XML; an embedded QueryBase is a
// base class, not members of the request's own.
func TestGenericResponseNames(t *testing.T) {
	ts := newServer(t, kitchenSinkRegistry(), server.Config{})
	cs, _ := get(t, ts, "/types/csharp", "", 200)
	tsSrc, _ := get(t, ts, "/types/typescript", "", 200)
	meta, _ := get(t, ts, "/types/metadata.json", "", 200)
	for name, c := range map[string]struct{ src, want string }{
		"C# return marker":    {cs, "public partial class SinkQuery\n        : QueryBase, IReturn<QueryResponse<SinkChild>>, IGet\n"},
		"C# declares no copy": {cs, ""},
		"TS open generic":     {tsSrc, "export class QueryResponse<T>\n{"},
		"TS results":          {tsSrc, "    public Results?: T[];\n"},
		"TS return marker":    {tsSrc, "export class SinkQuery extends QueryBase implements IReturn<QueryResponse<SinkChild>>, IGet"},
		"TS base class":       {tsSrc, "export class QueryBase\n{"},
		"TS super":            {tsSrc, "public constructor(init?: Partial<SinkQuery>) { super(init); (Object as any).assign(this, init); }"},
		"MetadataTypes base":  {meta, "\"inherits\":{\"name\":\"QueryBase\"}"},
		"TS createResponse":   {tsSrc, "return new QueryResponse<SinkChild>();"},
		"MetadataTypes name":  {meta, "\"name\":\"QueryResponse`1\",\"namespace\":\"ServiceStack\",\"genericArgs\":[\"SinkChild\"]"},
	} {
		if !strings.Contains(c.src, c.want) {
			t.Errorf("%s: missing %q", name, c.want)
		}
	}
	if strings.Contains(cs, "class QueryResponse") {
		t.Error("C# declares ServiceStack's QueryResponse")
	}
	if strings.Count(tsSrc, "export class QueryResponse") != 1 {
		t.Error("TypeScript declares QueryResponse more than once")
	}
	xml, _ := get(t, ts, "/xml/metadata?op=SinkQuery", "", 200)
	if !strings.Contains(xml, "QueryResponseOfSinkChild") {
		t.Errorf("XML sample does not use the DataContract name:\n%s", xml)
	}
}
