// A spec directory without `service.json`.

dts_macros::generate!("specs/no_service", relative_to = file);

fn main() {}
