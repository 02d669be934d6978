//! The documentation page importer on arbitrary text; an imported entry renders.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(imported) = dts_import::doc::import_page(Path::new("Fuzzed.txt"), &text) {
        let rendered = dts_import::doc::render(&imported.action);
        assert!(rendered.ends_with('\n'));
        for w in &imported.warnings {
            let _ = w.to_string();
        }
    }
});
