// `actions = [...]` names an action the spec does not have.

dts_macros::generate!(
    "specs/good",
    relative_to = file,
    actions = ["DescribeFoo", "StopFoo"]
);

fn main() {}
