//! `Client::request`: an endpoint the pages lack, called through the same
//! token, retries, idempotency key and errors as the typed operations, and
//! only on the API's own base URL.

use serde_json::json;
use xone::{ErrorKind, Method, ResponseExt};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::*;

const CONFIRM: &str = "/api/partners/p-1/offers/OF-1/confirm";

#[tokio::test]
async fn a_raw_post_carries_the_token_a_key_and_its_body_and_is_retried_with_the_key() {
    let server = ScriptedServer::start(vec![
        Reply::status(503),
        Reply::json(200, r#"{"data":{"id":"OF-1","status":"CONFIRMED"}}"#),
    ])
    .await;
    let client = builder_for(&server.base_url).build().unwrap();
    let answer: serde_json::Value = client
        .request(Method::POST, CONFIRM)
        .json(&json!({"policies": ["pol-1"]}))
        .send::<serde_json::Value>()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer["data"]["status"], "CONFIRMED");
    let seen = server.api_requests();
    assert_eq!(seen.len(), 2, "the 503 was retried");
    for request in &seen {
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, CONFIRM);
        assert_eq!(request.headers["authorization"], bearer());
        assert_eq!(request.headers["content-type"], "application/json");
        assert_eq!(request.body, r#"{"policies":["pol-1"]}"#);
    }
    let key = &seen[0].headers["x-idempotency-key"];
    assert_eq!(key.len(), 36, "a UUID: {key}");
    assert_eq!(&seen[1].headers["x-idempotency-key"], key, "the same key");
}

#[tokio::test]
async fn a_raw_error_is_the_crates_error_and_a_callers_key_is_sent() {
    let server = ScriptedServer::start(vec![Reply::json(
        422,
        r#"{"message":"The given data was invalid.","errors":{"policies":["required"]}}"#,
    )])
    .await;
    let client = builder_for(&server.base_url).build().unwrap();
    let err = client
        .request(Method::POST, CONFIRM)
        .idempotency_key("confirm-OF-1")
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Status);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    assert_eq!(err.operation(), "request");
    assert_eq!(err.api_message(), Some("The given data was invalid."));
    assert_eq!(
        server.api_requests()[0].headers["x-idempotency-key"],
        "confirm-OF-1"
    );
}

#[tokio::test]
async fn a_raw_request_off_the_apis_base_url_is_refused_before_anything_is_sent() {
    let server = ScriptedServer::start(vec![]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    for path in [
        "https://evil.example/steal",
        "//evil.example/steal",
        "api/partners",
        "/api/partners/../../admin",
        "/api/partners/%2e%2e/x",
        "/api/partners\\..\\x",
        "/api/partners/p-1?x=1",
        "/api/partners/p\r\n1",
    ] {
        let err = client
            .request(Method::GET, path)
            .send_bytes()
            .await
            .unwrap_err();
        let message = refusal(&err);
        assert!(message.contains("nothing was sent"), "{path:?}: {message}");
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn a_raw_success_that_is_not_the_asked_type_keeps_its_body() {
    let server = ScriptedServer::start(vec![Reply::json(200, "<html>ok</html>")]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    let err = client
        .request(Method::GET, "/api/partners/p-1/offers")
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidBody);
    assert_eq!(err.body(), Some(&b"<html>ok</html>"[..]));
}

#[tokio::test]
async fn a_keyed_raw_write_whose_retry_is_answered_with_its_stored_success_gets_that_success() {
    let stored = r#"{"data":{"id":"OF-1","status":"CONFIRMED"}}"#;
    // The first answer is lost; the retry, under the same key, gets the
    // API's 409 replay of what the first did.
    for send_bytes in [false, true] {
        let server = ScriptedServer::start(vec![Reply::Drop, Reply::json(409, stored)]).await;
        let client = builder_for(&server.base_url).build().unwrap();
        let request = client
            .request(Method::POST, CONFIRM)
            .json(&json!({"policies": ["pol-1"]}));
        let (status, replay, body) = if send_bytes {
            let answer = request.send_bytes().await.unwrap();
            (
                answer.status(),
                answer.is_idempotent_replay(),
                answer.into_inner().to_vec(),
            )
        } else {
            let answer = request.send::<serde_json::Value>().await.unwrap();
            let replay = answer.is_idempotent_replay();
            (
                answer.status(),
                replay,
                serde_json::to_vec(&answer.into_inner()).unwrap(),
            )
        };
        assert_eq!(status.as_u16(), 200, "send_bytes: {send_bytes}");
        assert!(replay, "marked as a replay (send_bytes: {send_bytes})");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
            serde_json::from_str::<serde_json::Value>(stored).unwrap()
        );
        let keys = server.idempotency_keys();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0], keys[1], "the retry carried the first key");
    }
}

