package formats

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Test DTOs. They mirror the shapes of the real ones (dto imports formats,
// so the tests cannot use those) and cover every Kind.

type helloResponse struct {
	Result         string
	ResponseStatus *responseStatus
}

type responseStatus struct {
	ErrorCode  string            `order:"1"`
	Message    string            `order:"2"`
	StackTrace string            `order:"3"`
	Errors     []responseError   `order:"4"`
	Meta       map[string]string `order:"5"`
}

type responseError struct {
	ErrorCode string            `order:"1"`
	FieldName string            `order:"2"`
	Message   string            `order:"3"`
	Meta      map[string]string `order:"4"`
}

type errorResponse struct {
	ResponseStatus *responseStatus `order:"1"`
}

// validationError is the ErrorResponse of a failed NotEmpty rule on Name.
func validationError() *errorResponse {
	const msg = "'Name' must not be empty."
	return &errorResponse{ResponseStatus: &responseStatus{
		ErrorCode: "NotEmpty",
		Message:   msg,
		Errors: []responseError{{
			ErrorCode: "NotEmpty",
			FieldName: "Name",
			Message:   msg,
			Meta:      map[string]string{"PropertyName": "Name"},
		}},
	}}
}

// [DataContract] responses (their members are ordered) for the CSV
// envelope rule.
type dcRoles struct {
	UserId         string            `order:"1"`
	Expiry         *time.Time        `order:"2"`
	Data           []byte            `order:"3"`
	Roles          []string          `order:"4"`
	ResponseStatus *responseStatus   `order:"5"`
	Meta           map[string]string `order:"6"`
}

type dcItems struct {
	Total int    `order:"1"`
	Items []item `order:"2"`
}

type dcNested struct {
	First *item  `order:"1"`
	Items []item `order:"2"`
}

type dcOnly struct {
	Name string `order:"1"`
	Only *item  `order:"2"`
}

type dcMap struct {
	Meta map[string]string `order:"1"`
}

type item struct {
	Id    int
	Name  string
	Price float64
}

type article struct {
	ArticleId     int
	ArticleTypeId int
	Quantity      int
}

// checkout is shaped like a BokaMera checkout request.
type checkout struct {
	CompanyId   uuid.UUID
	CountryCode string
	Articles    []article
	Note        string
	Empty       string
	N           *int
}

type color int

const (
	red color = iota
	green
	blue
)

var colorNames = []string{"Red", "Green", "Blue"}

func (color) EnumNames() []string { return colorNames }

func (c color) MarshalText() ([]byte, error) {
	if c < 0 || int(c) >= len(colorNames) {
		return nil, fmt.Errorf("color %d has no name", int(c))
	}
	return []byte(colorNames[c]), nil
}

func (c *color) UnmarshalText(b []byte) error {
	s := string(b)
	for i, n := range colorNames {
		if strings.EqualFold(n, s) {
			*c = color(i)
			return nil
		}
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= len(colorNames) {
		return fmt.Errorf("unknown color %q", s)
	}
	*c = color(i)
	return nil
}

type audit struct {
	CreatedBy string
	Version   int
}

// sample holds one member of every kind the codecs know.
type sample struct {
	audit
	Audit    audit
	Title    string
	Count    int
	Big      int64
	Small    int8
	Unsigned uint16
	Total    float64
	Ratio    float32
	IsActive bool
	Id       uuid.UUID
	When     time.Time
	Color    color
	Data     []byte
	Items    []item
	Tags     []string
	Numbers  []int
	Fixed    [2]int
	Meta     map[string]string
	Primary  *item
	Maybe    *int
	Optional *string
	Renamed  string `json:"Alias"`
	Skipped  string `json:"-"`
	hidden   string
}

type base struct {
	BaseId int
}

// derived embeds an exported base struct: its members come after the own
// ones, as .NET lists inherited properties last.
type derived struct {
	base
	Base
	Own string
}

// Base is exported, so it is a base class whose members are flattened.
type Base struct {
	Inherited string
}

// treeNode refers to itself through a pointer and a slice.
type treeNode struct {
	Name     string
	Next     *treeNode
	Children []treeNode
}

// loose holds members of no declared type.
type loose struct {
	Any any
	Raw json.RawMessage
}

func fullSample() sample {
	seven, note := 7, "note"
	return sample{
		audit:    audit{CreatedBy: "unexported embed"},
		Audit:    audit{CreatedBy: "admin", Version: 3},
		Title:    "Say \"hi\" <b>&</b>\n\ttab/é",
		Count:    0,
		Big:      9007199254740993,
		Small:    -8,
		Unsigned: 65535,
		Total:    12.5,
		Ratio:    0.1,
		IsActive: true,
		Id:       uuid.MustParse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
		When:     time.Date(2024, 1, 2, 3, 4, 5, 678000000, time.UTC),
		Color:    blue,
		Data:     []byte{1, 2, 3},
		Items:    []item{{Id: 1, Name: "x, y", Price: 1.5}},
		Tags:     []string{"a", "b c", "[d]"},
		Numbers:  []int{1, 2},
		Fixed:    [2]int{4, 5},
		Meta:     map[string]string{"k": "v", "a:b": "c,d"},
		Primary:  &item{Id: 2, Name: "y"},
		Maybe:    &seven,
		Optional: &note,
		Renamed:  "renamed",
		Skipped:  "skipped",
		hidden:   "hidden",
	}
}
