// `module` given twice.

dts_macros::generate!(
    "specs/good",
    relative_to = file,
    module = foo_ops,
    module = bar_ops
);

fn main() {}
