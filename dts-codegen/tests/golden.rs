//! Golden tests: one generator feature per test, on a small inline spec, comparing the
//! generated items (without their docs) with the expected source.

mod common;

use common::{items, spec};
use dts_codegen::{generate, try_generate, Options};
use expect_test::expect;

fn source(actions: &[&str]) -> String {
    generate(&spec(actions), &Options::in_crate())
}

#[test]
fn nested_response_structs_two_levels_deep() {
    let src = source(&[r#"{
      "name": "ListJobs",
      "response": [
        { "name": "Jobs", "type": "Array", "items": { "type": "Object", "struct_name": "Job", "fields": [
          { "name": "JobId", "type": "String" },
          { "name": "Tasks", "type": "Array", "items": { "type": "Object", "fields": [
            { "name": "Steps", "type": "Array", "items": { "type": "Object", "fields": [
              { "name": "Done", "type": "Boolean" }
            ] } }
          ] } }
        ] } },
        { "name": "Owner", "type": "Object", "struct_name": "Job", "fields": [ { "name": "Uid", "type": "Long" } ] },
        { "name": "Grid", "type": "Array", "items": { "type": "Array", "items": { "type": "Double" } } }
      ]
    }"#]);
    let module = ["operation", "list_jobs"];
    expect![[r##"
        #[derive(Debug, Clone, Default)]
        #[non_exhaustive]
        pub struct ListJobsOutput {
            pub jobs: Vec<Job>,
            pub owner: Option<ListJobsOutputJob>,
            pub grid: Vec<Vec<f64>>,
            raw: rt::RawBody,
        }
        rt::output!(ListJobsOutput, 0 grid("Grid"), 1 jobs("Jobs"), 2 owner("Owner"));
    "##]]
    .assert_eq(&items(&src, &module, "ListJobsOutput"));
    expect![[r##"
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct Steps {
            pub done: Option<bool>,
        }
        rt::response!(Steps, 0 done("Done"));
    "##]]
    .assert_eq(&items(&src, &module, "Steps"));
    assert!(items(&src, &module, "Tasks").contains("pub steps: Vec<Steps>,"));
    assert!(items(&src, &module, "Job").contains("pub tasks: Vec<Tasks>,"));
    assert!(items(&src, &module, "ListJobsOutputJob").contains("pub uid: Option<i64>,"));
}

#[test]
fn enums_have_a_fallback_variant() {
    let src = source(&[r#"{
      "name": "SetLevel",
      "request": [
        { "name": "Level", "type": "String", "required": true, "enum": [ { "value": "low" }, { "value": "high-2" } ] },
        { "name": "Health", "type": "String", "enum": [ { "value": "Unknown" }, { "value": "OK" } ] }
      ]
    }"#]);
    expect![[r##"
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum SetLevelLevel {
            Low,
            High2,
            Unknown(UnknownValue),
        }
        impl SetLevelLevel {
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Low => "low",
                    Self::High2 => "high-2",
                    Self::Unknown(v) => v.as_str(),
                }
            }
        }
        impl AsRef<str> for SetLevelLevel {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl From<&str> for SetLevelLevel {
            #[inline]
            fn from(v: &str) -> Self {
                match v {
                    "low" => Self::Low,
                    "high-2" => Self::High2,
                    other => Self::Unknown(UnknownValue(String::from(other))),
                }
            }
        }
        impl From<String> for SetLevelLevel {
            #[inline]
            fn from(v: String) -> Self {
                Self::from(v.as_str())
            }
        }
        impl ::core::fmt::Display for SetLevelLevel {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl rt::Encode for SetLevelLevel {
            #[inline]
            fn text(&self) -> Option<::std::borrow::Cow<'_, str>> {
                Option::Some(::std::borrow::Cow::Borrowed(self.as_str()))
            }
        }
        #[diagnostic::do_not_recommend]
        impl rt::decode::Decode for SetLevelLevel {
            #[inline]
            fn decode(value: &rt::Value) -> Option<Self> {
                <String as rt::decode::Decode>::decode(value).map(Self::from)
            }
        }
    "##]]
    .assert_eq(&items(&src, &["types"], "SetLevelLevel"));
    let health = items(&src, &["types"], "SetLevelHealth");
    assert!(health.contains("Unknown,\n    Ok,\n    UnknownValue(UnknownValue),"));
    assert!(health.contains("other => Self::UnknownValue(UnknownValue("));
    // One opaque type holds every fallback; its field is private to `types`.
    let unknown = items(&src, &["types"], "UnknownValue");
    assert!(
        unknown.contains("pub struct UnknownValue(String);"),
        "{unknown}"
    );
}

#[test]
fn keywords_are_escaped() {
    let src = source(&[r#"{
      "name": "Find",
      "request": [
        { "name": "Type", "type": "String", "required": true },
        { "name": "Match", "type": "Integer" },
        { "name": "Async", "type": "Boolean" }
      ],
      "response": [ { "name": "Loop", "type": "String" } ]
    }"#]);
    let module = ["operation", "find"];
    expect![[r##"
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct FindInput {
            pub r#type: String,
            pub r#match: Option<i32>,
            pub r#async: Option<bool>,
        }
        impl FindInput {
            #[inline]
            pub(crate) fn write(&self, p: &mut rt::Params) {
                use rt::Style::Flat;
                p.add("Type", &self.r#type, Flat);
                p.add("Match", &self.r#match, Flat);
                p.add("Async", &self.r#async, Flat);
            }
        }
    "##]]
    .assert_eq(&items(&src, &module, "FindInput"));
    assert!(items(&src, &module, "FindOutput").contains("pub r#loop: Option<String>,"));
    assert!(src.contains("pub fn r#match(mut self, r#match: i32) -> Self {"));
    assert!(src.contains("pub fn find(&self, r#type: impl Into<String>) -> FindRequest {"));
}

#[test]
fn json_string_and_repeat_list_parameters() {
    let src = source(&[r#"{
      "name": "Tag",
      "request": [
        { "name": "Ids", "type": "Array", "items": { "type": "String" }, "style": "repeat_list", "required": true },
        { "name": "Sizes", "type": "Array", "items": { "type": "Integer" }, "style": "repeat_list" },
        { "name": "Keys", "type": "Array", "items": { "type": "String" }, "style": "simple" },
        { "name": "Rules", "type": "Array", "items": { "type": "Object", "fields": [ { "name": "K", "type": "String" } ] }, "style": "json" },
        { "name": "Spec", "type": "Object", "style": "json", "required": true, "fields": [ { "name": "K", "type": "String" } ] },
        { "name": "Flags", "type": "Array", "items": { "type": "Boolean" }, "style": "json" },
        { "name": "Labels", "type": "Object", "fields": [ { "name": "K", "type": "String" } ] }
      ]
    }"#]);
    expect![[r##"
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct TagInput {
            pub ids: Vec<String>,
            pub sizes: Vec<i32>,
            pub keys: Vec<String>,
            pub rules: Option<rt::Value>,
            pub spec: rt::Value,
            pub flags: Vec<bool>,
            pub labels: Option<rt::Value>,
        }
        impl TagInput {
            #[inline]
            pub(crate) fn write(&self, p: &mut rt::Params) {
                use rt::Style::{Flat, Json, RepeatList, Simple};
                p.add("Ids", &self.ids, RepeatList);
                p.add("Sizes", &self.sizes, RepeatList);
                p.add("Keys", &self.keys, Simple);
                p.add("Rules", &self.rules, Json);
                p.add("Spec", &self.spec, Json);
                p.add("Flags", &self.flags, Json);
                p.add("Labels", &self.labels, Flat);
            }
        }
    "##]]
    .assert_eq(&items(&src, &["operation", "tag"], "TagInput"));
    assert!(src.contains("ids: impl IntoIterator<Item = impl Into<String>>,"));
}

#[test]
fn common_codes_go_to_the_common_variant() {
    let src = source(&[r#"{
      "name": "Stop",
      "errors": [
        { "code": "Job.NotFound", "http_status": 404, "message": "No such job." },
        { "code": "Throttling.User", "http_status": 429, "message": "The action's own entry." }
      ]
    }"#]);
    let module = ["operation", "stop"];
    let error = items(&src, &module, "StopError");
    expect![[r##"
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum StopError {
            JobNotFound(rt::Error),
            Common(super::super::CommonError),
            Unhandled(rt::Error),
        }
        rt::action_error!(
            StopError, Unhandled, [JobNotFound("Job.NotFound")],
            Common(super::super::CommonError)
        );
    "##]]
    .assert_eq(&error);
    assert!(src.contains("/// - `Throttling.User` (HTTP 429): The action's own entry."));
    expect![[r##"
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum CommonError {
            ThrottlingUser(crate::Error),
            InternalError(crate::Error),
        }
        impl CommonError {
            pub fn classify(e: crate::Error) -> ::core::result::Result<Self, crate::Error> {
                ::core::result::Result::Ok(
                    match e.code().unwrap_or_default() {
                        "Throttling.User" => Self::ThrottlingUser(e),
                        "InternalError" => Self::InternalError(e),
                        _ => return ::core::result::Result::Err(e),
                    },
                )
            }
        }
        crate::rt::error_impls!(CommonError, [ThrottlingUser, InternalError]);
    "##]]
    .assert_eq(&items(&src, &[], "CommonError"));
    assert!(src.contains("/// `Throttling.User` (HTTP 400): Slow down."));
}

#[test]
fn enums_are_shared_only_by_a_declared_name() {
    let dir = |action: &str, declared: &str, values: &str| {
        format!(
            r#"{{ "name": "{action}", "request": [ {{ "name": "Direction", "type": "String", {declared} "enum": [{values}] }} ] }}"#
        )
    };
    let both = r#"{ "value": "Forward" }, { "value": "Reverse" }"#;
    let named = r#""enum_name": "Direction","#;
    let a = dir("Alpha", named, both);
    let b = dir("Beta", named, both);
    let c = dir("Gamma", "", r#"{ "value": "Up" }"#);
    let src = source(&[&a, &b, &c]);
    assert_eq!(src.matches("pub enum Direction {").count(), 1);
    assert!(src.contains("pub enum GammaDirection {"));
    assert!(src.contains(
        "The documented values of `Alpha` parameter `Direction`, `Beta` parameter `Direction`."
    ));
    assert!(items(&src, &["operation", "gamma"], "GammaInput").contains("types::GammaDirection"));
    // The same values under no declared name are each action's own.
    let d = dir("Delta", "", both);
    let src = source(&[&a, &d]);
    assert!(src.contains("pub enum Direction {") && src.contains("pub enum DeltaDirection {"));
    // A declared name with other values is the spec's mistake, reported.
    let clash = dir("Aardvark", named, r#"{ "value": "Up" }"#);
    let diags = try_generate(&spec(&[&a, &clash]), &Options::in_crate()).expect_err("a clash");
    assert!(
        diags[0]
            .to_string()
            .contains("enum `Direction` is also the type of"),
        "{}",
        diags[0]
    );
}

/// Adding an action, even one sorting before every other and with a `RegionId` of other
/// values, renames no public type and retypes no setter, argument or field.
#[test]
fn adding_an_action_renames_and_retypes_nothing() {
    let bundled = dts_spec::bundled().expect("the bundled spec loads");
    let surface = |spec: &dts_spec::Spec| {
        dts_codegen::ApiSurface::of_source(&generate(spec, &Options::in_crate()))
            .expect("the generated source parses")
    };
    let before = surface(bundled);
    let mut grown = bundled.clone();
    let added: dts_spec::Action = serde_json::from_str(
        r#"{ "name": "AaaFirstAction", "request": [
            { "name": "RegionId", "type": "String", "required": true,
              "enum": [{ "value": "mars-1" }, { "value": "venus-2" }] },
            { "name": "SynchronizationDirection", "type": "String",
              "enum": [{ "value": "Sideways" }] }
        ], "response": [{ "name": "RequestId", "type": "String" }] }"#,
    )
    .expect("the added action parses");
    grown.actions.insert(0, added);
    let change = before.diff(&surface(&grown));
    assert!(
        change.removed.is_empty(),
        "changed by an unrelated action: {:#?}",
        change.removed
    );
    assert!(change
        .added
        .iter()
        .any(|i| i.contains("AaaFirstActionRegionId")));
}

#[test]
fn required_arguments_are_converted_only_when_needed() {
    let src = source(&[r#"{
      "name": "Tune",
      "request": [
        { "name": "Level", "type": "Integer", "required": true },
        { "name": "Name", "type": "String", "required": true },
        { "name": "Note", "type": "String" }
      ]
    }"#]);
    expect![[r#"
        impl rt::Client {
            #[inline]
            pub fn tune(&self, level: i32, name: impl Into<String>) -> TuneRequest {
                TuneRequest {
                    client: self.clone(),
                    input: TuneInput {
                        level,
                        name: name.into(),
                        note: None,
                    },
                    options: Default::default(),
                }
            }
        }
    "#]]
    .assert_eq(&items(&src, &["operation", "tune"], "Client"));
}

#[test]
fn nested_structs_of_one_shape_are_shared_within_an_action() {
    let src = source(&[r#"{
      "name": "ListJobs",
      "response": [
        { "name": "Job", "type": "Object", "fields": [
          { "name": "SourceEndpoint", "type": "Object", "fields": [
            { "name": "Ip", "type": "String" }, { "name": "Port", "type": "Integer" } ] },
          { "name": "DestinationEndpoint", "type": "Object", "fields": [
            { "name": "Ip", "type": "String" }, { "name": "Port", "type": "Integer" } ] },
          { "name": "ReverseJob", "type": "Object", "fields": [
            { "name": "SourceEndpoint", "type": "Object", "fields": [
              { "name": "Ip", "type": "String" }, { "name": "Port", "type": "Integer" } ] } ] } ] },
        { "name": "Demo", "type": "Object", "fields": [
          { "name": "SourceEndpoint", "type": "Object", "fields": [
            { "name": "Ip", "type": "String" }, { "name": "Port", "type": "Long" } ] } ] }
      ]
    }"#]);
    let structs: Vec<&str> = src
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub struct "))
        .map(|l| l.split([' ', '{']).next().unwrap())
        .collect();
    // One struct for the two `SourceEndpoint`s of one shape; the `DestinationEndpoint` of the
    // same shape keeps its own name, and `Demo`'s (a `Long` port) its own struct.
    assert_eq!(
        structs,
        [
            "ListJobsInput",
            "ListJobsRequest",
            "ListJobsOutput",
            "Job",
            "SourceEndpoint",
            "DestinationEndpoint",
            "ReverseJob",
            "Demo",
            "DemoSourceEndpoint"
        ]
    );
    let reverse = items(&src, &["operation", "list_jobs"], "ReverseJob");
    assert!(
        reverse.contains("pub source_endpoint: Option<SourceEndpoint>"),
        "{reverse}"
    );
    assert!(src.contains("/// Also the `SourceEndpoint` member of [`ReverseJob`]."));
}

/// Every bare intra-doc link (`` [`Name`] ``) of a generated action module names a type that
/// module defines, after structs were shared at several depths (the nested structs of a
/// shared struct name their parent in their docs).
#[test]
fn doc_links_of_shared_structs_resolve_in_their_module() {
    let nested = r#"{ "name": "Inner", "type": "Object", "fields": [
        { "name": "Leaf", "type": "Object", "fields": [ { "name": "X", "type": "String" } ] } ] }"#;
    let test = format!(
        r#"{{ "name": "Nest", "response": [
          {{ "name": "A", "type": "Object", "fields": [ {nested} ] }},
          {{ "name": "B", "type": "Object", "fields": [ {nested} ] }} ] }}"#
    );
    let src = source(&[&test]);
    assert!(
        src.contains("/// Also the `Inner` member of [`B`]."),
        "{src}"
    );
    assert_links_resolve(&src);
    let bundled = generate(dts_spec::bundled().unwrap(), &Options::in_crate());
    assert_links_resolve(&bundled);
}

/// Panics naming every `` [`Name`] `` doc link (not followed by a `(target)`) whose module
/// defines no type `Name`.
fn assert_links_resolve(src: &str) {
    let mut broken = Vec::new();
    for module in src.split("\n    pub mod ").skip(1) {
        let defined = |name: &str| {
            ["struct", "enum", "type"]
                .iter()
                .any(|kind| module.contains(&format!("pub {kind} {name} ")))
        };
        for line in module.lines().filter(|l| l.trim_start().starts_with("///")) {
            let mut rest = line;
            while let Some(i) = rest.find("[`") {
                rest = &rest[i + 2..];
                let Some(end) = rest.find("`]") else { break };
                let name = &rest[..end];
                let explicit = rest[end + 2..].starts_with('(');
                if !explicit && name.chars().all(char::is_alphanumeric) && !defined(name) {
                    broken.push(format!("{name}: {}", line.trim()));
                }
                rest = &rest[end + 2..];
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// No client method of the bundled API takes more than three positional arguments: with more
/// required parameters it takes one struct of them.
#[test]
fn no_method_takes_more_than_three_positional_arguments() {
    let spec = dts_spec::bundled().expect("the bundled spec loads");
    let src = generate(spec, &Options::in_crate());
    let file = syn::parse_file(&src).expect("the generated source parses");
    let mut methods = 0;
    let mut by_struct = 0;
    let mut stack: Vec<&syn::Item> = file.items.iter().collect();
    while let Some(item) = stack.pop() {
        match item {
            syn::Item::Mod(m) => stack.extend(m.content.iter().flat_map(|(_, items)| items)),
            syn::Item::Impl(i) => {
                for f in &i.items {
                    let syn::ImplItem::Fn(f) = f else { continue };
                    let args = f.sig.inputs.len().saturating_sub(1);
                    assert!(args <= 3, "`{}` takes {args} arguments", f.sig.ident);
                    methods += 1;
                    if let Some(syn::FnArg::Typed(arg)) = f.sig.inputs.iter().nth(1) {
                        let ty = &arg.ty;
                        by_struct +=
                            usize::from(quote::quote!(#ty).to_string().ends_with("Required"));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(methods > 100, "{methods} methods");
    assert!(
        by_struct >= 10,
        "{by_struct} methods take a struct of required parameters"
    );
}
