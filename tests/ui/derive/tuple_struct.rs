// Parameters take their wire names from field names, so a tuple struct has none.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
struct DescribeFoo(String);

fn main() {}
