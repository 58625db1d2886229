package metadata_test

import (
	"time"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/formats"
	"paygate/server"
)

// Every kind of member a DTO can have, with awkward names, so the
// generators are compiled against more than the BokaMera DTOs use.
type KitchenSink struct {
	Id        int64              `api:"required"`
	Class     string             `json:"class" desc:"A Python and C# keyword; \"quoted\" \\ backslash */ end"`
	Type      string             `desc:"line one\nline two"`
	Ratio     float32            `validate:"gte=0,lte=1"`
	Amount    float64            `default:"1.5"`
	Small     uint8              `validate:"max=10"`
	When      time.Time          `desc:"When it happened"`
	Maybe     *int               `api:"query"`
	MaybeWhen *time.Time         `validate:"omitempty"`
	Blob      []byte             `desc:"Raw bytes"`
	Tags      []string           `validate:"omitempty,dive,max=20"`
	Counts    map[string]int     `api:"required"`
	Labels    map[string]string  `desc:"Free-form labels"`
	Child     *SinkChild         `desc:"A nested DTO"`
	Children  []SinkChild        `api:"required" validate:"required,min=1,dive"`
	Status    *dto.PaymentOrigin `desc:"A nullable enum"`
	Origin    dto.PaymentOrigin  `validate:"required"`
	Ref       uuid.UUID          `validate:"required"`
	OptRef    *uuid.UUID
	Anything  any
}

type SinkChild struct {
	Name   string
	Parent *SinkChild `desc:"Self reference"`
}

type KitchenSinkResponse struct {
	ResponseStatus *dto.ResponseStatus
	Items          []KitchenSink
}

type EmptyRequest struct{}

// SinkQuery is an AutoQuery-style request answering a closed generic.
type SinkQuery struct {
	dto.QueryBase
	Name string
}

// XMLNamespace is SinkQuery's own; QueryBase's would make it ServiceStack's.
func (SinkQuery) XMLNamespace() string { return formats.NamespaceDefault }

func kitchenSinkRegistry() *server.Registry {
	reg := server.NewRegistry()
	server.Register(reg, server.Op[KitchenSink, KitchenSinkResponse]{
		Routes: []server.Route{
			{Path: "/sink/{Id}", Verbs: "GET,DELETE", Summary: "Read \"a\" sink"},
			{Path: "/sink/{Id}/{Class*}", Verbs: "PATCH"},
		},
		Auth:    server.Requirement{Scopes: []string{"sinks:read", "sinks:write"}},
		Tags:    []string{"sinks"},
		Handler: stub[KitchenSink, KitchenSinkResponse],
	})
	server.Register(reg, server.Op[SinkQuery, dto.QueryResponse[SinkChild]]{
		Routes:  []server.Route{{Path: "/sinks", Verbs: "GET"}},
		Handler: stub[SinkQuery, dto.QueryResponse[SinkChild]],
	})
	server.Register(reg, server.Op[EmptyRequest, struct{}]{
		Name:    "Ping",
		Handler: stub[EmptyRequest, struct{}],
	})
	return reg
}
