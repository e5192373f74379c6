//! The fake's HTTP side: a hyper HTTP/1.1 server on loopback that routes
//! each request to its operation and holds it to what the real API
//! promises before `state.rs` acts on it: a Bearer token from the token
//! endpoint that has not expired, the partner the token belongs to (another
//! partner's bookings are not found), a body that fits the spec, and the
//! idempotency rules of the vendor's page (a repeated key with the same
//! request replays the stored success as 409; one still being processed is
//! 423; a key reused for another request or operation is a 409 conflict
//! in the error shape). Injected faults and
//! the record of requests live here too.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited, StreamBody};
use hyper::body::Frame;
use hyper::body::Incoming;
use hyper::{Request, Response};
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use super::MAX_REQUEST_BODY;
use super::contract::Contract;
use super::operation::{Operation, SeenRequest};
use super::state::{self, Answer, Partner};
use super::taught::{FakeState, RouteRequest, Taught};
use crate::fault::Fault;
use crate::spec::{OPERATIONS, OperationFacts};

/// What is set to happen to an operation's next request.
pub(crate) enum Injected {
    /// Answer this instead; nothing changes.
    Fault(Fault),
    /// Do the work, keep it, then close the connection without answering.
    LoseAnswer,
    /// Do the work, keep it, then send the status, headers promising the
    /// whole body, half of it, and close the connection.
    CutShort,
    /// Hold the request this long before doing the work (a repeat of its
    /// key meanwhile is answered 423).
    Slow(Duration),
}

/// A key's place in the idempotency store.
enum Keyed {
    InFlight,
    Stored { request: Vec<u8>, answer: Answer },
}

/// Everything the fake knows.
pub(crate) struct World {
    pub(crate) partners: BTreeMap<String, Partner>,
    /// Client id to (secret, partner id).
    pub(crate) clients: BTreeMap<String, (String, String)>,
    /// Access token to (partner id, expiry).
    tokens: HashMap<String, (String, Instant)>,
    pub(crate) token_lifetime: Duration,
    next_token: u64,
    /// (partner id, key) to the key's request and answer.
    keys: HashMap<(String, String), Keyed>,
    pub(crate) injected: HashMap<&'static str, VecDeque<Injected>>,
    pub(crate) seen: Vec<SeenRequest>,
}

impl World {
    pub(crate) fn new(token_lifetime: Duration) -> Self {
        World {
            partners: BTreeMap::new(),
            clients: BTreeMap::new(),
            tokens: HashMap::new(),
            token_lifetime,
            next_token: 0,
            keys: HashMap::new(),
            injected: HashMap::new(),
            seen: Vec::new(),
        }
    }

    /// New client credentials for `partner`: (client id, secret).
    pub(crate) fn add_client(&mut self, partner: &str) -> (String, String) {
        let id = format!("fake-client-{}", self.clients.len() + 1);
        let secret = format!("fake-secret-{:016x}", fastrand::u64(..));
        self.clients
            .insert(id.clone(), (secret.clone(), partner.to_string()));
        (id, secret)
    }

    /// How many tokens the token endpoint has issued.
    pub(crate) fn tokens_issued(&self) -> u64 {
        self.next_token
    }

    /// Every token issued so far is expired from now on.
    pub(crate) fn expire_tokens(&mut self) {
        let now = Instant::now();
        for (_, expiry) in self.tokens.values_mut() {
            *expiry = now;
        }
    }
}

/// The server's shared state.
pub(crate) struct Shared {
    pub(crate) world: Mutex<World>,
    /// Compiled once per process: every fake checks against the same spec.
    contract: &'static Contract,
    /// `http://127.0.0.1:PORT`.
    pub(crate) base_url: String,
    /// The token endpoint's path, from the spec's token URL.
    pub(crate) token_path: String,
    /// Endpoints the spec lacks, taught by the test (`taught.rs`).
    pub(crate) taught: Vec<Taught>,
}

impl Shared {
    pub(crate) fn new(world: World, base_url: String, taught: Vec<Taught>) -> Self {
        Shared {
            taught,
            world: Mutex::new(world),
            contract: Contract::shared(),
            base_url,
            token_path: reqwest::Url::parse(crate::DEFAULT_TOKEN_URL)
                .expect("the spec's token URL parses")
                .path()
                .to_string(),
        }
    }

