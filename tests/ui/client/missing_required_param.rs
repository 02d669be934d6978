// `StartSynchronizationJob` requires `SynchronizationJobId`, so the generated method takes it
// as an argument: leaving it out cannot compile.

async fn start(client: &dts_client::Client) {
    let _ = client
        .start_synchronization_job()
        .synchronization_direction("Forward")
        .send()
        .await;
}

fn main() {
    let _ = start;
}
