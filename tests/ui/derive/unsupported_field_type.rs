// A map has no single wire form: declare the parameter as `serde_json::Value` or a list.

use std::collections::HashMap;

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
struct DescribeFoo {
    foo_id: String,
    tags: HashMap<String, String>,
}

fn main() {}
