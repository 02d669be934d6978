// `ConfigureDtsJob` has seven required parameters, so its method takes one struct with a named
// field per parameter: leaving one out cannot compile.

use dts_client::operation::configure_dts_job::ConfigureDtsJobRequired;

async fn configure(client: &dts_client::Client) {
    let _ = client
        .configure_dts_job(ConfigureDtsJobRequired {
            dts_job_name: "orders".into(),
            source_endpoint_instance_type: "RDS".into(),
            destination_endpoint_instance_type: "RDS".into(),
            structure_initialization: true,
            data_initialization: true,
            job_type: "SYNC".into(),
        })
        .send()
        .await;
}

fn main() {
    let _ = configure;
}
