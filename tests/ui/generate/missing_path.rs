// The spec directory is the one argument that is not optional.

dts_macros::generate!();

fn main() {}
