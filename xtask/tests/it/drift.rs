//! `cargo xtask drift` end to end: answers that differ from the committed
//! spec are recorded by the client's own checker, the command proposes
//! overlay actions, and with them appended to spec/overlay.yaml the merged
//! spec accepts the same answers: no finding is left.

use std::path::Path;

use drift_tools::{Kind, check_against_spec};
use serde_json::{Value, json};
use xone::DriftLog;
use xone::mock::httpmock::{Method, MockServer};
use xone::mock::{TOKEN_PATH, TokenAnswer, TokenMockExt};

use crate::xtask_in;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap()
}

/// Answers as the real API might give them, each differing from the
/// committed spec in a way an overlay action can settle.
fn answers() -> Vec<(&'static str, u16, Value)> {
    vec![
        (
            "list_bookings",
            200,
            json!({
                "data": [{
                    "id": "bk-1",
                    "loyalty_tier": "gold",
                    "is_instant_booking": "yes",
                    "currency": null,
                    "account_url": "not a uri",
                    "policies": [{"id": "pol-1", "tax": "1.15"}]
                }],
                "meta": {"current_page": 1.5, "total": 1}
            }),
        ),
        (
            "modify_booking",
            409,
            json!({"message": "The booking is being changed by another request."}),
        ),
    ]
}

/// Records each answer into `log` as a service's client would: a client
/// with drift watch on (and no retries, so each answer is read once) calls
/// the operation against a mock server that gives that answer, with its
/// `content-type`. The drift records are the client's; the call's result
/// (a decoding error, an error status) is not what this test is about.
fn record_through_client(log: &DriftLog, answers: &[(&str, u16, &str, String)]) {
    let server = MockServer::start();
    server.token_endpoint(TokenAnswer::token("drift-test-token"));
    let client = xone::Client::builder(xone::Credentials::new("drift-test", "secret"))
        .base_url(server.base_url())
        .token_url(format!("{}{TOKEN_PATH}", server.base_url()))
        .retry(xone::RetryPolicy::disabled())
        .drift(log.clone())
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for (operation, status, content_type, body) in answers {
        let (method, path) = match *operation {
            "list_bookings" => (Method::GET, "/api/partners/p1/bookings"),
            "modify_booking" => (Method::PATCH, "/api/partners/p1/bookings/bk-1"),
            other => panic!("no call written for {other}"),
        };
        let mut answer = server.mock(|when, then| {
            when.method(method).path(path);
            then.status(*status)
                .header("content-type", *content_type)
                .body(body);
        });
        runtime.block_on(async {
            let _ = match *operation {
                "list_bookings" => client
                    .list_bookings()
                    .partner_id("p1")
                    .send()
                    .await
                    .map(drop),
                _ => client
                    .modify_booking()
                    .partner_id("p1")
                    .booking_id("bk-1")
                    .idempotency_key("drift-test")
                    .body(
                        serde_json::from_value::<xone::types::ModifyBookingRequest>(json!({
                            "policies": [{"id": "pol-1", "update_fields": {}}]
                        }))
                        .unwrap(),
                    )
                    .send()
                    .await
                    .map(drop),
            };
        });
        answer.assert_calls(1);
        answer.delete();
    }
}

/// What the client would record for `answers` against `spec`, apart from
/// the counters and the optional fields an answer left out.
fn findings_against(spec: &Value) -> Vec<(String, Kind)> {
    let mut found = Vec::new();
    for (operation, status, body) in answers() {
        for (pointer, kind, ..) in
            check_against_spec(spec, operation, status, body.to_string().as_bytes())
        {
            if kind != Kind::Observed && kind != Kind::Absent {
                found.push((format!("{operation} {status} {pointer}"), kind));
            }
        }
    }
    found
}

