// `retries` is not an attribute of the struct: retries are the client's business.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value, retries = 3)]
struct DescribeFoo {
    foo_id: String,
}

fn main() {}
