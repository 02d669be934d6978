// `generate!` with no options, at the crate root: every action of the spec directory.

dts_macros::generate!("../../downstream/specs", relative_to = file);

fn main() {
    let runtime = dts_client::ClientBuilder::new(&SERVICE)
        .credentials(dts_client::Credentials::new("id", "secret"))
        .build()
        .expect("a client builds without sending anything");
    let client = Client::from(runtime);
    let request: operation::describe_dts_service_log::DescribeDtsServiceLogRequest = client
        .describe_dts_service_log("c1yr56py103****")
        .sub_job_type(types::DescribeDtsServiceLogSubJobType::DataLoad)
        .page_number(2);
    drop(request);
}
