// `csv` is not a list style.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
struct DescribeFoo {
    #[dts(style = "csv")]
    foo_ids: Vec<String>,
}

fn main() {}
