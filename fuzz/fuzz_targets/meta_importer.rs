//! The metadata importer on arbitrary text: parse, build, and whatever it builds validates.

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(import) = dts_import::meta::parse_metadata(text, "fuzz.json") else {
        return;
    };
    let built = dts_import::meta::build(&import, None, &BTreeMap::new(), None);
    if built.actions.is_empty() {
        return;
    }
    if let Err(diags) = dts_spec::load_sources(&built.sources()) {
        panic!("the importer built a spec that does not validate: {diags:#?}");
    }
});
