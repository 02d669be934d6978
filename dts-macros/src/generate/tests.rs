use std::path::{Path, PathBuf};

use proc_macro2::Span;
use quote::quote;
use syn::Ident;

use super::*;

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

const SERVICE: &str = r#"{"product": "Dts", "version": "2020-01-01", "style": "RPC",
    "default_endpoint": "dts.aliyuncs.com"}"#;

/// A spec directory under the system's temporary directory, removed when dropped.
struct TempSpec(PathBuf);

impl Drop for TempSpec {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for TempSpec {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

/// A fresh spec directory holding `service.json` and the given action files.
fn spec_dir(name: &str, actions: &[(String, String)]) -> TempSpec {
    let dir = std::env::temp_dir().join(format!("dts-macros-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("actions")).unwrap();
    std::fs::write(dir.join("service.json"), SERVICE).unwrap();
    for (file, contents) in actions {
        std::fs::write(dir.join("actions").join(file), contents).unwrap();
    }
    TempSpec(dir)
}

fn action(name: &str) -> (String, String) {
    let json =
        format!(r#"{{"name": "{name}", "response": [{{"name": "RequestId", "type": "String"}}]}}"#);
    (format!("{name}.json"), json)
}

fn expand_at(dir: &Path, options: proc_macro2::TokenStream) -> syn::Result<String> {
    let path = dir.to_str().unwrap();
    let args: Args = syn::parse2(quote!(#path #options)).unwrap();
    expand(&args, None).map(|tokens| tokens.to_string())
}

fn messages(err: syn::Error) -> Vec<String> {
    err.into_iter().map(|e| e.to_string()).collect()
}

#[test]
fn the_bundled_spec_generates_and_every_file_is_tracked() {
    let dir = Path::new(SPEC_DIR);
    let code = expand_at(
        dir,
        quote!(, actions = ["StartSynchronizationJob"], module = dts_ops),
    )
    .expect("the bundled spec generates");
    assert!(code.contains("pub mod dts_ops"));
    assert!(code.contains("start_synchronization_job"));
    assert!(!code.contains("reset_dts_job"));
    let tracked = code.matches(":: core :: include_str !").count();
    assert_eq!(tracked, dts_spec::spec_files(dir).unwrap().len());
}

#[test]
fn every_broken_file_is_reported_with_its_pointer() {
    let broken = |name: &str, ty: &str| {
        let json = format!(r#"{{"name": "{name}", "request": [{{"name": "A", "type": "{ty}"}}]}}"#);
        (format!("{name}.json"), json)
    };
    let dir = spec_dir(
        "broken",
        &[broken("DescribeA", "Bool"), broken("DescribeB", "Str")],
    );
    let err = expand_at(&dir, quote!()).expect_err("two files are broken");
    let written = dir.display().to_string();
    let got = messages(err);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with(&format!(
        "{written}/actions/DescribeA.json: /request/0/type: "
    )));
    assert!(got[1].starts_with(&format!(
        "{written}/actions/DescribeB.json: /request/0/type: "
    )));
}

#[test]
fn generator_problems_are_reported_too() {
    // Valid for the spec format, but the wrapping client already has a method `inner`.
    let dir = spec_dir("inner", &[action("Inner"), action("DescribeFoo")]);
    let err = expand_at(&dir, quote!()).expect_err("`inner` is taken");
    let got = messages(err);
    assert_eq!(got.len(), 1, "{got:?}");
    let prefix = format!("{}/actions/Inner.json: ", dir.display());
    assert!(got[0].starts_with(&prefix), "{got:?}");
}

#[test]
fn an_unknown_action_in_a_large_spec_gets_a_suggestion() {
    let names: Vec<String> = (0..14)
        .map(|i| format!("DescribeThing{}", char::from(b'A' + i)))
        .collect();
    let files: Vec<(String, String)> = names.iter().map(|n| action(n)).collect();
    let dir = spec_dir("large", &files);
    let err = expand_at(&dir, quote!(, actions = ["DescirbeThingN"])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown action `DescirbeThingN`, did you mean `DescribeThingN`? (the spec has 14 actions)"
    );
    let err = expand_at(&dir, quote!(, actions = ["StopEverything"])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown action `StopEverything`: the spec has 14 actions, from `DescribeThingA` to \
         `DescribeThingN`"
    );
}

#[test]
fn a_relative_path_needs_its_base() {
    let args: Args = syn::parse2(quote!("specs", relative_to = file)).unwrap();
    let err = expand(&args, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the calling file's path is unknown: use `relative_to = manifest`"
    );
    let call_file = Path::new(SPEC_DIR).join("service.json");
    let args: Args = syn::parse2(quote!(".", relative_to = file)).unwrap();
    assert!(expand(&args, Some(call_file)).is_ok());
}

#[test]
fn distance_counts_edits() {
    assert_eq!(distance("kitten", "sitting"), 3);
    assert_eq!(distance("", "abc"), 3);
    assert_eq!(distance("same", "same"), 0);
}

#[test]
fn module_names_must_be_snake_case() {
    let ok = Ident::new("dts_ops", Span::call_site());
    assert!(check_module(&ok).is_ok());
    let bad = Ident::new("DtsOps", Span::call_site());
    let err = check_module(&bad).unwrap_err().to_string();
    assert_eq!(
        err,
        "module name `DtsOps` must be a snake_case identifier, like `dts_ops`"
    );
}
