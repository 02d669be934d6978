// Without `action = "..."` there is no action name to send.

#[derive(dts_macros::Action)]
#[dts(output = serde_json::Value)]
struct DescribeFoo {
    foo_id: String,
}

fn main() {}
