// A required parameter declared as `Option` could be left out.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
struct DescribeFoo {
    #[dts(required)]
    foo_id: Option<String>,
}

fn main() {}
