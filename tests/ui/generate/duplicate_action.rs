// An action listed twice.

dts_macros::generate!(
    "specs/good",
    relative_to = file,
    actions = ["StartFoo", "StartFoo"]
);

fn main() {}
