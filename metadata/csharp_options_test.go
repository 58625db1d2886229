package metadata_test

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"paygate/dto"
	"paygate/formats"
	"paygate/internal/servertest"
	"paygate/internal/tooltest"
	"paygate/server"
)

// The option lines of each generator, in order, as ServiceStack v8.0
// writes them (ServiceStack/src/ServiceStack/NativeTypes/CSharp/
// CSharpGenerator.cs, TypeScript/TypeScriptGenerator.cs and
// Python/PythonGenerator.cs, GetCode, at commit
// 3525189ec19c6db890ee980712a6ee8e654965de), with no others.
func TestNativeTypesOptionLines(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	for _, tt := range []struct {
		lang, marker string
		want         []string
	}{
		{"csharp", "//", []string{"GlobalNamespace", "MakePartial", "MakeVirtual", "MakeInternal",
			"MakeDataContractsExtensible", "AddNullableAnnotations", "AddReturnMarker", "AddDescriptionAsComments",
			"AddDataContractAttributes", "AddIndexesToDataMembers", "AddGeneratedCodeAttributes", "AddResponseStatus",
			"AddImplicitVersion", "InitializeCollections", "ExportValueTypes", "IncludeTypes", "ExcludeTypes",
			"AddNamespaces", "AddDefaultXmlNamespace"}},
		{"typescript", "//", []string{"GlobalNamespace", "MakePropertiesOptional", "AddServiceStackTypes",
			"AddResponseStatus", "AddImplicitVersion", "AddDescriptionAsComments", "IncludeTypes", "ExcludeTypes",
			"DefaultImports"}},
		{"python", "#", []string{"GlobalNamespace", "AddServiceStackTypes", "AddResponseStatus",
			"AddImplicitVersion", "AddDescriptionAsComments", "IncludeTypes", "ExcludeTypes", "DefaultImports",
			"DataClass", "DataClassJson"}},
	} {
		src, _ := get(t, ts, "/types/"+tt.lang+"?MakeVirtual=False&AddReturnMarker=True", "", 200)
		_, opts, _ := strings.Cut(src, "\n\n")
		opts, _, _ = strings.Cut(opts, "\n*/")
		opts, _, _ = strings.Cut(opts, "\n\"\"\"")
		var got []string
		for _, l := range strings.Split(opts, "\n") {
			name, _, _ := strings.Cut(strings.TrimPrefix(l, tt.marker), ":")
			got = append(got, name)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s options:\n got %v\nwant %v", tt.lang, got, tt.want)
		}
	}
	src, _ := get(t, ts, "/types/csharp?AddDefaultXmlNamespace=urn:x", "", 200)
	for _, want := range []string{"//MakePartial: True\n", "//InitializeCollections: False\n",
		"\nAddDefaultXmlNamespace: urn:x\n*/\n"} {
		if !strings.Contains(src, want) {
			t.Errorf("csharp header lacks %q", want)
		}
	}
	// A value is echoed in the comment, never out of it.
	for lang, end := range map[string]string{"csharp": "*/", "typescript": "*/", "python": `"""`} {
		d, _ := get(t, ts, "/types/"+lang+"?IncludeTypes="+url.QueryEscape("x"+end+"\nclass Evil: pass"), "", 200)
		if !strings.Contains(d, "\nIncludeTypes: x class Evil: pass\n") || strings.Contains(d, "\nclass Evil") {
			t.Errorf("%s: a query value ends the options comment:\n%s", lang, d[:400])
		}
	}
	if d, _ := get(t, ts, "/types/csharp", "", 200); !strings.Contains(d, "//AddDefaultXmlNamespace: http://schemas.servicestack.net/types\n") {
		t.Errorf("default AddDefaultXmlNamespace missing:\n%s", d)
	}
}

