//! Endpoints the spec lacks, taught to the fake by a test: a method, a path
//! template and a handler that sees the request and the fake's state and
//! makes the answer. The server (`server.rs`) holds a taught route to
//! every rule it holds the spec's operations to (a valid token of the
//! path's partner, faults, idempotency: the same key and request replays
//! the stored success as `409`, one in flight is `423`; the request log);
//! only the body is not checked against the spec, which has nothing to say
//! about it. What a taught route answers is the test's model, not the
//! vendor's documentation.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::state::{self, Answer, Partner};
use crate::types::Booking;

/// What a taught route's handler is.
pub(crate) type Handler =
    dyn Fn(&RouteRequest<'_>, &mut FakeState<'_>) -> RouteAnswer + Send + Sync;

/// An endpoint taught to the fake.
#[derive(Clone)]
pub(crate) struct Taught {
    pub(crate) name: &'static str,
    pub(crate) method: String,
    pub(crate) template: &'static str,
    pub(crate) handler: Arc<Handler>,
}

/// A request to a taught route, as its handler reads it.
#[derive(Debug)]
pub struct RouteRequest<'a> {
    pub(crate) method: &'a str,
    pub(crate) params: Vec<(&'static str, String)>,
    pub(crate) query: Option<&'a str>,
    pub(crate) body: &'a [u8],
    pub(crate) key: Option<&'a str>,
}

impl RouteRequest<'_> {
    /// `GET`, `POST`, ...
    pub fn method(&self) -> &str {
        self.method
    }

    /// The path parameter `name` of the route's template (`{quote_id}`),
    /// decoded.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The query parameter `name`, decoded (the first, if repeated).
    pub fn query(&self, name: &str) -> Option<String> {
        let query = self.query?;
        reqwest::Url::parse(&format!("http://fake/?{query}"))
            .ok()?
            .query_pairs()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.into_owned())
    }

    /// The body as it came.
    pub fn body(&self) -> &[u8] {
        self.body
    }

    /// The body as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(self.body)
    }

    /// Its `x-idempotency-key`, if it had one (the fake has already
    /// applied the key's rules before the handler runs).
    pub fn idempotency_key(&self) -> Option<&str> {
        self.key
    }
}

/// The fake's state as a taught route's handler sees it: the partner the
/// request acts for, its bookings (which the spec's operations then list,
/// modify and cancel), records of the route's own kinds (a checkout's
/// quotes), and the tokens issued.
pub struct FakeState<'a> {
    pub(crate) partner_id: &'a str,
    pub(crate) partner: &'a mut Partner,
    pub(crate) tokens_issued: u64,
}

impl FakeState<'_> {
    /// The partner the request acts for: the path's `{partner_id}`, or the
    /// token's partner where the template has none.
    pub fn partner_id(&self) -> &str {
        self.partner_id
    }

    /// The partner's booking `booking_id`.
    pub fn booking(&self, booking_id: &str) -> Option<Booking> {
        let booking = self.partner.bookings.get(booking_id)?;
        serde_json::from_value(booking.clone()).ok()
    }

    /// Every booking of the partner, by id.
    pub fn bookings(&self) -> Vec<Booking> {
        self.partner
            .bookings
            .values()
            .filter_map(|b| serde_json::from_value(b.clone()).ok())
            .collect()
    }

    /// Adds `booking` to the partner's, or replaces the one with its id:
    /// `list_bookings`, `cancel_booking_policies` and the rest then see it.
    pub fn insert_booking(&mut self, booking: &Booking) {
        state::insert(self.partner, booking);
    }

    /// The partner's records of `kind` (`"quotes"`), by id: the route's own
    /// state, kept as JSON for as long as the fake runs.
    pub fn records(&mut self, kind: &str) -> &mut BTreeMap<String, Value> {
        self.partner.records.entry(kind.to_string()).or_default()
    }

    /// How many tokens the token endpoint has issued.
    pub fn tokens_issued(&self) -> u64 {
        self.tokens_issued
    }
}

/// What a taught route answers.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteAnswer {
    pub(crate) answer: Answer,
}

impl RouteAnswer {
    /// `status` with `body` as JSON.
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        RouteAnswer {
            answer: Answer {
                status,
                body: serde_json::to_vec(body).expect("a route's answer serializes as JSON"),
            },
        }
    }

    /// `status` with no body.
    pub fn empty(status: u16) -> Self {
        RouteAnswer {
            answer: Answer {
                status,
                body: Vec::new(),
            },
        }
    }

    /// `status` with the API's error body (`{"message": ...}`).
    pub fn error(status: u16, message: &str) -> Self {
        RouteAnswer {
            answer: Answer::error(status, message),
        }
    }

    /// A `404` in the API's error shape.
    pub fn not_found() -> Self {
        RouteAnswer {
            answer: state::not_found(),
        }
    }

    /// A `422` naming the field at fault, as the API's validation errors do.
    pub fn invalid(field: &str, problem: &str) -> Self {
        RouteAnswer {
            answer: Answer::invalid(field, problem),
        }
    }
}
