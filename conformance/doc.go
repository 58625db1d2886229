// Package conformance proves that existing clients, written by others
// against ServiceStack services, work unchanged against paygate. Its tests
// build paygate, start `paygate demo` (stripe-mock and the Payson sandbox
// beside it) and run each real client against it as a subprocess:
//
//   - the npm @servicestack/client (JsonServiceClient, JsonApiClient) with
//     DTOs in the style of a generated dtos.ts, for the Stripe Checkout 1.0
//     and Payson Checkout 2.0 operations (testdata/clients/conformance);
//   - C# DataContract DTOs read and written by Mono's DataContractSerializer
//     over HttpClient and WebClient (testdata/clients/dotnet);
//   - Chromium driven by playwright-core: the JSONP booking widget and the
//     UMD build of @servicestack/client calling across origins.
//
// Each client prints its calls and checks in TAP; the tests stream the lines
// into their log and fail on any failed check. The package has no code of
// its own: run it with go test ./conformance.
package conformance
