// The derive fails (no `output`), yet code calling `send` reports nothing more: the fallback
// expansion still provides the methods.

#[derive(dts_macros::Action)]
#[dts(action = "DescribeFoo")]
struct DescribeFoo {
    foo_id: String,
}

async fn call(client: &dts_client::Client) -> Result<String, dts_client::Error> {
    let request = DescribeFoo {
        foo_id: "f-1".into(),
    };
    let _ = request.params();
    request.send(client).await
}

fn main() {
    let _ = call;
}
