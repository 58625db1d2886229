package billrun

import (
	"net/url"
	"unicode/utf8"

	"paygate/dto"
	"paygate/formats"
	"paygate/server"
)

// params reads request parameters as BillRun's $request->get does: the
// form body first, then the query string; a repeated name takes its last
// value, as PHP does.
type params struct{ form, query url.Values }

func readParams(x *server.Exchange) (params, error) {
	form, err := x.Form()
	return params{form: form, query: x.Query}, err
}

func (p params) get(name string) (string, bool) {
	for _, vals := range [...]url.Values{p.form, p.query} {
		if vs := vals[name]; len(vs) > 0 {
			return vs[len(vs)-1], true
		}
	}
	return "", false
}

// parseData reads a data parameter: a JSON object, member order kept. An
// empty data is an empty object, as PHP makes no difference between the
// two.
func parseData(raw string) (*formats.Node, error) {
	if raw == "" {
		return nil, nil
	}
	if !utf8.ValidString(raw) {
		return nil, invalid("data", "data is not valid UTF-8")
	}
	n, err := formats.ReadJSON([]byte(raw))
	if err != nil {
		return nil, invalid("data", "data is not valid JSON: "+err.Error())
	}
	switch {
	case n.Kind == formats.NodeObject:
		return n, nil
	case n.Kind == formats.NodeList && len(n.Items) == 0:
		return nil, nil
	}
	return nil, invalid("data", "data must be a JSON object")
}

func bindGetRequest(x *server.Exchange, req *dto.BillRunGetRequest) error {
	p, err := readParams(x)
	if err != nil {
		return err
	}
	req.Data, _ = p.get("data")
	req.Parsed, err = parseData(req.Data)
	return err
}

// bindOkPage reads name, txId and redirect as plain parameters and, for any
// of them missing, from a data object.
func bindOkPage(x *server.Exchange, req *dto.BillRunOkPage) error {
	p, err := readParams(x)
	if err != nil {
		return err
	}
	req.Name, _ = p.get("name")
	req.TxID, _ = p.get(txIDName)
	if r, ok := p.get("redirect"); ok {
		req.Redirect = &r
	}
	req.Data, _ = p.get("data")
	n, err := parseData(req.Data)
	if err != nil || n == nil {
		return err
	}
	d := newData(n)
	if req.Name == "" && d.isset("name") {
		if req.Name, _ = d.str("name"); req.Name == "" {
			return invalid("name", "name must be a non-empty string")
		}
	}
	if req.TxID == "" && d.isset(txIDName) {
		// A JSON number keeps its digits: 19 of them do not fit a double.
		if t := d.get(txIDName); t.Kind == formats.NodeScalar && (t.Quoted || t.Text != "true" && t.Text != "false") {
			req.TxID = t.Text
		} else {
			return invalid(txIDName, "txId must be a string or a number")
		}
	}
	if req.Redirect == nil && d.isset("redirect") {
		r := "0"
		if d.truthy("redirect") {
			r = "1"
		}
		req.Redirect = &r
	}
	return nil
}
