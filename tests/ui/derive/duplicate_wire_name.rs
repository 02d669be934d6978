// Two fields sent under the same name.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
struct DescribeFoo {
    foo_id: String,
    #[dts(rename = "FooId")]
    other_id: String,
}

fn main() {}
