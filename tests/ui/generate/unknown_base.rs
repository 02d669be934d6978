// Paths are relative to the manifest directory or to the calling file.

dts_macros::generate!("specs/good", relative_to = workspace);

fn main() {}
