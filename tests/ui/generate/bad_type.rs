// A parameter with a type the spec format does not have: the error names the file and the
// JSON pointer of the bad value.

dts_macros::generate!("specs/bad_type", relative_to = file);

fn main() {}
