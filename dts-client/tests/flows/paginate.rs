//! `into_paginator()`: pages and items, against the emulator and the scripted server.

use std::time::Duration;

use dts_client::operation::tag_resources::Tag;
use futures_core::Stream;

use crate::support::fixtures::builder;
use crate::support::{Reply, Server};
use crate::{client, create_instances, emulator};

#[tokio::test]
async fn twenty_six_jobs_come_back_in_pages_of_ten() {
    let emu = emulator(Duration::ZERO).await;
    let client = client(&emu);
    let created = create_instances(&client, 26).await;

    let mut pages = client
        .describe_dts_jobs()
        .region_id("cn-hangzhou")
        .page_size(10)
        .into_paginator()
        .send();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.expect("a page").dts_job_list.len());
    }
    assert_eq!(sizes, [10, 10, 6], "the short page is the last");
    assert!(
        pages.next().await.is_none(),
        "a finished listing stays finished"
    );

    let mut items = client
        .describe_dts_jobs()
        .region_id("cn-hangzhou")
        .page_size(10)
        .into_paginator()
        .items();
    let mut listed = Vec::new();
    while let Some(job) = items.next().await {
        listed.push(
            job.expect("an item")
                .dts_instance_id
                .expect("an instance id"),
        );
    }
    let (mut listed_sorted, mut created_sorted) = (listed.clone(), created.clone());
    listed_sorted.sort();
    created_sorted.sort();
    assert_eq!(listed_sorted, created_sorted, "every job once");
    emu.shutdown().await;
}

#[tokio::test]
async fn items_are_a_stream_too() {
    let emu = emulator(Duration::ZERO).await;
    let client = client(&emu);
    create_instances(&client, 5).await;
    let mut items = client
        .describe_dts_jobs()
        .page_size(2)
        .into_paginator()
        .max_items(3)
        .items();
    let mut n = 0;
    while let Some(item) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut items).poll_next(cx)).await
    {
        item.expect("an item");
        n += 1;
    }
    assert_eq!(n, 3, "the item cap holds");
    emu.shutdown().await;
}

#[tokio::test]
async fn tag_listing_follows_next_token_to_its_end() {
    let emu = emulator(Duration::ZERO).await;
    let client = client(&emu);
    let ids = create_instances(&client, 26).await;
    let tag = Tag {
        key: Some("team".into()),
        value: Some("data".into()),
    };
    client
        .tag_resources("cn-hangzhou", ids.clone(), [tag])
        .resource_type("ALIYUN::DTS::INSTANCE")
        .send()
        .await
        .expect("the instances are tagged");

    let mut pages = client
        .list_tag_resources("cn-hangzhou", "ALIYUN::DTS::INSTANCE")
        .into_paginator()
        .send();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        sizes.push(page.tag_resources.map_or(0, |t| t.tag_resource.len()));
    }
    assert_eq!(
        sizes,
        [20, 6],
        "20 a page, and the listing ends without a token"
    );
    emu.shutdown().await;
}

fn tags_page(token: &str) -> Reply {
    Reply::json(
        200,
        &format!(
            r#"{{"RequestId":"r","NextToken":"{token}","TagResources":{{"TagResource":[{{"ResourceId":"dtsa","TagKey":"k"}}]}}}}"#
        ),
    )
}

#[tokio::test]
async fn a_repeated_token_ends_the_listing() {
    let server = Server::start(vec![tags_page("t1"), tags_page("t1"), tags_page("t2")]).await;
    let client = builder(&server).max_attempts(1).build().unwrap();
    let mut items = client
        .list_tag_resources("cn-hangzhou", "ALIYUN::DTS::INSTANCE")
        .into_paginator()
        .items();
    let mut n = 0;
    while let Some(item) = items.next().await {
        assert_eq!(item.unwrap().resource_id.as_deref(), Some("dtsa"));
        n += 1;
    }
    assert_eq!(n, 2);
    let sent: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.param("NextToken").map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [None, Some("t1".to_owned())],
        "t1 is not asked for twice"
    );
}

#[tokio::test]
async fn an_empty_token_ends_the_listing_and_the_page_cap_holds() {
    let server = Server::start(vec![tags_page(""), tags_page("never")]).await;
    let client = builder(&server).max_attempts(1).build().unwrap();
    let mut pages = client
        .list_tag_resources("cn-hangzhou", "ALIYUN::DTS::INSTANCE")
        .into_paginator()
        .send();
    assert!(pages.next().await.is_some());
    assert!(pages.next().await.is_none());
    assert_eq!(server.requests().len(), 1);

    let endless: Vec<Reply> = (1..=10).map(|i| tags_page(&format!("t{i}"))).collect();
    let server = Server::start(endless).await;
    let client = builder(&server).max_attempts(1).build().unwrap();
    let mut pages = client
        .list_tag_resources("cn-hangzhou", "ALIYUN::DTS::INSTANCE")
        .into_paginator()
        .max_pages(3)
        .send();
    let mut n = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        n += 1;
    }
    assert_eq!(
        (n, server.requests().len()),
        (3, 3),
        "a service that never stops is cut off"
    );
}

fn jobs_page(ids: &[&str], total: u32) -> Reply {
    let jobs: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"DtsJobId":"{id}"}}"#))
        .collect();
    Reply::json(
        200,
        &format!(
            r#"{{"RequestId":"r","TotalRecordCount":{total},"DtsJobList":[{}]}}"#,
            jobs.join(",")
        ),
    )
}

#[tokio::test]
async fn page_numbers_count_up_until_the_reported_total() {
    let server = Server::start(vec![
        jobs_page(&["a", "b"], 3),
        jobs_page(&["c"], 3),
        jobs_page(&["x"], 3),
    ])
    .await;
    let client = builder(&server).max_attempts(1).build().unwrap();
    let mut items = client.describe_dts_jobs().into_paginator().items();
    let mut ids = Vec::new();
    while let Some(job) = items.next().await {
        ids.push(job.unwrap().dts_job_id.unwrap());
    }
    assert_eq!(ids, ["a", "b", "c"]);
    let numbers: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.param("PageNumber").map(str::to_owned))
        .collect();
    assert_eq!(numbers, [Some("1".to_owned()), Some("2".to_owned())]);
}

#[tokio::test]
async fn an_error_is_yielded_and_ends_the_listing() {
    let server = Server::start(vec![
        jobs_page(&["a", "b"], 9),
        Reply::error(400, "InvalidParameter", "r-2"),
        jobs_page(&["x"], 9),
    ])
    .await;
    let client = builder(&server).max_attempts(1).build().unwrap();
    let mut items = client
        .describe_dts_jobs()
        .page_number(4)
        .into_paginator()
        .items();
    assert!(items.next().await.unwrap().is_ok());
    assert!(items.next().await.unwrap().is_ok());
    let e = items
        .next()
        .await
        .unwrap()
        .expect_err("the second page fails");
    assert_eq!(dts_client::ActionError::code(&e), Some("InvalidParameter"));
    assert!(items.next().await.is_none());
    assert_eq!(
        server.requests().len(),
        2,
        "nothing is asked after the error"
    );
    assert_eq!(
        server.requests()[0].param("PageNumber"),
        Some("4"),
        "starts where asked"
    );
}