// Each C# option that changes the code does what CSharpGenerator does
// with it (AppendType, AddConstructor, AddProperties, AppendDataContract,
// AppendDataMember at the commit above).
func TestCSharpOptions(t *testing.T) {
	ts := newServer(t, bokaMeraRegistry(), server.Config{})
	for _, tt := range []struct {
		query     string
		want, not []string
	}{
		{"MakePartial=False", []string{"    public class StripeV1CreateCheckout\n"}, []string{"partial"}},
		{"MakeVirtual=False", []string{"        public string CountryCode { get; set; }\n"}, []string{"virtual"}},
		{"MakeInternal=True", []string{"    internal partial class StripeV1CreateCheckout\n", "    internal enum Payson2CheckoutStatus\n",
			"    internal interface ICompany\n"}, []string{"public partial class", "public enum"}},
		{"MakeDataContractsExtensible=True", []string{"        : IReturn<StripeCheckoutQueryResponse>, IPost, ICompany, IExtensibleDataObject\n",
			"        public virtual ExtensionDataObject ExtensionData { get; set; }\n    }\n"}, nil},
		{"AddNullableAnnotations=True", []string{"        public virtual string? ConfirmationUrl { get; set; }\n",
			"        public virtual string CountryCode { get; set; }\n", "        public virtual Guid? CompanyId { get; set; }\n",
			"        public virtual string[]? Events { get; set; }\n"}, []string{"Guid??", "string? CountryCode"}},
		{"AddDataContractAttributes=True", []string{
			"\n[assembly: ContractNamespace(\"http://schemas.servicestack.net/types\", ClrNamespace=\"BokaMera.API.ServiceModel.Dtos\")]\n\nnamespace ",
			"    [DataContract]\n    public partial class IpnCallBackResponse\n    {\n        [DataMember]\n        public virtual string Message { get; set; }\n\n        [DataMember]\n        public virtual bool Success { get; set; }\n    }\n",
		}, []string{"[DataContract]\n    public enum"}},
		{"AddDataContractAttributes=True&AddIndexesToDataMembers=True&AddDefaultXmlNamespace=urn:x", []string{
			"[assembly: ContractNamespace(\"urn:x\", ClrNamespace=\"BokaMera.API.ServiceModel.Dtos\")]\n",
			"        [DataMember(Order=1)]\n        public virtual string Message { get; set; }\n\n        [DataMember(Order=2)]\n        public virtual bool Success",
		}, nil},
		{"AddIndexesToDataMembers=True", nil, []string{"[DataMember", "ContractNamespace"}},
		{"AddGeneratedCodeAttributes=True", []string{"using System.CodeDom.Compiler;\n",
			"    [GeneratedCode(\"AddServiceStackReference\", \"8.0\")]\n    public partial class IpnCallBackResponse\n",
			"    [GeneratedCode(\"AddServiceStackReference\", \"8.0\")]\n    public enum Payson2CheckoutStatus\n"}, nil},
		{"AddResponseStatus=True", []string{"        public virtual bool Success { get; set; }\n        public virtual ResponseStatus ResponseStatus { get; set; }\n    }\n"},
			[]string{"CountryCode { get; set; }\n        public virtual ResponseStatus"}},
		{"AddImplicitVersion=3", []string{"    {\n        public virtual int Version { get; set; }\n\n        public PaysonCheckout2IPNCallBack()\n        {\n            Version = 3;\n        }\n\n"},
			[]string{"public IpnCallBackResponse()"}},
		{"InitializeCollections=True", []string{"        public StripeV1CreateCheckout()\n        {\n            Articles = new ArticleToCreate[]{};\n        }\n\n"},
			[]string{"public IpnCallBackResponse()"}},
		{"GlobalNamespace=My.Dtos", []string{"using My.Dtos;\n\nnamespace My.Dtos\n{\n"}, []string{"namespace BokaMera"}},
		{"GlobalNamespace=" + url.QueryEscape("X { class Evil {} } namespace Y"), []string{"namespace BokaMera.API.ServiceModel.Dtos\n"},
			[]string{"\nnamespace X"}},
		{"AddNamespaces=MyApp.Extra,System,bad%3Bcode", []string{"using BokaMera.API.ServiceModel.Dtos;\n", "using MyApp.Extra;\nusing BokaMera"},
			[]string{"using bad", "using System;\nusing System;"}},
	} {
		src, _ := get(t, ts, "/types/csharp?"+tt.query, "", 200)
		for _, w := range tt.want {
			if !strings.Contains(src, w) {
				t.Errorf("%s: missing %q\n%s", tt.query, w, numbered(src))
			}
		}
		for _, n := range tt.not {
			if strings.Contains(src, n) {
				t.Errorf("%s: unexpected %q", tt.query, n)
			}
		}
	}
}

// Every option mcs understands, together, still compiles (nullable
// annotations need a newer C# than mcs).
func TestCSharpOptionsCompile(t *testing.T) {
	mcs := tooltest.Need(t, "mcs")
	all := "MakePartial=False&MakeInternal=True&MakeDataContractsExtensible=True&AddDataContractAttributes=True" +
		"&AddIndexesToDataMembers=True&AddGeneratedCodeAttributes=True&AddResponseStatus=True&AddImplicitVersion=2" +
		"&InitializeCollections=True&AddNamespaces=System.Text&AddDefaultXmlNamespace=urn:paygate"
	stubs, _ := filepath.Abs(filepath.Join("testdata", "csharp", "ServiceStack.cs"))
	dir := t.TempDir()
	for name, reg := range map[string]*server.Registry{"bokamera": bokaMeraRegistry(), "sink": kitchenSinkRegistry()} {
		src, _ := get(t, newServer(t, reg, server.Config{}), "/types/csharp?"+all, "", 200)
		file := filepath.Join(dir, name+".cs")
		if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(mcs, "-nologo", "-warnaserror+", "-target:library", "-r:System.Runtime.Serialization.dll",
			"-out:"+filepath.Join(dir, name+".dll"), file, stubs).CombinedOutput(); err != nil {
			t.Errorf("mcs %s: %v\n%s\n%s", name, err, out, numbered(src))
		}
	}
}

