// An empty action list would generate nothing.

dts_macros::generate!("specs/good", relative_to = file, actions = []);

fn main() {}
