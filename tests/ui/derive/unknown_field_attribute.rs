// `renamed` is a typo for `rename`.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
struct DescribeFoo {
    #[dts(renamed = "FooID")]
    foo_id: String,
}

fn main() {}