#[tokio::test]
async fn a_raw_409_that_is_not_a_stored_success_stays_a_conflict() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Confirmed {
        data: serde_json::Value,
    }
    for body in [
        r#"{"message":"Conflict: the offer was confirmed by another request."}"#,
        r#"{"errors":{"offer":["taken"]}}"#,
        r#"{"error":"Duplicate request"}"#,
        "",
        "<html>409</html>",
        // JSON, but not what this call expects.
        r#"{"other":1}"#,
    ] {
        let server = ScriptedServer::start(vec![Reply::json(409, body)]).await;
        let client = builder_for(&server.base_url).build().unwrap();
        let err = client
            .request(Method::POST, CONFIRM)
            .send::<Confirmed>()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Status, "{body}: {err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(409), "{body}");
    }
    // And a 409 to a GET (no key) is never a replay.
    let server = ScriptedServer::start(vec![Reply::json(409, r#"{"data":{}}"#)]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    let err = client
        .request(Method::GET, CONFIRM)
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
}

#[tokio::test]
async fn a_raw_segment_that_decodes_to_a_separator_is_refused_naming_it() {
    let server = ScriptedServer::start(vec![]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    for segment in [
        "..%2F..%2Fadmin",
        "%2e%2e%2f",
        "..%5C",
        "%2e%2e%5c",
        "%2F..",
        ".%2F",
        "a%2Fb",
        "%5c",
    ] {
        let path = format!("/api/partners/p-1/offers/{segment}");
        let err = client
            .request(Method::GET, &path)
            .send_bytes()
            .await
            .unwrap_err();
        let message = refusal(&err);
        assert!(
            message.contains(&format!("`{segment}`")),
            "{segment}: {message}"
        );
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_query_with_every_reserved_character_reaches_the_wire_encoded_and_reads_back_whole() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    // RFC 3986's reserved characters, `%`, `+`, a space and a non-ASCII
    // letter, in a name and in a value.
    let reserved = ":/?#[]@!$&'()*+,;=% é";
    let pairs = [
        (format!("k{reserved}"), format!("v{reserved}")),
        ("page".into(), "2".into()),
    ];
    client
        .request(Method::GET, "/api/partners/p-1/quotes")
        .query(&pairs[..1])
        .query(&[("page", 2)])
        .send_bytes()
        .await
        .unwrap();
    let sent = &server.api_requests()[0].path;
    let (path, query) = sent.split_once('?').expect("a query was sent");
    assert_eq!(path, "/api/partners/p-1/quotes");
    for raw in query.split('&') {
        assert!(
            raw.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._*%+=".contains(&b)),
            "only unreserved characters and escapes on the wire: {raw}"
        );
    }
    let read: Vec<(String, String)> = reqwest::Url::parse(&format!("http://h{sent}"))
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(read, pairs);
}

#[tokio::test]
async fn a_query_or_header_with_a_control_character_and_a_header_the_client_owns_are_refused() {
    let server = ScriptedServer::start(vec![]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    let refused = [
        client
            .request(Method::GET, "/api/partners/p-1/quotes")
            .query(&[("q", "a\r\nHost: evil")]),
        client
            .request(Method::GET, "/api/partners/p-1/quotes")
            .header("x-tenant", "acme\r\nX-Evil: 1"),
        client
            .request(Method::GET, "/api/partners/p-1/quotes")
            .header("Authorization", "Bearer mine"),
        client
            .request(Method::GET, "/api/partners/p-1/quotes")
            .header("host", "evil.example"),
        client
            .request(Method::POST, "/api/partners/p-1/quotes")
            .header("X-Idempotency-Key", "k-1"),
        client
            .request(Method::GET, "/api/partners/p-1/quotes")
            .success_status(xone::StatusCode::NOT_FOUND),
        client
            .request(Method::GET, "/api/partners/p-1/quotes")
            .operation("create quote for p-1"),
    ];
    for (n, request) in refused.into_iter().enumerate() {
        let err = request.send_bytes().await.unwrap_err();
        let message = refusal(&err);
        assert!(message.contains("nothing was sent"), "{n}: {message}");
        assert!(
            !message.contains("Evil") && !message.contains("mine"),
            "{n}: {message}"
        );
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_callers_headers_are_sent_beside_the_clients_own() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    client
        .request(
            Method::GET,
            xone::path!("/api/partners/{}/quotes/{}", "p-1", "Q 1"),
        )
        .header("x-tenant", "acme")
        .header(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        )
        .send_bytes()
        .await
        .unwrap();
    let seen = &server.api_requests()[0];
    assert_eq!(seen.path, "/api/partners/p-1/quotes/Q%201");
    assert_eq!(seen.headers["x-tenant"], "acme");
    assert!(seen.headers["traceparent"].starts_with("00-0af7"));
    assert_eq!(seen.headers["authorization"], bearer());
}

#[tokio::test]
async fn a_named_raw_call_is_named_in_its_error_its_span_and_its_drift_record() {
    let (captured, _guard) = capture_tracing();
    let server = ScriptedServer::start(vec![
        Reply::json(201, r#"{"id":"Q-1"}"#),
        Reply::json(422, r#"{"message":"The given data was invalid."}"#),
    ])
    .await;
    let drift = xone::DriftLog::new();
    let client = builder_for(&server.base_url)
        .drift(drift.clone())
        .build()
        .unwrap();
    let quote = || {
        client
            .request(
                Method::POST,
                xone::path!("/api/partners/{}/quotes", "p-secret-1"),
            )
            .operation("create_quote")
            .json(&json!({}))
    };
    quote().send_bytes().await.unwrap();
    let err = quote().send_bytes().await.unwrap_err();
    assert_eq!(err.operation(), "create_quote");
    assert!(err.to_string().contains("create_quote"), "{err}");
    let fields = captured.fields();
    assert!(
        fields.iter().any(|f| f == "operation=\"create_quote\""),
        "{fields:?}"
    );
    let records = drift.records();
    let lacking: Vec<_> = records
        .iter()
        .filter(|r| r.kind == xone::DriftKind::UndocumentedEndpoint)
        .map(|r| {
            (
                r.operation.as_str(),
                r.status,
                r.expected.as_str(),
                r.seen_type.as_str(),
                r.count,
            )
        })
        .collect();
    assert_eq!(
        lacking,
        [
            (
                "create_quote",
                201,
                "an operation for POST /api/partners/{}/quotes",
                "object",
                1
            ),
            (
                "create_quote",
                422,
                "an operation for POST /api/partners/{}/quotes",
                "object",
                1
            ),
        ]
    );
    let text = format!("{records:?}");
    assert!(
        !text.contains("p-secret-1"),
        "the template, not the ids: {text}"
    );
}

#[tokio::test]
async fn a_raw_call_on_an_operation_of_the_spec_is_checked_against_it() {
    let server = ScriptedServer::start(vec![Reply::json(200, r#"{"data":[],"surprise":1}"#)]).await;
    let drift = xone::DriftLog::new();
    let client = builder_for(&server.base_url)
        .drift(drift.clone())
        .build()
        .unwrap();
    client
        .request(Method::GET, "/api/partners/p-1/bookings")
        .operation("bookings_by_hand")
        .send_bytes()
        .await
        .unwrap();
    let records = drift.records();
    assert!(
        records.iter().any(|r| r.operation == "list_bookings"
            && r.kind == xone::DriftKind::UnknownField
            && r.pointer == "/surprise"),
        "{records:?}"
    );
    assert!(
        records.iter().all(|r| r.operation == "list_bookings"),
        "{records:?}"
    );
}

#[tokio::test]
async fn an_operation_id_of_the_spec_names_only_that_operation() {
    let server = ScriptedServer::start(vec![Reply::json(200, r#"{"data":[]}"#)]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    let err = client
        .request(Method::GET, "/api/partners/p-1/quotes")
        .operation("list_bookings")
        .send_bytes()
        .await
        .unwrap_err();
    assert!(refusal(&err).contains("name of its own"), "{err}");
    assert!(server.api_requests().is_empty());
    // Its own endpoint may carry it.
    client
        .request(Method::GET, "/api/partners/p-1/bookings")
        .operation("list_bookings")
        .send_bytes()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_success_status_and_the_replay_rule_are_each_calls_own() {
    let created = r#"{"id":"Q-1"}"#;
    // Declared 201: a 200 is not this endpoint's success, and its body
    // reaches the error with the client's secret redacted.
    let server =
        ScriptedServer::start(vec![Reply::json(200, &format!(r#"{{"echo":"{TOKEN}"}}"#))]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    let err = client
        .request(Method::POST, "/api/partners/p-1/quotes")
        .success_status(xone::StatusCode::CREATED)
        .send_bytes()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Status);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    let body = String::from_utf8_lossy(err.body().unwrap()).into_owned();
    assert!(!body.contains(TOKEN), "{body}");
    // A replay reads as the declared success.
    let server = ScriptedServer::start(vec![Reply::Drop, Reply::json(409, created)]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    let answer = client
        .request(Method::POST, "/api/partners/p-1/quotes")
        .success_status(xone::StatusCode::CREATED)
        .send::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 201);
    assert!(answer.is_idempotent_replay());
    // An endpoint whose 409 means a conflict says so.
    let server = ScriptedServer::start(vec![Reply::json(409, created)]).await;
    let client = builder_for(&server.base_url).build().unwrap();
    let err = client
        .request(Method::POST, "/api/partners/p-1/quotes")
        .replay_on_conflict(false)
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
}
