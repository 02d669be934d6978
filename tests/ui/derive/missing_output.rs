// Without `output = Type` the response has nowhere to go.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo")]
struct DescribeFoo {
    foo_id: String,
}

fn main() {}
