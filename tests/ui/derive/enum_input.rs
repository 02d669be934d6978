// An action is a struct of parameters, not an enum.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo", output = serde_json::Value)]
enum DescribeFoo {
    ById { foo_id: String },
}

fn main() {}
