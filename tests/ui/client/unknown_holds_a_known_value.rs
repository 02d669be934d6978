// An enum's fallback variant holds an opaque value that only `From<&str>` makes, and only for a
// value no variant documents: `Unknown` cannot be built to spell a documented value, so it
// never differs from that value's own variant.

use dts_client::types::{RegionId, UnknownValue};

fn main() {
    let _ = RegionId::Unknown(UnknownValue(String::from("cn-hangzhou")));
}
