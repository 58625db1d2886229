package server

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"

	"paygate/apierr"
	"paygate/formats"
)

// bind fills req from the request. Custom routes: body (by Content-Type),
// then path variables, query and form, each overriding the one before.
// Predefined routes: the body in the route's format, with query values only
// filling members the body left empty.
func (s *Server) bind(x *Exchange, t target, req any) error {
	if x.Op.bind != nil {
		return x.Op.bind(x, req)
	}
	form, err := parseForm(x)
	if err != nil {
		return err
	}
	query := x.Query
	if t.predefined {
		hasBody := len(x.Body) > 0 && form == nil
		if hasBody {
			if err := s.decodeBody(x, t.handlerFmt, req); err != nil {
				return err
			}
		}
		if err := s.applyValues(x.Op, req, query, hasBody); err != nil {
			return err
		}
		return s.applyValues(x.Op, req, form, false)
	}
	if len(x.Body) > 0 && form == nil {
		if f := formats.FromMediaType(x.Request.Header.Get("Content-Type")); s.codecs.CanRead(f) {
			if err := s.decodeBody(x, f, req); err != nil {
				return err
			}
		}
	}
	vars := url.Values{}
	for k, v := range x.Vars {
		vars.Set(k, v)
	}
	for _, vals := range []url.Values{vars, query, form} {
		if err := s.applyValues(x.Op, req, vals, false); err != nil {
			return err
		}
	}
	return nil
}

// decodeBody reads the raw body in format f into dst.
func (s *Server) decodeBody(x *Exchange, f formats.Format, dst any) error {
	err := s.codecs.Unmarshal(f, x.Body, dst)
	if err == nil {
		return nil
	}
	var de *formats.DecodeError
	if !errors.As(err, &de) {
		return fmt.Errorf("decode %s body: %w", f, err)
	}
	ct := x.Request.Header.Get("Content-Type")
	if ct == "" {
		ct = f.ContentType()
	}
	e := apierr.BadRequest("SerializationException",
		fmt.Sprintf("Could not deserialize '%s' request using %s: %v", ct, x.Op.Name, de.Err))
	if de.Field != "" {
		msg := fmt.Sprintf("'%s' is an Invalid value for '%s': %v", de.Value, de.Field, de.Err)
		if de.Value == "" {
			msg = fmt.Sprintf("Invalid value for '%s': %v", de.Field, de.Err)
		}
		e.Message = fmt.Sprintf("Could not deserialize '%s' request using %s: %s", ct, x.Op.Name, msg)
		e.Fields = []apierr.FieldError{{Code: "SerializationException", Field: de.Field, Message: msg}}
	}
	return e
}

// applyValues binds string values (query, form, path) by member name,
// ignoring case. An empty value (?Note= or a bare ?Note, as the npm client
// sends a null member) binds nothing, as in ServiceStack. With onlyEmpty,
// members that already hold a value keep it. Every failure is collected, as
// ServiceStack reports them together.
func (s *Server) applyValues(op *Operation, req any, vals url.Values, onlyEmpty bool) error {
	if len(vals) == 0 {
		return nil
	}
	rv := reflect.ValueOf(req).Elem()
	plan := s.codecs.Plans().PlanOf(rv.Type())
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic error order
	var fields []apierr.FieldError
	for _, k := range keys {
		f := plan.Lookup(k)
		if f == nil {
			continue
		}
		v := strings.Join(vals[k], ",")
		if v == "" {
			continue
		}
		fv := rv.FieldByIndex(f.Index)
		if onlyEmpty && !fv.IsZero() {
			continue
		}
		if err := formats.BindString(v, fv, f.Type, f.Name); err != nil {
			var de *formats.DecodeError
			msg := err.Error()
			if errors.As(err, &de) {
				msg = fmt.Sprintf("'%s' is an Invalid value for '%s'", v, de.Field)
				if de.Field != f.Name {
					msg += fmt.Sprintf(" (%s)", de.Field)
				}
			}
			fields = append(fields, apierr.FieldError{Code: "SerializationException", Field: f.Name, Message: msg})
		}
	}
	if len(fields) > 0 {
		return &apierr.Error{Status: http.StatusBadRequest, Code: "SerializationException",
			Message: fmt.Sprintf("Unable to bind to request '%s'", op.Name), Fields: fields}
	}
	return nil
}

// maxFormMemory bounds multipart parts held in memory; the body itself is
// already limited.
const maxFormMemory = 1 << 20

// parseForm reads an urlencoded or multipart body; nil when the body is not
// a form.
func parseForm(x *Exchange) (url.Values, error) {
	if !x.formDone {
		x.form, x.formErr = readForm(x)
		x.formDone = true
	}
	return x.form, x.formErr
}

func readForm(x *Exchange) (url.Values, error) {
	ct := x.Request.Header.Get("Content-Type")
	if !formats.IsFormBody(ct) {
		return nil, nil
	}
	mt, params, _ := mime.ParseMediaType(ct)
	if mt == "application/x-www-form-urlencoded" {
		v, err := url.ParseQuery(string(x.Body))
		if err != nil {
			return nil, apierr.BadRequest("SerializationException", "Malformed form body: "+err.Error())
		}
		return v, nil
	}
	mr := multipart.NewReader(bytes.NewReader(x.Body), params["boundary"])
	f, err := mr.ReadForm(maxFormMemory)
	if err != nil {
		return nil, apierr.BadRequest("SerializationException", "Malformed multipart body: "+err.Error())
	}
	defer f.RemoveAll()
	return url.Values(f.Value), nil
}
