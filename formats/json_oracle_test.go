package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// parseJSONDecoder is ParseJSON built on encoding/json's tokenizer: slow,
// but encoding/json's idea of JSON. FuzzJSONRead holds ParseJSON to it.
func parseJSONDecoder(data []byte) (*Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := decodeJSONValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

func decodeJSONValue(dec *json.Decoder, depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &Node{Kind: NodeObject}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeJSONValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.Fields = append(n.Fields, Member{Name: k, Value: v})
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		case '[':
			n := &Node{Kind: NodeList, Items: []*Node{}}
			for dec.More() {
				v, err := decodeJSONValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		}
		return nil, fmt.Errorf("unexpected %q", t)
	case string:
		return &Node{Kind: NodeScalar, Text: t, Quoted: true}, nil
	case json.Number:
		return &Node{Kind: NodeScalar, Text: string(t)}, nil
	case bool:
		return &Node{Kind: NodeScalar, Text: strconv.FormatBool(t)}, nil
	case nil:
		return &Node{Kind: NodeNull}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}
