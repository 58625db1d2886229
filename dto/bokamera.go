package dto

// NamespaceBokaMera is the DataContract namespace of BokaMera's DTOs; XML
// clients match it exactly.
const NamespaceBokaMera = "http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos"

// bokamera marks BokaMera DTOs.
type bokamera struct{}

func (bokamera) XMLNamespace() string { return NamespaceBokaMera }

// ICompany marks requests scoped to a company through their CompanyId
// member: an empty CompanyId means the caller's own company.
type ICompany interface{ companyScoped() }

type company struct{}

func (company) companyScoped() {}

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
