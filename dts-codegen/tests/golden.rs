//! Golden tests: one generator feature per test, on a small inline spec, comparing the
//! generated items (without their docs) with the expected source.

mod common;

use common::{items, spec};
use dts_codegen::{generate, Options};
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
    expect![[r#"
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct ListJobsOutput {
            pub jobs: ::std::vec::Vec<Job>,
            pub owner: ::core::option::Option<ListJobsOutputJob>,
            pub grid: ::std::vec::Vec<::std::vec::Vec<f64>>,
        }
        impl crate::rt::decode::Decode for ListJobsOutput {
            fn decode(value: &::serde_json::Value) -> ::core::option::Option<Self> {
                value.as_object()?;
                ::core::option::Option::Some(Self {
                    jobs: crate::rt::decode::list(value, "Jobs"),
                    owner: crate::rt::decode::field(value, "Owner"),
                    grid: crate::rt::decode::list(value, "Grid"),
                })
            }
        }
    "#]]
    .assert_eq(&items(&src, &module, "ListJobsOutput"));
    expect![[r#"
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct Steps {
            pub done: ::core::option::Option<bool>,
        }
        impl crate::rt::decode::Decode for Steps {
            fn decode(value: &::serde_json::Value) -> ::core::option::Option<Self> {
                value.as_object()?;
                ::core::option::Option::Some(Self {
                    done: crate::rt::decode::field(value, "Done"),
                })
            }
        }
    "#]]
    .assert_eq(&items(&src, &module, "Steps"));
    assert!(items(&src, &module, "Tasks").contains("pub steps: ::std::vec::Vec<Steps>,"));
    assert!(items(&src, &module, "Job").contains("pub tasks: ::std::vec::Vec<Tasks>,"));
    assert!(
        items(&src, &module, "ListJobsOutputJob").contains("pub uid: ::core::option::Option<i64>,")
    );
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
    expect![[r#"
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Level {
            Low,
            High2,
            Unknown(::std::string::String),
        }
        impl Level {
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Low => "low",
                    Self::High2 => "high-2",
                    Self::Unknown(v) => v,
                }
            }
        }
        impl ::core::convert::From<&str> for Level {
            fn from(v: &str) -> Self {
                match v {
                    "low" => Self::Low,
                    "high-2" => Self::High2,
                    other => Self::Unknown(::std::string::String::from(other)),
                }
            }
        }
        impl ::core::convert::From<::std::string::String> for Level {
            fn from(v: ::std::string::String) -> Self {
                Self::from(v.as_str())
            }
        }
        impl ::core::fmt::Display for Level {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl crate::rt::decode::Decode for Level {
            fn decode(value: &::serde_json::Value) -> ::core::option::Option<Self> {
                <::std::string::String as crate::rt::decode::Decode>::decode(value)
                    .map(Self::from)
            }
        }
    "#]]
    .assert_eq(&items(&src, &["types"], "Level"));
    let health = items(&src, &["types"], "Health");
    assert!(health.contains("Unknown,\n    Ok,\n    UnknownValue(::std::string::String),"));
    assert!(health.contains("other => Self::UnknownValue("));
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
    expect![[r#"
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct FindInput {
            pub r#type: ::std::string::String,
            pub r#match: ::core::option::Option<i32>,
            pub r#async: ::core::option::Option<bool>,
        }
        impl FindInput {
            pub(crate) fn write(&self, p: &mut crate::rt::Params) {
                p.push("Type", &self.r#type);
                p.int("Match", self.r#match.map(i64::from));
                p.bool("Async", self.r#async);
            }
        }
    "#]]
    .assert_eq(&items(&src, &module, "FindInput"));
    assert!(items(&src, &module, "FindOutput").contains("pub r#loop: ::core::option::Option<"));
    assert!(src.contains("pub fn r#match(mut self, r#match: i32) -> Self {"));
    assert!(src.contains("pub fn find(\n        &self,\n        r#type: impl ::core::convert::Into<::std::string::String>,\n    )"));
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
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct TagInput {
            pub ids: ::std::vec::Vec<::std::string::String>,
            pub sizes: ::std::vec::Vec<i32>,
            pub keys: ::std::vec::Vec<::std::string::String>,
            pub rules: ::core::option::Option<::serde_json::Value>,
            pub spec: ::serde_json::Value,
            pub flags: ::std::vec::Vec<bool>,
            pub labels: ::core::option::Option<::serde_json::Value>,
        }
        impl TagInput {
            pub(crate) fn write(&self, p: &mut crate::rt::Params) {
                p.list("Ids", &self.ids, crate::rt::ListStyle::RepeatList);
                p.list(
                    "Sizes",
                    &self
                        .sizes
                        .iter()
                        .map(::std::string::ToString::to_string)
                        .collect::<::std::vec::Vec<_>>(),
                    crate::rt::ListStyle::RepeatList,
                );
                p.list("Keys", &self.keys, crate::rt::ListStyle::Simple);
                p.json("Rules", self.rules.as_ref());
                p.json("Spec", ::core::option::Option::Some(&self.spec));
                if !self.flags.is_empty() {
                    p.json(
                        "Flags",
                        ::core::option::Option::Some(
                            &::serde_json::Value::from(self.flags.clone()),
                        ),
                    );
                }
                if let ::core::option::Option::Some(v) = &self.labels {
                    super::super::flatten(p, "Labels", v);
                }
            }
        }
    "##]]
    .assert_eq(&items(&src, &["operation", "tag"], "TagInput"));
    assert!(src.contains(
        "fn flatten(p: &mut crate::rt::Params, name: &str, value: &::serde_json::Value)"
    ));
    assert!(src.contains("ids: impl ::core::iter::IntoIterator<"));
}

#[test]
fn error_variants_deduplicate_common_codes() {
    let src = source(&[r#"{
      "name": "Stop",
      "errors": [
        { "code": "Job.NotFound", "http_status": 404, "message": "No such job." },
        { "code": "Throttling.User", "http_status": 429, "message": "The action's own entry." }
      ]
    }"#]);
    let module = ["operation", "stop"];
    let error = items(&src, &module, "StopError");
    expect![[r#"
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum StopError {
            JobNotFound(crate::Error),
            ThrottlingUser(crate::Error),
            InternalError(crate::Error),
            Unhandled(crate::Error),
        }
        impl ::core::convert::From<crate::Error> for StopError {
            fn from(e: crate::Error) -> Self {
                match e.code().unwrap_or_default() {
                    "Job.NotFound" => Self::JobNotFound(e),
                    "Throttling.User" => Self::ThrottlingUser(e),
                    "InternalError" => Self::InternalError(e),
                    _ => Self::Unhandled(e),
                }
            }
        }
        impl crate::ActionError for StopError {
            fn inner(&self) -> &crate::Error {
                match self {
                    Self::JobNotFound(e)
                    | Self::ThrottlingUser(e)
                    | Self::InternalError(e)
                    | Self::Unhandled(e) => e,
                }
            }
        }
        impl ::core::fmt::Display for StopError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(crate::ActionError::inner(self), f)
            }
        }
        impl ::std::error::Error for StopError {
            fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::std::error::Error::source(crate::ActionError::inner(self))
            }
        }
    "#]]
    .assert_eq(&error);
    assert!(src.contains("/// `Throttling.User` (HTTP 429): The action's own entry."));
    assert!(!src.contains("(HTTP 400): Slow down."));
}

#[test]
fn enums_are_shared_by_name_and_values_and_prefixed_on_a_clash() {
    let dir = |action: &str, values: &str| {
        format!(
            r#"{{ "name": "{action}", "request": [ {{ "name": "Direction", "type": "String", "enum": [{values}] }} ] }}"#
        )
    };
    let a = dir("Alpha", r#"{ "value": "Forward" }, { "value": "Reverse" }"#);
    let b = dir("Beta", r#"{ "value": "Forward" }, { "value": "Reverse" }"#);
    let c = dir("Gamma", r#"{ "value": "Up" }"#);
    let src = source(&[&a, &b, &c]);
    assert!(src.contains("pub enum Direction {"));
    assert!(src.contains("pub enum GammaDirection {"));
    assert_eq!(src.matches("pub enum Direction {").count(), 1);
    assert!(src.contains(
        "The documented values of `Alpha` parameter `Direction`, `Beta` parameter `Direction`."
    ));
    assert!(items(&src, &["operation", "gamma"], "GammaInput").contains("types::GammaDirection"));
}
