// `required` belongs to parameters; response members are all read leniently.

#[derive(dts_macros::Decode)]
struct FooOutput {
    #[dts(required)]
    request_id: Option<String>,
}

fn main() {}
