//! Hostile clients over raw sockets: oversized bodies and heads, slow heads and bodies, idle
//! connections, more connections than the cap. The server answers or cuts them off and keeps
//! serving everyone else.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::{raw_request, read_response, send_raw, signed, RawResponse, ID, SECRET};
use dts_emulator::{Emulator, Limits, RunningEmulator};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// A bound on how long any one step may take, so a broken server fails the test instead of
/// hanging it; never what a test asserts.
const PATIENCE: Duration = Duration::from_secs(20);

async fn start(limits: Limits) -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(common::SEED)
        .limits(limits)
        .start()
        .await
        .unwrap()
}

/// A V1-signed call in the query string with `body_size` bytes of a non-form body (read,
/// and bounded, but not parsed).
fn call_with_body(addr: SocketAddr, body_size: usize) -> Vec<u8> {
    let query = common::encode(&signed(
        "POST",
        "StartSynchronizationJob",
        &[("SynchronizationJobId", "dtsl3m1213ye7l1234")],
    ));
    let headers = [
        ("host".to_owned(), addr.to_string()),
        ("content-type".to_owned(), "text/plain".to_owned()),
        ("content-length".to_owned(), body_size.to_string()),
    ];
    raw_request(
        "POST",
        &format!("/?{query}"),
        &headers,
        &vec![b'p'; body_size],
    )
}

/// A signed call with no body.
fn form_call(addr: SocketAddr) -> Vec<u8> {
    call_with_body(addr, 0)
}

fn assert_served(answer: &RawResponse) {
    let body = answer.json();
    assert_eq!(answer.status, 200, "{body}");
    assert!(
        body["ErrCode"].is_string() || body["Success"] == "true",
        "{body}"
    );
}

/// Reads until the server closes the connection; what it sent before closing.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(PATIENCE, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return seen,
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the server kept the connection open"),
        }
    }
}

fn small_body_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_body_bytes = 4096;
    limits
}

#[tokio::test]
async fn a_body_at_the_limit_is_served_and_one_byte_more_is_413() {
    let emu = start(small_body_limits()).await;
    let addr = emu.addr();
    assert_served(&send_raw(addr, &call_with_body(addr, 4096)).await.unwrap());

    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(&call_with_body(addr, 4097)).await.unwrap();
    let answer = read_response(&mut stream).await.unwrap();
    assert_eq!(answer.status, 413);
    let body = answer.json();
    assert_eq!(body["Code"], "RequestEntityTooLarge");
    assert_eq!(
        body["Message"],
        "The request body is larger than 4096 bytes."
    );
    assert!(body["RequestId"].is_string() && body["HostId"].is_string());
    assert_eq!(answer.header("connection"), Some("close"));
    assert!(until_closed(&mut stream).await.is_empty());
    assert_eq!(emu.stats().applied, 1);
}