    /// The world, even if a panicking test thread poisoned the lock.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The operations the fake models: their work changes its state
/// (`act`). Every other operation of the spec is still served (routed,
/// authorized, its body checked, idempotent) with its success's example,
/// made from the spec's schema at build time; [`unmodelled`] lists them.
pub(crate) const MODELLED: &[&str] = &[
    "list_bookings",
    "cancel_booking_policies",
    "modify_booking",
    "modify_booking_preview",
    "cancel_booking_confirm_preview",
    "opt_out_offer",
];

/// The spec's operations the fake answers only with an example.
pub(crate) fn unmodelled() -> Vec<&'static OperationFacts> {
    OPERATIONS
        .iter()
        .filter(|op| !MODELLED.contains(&op.id))
        .collect()
}

/// The connection is to be closed without an answer.
#[derive(Debug)]
pub(crate) struct Lost;

impl std::fmt::Display for Lost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the fake lost this answer, as asked")
    }
}

impl std::error::Error for Lost {}

/// One request, answered.
pub(crate) async fn serve(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Body>, Lost> {
    let method = request.method().as_str().to_string();
    let target = request.uri().path().to_string();
    let query = request.uri().query().map(String::from);
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    let authorization = header("authorization");
    let key = header("x-idempotency-key");
    let headers = logged_headers(request.headers());
    // Refused before a byte of the body is read, as a real gateway does:
    // a request without a valid token, or announcing a body over the cap,
    // costs the fake nothing however large it is.
    let announced = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
    let refused =
        if target != shared.token_path && !has_valid_token(&shared, authorization.as_deref()) {
            Some(Answer::error(401, "Unauthenticated."))
        } else if announced.is_some_and(|length| length > MAX_REQUEST_BODY as u64) {
            Some(too_large())
        } else {
            None
        };
    let body = match refused {
        Some(answer) => Err(answer),
        // A body of no announced length is read within the cap too.
        None => match Limited::new(request.into_body(), MAX_REQUEST_BODY)
            .collect()
            .await
        {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
            Err(_) => return Err(Lost),
        },
    };
    let body = match body {
        Ok(body) => body,
        Err(answer) => {
            let (operation, route) = reached(&shared, &method, &target);
            shared.world().seen.push(SeenRequest {
                operation,
                route,
                method,
                path: target,
                query: query.clone(),
                idempotency_key: key,
                headers,
                // Not read: refused before its body.
                body: None,
                status: Some(answer.status),
            });
            return Ok(response(answer.status, &[], answer.body));
        }
    };
    let call = Call {
        method,
        target,
        query,
        authorization,
        key,
        body,
        headers,
    };
    // The work runs on a task of its own, so that a caller that hangs up
    // (its timeout passed during a slow answer) does not stop it halfway:
    // as on the real API, what was started is finished, kept and recorded.
    let work = tokio::spawn(async move {
        let outcome = answer(&shared, &call).await;
        let status = match &outcome {
            Outcome::Answer(answer) | Outcome::Fault(answer, _) => Some(answer.status),
            Outcome::Lost => None,
            Outcome::CutShort(answer) => Some(answer.status),
        };
        let (operation, route) = reached(&shared, &call.method, &call.target);
        let body = serde_json::from_slice(&call.body).ok();
        shared.world().seen.push(SeenRequest {
            operation,
            route,
            method: call.method,
            path: call.target,
            query: call.query,
            idempotency_key: call.key,
            headers: call.headers,
            body,
            status,
        });
        outcome
    });
    let outcome = work.await.map_err(|_| Lost)?;
    match outcome {
        Outcome::Lost => Err(Lost),
        Outcome::CutShort(answer) => Ok(cut_short(answer, &[])),
        Outcome::Answer(answer) => Ok(response(answer.status, &[], answer.body)),
        Outcome::Fault(answer, fault) => {
            if let Some(delay) = fault.delay {
                tokio::time::sleep(delay).await;
            }
            if fault.cut_short {
                return Ok(cut_short(answer, &fault.headers));
            }
            Ok(response(answer.status, &fault.headers, answer.body))
        }
    }
}

/// `answer` with half its body: `Content-Length` promises the whole; the
/// half sent comes as a stream of unknown length, so that hyper goes by
/// the header, and closes the connection when the stream ends early.
fn cut_short(answer: Answer, headers: &[(String, String)]) -> Response<Body> {
    let length = answer.body.len().to_string();
    let mut half = answer.body;
    half.truncate(half.len() / 2);
    let frames = futures_util::stream::iter([Ok(Frame::data(Bytes::from(half)))]);
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("content-length"))
        .cloned()
        .collect();
    headers.push(("content-length".into(), length));
    let mut response = response(answer.status, &headers, Vec::new());
    *response.body_mut() = StreamBody::new(frames).boxed();
    response
}

