// RPC actions are sent with POST or GET only.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value, method = "PUT")]
struct DescribeFoo {
    foo_id: String,
}

fn main() {}
