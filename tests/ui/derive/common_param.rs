// A field sent as `Timestamp`, a common parameter the client sets on every call.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
struct DescribeFoo {
    foo_id: String,
    #[dts(rename = "Timestamp")]
    since: Option<String>,
}

fn main() {}
