//! The spec loader on arbitrary files, and the generator on every spec the loader accepts.
//!
//! The input is split on NUL bytes: the first part is `service.json`, each later part an
//! action file, named `actions/<name>` when it starts with `<name>` and a SOH byte, else
//! `actions/F<i>.json`.

#![no_main]

use dts_spec::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let files: Vec<SourceFile> = text
        .split('\0')
        .take(8)
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                return SourceFile {
                    path: "service.json".to_owned(),
                    contents: part.to_owned(),
                };
            }
            match part.split_once('\u{1}') {
                Some((name, contents)) => SourceFile {
                    path: format!("actions/{name}"),
                    contents: contents.to_owned(),
                },
                None => SourceFile {
                    path: format!("actions/F{i}.json"),
                    contents: part.to_owned(),
                },
            }
        })
        .collect();
    match dts_spec::load_sources(&files) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                assert!(!w.is_error());
            }
            for options in [
                dts_codegen::Options::in_crate(),
                dts_codegen::Options::wrapper(),
            ] {
                let _ = dts_codegen::try_generate(&loaded.spec, &options);
            }
        }
        Err(diags) => {
            assert!(
                diags.iter().any(|d| d.is_error()),
                "rejected without an error"
            );
            for d in &diags {
                let _ = d.to_string();
            }
        }
    }
});
