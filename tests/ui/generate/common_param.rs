// A parameter named like a common parameter, which the client sets on every call: the error
// names the file and the JSON pointer of the name.

dts_macros::generate!("specs/common_param", relative_to = file);

fn main() {}
