// `generate!` with a subset of the bundled spec's actions, in a module: the wrapper client
// forwards to the runtime client, and a derived action shares it through `inner()`.

dts_macros::generate!(
    "../../../dts-spec/specs",
    relative_to = file,
    actions = ["StartSynchronizationJob"],
    module = dts_ops,
);

#[derive(dts_macros::Action)]
#[dts(action = "DescribeSynchronizationJobStatus", output = Status)]
struct DescribeStatus {
    synchronization_job_id: String,
}

#[derive(Debug, dts_macros::Decode)]
struct Status {
    status: Option<String>,
}

fn assert_send<T: Send>(_: &T) {}

async fn run(client: &dts_ops::Client) -> Result<(), Box<dyn std::error::Error>> {
    let started = client
        .start_synchronization_job("dtsf19100l2186****")
        .synchronization_direction(dts_ops::types::SynchronizationDirection::Forward)
        .send()
        .await?;
    println!("{:?}", started.request_id);
    let request = DescribeStatus {
        synchronization_job_id: "dtsf19100l2186****".into(),
    };
    let status = request.send(client.inner()).await?;
    println!("{:?}", status.status);
    Ok(())
}

fn main() {
    let runtime = dts_client::ClientBuilder::new(&dts_ops::SERVICE)
        .credentials(dts_client::Credentials::new("id", "secret"))
        .build()
        .expect("a client builds without sending anything");
    let client = dts_ops::Client::from(runtime);
    assert_send(&run(&client));
    assert_eq!(dts_ops::SERVICE.version, "2020-01-01");
}
