//! The `mock` feature's typed helpers, as a dependent service would use them.

use httpmock::MockServer;
use serde_json::json;
use xone::mock::MockServerExt;
use xone::types::BookingList;

use crate::support::*;

#[tokio::test]
async fn typed_mocks_match_escaped_path_values_exactly() {
    let server = MockServer::start_async().await;
    token_mock(&server);
    let list: BookingList =
        serde_json::from_value(json!({"data": [fixture("booking.json")]})).unwrap();
    let awkward = server.list_bookings(|when, then| {
        when.partner_id(AWKWARD_PARTNER);
        then.ok(&list);
    });
    // `a.b` as a raw regex would also match `axb`.
    let dotted = server.list_bookings(|when, then| {
        when.partner_id("a.b");
        then.ok(&list);
    });

    let client = client(&server);
    let page = client
        .list_bookings()
        .partner_id(AWKWARD_PARTNER)
        .send()
        .await
        .unwrap();
    assert_eq!(page.data[0].id.as_deref(), Some("bk-1"));
    awkward.assert_calls(1);

    // No mock matches `axb`: httpmock answers 404, which the spec does not
    // document, so the call fails with that response and no other error.
    let err = client
        .list_bookings()
        .partner_id("axb")
        .send()
        .await
        .unwrap_err();
    // httpmock's 404 for an unmatched request.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    dotted.assert_calls(0);
    client
        .list_bookings()
        .partner_id("a.b")
        .send()
        .await
        .unwrap();
    dotted.assert_calls(1);
}
