//! The fake's API: what each operation does to one partner's bookings and
//! offers, as plain functions over the state, without HTTP. Tokens and
//! idempotency are the server's (`server.rs`); this is what happens once a
//! request is let in.
//!
//! The pages describe the operations, not their states; the statuses here
//! are the fake's own: a booking is `CONFIRMED`; cancelling policies makes
//! a cancellation to confirm and the booking `PENDING_CANCELLATION`;
//! confirming it cancels those policies (`CANCELLED`, with `cancelled_at`),
//! and the booking is `CANCELLED` once no policy is left active, else
//! `CONFIRMED` again. A modification changes a policy's start date (the
//! spec's `Policy` has no field for the insured, so a change to them is
//! accepted and not shown); its preview answers the same without keeping it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

/// One partner's data.
#[derive(Default)]
pub(crate) struct Partner {
    /// Booking id to the booking, as the API answers it.
    pub(crate) bookings: BTreeMap<String, Value>,
    /// Offers opted out of.
    pub(crate) opted_out: BTreeSet<String>,
    /// What taught routes keep (`taught.rs`): kind to id to record.
    pub(crate) records: BTreeMap<String, BTreeMap<String, Value>>,
    /// For cancellation ids.
    next_cancellation: u64,
}

/// An operation's answer: a status and a JSON body (empty for none).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn json(status: u16, body: &Value) -> Self {
        Answer {
            status,
            body: serde_json::to_vec(body).expect("a JSON value serializes"),
        }
    }

    /// An error answer in the spec's `ApiError` shape.
    pub(crate) fn error(status: u16, message: &str) -> Self {
        Answer::json(status, &json!(crate::fixtures::api_error(message)))
    }

    /// A 422 naming the field at fault, as the API's validation errors do.
    pub(crate) fn invalid(field: &str, problem: &str) -> Self {
        Answer::json(
            422,
            &json!(crate::fixtures::validation_error(field, problem)),
        )
    }

    fn booking(booking: &Value) -> Self {
        Answer::json(200, &json!({ "data": booking }))
    }
}

/// Adds `booking`, or replaces the one with its id.
pub(crate) fn insert(partner: &mut Partner, booking: &crate::types::Booking) {
    let value = serde_json::to_value(booking).expect("a booking serializes");
    let id = booking.id.clone().unwrap_or_default();
    partner.bookings.insert(id, value);
}

/// Bookings per page of `list_bookings`.
pub(crate) const PER_PAGE: usize = 10;

/// `list_bookings`: page `page` (from 1) of the partner's bookings, with
/// links from `list_url` (the list's absolute URL, without a query).
pub(crate) fn list(partner: &Partner, page: usize, list_url: &str) -> Answer {
    let total = partner.bookings.len();
    let last_page = total.div_ceil(PER_PAGE).max(1);
    let data: Vec<&Value> = partner
        .bookings
        .values()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let link = |n: usize| Value::String(format!("{list_url}?page={n}"));
    let mut meta = json!({
        "current_page": page,
        "last_page": last_page,
        "links": [],
        "path": list_url,
        "per_page": PER_PAGE,
        "total": total,
    });
    // Laravel writes `null` for an empty page's range; the spec types both
    // integers, so an empty page leaves them out.
    if !data.is_empty() {
        let from = (page - 1) * PER_PAGE + 1;
        meta["from"] = json!(from);
        meta["to"] = json!(from + data.len() - 1);
    }
    Answer::json(
        200,
        &json!({
            "data": data,
            "links": {
                "first": link(1),
                "last": link(last_page),
                "prev": if page > 1 { link(page - 1) } else { Value::Null },
                "next": if page < last_page { link(page + 1) } else { Value::Null },
            },
            "meta": meta,
        }),
    )
}

/// `modify_booking` (`keep`) and `modify_booking_preview` (not `keep`).
pub(crate) fn modify(
    partner: &mut Partner,
    booking_id: &str,
    request: &Value,
    now: &str,
    keep: bool,
) -> Answer {
    let Some(stored) = partner.bookings.get(booking_id) else {
        return not_found();
    };
    let mut booking = stored.clone();
    for (i, change) in request["policies"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let id = change["id"].as_str().unwrap_or_default();
        let Some(policy) = policy_mut(&mut booking, id) else {
            return Answer::invalid(
                &format!("policies.{i}.id"),
                "The selected policy is invalid.",
            );
        };
        if policy["status"] == "CANCELLED" {
            return Answer::invalid(
                &format!("policies.{i}.id"),
                "A cancelled policy cannot be modified.",
            );
        }
        if let Some(start) = change.get("policy_start_date") {
            policy["policy_start_date"] = start.clone();
        }
        policy["updated_at"] = json!(now);
    }
    booking["updated_at"] = json!(now);
    if keep {
        partner
            .bookings
            .insert(booking_id.to_string(), booking.clone());
    }
    Answer::booking(&booking)
}