/// A body announced small but declared by chunks, or announced huge and never sent: both are
/// refused without reading more than the limit.
#[tokio::test]
async fn an_oversized_chunked_or_announced_body_is_413() {
    let emu = start(small_body_limits()).await;
    let addr = emu.addr();
    let mut chunked = format!(
        "POST / HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         transfer-encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..5 {
        chunked.extend_from_slice(b"400\r\n");
        chunked.extend_from_slice(&[b'a'; 0x400]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = send_raw(addr, &chunked).await.unwrap();
    assert_eq!(
        (answer.status, answer.json()["Code"].clone()),
        (413, "RequestEntityTooLarge".into())
    );

    let announced =
        format!("POST / HTTP/1.1\r\nhost: {addr}\r\ncontent-length: 10000000000\r\n\r\nAction=x");
    let answer = send_raw(addr, announced.as_bytes()).await.unwrap();
    assert_eq!(
        (answer.status, answer.json()["Code"].clone()),
        (413, "RequestEntityTooLarge".into())
    );
    assert_eq!(emu.stats().rejected, 2);
}

#[tokio::test]
async fn an_oversized_head_or_too_many_headers_is_431_and_closed() {
    let mut limits = Limits::default();
    limits.max_header_bytes = 2048;
    limits.max_headers = 8;
    let emu = start(limits).await;
    let addr = emu.addr();
    let long = format!(
        "GET / HTTP/1.1\r\nhost: {addr}\r\nx-filler: {}\r\n\r\n",
        "f".repeat(4096)
    );
    let many: String = (0..20).map(|i| format!("x-h{i}: v\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\nhost: {addr}\r\n{many}\r\n");
    for request in [long, many] {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let answer = read_response(&mut stream).await.unwrap();
        assert_eq!(answer.status, 431);
        assert!(until_closed(&mut stream).await.is_empty());
    }
    // A head just under the limit is served.
    assert_served(&send_raw(addr, &form_call(addr)).await.unwrap());
}

/// Slowloris: a client dribbling its head a byte at a time, and one that sends nothing, are
/// cut off once the header timeout runs out, while other clients are served meanwhile.
#[tokio::test]
async fn slow_and_idle_clients_are_cut_off_and_others_are_served() {
    let mut limits = Limits::default();
    limits.header_read_timeout = Duration::from_millis(300);
    let emu = start(limits).await;
    let addr = emu.addr();

    let idle = TcpStream::connect(addr).await.unwrap();
    let mut slow = TcpStream::connect(addr).await.unwrap();
    let dribble = tokio::spawn(async move {
        let head = format!(
            "POST / HTTP/1.1\r\nhost: {addr}\r\nx-slow: {}",
            "s".repeat(1000)
        );
        for byte in head.bytes() {
            if slow.write_all(&[byte]).await.is_err() {
                return (true, slow);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        (false, slow)
    });
    // Meanwhile, others are served.
    for _ in 0..3 {
        assert_served(&send_raw(addr, &form_call(addr)).await.unwrap());
    }
    let mut idle = idle;
    assert!(
        until_closed(&mut idle).await.is_empty(),
        "no answer to the idle client"
    );
    let (cut_off, mut slow) = tokio::time::timeout(PATIENCE * 2, dribble)
        .await
        .unwrap()
        .unwrap();
    assert!(cut_off, "the slow head was read to its end");
    assert!(
        until_closed(&mut slow).await.is_empty(),
        "no answer to the slow client"
    );
    assert_served(&send_raw(addr, &form_call(addr)).await.unwrap());
}

#[tokio::test]
async fn a_slow_body_is_408_and_closed() {
    let mut limits = Limits::default();
    limits.body_read_timeout = Duration::from_millis(200);
    let emu = start(limits).await;
    let addr = emu.addr();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: 100\r\n\r\nAction=Start"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = tokio::time::timeout(PATIENCE, read_response(&mut stream))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answer.status, 408);
    assert_eq!(answer.json()["Code"], "RequestTimeout");
    assert!(until_closed(&mut stream).await.is_empty());
}

/// With room for one connection, a second one waits (connected, unanswered) until the first
/// closes, and is then served.
#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let mut limits = Limits::default();
    limits.max_connections = 1;
    let emu = start(limits).await;
    let addr = emu.addr();

    let mut holder = TcpStream::connect(addr).await.unwrap();
    holder.write_all(&form_call(addr)).await.unwrap();
    assert_served(&read_response(&mut holder).await.unwrap());
    // The holder is now an idle keep-alive connection occupying the only slot.
    let mut waiter = TcpStream::connect(addr).await.unwrap();
    waiter.write_all(&form_call(addr)).await.unwrap();
    let early = tokio::time::timeout(Duration::from_millis(300), read_response(&mut waiter)).await;
    assert!(early.is_err(), "served while the only slot was taken");
    drop(holder);
    let answer = tokio::time::timeout(PATIENCE, read_response(&mut waiter))
        .await
        .unwrap()
        .unwrap();
    assert_served(&answer);
}