// XML integrations generate their classes with AddDataContractAttributes
// and the service's namespace as AddDefaultXmlNamespace. Mono's
// DataContractSerializer, given those classes, must read every DTO as
// paygate writes it, every member filled in, and write it back byte for
// byte: a member out of order or in the wrong namespace is dropped on
// reading and so shows as a difference.
func TestCSharpDataContractRoundTrip(t *testing.T) {
	mcs := tooltest.Need(t, "mcs")
	mono := tooltest.Need(t, "mono")
	stubs, _ := filepath.Abs(filepath.Join("testdata", "csharp", "ServiceStack.cs"))
	prog, _ := filepath.Abs(filepath.Join("testdata", "csharp", "DcsRoundTrip.cs"))
	codecs := servertest.Codecs()
	for _, tt := range []struct {
		name string
		reg  *server.Registry
		ns   string
	}{
		{"bokamera", bokaMeraRegistry(), dto.NamespaceBokaMera},
		{"sink", kitchenSinkRegistry(), formats.NamespaceDefault},
		{"paymentlog", paymentLogRegistry(), dto.NamespaceBokaMera},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := url.Values{"AddDataContractAttributes": {"True"}, "AddDefaultXmlNamespace": {tt.ns}}
			src, _ := get(t, newServer(t, tt.reg, server.Config{}), "/types/csharp?"+q.Encode(), "", 200)
			dir := t.TempDir()
			dtos := filepath.Join(dir, "dtos.cs")
			if err := os.WriteFile(dtos, []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
			exe := filepath.Join(dir, "rt.exe")
			if out, err := exec.Command(mcs, "-nologo", "-warnaserror+", "-r:System.Runtime.Serialization.dll", "-r:System.Xml.dll",
				"-out:"+exe, dtos, stubs, prog).CombinedOutput(); err != nil {
				t.Fatalf("mcs: %v\n%s\n%s", err, out, numbered(src))
			}
			var args []string
			wrote := map[string][]byte{}
			for _, op := range tt.reg.Operations() {
				for _, typ := range []reflect.Type{op.RequestType, op.ResponseType} {
					if typ == nil || typ.Kind() != reflect.Struct || typ.Name() == "" {
						continue
					}
					name := codecs.Plans().PlanOf(typ).Name
					if _, done := wrote[name]; done {
						continue
					}
					v := reflect.New(typ)
					fill(v.Elem(), 0)
					var buf bytes.Buffer
					if err := codecs.Marshal(&buf, formats.XML, v.Interface(), formats.Options{}); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					body := bytes.TrimPrefix(buf.Bytes(), []byte(`<?xml version="1.0" encoding="utf-8"?>`))
					file := filepath.Join(dir, name+".xml")
					if err := os.WriteFile(file, body, 0o600); err != nil {
						t.Fatal(err)
					}
					wrote[name] = body
					args = append(args, name, file)
				}
			}
			if out, err := exec.Command(mono, append([]string{exe}, args...)...).CombinedOutput(); err != nil {
				t.Fatalf("mono: %v\n%s", err, out)
			}
			for name, body := range wrote {
				back, err := os.ReadFile(filepath.Join(dir, name+".xml.out"))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(back, body) {
					t.Errorf("%s: DataContractSerializer wrote\n%s\npaygate wrote\n%s", name, back, body)
				}
			}
		})
	}
}

// fill gives every member of v a value that is not its zero, so no member
// is left out of the XML: one-element lists and maps, nested DTOs filled
// to the depth given (self references stop there).
func fill(v reflect.Value, depth int) {
	switch v.Type() {
	case reflect.TypeFor[uuid.UUID]():
		v.Set(reflect.ValueOf(uuid.MustParse("5b3d2f1e-0000-4000-8000-00000000000a")))
		return
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("S " + v.Type().Name())
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Pointer:
		if depth > 1 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte{1, 2, 3})
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, depth+1)
		v.SetMapIndex(reflect.ValueOf("k").Convert(v.Type().Key()), e)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth)
			}
		}
	}
}