/// `cancel_booking_policies`: a cancellation of the policies the request
/// names (every active one if it names none), to be confirmed.
pub(crate) fn cancel(
    partner: &mut Partner,
    booking_id: &str,
    request: &Value,
    now: &str,
) -> Answer {
    partner.next_cancellation += 1;
    let cancellation_id = format!("CAN-{}", partner.next_cancellation);
    let Some(booking) = partner.bookings.get_mut(booking_id) else {
        return not_found();
    };
    let pending: BTreeSet<String> = booking["cancellations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c.get("confirmed_at").is_none())
        .flat_map(|c| c["policies"].as_array().into_iter().flatten())
        .filter_map(|p| p["id"].as_str().map(String::from))
        .collect();
    let named: Vec<String> = match request["policies"].as_array() {
        Some(named) if !named.is_empty() => named
            .iter()
            .map(|p| p["id"].as_str().unwrap_or_default().to_string())
            .collect(),
        _ => active_policies(booking),
    };
    if named.is_empty() {
        return Answer::invalid("booking", "The booking has no active policy to cancel.");
    }
    let mut refunds = Vec::new();
    for (i, id) in named.iter().enumerate() {
        let Some(policy) = policy_mut(booking, id) else {
            return Answer::invalid(
                &format!("policies.{i}.id"),
                "The selected policy is invalid.",
            );
        };
        if policy["status"] == "CANCELLED" || pending.contains(id) {
            return Answer::invalid(
                &format!("policies.{i}.id"),
                "The policy is already cancelled or being cancelled.",
            );
        }
        let refund = policy["price"].as_f64().unwrap_or(0.0);
        refunds.push(json!({"id": id, "refund_value": refund, "adjustment_fee": 0}));
    }
    let total: f64 = refunds
        .iter()
        .filter_map(|r| r["refund_value"].as_f64())
        .sum();
    let currency = booking["currency"].as_str().unwrap_or("").to_string();
    // `confirmed_at` is left out until it is confirmed: the spec types it
    // a date-time, never null.
    let cancellation = json!({
        "id": cancellation_id,
        "provider_reference": booking["provider_reference"],
        "created_at": now,
        "updated_at": now,
        "deleted_at": null,
        "total_refund": total,
        "total_refund_formatted": format!("{total:.2} {currency}").trim_end(),
        "policies": refunds,
    });
    push(booking, "cancellations", cancellation);
    booking["status"] = json!("PENDING_CANCELLATION");
    booking["updated_at"] = json!(now);
    Answer::booking(booking)
}

/// `cancel_booking_confirm_preview`: the cancellation confirmed.
pub(crate) fn confirm(
    partner: &mut Partner,
    booking_id: &str,
    cancellation_id: &str,
    now: &str,
) -> Answer {
    let Some(booking) = partner.bookings.get_mut(booking_id) else {
        return not_found();
    };
    let cancellations = booking["cancellations"].as_array_mut();
    let Some(cancellation) = cancellations
        .into_iter()
        .flatten()
        .find(|c| c["id"] == cancellation_id)
    else {
        return not_found();
    };
    if cancellation.get("confirmed_at").is_some() {
        return Answer::invalid("cancellation", "The cancellation is already confirmed.");
    }
    cancellation["confirmed_at"] = json!(now);
    cancellation["updated_at"] = json!(now);
    let ids: Vec<String> = cancellation["policies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_str().map(String::from))
        .collect();
    for id in &ids {
        if let Some(policy) = policy_mut(booking, id) {
            policy["status"] = json!("CANCELLED");
            policy["cancelled_at"] = json!(now);
            policy["updated_at"] = json!(now);
        }
    }
    let still_pending = booking["cancellations"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c.get("confirmed_at").is_none());
    booking["status"] = json!(if active_policies(booking).is_empty() {
        "CANCELLED"
    } else if still_pending {
        "PENDING_CANCELLATION"
    } else {
        "CONFIRMED"
    });
    booking["updated_at"] = json!(now);
    Answer::booking(booking)
}

/// `opt_out_offer`: the offer is opted out of (again, if it was); the
/// spec documents a 200 without a body.
pub(crate) fn opt_out(partner: &mut Partner, offer_id: &str) -> Answer {
    partner.opted_out.insert(offer_id.to_string());
    Answer {
        status: 200,
        body: Vec::new(),
    }
}

/// A booking, or a cancellation, this partner does not have; another
/// partner's is not told apart from none.
pub(crate) fn not_found() -> Answer {
    Answer::error(404, "Not Found")
}

fn active_policies(booking: &Value) -> Vec<String> {
    booking["policies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["status"] != "CANCELLED")
        .filter_map(|p| p["id"].as_str().map(String::from))
        .collect()
}

fn policy_mut<'a>(booking: &'a mut Value, id: &str) -> Option<&'a mut Value> {
    booking["policies"]
        .as_array_mut()?
        .iter_mut()
        .find(|p| p["id"] == id)
}

fn push(value: &mut Value, field: &str, item: Value) {
    match value[field].as_array_mut() {
        Some(items) => items.push(item),
        None => value[field] = json!([item]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-03-01T00:00:00Z";

    fn partner_with(policies: &[&str]) -> Partner {
        let booking = crate::fixtures::booking()
            .policies(policies.iter().map(|id| crate::fixtures::policy().id(id)))
            .build();
        let mut partner = Partner::default();
        partner
            .bookings
            .insert("BK-1".into(), serde_json::to_value(booking).unwrap());
        partner
    }

    fn status(partner: &Partner) -> &str {
        partner.bookings["BK-1"]["status"].as_str().unwrap()
    }

    #[test]
    fn a_cancellation_is_pending_until_confirmed_then_the_booking_is_cancelled() {
        let mut partner = partner_with(&["P-1", "P-2"]);
        let answer = cancel(&mut partner, "BK-1", &json!({}), NOW);
        assert_eq!(answer.status, 200);
        assert_eq!(status(&partner), "PENDING_CANCELLATION");
        // Both policies are being cancelled: none can be again.
        let again = cancel(
            &mut partner,
            "BK-1",
            &json!({"policies": [{"id": "P-1"}]}),
            NOW,
        );
        assert_eq!(again.status, 422);
        let answer = confirm(&mut partner, "BK-1", "CAN-1", NOW);
        assert_eq!(answer.status, 200);
        assert_eq!(status(&partner), "CANCELLED");
        let policies = &partner.bookings["BK-1"]["policies"];
        assert_eq!(policies[0]["status"], "CANCELLED");
        assert_eq!(policies[1]["cancelled_at"], NOW);
        assert_eq!(confirm(&mut partner, "BK-1", "CAN-1", NOW).status, 422);
        assert_eq!(confirm(&mut partner, "BK-1", "CAN-9", NOW).status, 404);
    }

    #[test]
    fn cancelling_one_policy_of_two_leaves_the_booking_confirmed() {
        let mut partner = partner_with(&["P-1", "P-2"]);
        cancel(
            &mut partner,
            "BK-1",
            &json!({"policies": [{"id": "P-2", "reason": "x"}]}),
            NOW,
        );
        confirm(&mut partner, "BK-1", "CAN-1", NOW);
        assert_eq!(status(&partner), "CONFIRMED");
        let refund = &partner.bookings["BK-1"]["cancellations"][0];
        assert_eq!(refund["total_refund"], 12.5);
        assert_eq!(refund["total_refund_formatted"], "12.50 AUD");
    }

    #[test]
    fn a_preview_changes_nothing_and_a_modification_keeps_its_change() {
        let mut partner = partner_with(&["P-1"]);
        let request = json!({"policies": [{"id": "P-1", "policy_start_date": "2026-05-01T00:00:00Z", "update_fields": {}}]});
        let preview = modify(&mut partner, "BK-1", &request, NOW, false);
        let shown: Value = serde_json::from_slice(&preview.body).unwrap();
        assert_eq!(
            shown["data"]["policies"][0]["policy_start_date"],
            "2026-05-01T00:00:00Z"
        );
        assert_ne!(
            partner.bookings["BK-1"]["policies"][0]["policy_start_date"],
            "2026-05-01T00:00:00Z"
        );
        modify(&mut partner, "BK-1", &request, NOW, true);
        assert_eq!(
            partner.bookings["BK-1"]["policies"][0]["policy_start_date"],
            "2026-05-01T00:00:00Z"
        );
        let unknown = json!({"policies": [{"id": "P-9", "update_fields": {}}]});
        let answer = modify(&mut partner, "BK-1", &unknown, NOW, true);
        assert_eq!(answer.status, 422);
        assert!(String::from_utf8_lossy(&answer.body).contains("policies.0.id"));
        assert_eq!(
            modify(&mut partner, "BK-9", &request, NOW, true).status,
            404
        );
    }

    #[test]
    fn pages_link_to_each_other_and_end() {
        let mut partner = Partner::default();
        for i in 0..25 {
            let booking = crate::fixtures::booking().id(&format!("BK-{i:02}")).build();
            partner
                .bookings
                .insert(format!("BK-{i:02}"), serde_json::to_value(booking).unwrap());
        }
        let page =
            |n| -> Value { serde_json::from_slice(&list(&partner, n, "http://h/l").body).unwrap() };
        assert_eq!(page(1)["links"]["next"], "http://h/l?page=2");
        assert_eq!(page(1)["links"]["prev"], Value::Null);
        assert_eq!(page(3)["data"].as_array().unwrap().len(), 5);
        assert_eq!(page(3)["links"]["next"], Value::Null);
        assert_eq!(page(3)["meta"]["to"], 25);
        assert_eq!(page(4)["data"].as_array().unwrap().len(), 0);
    }
}
