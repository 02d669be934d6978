// An action name is letters and digits.

#[derive(dts_macros::Action)]
#[dts(action = "Describe Foo", output = serde_json::Value)]
struct DescribeFoo {
    foo_id: String,
}

fn main() {}
