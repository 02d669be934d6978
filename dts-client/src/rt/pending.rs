//! The future a generated `send` returns: one boxed, non-generic call plus a generic decode.
//!
//! An `async fn send` per action would make the compiler build, lay out and optimise one
//! state machine per action, each embedding the whole call. Here the call is a single
//! non-generic future shared by every action; the per-action parts are the function that
//! reads the output straight from the body's bytes (called inside the attempt loop, through a
//! function pointer, so that `Success: false` and the output are read in one pass) and a
//! small `poll` that unboxes it.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::call::{CallOptions, Operation};
use crate::error::Error;
use crate::params::Params;
use crate::response::{read_output, shape_error, RawResponse};
use crate::rt::decode::Decode;
use crate::Client;

type Output = Box<dyn Any + Send>;
type Call = Pin<Box<dyn Future<Output = Result<Output, Error>> + Send>>;

/// A call in flight: resolves to the decoded response `T` or the action's error `E`.
///
/// Returned by the generated `send` methods; `.await` it. It is `Send`, so it can be spawned.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Pending<T, E> {
    call: Call,
    action: &'static str,
    marker: PhantomData<fn() -> (T, E)>,
}

impl<T: Decode + Send + 'static, E> Pending<T, E> {
    /// Starts sending `op` with `params` through `client` (nothing happens until it is
    /// polled).
    pub fn new(
        client: Client,
        op: &'static Operation,
        params: Params,
        options: CallOptions,
    ) -> Self {
        Pending {
            call: start(client, op, params, options, read_erased::<T>),
            action: op.action,
            marker: PhantomData,
        }
    }
}

fn start(
    client: Client,
    op: &'static Operation,
    params: Params,
    options: CallOptions,
    read: crate::client::ReadOutput,
) -> Call {
    Box::pin(client.invoke_erased(op, params, options, read))
}

/// The output `T` of a response, boxed.
fn read_erased<T: Decode + Send + 'static>(
    resp: RawResponse,
    action: &str,
    span: &tracing::Span,
) -> Result<Output, Error> {
    read_output::<T>(resp, action, span).map(|out| Box::new(out) as Output)
}

impl<T: 'static, E: From<Error>> Future for Pending<T, E> {
    type Output = Result<T, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let action = self.action;
        self.call.as_mut().poll(cx).map(|out| {
            out.and_then(|out| match out.downcast::<T>() {
                Ok(out) => Ok(*out),
                Err(_) => Err(shape_error(action, "was read as another type", None)),
            })
            .map_err(E::from)
        })
    }
}

impl<T, E> fmt::Debug for Pending<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("action", &self.action)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    use super::*;
    use crate::rt::Value;
    use crate::{Credentials, ErrorKind};

    #[derive(Debug)]
    struct Out {
        request_id: Option<String>,
    }

    impl Decode for Out {
        fn decode(value: &Value) -> Option<Self> {
            value.as_object()?;
            Some(Out {
                request_id: crate::rt::decode::field(value, "RequestId"),
            })
        }
    }

    static OP: Operation = Operation {
        action: "Describe",
        method: "POST",
        idempotent: true,
    };

    /// A server answering one request with `body` (HTTP 200), then closing.
    fn serve_once(body: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!("http://{}/", listener.local_addr().expect("an address"));
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("one connection");
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes());
        });
        url
    }

    fn client(url: &str) -> Client {
        Client::builder()
            .credentials(Credentials::new("id", "secret"))
            .endpoint_url(url)
            .max_attempts(1)
            .build()
            .expect("a client with static credentials builds")
    }

    fn pending(body: &'static str) -> Pending<Out, Error> {
        let url = serve_once(body);
        Pending::new(client(&url), &OP, Params::default(), CallOptions::new())
    }

    #[test]
    fn pending_calls_are_send() {
        fn assert_send<T: Send + 'static>() {}
        assert_send::<Pending<Out, Error>>();
    }

    #[tokio::test]
    async fn a_body_is_decoded_once_it_arrives() {
        let out = pending(r#"{"RequestId": "r-1", "Success": true}"#)
            .await
            .expect("the body decodes");
        assert_eq!(out.request_id.as_deref(), Some("r-1"));
    }

    #[tokio::test]
    async fn a_body_of_the_wrong_shape_is_a_decode_error_naming_the_action() {
        let e = pending("[1, 2]").await.expect_err("not an object");
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.to_string().contains("Describe"), "{e}");
    }
}
