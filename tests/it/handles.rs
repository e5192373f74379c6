//! Per-call control: a handle with its own timeout or retry policy shares
//! the client's token cache and connection pool, and the partner id from
//! the environment travels with the client.

use std::time::Duration;

use xone::{ErrorKind, RetryPolicy};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

#[tokio::test]
async fn a_handle_with_a_shorter_timeout_shares_the_token_and_leaves_the_client_alone() {
    // Each answer comes after 300 ms.
    let slow =
        |body: &str| Reply::Delayed(Duration::from_millis(300), Box::new(Reply::json(200, body)));
    let server = ScriptedServer::start(vec![slow(EMPTY_PAGE), slow(EMPTY_PAGE)]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    client.authenticate().await.unwrap();

    let hurried = client
        .with_timeout(Duration::from_millis(100))
        .with_retry(RetryPolicy::disabled());
    let err = list(&hurried).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // The client itself keeps its own settings.
    list(&client).await.unwrap();
    assert_eq!(client.retry_policy(), &fast_retries());
    assert_eq!(hurried.retry_policy(), &RetryPolicy::disabled());
    // One token for both: the handle asked for none of its own.
    assert_eq!(server.token_requests().len(), 1);
    assert_eq!(server.api_requests().len(), 2);
}

#[tokio::test]
async fn a_handle_with_a_deadline_ends_its_call_by_it() {
    // More answers than the handle can ask for in its deadline.
    let server = ScriptedServer::start(vec![Reply::status(503); 1000]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    let policy = client
        .retry_policy()
        .clone()
        .with_deadline(Duration::from_millis(200))
        .with_backoff(Duration::from_millis(20), Duration::from_millis(20))
        .with_max_attempts(u32::MAX);
    let started = std::time::Instant::now();
    let err = list(&client.with_retry(policy)).await.unwrap_err();
    // It ends with the server's last 503, or, when its last attempt began
    // with little of the deadline left (a loaded machine), with that
    // attempt cut short by the deadline: both end the call by it.
    assert!(
        err.status().map(|s| s.as_u16()) == Some(503) || err.kind() == ErrorKind::Timeout,
        "{err:?}"
    );
    // Bounded by the handle's deadline, not the client's minute (a bound on
    // behaviour, with room for a slow machine; not a timing claim).
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(server.api_requests().len() >= 2);
}

#[test]
fn the_partner_id_is_the_clients_own() {
    let client = builder_for("http://127.0.0.1:9")
        .partner_id("p-42")
        .build()
        .unwrap();
    assert_eq!(client.partner_id(), Some("p-42"));
    assert_eq!(
        client.with_timeout(Duration::from_secs(1)).partner_id(),
        Some("p-42")
    );
    assert_eq!(
        builder_for("http://127.0.0.1:9")
            .build()
            .unwrap()
            .partner_id(),
        None
    );
}
