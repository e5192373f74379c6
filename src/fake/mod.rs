//! A stateful fake XONE for tests of services that depend on xone (feature
//! `fake`): an in-process HTTP server on loopback that implements every
//! operation of the spec with state per partner, and holds itself to what
//! the real API promises.
//!
//! ```
//! use xone::fake::FakeXone;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let fake = FakeXone::start().await;
//! let client = fake.client();
//! let cancelled = client
//!     .cancel_booking_policies()
//!     .partner_id(fake.partner_id())
//!     .booking_id("BK-1")
//!     .send()
//!     .await
//!     .unwrap();
//! let cancellation = &cancelled.data.as_ref().unwrap().cancellations[0];
//! assert_eq!(fake.booking("BK-1").unwrap().status.as_deref(), Some("PENDING_CANCELLATION"));
//! # let _ = cancellation;
//! # }
//! ```
//!
//! Unlike a mock, it keeps what each call did: a cancelled booking is
//! `PENDING_CANCELLATION` until the cancellation is confirmed, a modified
//! booking is changed for the next list. Unlike a mock server built from
//! the spec, it enforces the rules around the operations: OAuth2 client
//! credentials with tokens that expire, 404 for another partner's booking,
//! idempotency keys as the vendor's Idempotency Keys page describes them
//! (the same key and request again: `409` with the stored success; while
//! the first is still in progress: `423`; the same key with another body or
//! on another operation: a `409` conflict in the error shape), and every request body checked
//! against the spec (`422` naming the misfit). Every answer it makes is
//! checked against the spec too: an answer that does not fit is the fake's
//! own bug, and it says so in a `500` rather than teach a test something
//! the API would not send.
//!
//! What the pages do not describe is the fake's own (the status names of
//! the transitions, the refund of a cancellation, the error messages), and
//! said so where it is decided (`state.rs`).

mod contract;
mod operation;
mod server;
mod state;
mod taught;

use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

pub use crate::fault::Fault;
use crate::types::Booking;
use crate::{Client, ClientBuilder, Credentials};
pub use operation::{Operation, SeenRequest, Target};
use server::{Injected, Shared, World};
use taught::Taught;
pub use taught::{FakeState, RouteAnswer, RouteRequest};

/// The partner that [`FakeXone::start`] and [`FakeXone::client`] use.
pub const PARTNER_ID: &str = "partner-1";

/// The largest request body the fake reads, in bytes (1 MiB: a
/// modification of a hundred policies is a few KiB). A request announcing
/// more, or sending more, is answered `413 Payload Too Large` without
/// being held; so is one without a valid token, whatever its size, before
/// any of its body is read.
pub const MAX_REQUEST_BODY: usize = 1024 * 1024;

/// How a [`FakeXone`] starts: its partners' bookings and its tokens'
/// lifetime.
pub struct FakeXoneBuilder {
    bookings: Vec<Booking>,
    token_lifetime: Duration,
    taught: Vec<Taught>,
}

impl std::fmt::Debug for FakeXoneBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let routes: Vec<String> = self
            .taught
            .iter()
            .map(|t| format!("{} {} {}", t.name, t.method, t.template))
            .collect();
        f.debug_struct("FakeXoneBuilder")
            .field("bookings", &self.bookings.len())
            .field("token_lifetime", &self.token_lifetime)
            .field("routes", &routes)
            .finish()
    }
}

impl FakeXoneBuilder {
    /// The bookings of [`PARTNER_ID`], replacing the default one
    /// ([`fixtures::booking`](crate::fixtures::booking), `BK-1`).
    pub fn bookings(mut self, bookings: impl IntoIterator<Item = Booking>) -> Self {
        self.bookings = bookings.into_iter().collect();
        self
    }

