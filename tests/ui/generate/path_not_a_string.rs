// The spec directory is a string literal.

dts_macros::generate!(specs);

fn main() {}
