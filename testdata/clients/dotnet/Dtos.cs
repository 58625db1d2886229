// BokaMera's request and response DTOs as an XML client's assembly has them:
// [DataContract] classes in the BokaMera.API.ServiceModel.Dtos CLR namespace,
// which gives the DataContract namespace
// http://schemas.datacontract.org/2004/07/BokaMera.API.ServiceModel.Dtos,
// and ServiceStack's error types in http://schemas.servicestack.net/types.
// Members without Order are written alphabetically, as
// DataContractSerializer does.
using System;
using System.Collections.Generic;
using System.Runtime.Serialization;

namespace ServiceStack
{
    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class ResponseError
    {
        [DataMember(Order = 1)] public string ErrorCode { get; set; }
        [DataMember(Order = 2)] public string FieldName { get; set; }
        [DataMember(Order = 3)] public string Message { get; set; }
        [DataMember(Order = 4)] public Dictionary<string, string> Meta { get; set; }
    }

    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class ResponseStatus
    {
        [DataMember(Order = 1)] public string ErrorCode { get; set; }
        [DataMember(Order = 2)] public string Message { get; set; }
        [DataMember(Order = 3)] public string StackTrace { get; set; }
        [DataMember(Order = 4)] public List<ResponseError> Errors { get; set; }
        [DataMember(Order = 5)] public Dictionary<string, string> Meta { get; set; }
    }

    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class ErrorResponse
    {
        [DataMember(Order = 1)] public ResponseStatus ResponseStatus { get; set; }
    }

    // AutoQuery's answer, as ServiceStack.Interfaces declares it; its XML
    // name is DataContractSerializer's QueryResponseOf{T}{digest}.
    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class QueryResponse<T>
    {
        [DataMember(Order = 1)] public int Offset { get; set; }
        [DataMember(Order = 2)] public int Total { get; set; }
        [DataMember(Order = 3)] public List<T> Results { get; set; }
        [DataMember(Order = 4)] public Dictionary<string, string> Meta { get; set; }
        [DataMember(Order = 5)] public ResponseStatus ResponseStatus { get; set; }
    }
}

namespace BokaMera.API.ServiceModel.Dtos
{
    [DataContract]
    public class ArticleToCreate
    {
        [DataMember] public int ArticleId { get; set; }
        [DataMember] public int ArticleTypeId { get; set; }
        [DataMember] public int Quantity { get; set; }
    }

    [DataContract]
    public class StripeV1CreateCheckout
    {
        [DataMember] public Guid? CompanyId { get; set; }
        [DataMember] public string CountryCode { get; set; }
        [DataMember] public List<ArticleToCreate> Articles { get; set; }
        [DataMember] public string InternalReferenceId { get; set; }
        [DataMember] public string ConfirmationUrl { get; set; }
        [DataMember] public string CancelUrl { get; set; }
        [DataMember] public string UiMode { get; set; }
    }

    [DataContract]
    public class StripeCheckoutQueryResponse
    {
        [DataMember] public string SessionId { get; set; }
        [DataMember] public string Url { get; set; }
        [DataMember] public string Status { get; set; }
        [DataMember] public string ClientSecret { get; set; }
        [DataMember] public string CustomerId { get; set; }
        [DataMember] public string PaymentIntentClientSecret { get; set; }
        [DataMember] public string PaymentIntentId { get; set; }
        [DataMember] public string StripeAccount { get; set; }
    }

    [DataContract]
    public class GetStripeCheckoutV1CheckoutStatus
    {
        [DataMember] public Guid? CompanyId { get; set; }
        [DataMember] public string SessionId { get; set; }
    }

    [DataContract]
    public class StripeCheckoutStatusQueryResponse
    {
        [DataMember] public string CustomerEmail { get; set; }
        [DataMember] public string Status { get; set; }
    }

    [DataContract]
    public class PaymentProviderOption
    {
        [DataMember] public int Id { get; set; }
        [DataMember] public string Name { get; set; }
        [DataMember] public string Description { get; set; }
    }

    [DataContract]
    public class PaymentSettingsQueryResponse
    {
        [DataMember] public Guid CompanyId { get; set; }
        [DataMember] public bool Enabled { get; set; }
        [DataMember] public int PaymentProviderId { get; set; }
        [DataMember] public string StripeAccount { get; set; }
        [DataMember] public string Currency { get; set; }
        [DataMember] public string DefaultConfirmationUrl { get; set; }
        [DataMember] public List<PaymentProviderOption> PaymentProviderOptions { get; set; }
    }

