//! The token page check (`xtask::merge::token_page::contract`) states what the
//! client's auth layer (`src/auth.rs`) sends and reads; here the real client
//! runs against a loopback token endpoint, so that a change to either side
//! alone fails.

use httpmock::prelude::*;
use serde_json::{Map, Value, json};
use xtask::merge::token_page::contract;

const ID: &str = "contract-client";
const SECRET: &str = "contract-secret";

fn client(server: &MockServer) -> xone::Client {
    xone::Client::builder(xone::Credentials::new(ID, SECRET))
        .base_url(server.base_url())
        .token_url(server.url("/api/oauth/token"))
        .retry(xone::RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// The value the client sends for each field the contract names.
fn sent_value(field: &str) -> Value {
    match field {
        "grant_type" => json!("client_credentials"),
        "client_id" => json!(ID),
        "client_secret" => json!(SECRET),
        other => {
            panic!("the contract names `{other}`, which this test does not know the client to send")
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_client_sends_exactly_the_contracts_fields_as_json() {
    let server = MockServer::start_async().await;
    let body: Map<String, Value> = contract::SENDS
        .iter()
        .map(|f| (f.to_string(), sent_value(f)))
        .collect();
    let token = server.mock(|when, then| {
        when.method(POST)
            .path("/api/oauth/token")
            .header("content-type", contract::REQUEST_MEDIA_TYPE)
            .json_body(Value::Object(body));
        then.status(200)
            .json_body(json!({"token_type": "Bearer", "expires_in": 60, "access_token": "t"}));
    });
    client(&server).authenticate().await.unwrap();
    token.assert();
}

#[tokio::test(flavor = "current_thread")]
async fn the_client_needs_exactly_the_contracts_answer_fields() {
    let full: Map<String, Value> = contract::READS
        .iter()
        .map(|f| {
            let value = match *f {
                "expires_in" => json!(60),
                "token_type" => json!("Bearer"),
                _ => json!("a-token"),
            };
            (f.to_string(), value)
        })
        .collect();
    for (left_out, needed) in contract::READS
        .iter()
        .map(|f| (Some(*f), contract::NEEDS.contains(f)))
        .chain([(None, true)])
    {
        let mut answer = full.clone();
        if let Some(field) = left_out {
            answer.remove(field);
        }
        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.method(POST).path("/api/oauth/token");
            then.status(200).json_body(Value::Object(answer));
        });
        let result = client(&server).authenticate().await;
        match left_out {
            None => assert!(result.is_ok(), "the whole answer: {result:?}"),
            Some(field) => assert_eq!(
                result.is_err(),
                needed,
                "without `{field}`: {result:?} (the contract says needed: {needed})"
            ),
        }
    }
}