    /// How long a token is valid (`expires_in`; default an hour). The
    /// client fetches a new one a tenth of the lifetime ahead; for a token
    /// that lapses mid-test, [`FakeXone::expire_tokens`] is quicker.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Teaches the fake an endpoint the spec lacks (a checkout's quote or
    /// confirm-offer, called through [`Client::request`]): `method` on
    /// `template` (`/api/partners/{partner_id}/quotes/{quote_id}`), named
    /// `name` for faults ([`FakeXone::fail_next`] takes it) and the request
    /// log. `handler` sees the request ([`RouteRequest`]: path parameters,
    /// query, body, key) and the fake's state ([`FakeState`]: the
    /// partner's bookings, which the spec's operations then list and
    /// cancel, and records of its own) and makes the answer.
    ///
    /// The fake's rules apply to it as to the spec's operations: a valid
    /// token of the path's `{partner_id}` (or, without one, the token's
    /// partner acts), faults, the idempotency store (the same key and
    /// request replays the stored success as `409`; one in flight is `423`;
    /// a failure is not stored), the request log. Only its body is not
    /// checked against the spec, nor its answer. Where the spec has an
    /// operation for the same method and path, the spec's wins.
    ///
    /// What the handler answers is the test's model of the endpoint, not
    /// the vendor's documentation.
    ///
    /// # Panics
    ///
    /// If `template` does not start with `/`, or a placeholder is not
    /// `{name}`.
    pub fn route(
        mut self,
        name: &'static str,
        method: crate::Method,
        template: &'static str,
        handler: impl Fn(&RouteRequest<'_>, &mut FakeState<'_>) -> RouteAnswer + Send + Sync + 'static,
    ) -> Self {
        let placeholders_named = template.split('/').all(|part| {
            !part.contains(['{', '}'])
                || part
                    .strip_prefix('{')
                    .and_then(|p| p.strip_suffix('}'))
                    .is_some_and(|n| !n.is_empty() && !n.contains(['{', '}']))
        });
        assert!(
            template.starts_with('/') && placeholders_named,
            "the fake's route `{name}`: `{template}` is not a path template of literal segments and `{{name}}` placeholders"
        );
        self.taught.push(Taught {
            name,
            method: method.as_str().to_string(),
            template,
            handler: Arc::new(handler),
        });
        self
    }

    /// Binds a loopback port and serves on the current Tokio runtime until
    /// the [`FakeXone`] is dropped.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound, or outside a Tokio runtime.
    pub async fn start(self) -> FakeXone {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("the fake XONE binds a loopback port");
        let address = listener
            .local_addr()
            .expect("a bound socket has an address");
        let base_url = format!("http://{address}");
        let mut world = World::new(self.token_lifetime);
        let partner = world.partners.entry(PARTNER_ID.to_string()).or_default();
        for booking in self.bookings {
            state::insert(partner, &booking);
        }
        let credentials = world.add_client(PARTNER_ID);
        let shared = Arc::new(Shared::new(world, base_url, self.taught));
        let accepting = tokio::spawn(accept(listener, Arc::clone(&shared)));
        FakeXone {
            shared,
            credentials,
            accepting,
        }
    }
}

/// A running fake XONE; the server stops when it is dropped.
pub struct FakeXone {
    shared: Arc<Shared>,
    /// The client id and secret of [`PARTNER_ID`].
    credentials: (String, String),
    accepting: JoinHandle<()>,
}

impl std::fmt::Debug for FakeXone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeXone")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for FakeXone {
    fn drop(&mut self) {
        // The accept loop owns the connections' tasks: aborting it ends them.
        self.accepting.abort();
    }
}

impl FakeXone {
    /// A fake with one partner, [`PARTNER_ID`], holding one confirmed
    /// booking with one active policy
    /// ([`fixtures::booking`](crate::fixtures::booking): `BK-1`, policy
    /// `POL-1`), and tokens valid for an hour.
    pub async fn start() -> FakeXone {
        FakeXone::builder().start().await
    }

    /// A fake to set up before it starts.
    pub fn builder() -> FakeXoneBuilder {
        FakeXoneBuilder {
            bookings: vec![crate::fixtures::booking().build()],
            token_lifetime: Duration::from_secs(3600),
            taught: Vec::new(),
        }
    }