    public enum PaymentOrigin
    {
        HomePage = 0,
        Embedded = 1,
        Admin = 2,
        Apps = 3,
        HomePageNew = 4,
    }

    public enum Payson2CheckoutStatus
    {
        None = 0,
        Created = 1,
        FormsFilled = 2,
        ReadyToPay = 3,
        ProcessingPayment = 4,
        ReadyToShip = 5,
        Shipped = 6,
        PaidToAccount = 7,
        Canceled = 8,
        Credited = 9,
        Expired = 10,
        Denied = 11,
    }

    [DataContract]
    public class PaysonV2CreateCheckout
    {
        [DataMember] public Guid? CompanyId { get; set; }
        [DataMember] public string BookingId { get; set; }
        [DataMember] public string InternalReferenceId { get; set; }
        [DataMember] public string CheckoutUrl { get; set; }
        [DataMember] public string ConfirmationUrl { get; set; }
        [DataMember] public PaymentOrigin PaymentOrigin { get; set; }
        [DataMember] public string Language { get; set; }
        [DataMember] public string CountryCode { get; set; }
        [DataMember] public bool TestMode { get; set; }
        [DataMember] public List<ArticleToCreate> Articles { get; set; }
    }

    [DataContract]
    public class PaysonCheckoutv2GetCheckout
    {
        [DataMember] public Guid? CompanyId { get; set; }
        [DataMember] public Guid Id { get; set; }
    }

    [DataContract]
    public class SendCheckoutPaymentRequest
    {
        [DataMember] public Guid? CompanyId { get; set; }
        [DataMember] public Guid Id { get; set; }
    }

    [DataContract]
    public class PaysonCheckoutV2Response
    {
        [DataMember] public Guid Id { get; set; }
        [DataMember] public string Snippet { get; set; }
        [DataMember] public Payson2CheckoutStatus Status { get; set; }
    }

    [DataContract]
    public class PaymentLogQueryResponse
    {
        [DataMember] public int Id { get; set; }
        [DataMember] public Guid CompanyId { get; set; }
        [DataMember] public string InternalReferenceId { get; set; }
        [DataMember] public int ArticleTypeId { get; set; }
        [DataMember] public string PaymentProvider { get; set; }
        [DataMember] public string CheckoutId { get; set; }
        [DataMember] public string PaymentReferenceId { get; set; }
        [DataMember] public double Amount { get; set; }
        [DataMember] public double VatAmount { get; set; }
        [DataMember] public string Currency { get; set; }
        [DataMember] public string Status { get; set; }
        [DataMember] public string ProviderStatus { get; set; }
        [DataMember] public double RefundedAmount { get; set; }
        [DataMember] public double RefundableAmount { get; set; }
        [DataMember] public List<PaymentLogRefund> Refunds { get; set; }
        [DataMember] public List<PaymentLogArticle> Articles { get; set; }
        [DataMember] public DateTime Created { get; set; }
        [DataMember] public DateTime Updated { get; set; }
    }

    [DataContract]
    public class PaymentLogRefund
    {
        [DataMember] public int Id { get; set; }
        [DataMember] public double Amount { get; set; }
        [DataMember] public string Status { get; set; }
        [DataMember] public string Origin { get; set; }
        [DataMember] public string ProviderRefundId { get; set; }
        [DataMember] public string Comments { get; set; }
        [DataMember] public string FailureReason { get; set; }
        [DataMember] public DateTime Created { get; set; }
        [DataMember] public DateTime Updated { get; set; }
    }

    [DataContract]
    public class PaymentLogArticle
    {
        [DataMember] public int ArticleId { get; set; }
        [DataMember] public int ArticleTypeId { get; set; }
        [DataMember] public string Name { get; set; }
        [DataMember] public double UnitPrice { get; set; }
        [DataMember] public int Quantity { get; set; }
    }

    [DataContract]
    public class RefundBookingPayment
    {
        [DataMember] public Guid? CompanyId { get; set; }
        [DataMember] public int Id { get; set; }
        [DataMember] public int PaymentLogId { get; set; }
        [DataMember] public double Amount { get; set; }
        [DataMember] public string Comments { get; set; }
    }

    [DataContract]
    public class RefundBookingPaymentResponse
    {
        [DataMember] public ServiceStack.ResponseStatus ResponseStatus { get; set; }
    }
}
