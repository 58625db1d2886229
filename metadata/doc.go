// Package metadata generates what ServiceStack clients read to integrate
// with a service, from the operation registry and the DTOs themselves: the
// /metadata index, the per-operation pages (/json/metadata?op=X and the XML,
// JSV and CSV variants), native types (/types/csharp, /types/typescript,
// /types/python, /types/metadata.json) and an OpenAPI 3.1 document
// (/openapi.json). Nothing is kept by hand: a DTO change shows everywhere at
// once, and the same declarations drive binding and validation.
//
// Besides the tags package formats reads (json, desc, order), a DTO member
// may declare:
//
//	api:"required"        ApiMember(IsRequired=true), which ServiceStack does
//	                      not enforce: documented required on the pages, in
//	                      native types and in OpenAPI, for members a
//	                      published contract marks required that validation
//	                      leaves optional (seed 000's UiMode). A member the
//	                      validator requires (validate:"required") is shown
//	                      required without it.
//	api:"query"           ApiMember(ParameterType=...): path, query, body,
//	                      form or header, when the default placement is wrong;
//	                      combine with a comma: api:"required,query"
//	validate:"..."        the validator's rules; OpenAPI derives its JSON
//	                      Schema keywords from them by the rule table
//	                      (server.RuleFor)
//	default:"..."         the value a missing member takes (OpenAPI default)
//
// and a DTO type may declare, with methods:
//
//	NullableReferenceTypes() bool   the C# contract was compiled with nullable
//	                                reference types; see requiredOnPage
//
// The status of a successful answer comes from the operation's
// server.Success (OpenAPI, samples).
package metadata
