// Every field's type must implement `Decode` itself.

struct Timestamp(u64);

#[derive(dts_macros::Decode)]
struct FooOutput {
    request_id: Option<String>,
    created: Option<Timestamp>,
}

fn main() {
    let _ = Timestamp(0).0;
}
