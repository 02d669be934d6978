// `action` given twice.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
#[dts(action = "DescribeBar")]
struct DescribeFoo {
    foo_id: String,
}

fn main() {}