    /// A client builder pointed at the fake, with [`PARTNER_ID`]'s
    /// credentials and partner id: add a timeout or retry policy, then
    /// `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        let (id, secret) = &self.credentials;
        self.builder_for(PARTNER_ID, id, secret)
    }

    /// A client of [`PARTNER_ID`], built from [`client_builder`](Self::client_builder).
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("a loopback URL and the fake's credentials make a client")
    }

    /// Adds `partner_id` with `bookings`, and gives a client builder with
    /// its own credentials: its token reaches only its own bookings, and
    /// another partner's are not found (`404`).
    pub fn add_partner(
        &self,
        partner_id: &str,
        bookings: impl IntoIterator<Item = Booking>,
    ) -> ClientBuilder {
        let (id, secret) = {
            let mut world = self.shared.world();
            let partner = world.partners.entry(partner_id.to_string()).or_default();
            for booking in bookings {
                state::insert(partner, &booking);
            }
            world.add_client(partner_id)
        };
        self.builder_for(partner_id, &id, &secret)
    }

    fn builder_for(&self, partner_id: &str, id: &str, secret: &str) -> ClientBuilder {
        Client::builder(Credentials::new(id, secret))
            .base_url(&self.shared.base_url)
            .token_url(format!(
                "{}{}",
                self.shared.base_url, self.shared.token_path
            ))
            .partner_id(partner_id)
    }

    /// The partner [`client`](Self::client) acts for: [`PARTNER_ID`].
    pub fn partner_id(&self) -> &'static str {
        PARTNER_ID
    }

    /// `http://127.0.0.1:PORT`, the API's base URL.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The client id and secret of [`PARTNER_ID`], for a client built by
    /// other means.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(&self.credentials.0, &self.credentials.1)
    }

    /// Adds `booking` to [`PARTNER_ID`]'s, or replaces the one with its id.
    pub fn insert_booking(&self, booking: &Booking) {
        let mut world = self.shared.world();
        let partner = world.partners.entry(PARTNER_ID.to_string()).or_default();
        state::insert(partner, booking);
    }

    /// [`PARTNER_ID`]'s booking `booking_id` as the fake holds it now.
    pub fn booking(&self, booking_id: &str) -> Option<Booking> {
        self.booking_of(PARTNER_ID, booking_id)
    }

    /// `partner_id`'s booking `booking_id` as the fake holds it now.
    pub fn booking_of(&self, partner_id: &str, booking_id: &str) -> Option<Booking> {
        let world = self.shared.world();
        let booking = world.partners.get(partner_id)?.bookings.get(booking_id)?;
        Some(
            serde_json::from_value(booking.clone())
                .expect("the fake holds bookings that fit the generated type"),
        )
    }

    /// Whether [`PARTNER_ID`] has opted out of `offer_id`.
    pub fn opted_out(&self, offer_id: &str) -> bool {
        let world = self.shared.world();
        world
            .partners
            .get(PARTNER_ID)
            .is_some_and(|p| p.opted_out.contains(offer_id))
    }

    /// `operation`'s next request (an [`Operation`] of the spec, or a taught
    /// route's name) is answered with `fault` and changes nothing (after the token check: a fault is the API's answer, not
    /// the gateway's). Several queue up in order.
    pub fn fail_next(&self, operation: impl Into<Target>, fault: Fault) {
        self.inject(operation, Injected::Fault(fault));
    }

    /// `operation`'s next request is done and kept, and then the
    /// connection is closed without an answer: the change was committed
    /// but the caller never heard. A retry with the same idempotency key
    /// gets the stored success as a `409` replay.
    pub fn lose_next_answer(&self, operation: impl Into<Target>) {
        self.inject(operation, Injected::LoseAnswer);
    }

    /// `operation`'s next request is done and kept, and its answer is cut
    /// short: `Content-Length` promises the whole body, half of it comes,
    /// and the connection closes. A retry with the same idempotency key
    /// gets the stored success as a `409` replay.
    pub fn cut_next_answer_short(&self, operation: impl Into<Target>) {
        self.inject(operation, Injected::CutShort);
    }

    /// `operation`'s next request is held for `delay` before it is done;
    /// meanwhile a request with its idempotency key is answered `423`.
    pub fn slow_next(&self, operation: impl Into<Target>, delay: Duration) {
        self.inject(operation, Injected::Slow(delay));
    }

    fn inject(&self, operation: impl Into<Target>, injected: Injected) {
        self.shared
            .world()
            .injected
            .entry(operation.into().name())
            .or_default()
            .push_back(injected);
    }

    /// Every token issued so far is expired from now on: the next call
    /// with one is answered `401`, as the API answers a lapsed token.
    pub fn expire_tokens(&self) {
        self.shared.world().expire_tokens();
    }

    /// How many tokens the token endpoint has issued.
    pub fn tokens_issued(&self) -> u64 {
        self.shared.world().tokens_issued()
    }

    /// The spec's operations the fake does not model: it serves them all
    /// the same (routed, authorized, their body checked against the spec,
    /// idempotent, faults and the request log as for any), answering each
    /// with its documented success and an example body made from the
    /// spec's schema. A test can assert on it, so that an operation a new
    /// vendor page brings is seen until someone models it.
    pub fn unmodelled(&self) -> Vec<Operation> {
        server::unmodelled()
            .into_iter()
            .filter_map(|facts| Operation::from_id(facts.id))
            .collect()
    }

    /// Every request received so far, in the order they were answered.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.shared.world().seen.clone()
    }
}

/// Accepts connections until aborted; each is served on a task of its own,
/// owned here so that aborting this one ends them all.
async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        // Reap the finished ones, so that a long test holds no more than
        // its open connections.
        while connections.try_join_next().is_some() {}
        let shared = Arc::clone(&shared);
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                server::serve(Arc::clone(&shared), request)
            });
            // A connection that ends badly (a lost answer, a client gone)
            // concerns only itself.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
