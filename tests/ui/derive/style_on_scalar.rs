// A list style on a single value.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
struct DescribeFoo {
    #[dts(style = "simple")]
    foo_id: String,
}

fn main() {}
