//! Secrets never show in Debug, Display, errors or logs.

use dts_client::rt::{CallOptions, Params};
use dts_client::Credentials;

use crate::support::{refused_url, Server};
use crate::{builder, ID, SECRET, START_SYNC, TOKEN};

fn sts() -> Credentials {
    Credentials::new(ID, SECRET).with_security_token(TOKEN)
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} shows the secret: {text}");
    assert!(!text.contains(TOKEN), "{what} shows the token: {text}");
    let encoded = dts_client::signing::percent_encode(TOKEN);
    assert!(
        !text.contains(encoded.as_ref()),
        "{what} shows the encoded token: {text}"
    );
}

#[tokio::test]
async fn builder_client_and_presigned_requests_hide_secrets() {
    let server = Server::start(vec![]).await;
    let b = builder(&server).credentials(sts());
    assert_clean("builder debug", &format!("{b:?}"));
    let client = b.build().unwrap();
    let shown = format!("{client:?}");
    assert_clean("client debug", &shown);
    assert!(shown.contains(ID), "the key id helps debugging: {shown}");
    assert_clean("config debug", &format!("{:?}", client.config()));

    let signed = client
        .presign("StartSynchronizationJob", Params::default())
        .unwrap();
    assert_clean("presigned display", &signed.to_string());
    assert_clean("presigned debug", &format!("{signed:?}"));
    assert!(signed.to_string().contains("SecurityToken=***"));
    assert!(
        signed.url().contains("SecurityToken="),
        "the URL itself is complete"
    );
}

#[tokio::test]
async fn transport_errors_do_not_carry_the_signed_url() {
    let server = Server::start(vec![]).await;
    let client = builder(&server)
        .credentials(sts())
        .endpoint_url(refused_url().await)
        .max_attempts(1)
        .build()
        .unwrap();
    let e = client
        .invoke(&START_SYNC, Params::default(), CallOptions::new())
        .await
        .unwrap_err();
    let mut chain = format!("{e} | {e:?}");
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        chain.push_str(&format!(" | {s} | {s:?}"));
        source = s.source();
    }
    assert_clean("transport error", &chain);
    assert!(!chain.contains("Signature="), "{chain}");
}
