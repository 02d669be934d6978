//! Paginators and waiters: against the emulator (its job clock stepped by the waiters' clock
//! hook, never by sleeping) and against the scripted server for what a correct service never
//! does (repeated tokens, endless listings).

#[path = "../support/mod.rs"]
mod support;

mod paginate;
mod waiter;

use dts_client::{Client, Credentials};
use dts_emulator::{Emulator, RunningEmulator, Timing};

pub const ID: &str = "flows-id";
pub const SECRET: &str = "flows-secret";

/// An emulator whose job phases last `phase` each.
pub async fn emulator(phase: std::time::Duration) -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .timing(Timing { phase })
        .start()
        .await
        .expect("the emulator starts")
}

/// A client of `emu` that sends each call once.
pub fn client(emu: &RunningEmulator) -> Client {
    Client::builder()
        .endpoint_url(emu.url())
        .region("cn-hangzhou")
        .credentials(Credentials::new(ID, SECRET))
        .max_attempts(1)
        .build()
        .expect("a client with static credentials builds")
}

/// Creates `n` synchronization instances in cn-hangzhou; their instance ids.
pub async fn create_instances(client: &Client, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for _ in 0..n {
        let out = client
            .create_dts_instance()
            .r#type("SYNC")
            .region_id("cn-hangzhou")
            .pay_type("PostPaid")
            .send()
            .await
            .expect("the instance is created");
        ids.push(out.instance_id.expect("an instance id"));
    }
    ids
}
