// Module names are snake_case.

dts_macros::generate!("specs/good", relative_to = file, module = FooOps);

fn main() {}
