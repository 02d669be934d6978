// An action file that is not valid JSON: the error names the file and the position.

dts_macros::generate!("specs/invalid_json", relative_to = file);

fn main() {}
