package dto

import "github.com/google/uuid"

// NamespaceBokaMera is the DataContract namespace of BokaMera's DTOs; XML
// clients match it exactly.
const NamespaceBokaMera = "http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"

// bokamera marks BokaMera DTOs.
type bokamera struct{}

func (bokamera) XMLNamespace() string { return NamespaceBokaMera }

// ICompany is a request scoped to a company through its CompanyId member:
// an empty CompanyId means the caller's own company.
type ICompany interface {
	// Company is CompanyId as sent: nil or uuid.Nil when empty.
	Company() *uuid.UUID
	// SetCompany fills CompanyId.
	SetCompany(id uuid.UUID)
}

// ArticleToCreate is one line of a checkout: an article of the company's
// catalog and how many.
type ArticleToCreate struct {
	bokamera
	ArticleId     int
	ArticleTypeId int
	Quantity      int `validate:"gt=0"`
}

// IpnCallBackResponse answers provider callbacks.
type IpnCallBackResponse struct {
	bokamera
	Message string
	Success bool
	Reply   Reply `json:"-"`
}
