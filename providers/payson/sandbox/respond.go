package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"paygate/providers/payson"
)

// maxBodyBytes bounds request bodies. A checkout with a hundred items is a
// few tens of kilobytes.
const maxBodyBytes = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeError answers with Payson's error body. Anything that is not a
// *payson.Error is a fault of the sandbox itself.
func writeError(w http.ResponseWriter, err error) {
	var perr *payson.Error
	if !errors.As(err, &perr) {
		perr = &payson.Error{Status: http.StatusInternalServerError, Message: err.Error()}
	}
	writeJSON(w, perr.Status, perr)
}

// invalid is a 400 listing field errors, as Payson reports validation.
func invalid(errs []payson.FieldError) *payson.Error {
	return &payson.Error{Status: http.StatusBadRequest, Message: "The request is invalid.", Errors: errs}
}

// readBody reads r's body, refusing bodies over maxBodyBytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *payson.Error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, &payson.Error{
			Status:  http.StatusRequestEntityTooLarge,
			Message: fmt.Sprintf("The request body is larger than %d bytes.", maxBodyBytes),
		}
	case err != nil:
		return nil, invalid([]payson.FieldError{{Message: "The request body could not be read."}})
	}
	return b, nil
}

// decodeJSON reads r's JSON body into v.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) *payson.Error {
	b, perr := readBody(w, r)
	if perr != nil {
		return perr
	}
	return unmarshal(b, v)
}

// unmarshal decodes b into v. A value of the wrong type is reported against
// its property, as Payson names properties in its errors.
func unmarshal(b []byte, v any) *payson.Error {
	err := json.Unmarshal(b, v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return invalid([]payson.FieldError{{
			Property: typeErr.Field,
			Message:  fmt.Sprintf("The value is not a valid %s.", typeErr.Type),
		}})
	}
	return invalid([]payson.FieldError{{Message: "The request body could not be read: " + err.Error()}})
}