#[test]
fn applying_the_proposal_leaves_the_same_answers_with_no_finding() {
    let committed: Value = serde_norway::from_str(&read("spec/openapi.yaml")).unwrap();
    assert_eq!(
        findings_against(&committed).len(),
        7,
        "{:?}",
        findings_against(&committed)
    );

    // The records a service would flush.
    let log = DriftLog::new();
    let through: Vec<_> = answers()
        .into_iter()
        .map(|(operation, status, body)| (operation, status, "application/json", body.to_string()))
        .collect();
    record_through_client(&log, &through);
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("service-a.jsonl");
    log.flush_jsonl(std::fs::File::create(&records).unwrap())
        .unwrap();

    // The proposal, and the report in both formats.
    let proposal = dir.path().join("proposal.yaml");
    let spec = repo().join("spec/openapi.yaml");
    let out = xtask_in(
        dir.path(),
        "drift",
        &[
            records.to_str().unwrap(),
            "--spec",
            spec.to_str().unwrap(),
            "--overlay",
            proposal.to_str().unwrap(),
            "--format",
            "markdown",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("| `list_bookings` | 200 | `/data/*/loyalty_tier` | unknown-field |"),
        "{stdout}"
    );
    let text = xtask_in(
        dir.path(),
        "drift",
        &[records.to_str().unwrap(), "--spec", spec.to_str().unwrap()],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    // With one answer each, every field it left out counts as never seen:
    // reported, for a person to judge, with no action proposed.
    assert!(text.contains(" findings from 1 record file\n"), "{text}");
    assert!(
        text.contains("list_bookings 200 /data/*/loyalty_tier: unknown-field\n  spec: no such property (components.schemas.Booking.loyalty_tier)"),
        "{text}"
    );
    assert!(
        text.contains("list_bookings 200 /data/*/coi: absent\n  spec: object (components.schemas.Booking.coi)\n  seen: absent seen 1 time in 1 responses"),
        "{text}"
    );

    // Appended to the committed overlay, as a maintainer would.
    let proposal = std::fs::read_to_string(&proposal).unwrap();
    let actions = &proposal[proposal.find("actions:\n").unwrap() + "actions:\n".len()..];
    let overlay_text = format!("{}\n{actions}", read("spec/overlay.yaml"));
    let overlay = xtask::merge::overlay::Overlay::parse("overlay.yaml", &overlay_text).unwrap();
    let types = xtask::merge::types::Types::parse("types.yaml", &read("spec/types.yaml")).unwrap();
    let pages = xtask::merge::read_pages(&repo().join("spec/pages")).unwrap();
    let config = xtask::merge::Config {
        types: Some(&types),
        overlay: Some(&overlay),
        samples: true,
    };
    let (merged, report) = xtask::merge::merge(pages, &config).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    assert_eq!(findings_against(&merged), vec![]);
}

#[test]
fn no_value_of_a_drifting_answer_reaches_the_records_or_the_reports() {
    // Distinctive values in places that drift: unknown fields, wrong types,
    // a number where a string is documented and the other way round.
    let name = "Zebulon Quixote-Marchetti";
    let email = "zq.marchetti@drift-probe.example";
    let amount = "98765.4321";
    let id = "BK-DISTINCT-424242";
    let token = "eyJhbGciOiJIUzI1NiJ9.drift-probe-token";
    let body = json!({
        "data": [{
            "id": 424242,
            "reference": id,
            "policyholder": {"first_name": name, "email": [email], "phone": 98765.4321},
            "access_token": token,
            "status": {"nested": email},
            "policies": [{"id": id, "price": amount, "tax": {"v": amount}}]
        }],
        "meta": {"current_page": name}
    });
    let log = DriftLog::new();
    record_through_client(
        &log,
        &[
            ("list_bookings", 200, "application/json", body.to_string()),
            (
                "list_bookings",
                500,
                "text/html",
                format!("<p>{name} {token}</p>"),
            ),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("service.jsonl");
    log.flush_jsonl(std::fs::File::create(&records).unwrap())
        .unwrap();
    let jsonl = std::fs::read_to_string(&records).unwrap();
    assert!(jsonl.lines().count() > 5, "{jsonl}");

    let spec = repo().join("spec/openapi.yaml");
    let proposal = dir.path().join("proposal.yaml");
    let mut shown = vec![
        ("records".to_string(), jsonl),
        ("log".into(), format!("{log:?}")),
    ];
    for format in ["text", "markdown"] {
        let out = xtask_in(
            dir.path(),
            "drift",
            &[
                records.to_str().unwrap(),
                "--spec",
                spec.to_str().unwrap(),
                "--overlay",
                proposal.to_str().unwrap(),
                "--format",
                format,
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        shown.push((
            format.into(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ));
        shown.push((
            "overlay".into(),
            std::fs::read_to_string(&proposal).unwrap(),
        ));
    }
    assert!(
        shown[2].1.contains("/data/*/policyholder/phone"),
        "{}",
        shown[2].1
    );
    for (what, text) in &shown {
        for value in [
            name,
            "Zebulon",
            email,
            "drift-probe",
            amount,
            "98765",
            id,
            "424242",
            token,
        ] {
            assert!(!text.contains(value), "{value} reached the {what}: {text}");
        }
    }
}
