//! The bundled client's paginator, used from a crate outside the workspace: 26 jobs created
//! through the API come back from `DescribeDtsJobs` in pages of 10.

use dts_client::{Client, Credentials};
use dts_emulator::Emulator;

#[tokio::test]
async fn a_paginator_lists_twenty_six_jobs_in_pages_of_ten() {
    let emulator = Emulator::builder()
        .credentials("outside-id", "outside-secret")
        .start()
        .await
        .expect("the emulator starts");
    let client = Client::builder()
        .endpoint_url(emulator.url())
        .credentials(Credentials::new("outside-id", "outside-secret"))
        .build()
        .expect("a client builds");
    for _ in 0..26 {
        client
            .create_dts_instance()
            .r#type("SYNC")
            .region_id("cn-hangzhou")
            .send()
            .await
            .expect("an instance is created");
    }
    let mut items = client
        .describe_dts_jobs()
        .region_id("cn-hangzhou")
        .page_size(10)
        .into_paginator()
        .items();
    let mut ids = Vec::new();
    while let Some(job) = items.next().await {
        ids.push(job.expect("a job").dts_job_id.expect("a job id"));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 26);
    emulator.shutdown().await;
}