/// A request's headers as the request log keeps them (`logged_headers.rs`).
fn logged_headers(headers: &hyper::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            crate::logged_headers::logged(name.as_str(), &String::from_utf8_lossy(value.as_bytes()))
        })
        .collect()
}

/// A request as the fake reads it.
struct Call {
    method: String,
    target: String,
    query: Option<String>,
    authorization: Option<String>,
    key: Option<String>,
    body: Bytes,
    /// For the request log.
    headers: Vec<(String, String)>,
}

enum Outcome {
    Answer(Answer),
    /// An injected fault: its answer, and its headers and delay.
    Fault(Answer, Fault),
    Lost,
    /// The answer, its body cut short.
    CutShort(Answer),
}

/// Where a request goes.
struct Route {
    /// The operationId, or a taught route's name.
    operation: &'static str,
    method: &'static str,
    /// The `{partner_id}` of the path (empty where the path has none).
    partner: String,
    /// The other path parameters, in order.
    ids: Vec<String>,
    /// A taught route's handler and parameters by name.
    taught: Option<(Taught, Vec<(&'static str, String)>)>,
}

/// The spec's operation or the taught route a request reaches, for the
/// request log.
fn reached(
    shared: &Shared,
    method: &str,
    target: &str,
) -> (Option<Operation>, Option<&'static str>) {
    if let Some(route) = all_routes(target).into_iter().find(|r| r.method == method) {
        return (Operation::from_id(route.operation), None);
    }
    (
        None,
        taught_route(shared, method, target).map(|r| r.operation),
    )
}

/// The route taught for `method` on `target`, if any (the spec's
/// operations come first: a page the vendor publishes wins over a test's
/// model of it).
fn taught_route(shared: &Shared, method: &str, target: &str) -> Option<Route> {
    shared.taught.iter().find_map(|taught| {
        if taught.method != method {
            return None;
        }
        let captured = crate::route::captures(taught.template, target)?;
        let mut partner = String::new();
        let mut params = Vec::new();
        for (name, sent) in captured {
            let value = percent_decode_str(sent).decode_utf8_lossy().into_owned();
            if name == "partner_id" {
                partner.clone_from(&value);
            }
            params.push((name, value));
        }
        Some(Route {
            operation: taught.name,
            method: "",
            partner,
            ids: Vec::new(),
            taught: Some((taught.clone(), params)),
        })
    })
}

/// Every operation `target` names (several share a path; the method picks
/// one), from the spec's own path templates (`route.rs`), with its ids
/// decoded.
fn all_routes(target: &str) -> Vec<Route> {
    crate::route::operations_at(target)
        .into_iter()
        .map(|(operation, method, template)| {
            let (mut partner, mut ids) = (String::new(), Vec::new());
            for (name, sent) in crate::route::captures(template, target).unwrap_or_default() {
                let value = percent_decode_str(sent).decode_utf8_lossy().into_owned();
                if name == "partner_id" {
                    partner = value;
                } else {
                    ids.push(value);
                }
            }
            Route {
                operation,
                method,
                partner,
                ids,
                taught: None,
            }
        })
        .collect()
}

async fn answer(shared: &Shared, call: &Call) -> Outcome {
    if call.target == shared.token_path {
        // A fault aimed at the token endpoint answers instead; the others
        // (a lost answer, a slow one) are the operations'.
        let injected = shared
            .world()
            .injected
            .get_mut(super::operation::Target::TOKEN.name())
            .and_then(VecDeque::pop_front);
        return match injected {
            Some(Injected::Fault(fault)) => {
                let answer = Answer {
                    status: fault.status,
                    body: fault.body.clone(),
                };
                Outcome::Fault(answer, fault)
            }
            Some(Injected::CutShort) => Outcome::CutShort(token(shared, call)),
            Some(Injected::LoseAnswer) => {
                let _ = token(shared, call);
                Outcome::Lost
            }
            Some(Injected::Slow(delay)) => {
                tokio::time::sleep(delay).await;
                Outcome::Answer(token(shared, call))
            }
            None => Outcome::Answer(token(shared, call)),
        };
    }
    // Several operations share a path; the method picks one.
    let routes = all_routes(&call.target);
    let known_path = !routes.is_empty()
        || shared
            .taught
            .iter()
            .any(|t| crate::route::captures(t.template, &call.target).is_some());
    let spec_route = routes.into_iter().find(|r| r.method == call.method);
    let Some(mut route) = spec_route.or_else(|| taught_route(shared, &call.method, &call.target))
    else {
        return Outcome::Answer(if known_path {
            Answer::error(405, "The method is not supported for this route.")
        } else {
            state::not_found()
        });
    };
    let fresh = {
        let mut world = shared.world();
        if let Err(answer) = authorized(&mut world, call, &mut route) {
            return Outcome::Answer(answer);
        }
        let injected = world
            .injected
            .get_mut(route.operation)
            .and_then(VecDeque::pop_front);
        if let Some(Injected::Fault(fault)) = injected {
            let answer = Answer {
                status: fault.status,
                body: fault.body.clone(),
            };
            return Outcome::Fault(answer, fault);
        }
        // A taught route's body is its handler's to judge: the spec has
        // nothing to say about it.
        if route.taught.is_none() && (!call.body.is_empty() || needs_body(route.operation)) {
            let misfits = shared.contract.request_misfits(route.operation, &call.body);
            if let Some(first) = misfits.first() {
                // Keyed as Laravel keys its validation errors, by the
                // field's dotted path; `*` stands for every item where the
                // checker reports the schema's place rather than an index.
                let pointer = first.split(':').next().unwrap_or("/");
                let field = pointer.trim_start_matches('/').replace('/', ".");
                return Outcome::Answer(Answer::invalid(
                    &field,
                    &format!("The request does not fit the spec: {}", misfits.join("; ")),
                ));
            }
        }
        if let Err(answer) = keyed(&mut world, call, &route) {
            return Outcome::Answer(answer);
        }
        injected
    };
    if let Some(Injected::Slow(delay)) = &fresh {
        tokio::time::sleep(*delay).await;
    }
    let answer = {
        let mut world = shared.world();
        let answer = match &route.taught {
            Some((taught, params)) => {
                let tokens_issued = world.tokens_issued();
                let partner = world.partners.entry(route.partner.clone()).or_default();
                let request = RouteRequest {
                    method: &call.method,
                    params: params.clone(),
                    query: call.query.as_deref(),
                    body: &call.body,
                    key: call.key.as_deref(),
                };
                let mut state = FakeState {
                    partner_id: &route.partner,
                    partner,
                    tokens_issued,
                };
                (taught.handler)(&request, &mut state).answer
            }
            None => {
                let answer = act(shared, &mut world, call, &route);
                // What the fake's state holds beyond the spec (a field the
                // vendor's page dropped) reaches neither the answer nor
                // its stored replay.
                Answer {
                    body: shared
                        .contract
                        .pruned(route.operation, answer.status, answer.body),
                    ..answer
                }
            }
        };
        if let Some(key) = &call.key {
            let id = (route.partner.clone(), key.clone());
            if (200..300).contains(&answer.status) {
                world.keys.insert(
                    id,
                    Keyed::Stored {
                        request: fingerprint(call),
                        answer: answer.clone(),
                    },
                );
            } else {
                // Only what was done is stored: a refused request may be
                // put right and sent again with the same key.
                world.keys.remove(&id);
            }
        }
        answer
    };
    let misfits = match route.taught {
        Some(_) => Vec::new(),
        None => shared
            .contract
            .answer_misfits(route.operation, answer.status, &answer.body),
    };
    if !misfits.is_empty() {
        return Outcome::Answer(Answer::error(
            500,
            &format!(
                "fake XONE bug: its {} answer to {} does not fit the spec: {}",
                answer.status,
                route.operation,
                misfits.join("; ")
            ),
        ));
    }
    match fresh {
        Some(Injected::LoseAnswer) => Outcome::Lost,
        Some(Injected::CutShort) => Outcome::CutShort(answer),
        _ => Outcome::Answer(answer),
    }
}

/// Whether `operation`'s request body is required, as the spec says.
fn needs_body(operation: &str) -> bool {
    OPERATIONS
        .iter()
        .any(|op| op.id == operation && op.request_required)
}

/// The token endpoint: the client credentials grant, with the credentials
/// in a JSON body as the vendor's page says.
fn token(shared: &Shared, call: &Call) -> Answer {
    if call.method != "POST" {
        return Answer::error(405, "The method is not supported for this route.");
    }
    let body: Value = serde_json::from_slice(&call.body).unwrap_or_default();
    let mut world = shared.world();
    let client = body["client_id"].as_str().unwrap_or_default();
    let secret = body["client_secret"].as_str().unwrap_or_default();
    let partner = match world.clients.get(client) {
        Some((expected, partner)) if expected == secret => partner.clone(),
        _ => {
            return Answer::json(
                401,
                &json!({"error": "invalid_client", "message": "Client authentication failed."}),
            );
        }
    };
    world.next_token += 1;
    let token = format!("fake-token-{}-{}", world.next_token, fastrand::u64(..));
    let lifetime = world.token_lifetime;
    world
        .tokens
        .insert(token.clone(), (partner, Instant::now() + lifetime));
    Answer::json(
        200,
        &json!({"token_type": "Bearer", "expires_in": lifetime.as_secs(), "access_token": token}),
    )
}

/// Whether `authorization` carries a token the fake issued that has not
/// expired (whoever's partner it is: that is [`authorized`]'s to check).
fn has_valid_token(shared: &Shared, authorization: Option<&str>) -> bool {
    let Some(token) = authorization.and_then(|h| h.strip_prefix("Bearer ")) else {
        return false;
    };
    let world = shared.world();
    world
        .tokens
        .get(token)
        .is_some_and(|(_, expiry)| Instant::now() < *expiry)
}

/// The answer to a request body over [`MAX_REQUEST_BODY`].
fn too_large() -> Answer {
    Answer::error(
        413,
        &format!("The request body is larger than {MAX_REQUEST_BODY} bytes."),
    )
}

/// A valid, unexpired token of the path's partner (a taught route whose
/// template names no partner acts for the token's).
fn authorized(world: &mut World, call: &Call, route: &mut Route) -> Result<(), Answer> {
    let unauthenticated = || Answer::error(401, "Unauthenticated.");
    let token = call
        .authorization
        .as_deref()
        .and_then(|h| h.strip_prefix("Bearer "))
        .ok_or_else(unauthenticated)?;
    let (partner, expiry) = world.tokens.get(token).ok_or_else(unauthenticated)?;
    if Instant::now() >= *expiry {
        return Err(unauthenticated());
    }
    if route.taught.is_some() && route.partner.is_empty() {
        route.partner.clone_from(partner);
    }
    if *partner != route.partner {
        return Err(state::not_found());
    }
    Ok(())
}

/// The idempotency rules, before the work: a key already done answers its
/// stored success (409) if the request is the same, and is refused if not;
/// a key in flight answers 423. A fresh key is marked in flight.
fn keyed(world: &mut World, call: &Call, route: &Route) -> Result<(), Answer> {
    let Some(key) = &call.key else {
        return Ok(());
    };
    let id = (route.partner.clone(), key.clone());
    let request = fingerprint(call);
    match world.keys.get(&id) {
        Some(Keyed::InFlight) => Err(Answer::error(
            423,
            "A request with this idempotency key is still being processed.",
        )),
        Some(Keyed::Stored {
            request: stored,
            answer,
        }) => {
            if *stored == request {
                Err(Answer {
                    status: 409,
                    body: answer.body.clone(),
                })
            } else {
                // A conflict, in the API's error shape: the client keeps it
                // as an error of status 409 (a replay holds the success).
                Err(Answer::error(
                    409,
                    "The idempotency key was already used for another request.",
                ))
            }
        }
        None => {
            world.keys.insert(id, Keyed::InFlight);
            Ok(())
        }
    }
}

/// What makes two requests the same: method, path and body.
fn fingerprint(call: &Call) -> Vec<u8> {
    let mut bytes = format!("{} {}\n", call.method, call.target).into_bytes();
    bytes.extend_from_slice(&call.body);
    bytes
}

/// The operation's work, on the partner's data.
fn act(shared: &Shared, world: &mut World, call: &Call, route: &Route) -> Answer {
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let request: Value = serde_json::from_slice(&call.body).unwrap_or(Value::Null);
    let partner = world.partners.entry(route.partner.clone()).or_default();
    let id = |i: usize| route.ids.get(i).map(String::as_str).unwrap_or_default();
    match route.operation {
        "list_bookings" => {
            let page = call
                .query
                .as_deref()
                .into_iter()
                .flat_map(|q| q.split('&'))
                .find_map(|pair| pair.strip_prefix("page="))
                .map(|n| n.parse::<usize>());
            let page = match page {
                None => 1,
                Some(Ok(n)) if n >= 1 => n,
                Some(_) => {
                    return Answer::invalid("page", "The page must be an integer of at least 1.");
                }
            };
            let list_url = format!(
                "{}/api/partners/{}/bookings",
                shared.base_url,
                crate::path::encode(&route.partner)
            );
            state::list(partner, page, &list_url)
        }
        "cancel_booking_policies" => state::cancel(partner, id(0), &request, &now),
        "modify_booking" => state::modify(partner, id(0), &request, &now, true),
        "modify_booking_preview" => state::modify(partner, id(0), &request, &now, false),
        "cancel_booking_confirm_preview" => state::confirm(partner, id(0), id(1), &now),
        "opt_out_offer" => state::opt_out(partner, id(0)),
        other => example_answer(other),
    }
}

/// The answer to an operation the fake does not model: its documented
/// success with the example the spec's schema gives (`build/examples.rs`),
/// checked against the spec like every answer.
fn example_answer(operation: &str) -> Answer {
    let Some(facts) = OPERATIONS.iter().find(|op| op.id == operation) else {
        return Answer::error(500, &format!("fake XONE knows no operation {operation}"));
    };
    Answer {
        status: facts.success.unwrap_or(200),
        body: facts
            .success_example
            .map(|example| example.as_bytes().to_vec())
            .unwrap_or_default(),
    }
}

/// An answer's body: whole, or (cut short) a stream.
pub(crate) type Body = BoxBody<Bytes, Infallible>;

fn response(status: u16, headers: &[(String, String)], body: Vec<u8>) -> Response<Body> {
    let mut builder = Response::builder().status(status);
    let has_type = headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    if !body.is_empty() && !has_type {
        builder = builder.header("content-type", "application/json");
    }
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Full::new(Bytes::from(body)).boxed())
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new()).boxed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_of_the_spec_is_routed_and_has_a_variant() {
        for op in OPERATIONS {
            // The template with each parameter given a value.
            let target: String = op
                .path
                .split('/')
                .map(|s| if s.starts_with('{') { "v-1" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            let routed = all_routes(&target);
            assert!(
                routed
                    .iter()
                    .any(|r| r.operation == op.id && r.method == op.method),
                "{} {} is not routed",
                op.method,
                op.path
            );
            assert!(
                Operation::from_id(op.id).is_some(),
                "no variant for {}",
                op.id
            );
        }
        assert_eq!(Operation::ALL.len(), OPERATIONS.len());
    }

    #[test]
    fn an_unmodelled_operation_answers_its_success_example_which_fits_the_spec() {
        let contract = super::super::contract::Contract::shared();
        for op in OPERATIONS {
            let answer = example_answer(op.id);
            assert_eq!(Some(answer.status), op.success, "{}", op.id);
            let misfits = contract.answer_misfits(op.id, answer.status, &answer.body);
            assert!(misfits.is_empty(), "{}: {misfits:?}", op.id);
            if let Some(example) = op.request_example {
                let misfits = contract.request_misfits(op.id, example.as_bytes());
                assert!(misfits.is_empty(), "{} request: {misfits:?}", op.id);
            }
        }
    }

    #[test]
    fn a_route_decodes_its_ids_and_keeps_each_in_its_segment() {
        let route = all_routes("/api/partners/p%2F1/bookings/BK%5C1/cancellations/C-1");
        assert_eq!(route.len(), 1);
        assert_eq!(route[0].operation, "cancel_booking_confirm_preview");
        assert_eq!(route[0].partner, "p/1");
        assert_eq!(route[0].ids, ["BK\\1", "C-1"]);
        let shared: Vec<_> = all_routes("/api/partners/p/bookings/BK-1")
            .into_iter()
            .map(|r| (r.operation, r.method))
            .collect();
        assert_eq!(
            shared,
            [
                ("cancel_booking_policies", "DELETE"),
                ("modify_booking", "PATCH")
            ]
        );
        for target in [
            "/api/partners/p",
            "/api/partners/p/bookings/BK-1/x",
            "/other",
        ] {
            assert!(all_routes(target).is_empty(), "{target}");
        }
    }

    #[test]
    fn the_token_path_is_the_spec_token_urls() {
        let shared = Shared::new(
            World::new(Duration::from_secs(1)),
            "http://h".into(),
            Vec::new(),
        );
        assert_eq!(shared.token_path, "/api/oauth/token");
    }
}
