// `runtime` is not an option: generated code always names `::dts_client`.

dts_macros::generate!("specs/good", relative_to = file, runtime = dts_client);

fn main() {}
