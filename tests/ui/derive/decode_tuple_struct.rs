// Members are read by field name, so a tuple struct cannot derive `Decode`.

#[derive(dts_macros::Decode)]
struct FooOutput(Option<String>);

fn main() {}
