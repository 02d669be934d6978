// `idempotent` is a flag.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value, idempotent = true)]
struct DescribeFoo {
    foo_id: String,
}

fn main() {}
