// The spec directory does not exist.

dts_macros::generate!("specs/nowhere", relative_to = file);

fn main() {}
