// The output type must implement `Decode` (derive it, or use `serde_json::Value`).

#[derive(Debug)]
struct FooOutput {
    request_id: Option<String>,
}

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = FooOutput)]
struct DescribeFoo {
    foo_id: String,
}

fn main() {
    let _ = FooOutput { request_id: None }.request_id;
}
