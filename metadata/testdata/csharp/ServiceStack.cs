// The ServiceStack declarations generated C# DTOs refer to, reduced to
// their signatures, so the tests can compile the DTOs without the
// ServiceStack assemblies.
using System;
using System.Collections.Generic;
using System.Runtime.Serialization;

namespace ServiceStack
{
    public interface IReturn { }
    public interface IReturn<T> : IReturn { }
    public interface IReturnVoid : IReturn { }
    public interface IVerb { }
    public interface IGet : IVerb { }
    public interface IPost : IVerb { }
    public interface IPut : IVerb { }
    public interface IDelete : IVerb { }
    public interface IPatch : IVerb { }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, AllowMultiple = true, Inherited = true)]
    public class RouteAttribute : Attribute
    {
        public RouteAttribute(string path) { Path = path; }
        public RouteAttribute(string path, string verbs) { Path = path; Verbs = verbs; }
        public string Path { get; set; }
        public string Verbs { get; set; }
    }

    // DataContracts as in ServiceStack.Interfaces, so DataContractSerializer
    // writes them in ServiceStack's namespace, in member order.
    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class ResponseStatus
    {
        [DataMember(Order = 1)] public string ErrorCode { get; set; }
        [DataMember(Order = 2)] public string Message { get; set; }
        [DataMember(Order = 3)] public string StackTrace { get; set; }
        [DataMember(Order = 4)] public List<ResponseError> Errors { get; set; }
        [DataMember(Order = 5)] public Dictionary<string, string> Meta { get; set; }
    }

    // AutoQuery's paging and shaping, as ServiceStack.Interfaces declares it.
    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public abstract class QueryBase
    {
        [DataMember(Order = 1)] public virtual int? Skip { get; set; }
        [DataMember(Order = 2)] public virtual int? Take { get; set; }
        [DataMember(Order = 3)] public virtual string OrderBy { get; set; }
        [DataMember(Order = 4)] public virtual string OrderByDesc { get; set; }
        [DataMember(Order = 5)] public virtual string Include { get; set; }
        [DataMember(Order = 6)] public virtual string Fields { get; set; }
        [DataMember(Order = 7)] public virtual Dictionary<string, string> Meta { get; set; }
    }

    // AutoQuery's answer, as ServiceStack.Interfaces declares it.
    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class QueryResponse<T>
    {
        [DataMember(Order = 1)] public int Offset { get; set; }
        [DataMember(Order = 2)] public int Total { get; set; }
        [DataMember(Order = 3)] public List<T> Results { get; set; }
        [DataMember(Order = 4)] public Dictionary<string, string> Meta { get; set; }
        [DataMember(Order = 5)] public ResponseStatus ResponseStatus { get; set; }
    }

    [DataContract(Namespace = "http://schemas.servicestack.net/types")]
    public class ResponseError
    {
        [DataMember(Order = 1)] public string ErrorCode { get; set; }
        [DataMember(Order = 2)] public string FieldName { get; set; }
        [DataMember(Order = 3)] public string Message { get; set; }
        [DataMember(Order = 4)] public Dictionary<string, string> Meta { get; set; }
    }

    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public class ApiMemberAttribute : Attribute
    {
        public string Description { get; set; }
        public bool IsRequired { get; set; }
        public string ParameterType { get; set; }
    }
}

namespace ServiceStack.DataAnnotations
{
    internal static class Marker { }
}
