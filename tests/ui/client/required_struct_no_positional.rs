// With more than three required parameters nothing is positional: the three `bool`s of
// `ConfigureDtsJob` are named fields, so they cannot be passed in the wrong order.

async fn configure(client: &dts_client::Client) {
    let _ = client
        .configure_dts_job("orders", "RDS", "RDS", true, false, true, "SYNC")
        .send()
        .await;
}

fn main() {
    let _ = configure;
}
