package formats_test

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"paygate/dto"
)

// Test DTOs for the XML codec. The BokaMera ones mirror the seed's Payson
// Checkout 2.0 operation; the MyApp ones mirror the reference's DCS samples.

const (
	nsBokaMera = "http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"
	nsMyApp    = "http://schemas.datacontract.org/2004/07/MyApp.ServiceModel"
)

type bokamera struct{}

func (bokamera) XMLNamespace() string { return nsBokaMera }

type myApp struct{}

func (myApp) XMLNamespace() string { return nsMyApp }

type SendCheckoutPaymentRequest struct {
	bokamera
	CompanyId *uuid.UUID
	Id        uuid.UUID
}

type PaysonCheckoutV2Response struct {
	bokamera
	Id      uuid.UUID
	Snippet string
	Status  Payson2CheckoutStatus
}

// CheckoutStatusResponse is a BokaMera response carrying ServiceStack's
// ResponseStatus, whose content lives in another namespace.
type CheckoutStatusResponse struct {
	bokamera
	Id             uuid.UUID
	ResponseStatus *dto.ResponseStatus
	Snippet        string
}

type Payson2CheckoutStatus int

var paysonStatusNames = []string{"None", "Created", "FormsFilled", "ReadyToPay", "ProcessingPayment",
	"ReadyToShip", "Shipped", "PaidToAccount", "Canceled", "Credited", "Expired", "Denied"}

func (Payson2CheckoutStatus) EnumNames() []string  { return paysonStatusNames }
func (Payson2CheckoutStatus) XMLNamespace() string { return nsBokaMera }

func (s Payson2CheckoutStatus) MarshalText() ([]byte, error) {
	return enumText(int(s), paysonStatusNames)
}

func (s *Payson2CheckoutStatus) UnmarshalText(b []byte) error {
	i, err := enumParse(string(b), paysonStatusNames)
	*s = Payson2CheckoutStatus(i)
	return err
}

type HelloResponse struct {
	myApp
	Result string
}

type Color int32

var colorNames = []string{"Red", "Green", "Blue"}

func (Color) EnumNames() []string            { return colorNames }
func (Color) XMLNamespace() string           { return nsMyApp }
func (c Color) MarshalText() ([]byte, error) { return enumText(int(c), colorNames) }
func (c *Color) UnmarshalText(b []byte) error {
	i, err := enumParse(string(b), colorNames)
	*c = Color(i)
	return err
}

func enumText(i int, names []string) ([]byte, error) {
	if i < 0 || i >= len(names) {
		return nil, fmt.Errorf("enum value %d out of range", i)
	}
	return []byte(names[i]), nil
}

func enumParse(s string, names []string) (int, error) {
	for i, n := range names {
		if strings.EqualFold(n, s) {
			return i, nil
		}
	}
	if i, err := strconv.Atoi(s); err == nil && i >= 0 && i < len(names) {
		return i, nil
	}
	return 0, fmt.Errorf("unknown value %q", s)
}

type Item struct {
	myApp
	Id    int32
	Name  string
	Price float64
}

type BaseResponse struct {
	myApp
	Zeta  string
	Alpha int32
}

// GetOrderResponse is the reference's full DCS example without the members
// Go has no type for (decimal with scale, TimeSpan, unspecified DateTime).
type GetOrderResponse struct {
	BaseResponse
	myApp
	Title          string
	Count          int32
	NullString     string
	NullInt        *int32
	IsActive       bool
	Ratio          float64
	CreatedUtc     time.Time
	Id             uuid.UUID
	Color          Color
	Data           []byte
	Items          []Item
	Tags           []string
	Numbers        []int32
	Meta           map[string]string
	Counts         map[string]int32
	Primary        *Item
	Missing        *Item
	ResponseStatus *dto.ResponseStatus
}

// QueryBase stands for an AutoQuery-like base class that lives in
// ServiceStack's namespace while the DTO deriving from it does not.
type ssNamespace struct{}

func (ssNamespace) XMLNamespace() string { return "http://schemas.servicestack.net/types" }

type QueryBase struct {
	ssNamespace
	Skip int32
	Take *int32
}

type QueryCheckouts struct {
	QueryBase
	bokamera
	CompanyId uuid.UUID
}

// Kinds exercises every kind of member, nulls and collections.
type Kinds struct {
	myApp
	Str      string
	Int8     int8
	Int16    int16
	Int32    int32
	Int64    int64
	Int      int
	Uint8    uint8
	Uint16   uint16
	Uint32   uint32
	Uint64   uint64
	Float32  float32
	Float64  float64
	Bool     bool
	Guid     uuid.UUID
	GuidPtr  *uuid.UUID
	When     time.Time
	WhenPtr  *time.Time
	Color    Color
	ColorPtr *Color
	Bytes    []byte
	IntPtr   *int32
	StrPtr   *string
	Item     Item
	ItemPtr  *Item
	Items    []Item
	ItemPtrs []*Item
	Strings  []string
	Ints     []int32
	Longs    []int64
	Bools    []bool
	Guids    []uuid.UUID
	Floats   []float64
	Times    []time.Time
	Colors   []Color
	NullInts []*int32
	Nested   [][]string
	Fixed    [2]int32
	StrMap   map[string]string
	IntMap   map[string]int32
	ListMap  map[string][]string
	ItemMap  map[string]Item
	NullMap  map[string]*int32
	Statuses []dto.ResponseStatus
	Anything any
	Ordered2 string `order:"2"`
	Ordered1 string `order:"1"`
	Renamed  string `json:"Alias"`
	Skipped  string `json:"-"`
}
