package dto_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRequiredWrittenOnce: a member the validator requires carries no
// api:"required" beside it, so the published Required column and the
// validation rule cannot drift apart; the mark stays only where the
// published contract and validation differ on purpose.
func TestRequiredWrittenOnce(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	marked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			field, ok := n.(*ast.Field)
			if !ok || field.Tag == nil {
				return true
			}
			raw, err := strconv.Unquote(field.Tag.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(field.Pos()), err)
			}
			tag := reflect.StructTag(raw)
			if !slices.Contains(strings.Split(tag.Get("api"), ","), "required") {
				return true
			}
			marked++
			own, _, _ := strings.Cut(tag.Get("validate"), "dive")
			if slices.Contains(strings.Split(own, ","), "required") {
				t.Errorf("%s: api:\"required\" beside validate:\"required\"", fset.Position(field.Pos()))
			}
			return true
		})
	}
	if marked == 0 {
		t.Error("no member documented required: the check reads nothing")
	}
}
