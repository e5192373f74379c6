//! What httpmock leaves to the test, for the typed and raw mocks: answers
//! in sequence ("503, then 200") with what each request carried, and a
//! number of calls checked when the mock goes out of scope, as
//! wiremock-rs's `expect(n)` is.
//!
//! A [`Script`] is given to a mock's answer (`then.script(&script)`): the
//! n-th request the mock matches gets the n-th answer (the last repeats),
//! and the script keeps each request ([`Script::received`]: method, path,
//! headers with the token redacted, body as JSON). [`MockExpectExt::times`]
//! limits a mock to `n` matches and checks on drop that it had them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use httpmock::{HttpMockRequest, HttpMockResponse, Mock, Then};
use serde::Serialize;
use serde_json::Value;

use crate::fault::Fault;

/// One answer of a [`Script`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    /// `status` with `body` as JSON (a typed success, `&BookingList`, or any
    /// value).
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        Answer {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(body).expect("an answer's body serializes"),
        }
    }

    /// `status` with no body.
    pub fn status(status: u16) -> Self {
        Answer {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }
}

impl From<Fault> for Answer {
    /// The fault's status, headers and body. Its delay and a cut-short body
    /// are not part of a script (a script's answers come at once, whole).
    fn from(fault: Fault) -> Self {
        Answer {
            status: fault.status,
            headers: fault.headers,
            body: fault.body,
        }
    }
}

/// One request a scripted mock matched.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Received {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path and query as sent.
    pub path: String,
    /// Its headers, names lowercase; the token's value is
    /// `Bearer [redacted]`.
    pub headers: Vec<(String, String)>,
    /// Its body as JSON, if it had one that is JSON (a token request's
    /// `client_secret` is `[redacted]`).
    pub body: Option<Value>,
}

impl Received {
    /// The value of the header `name` (any case), if the request had one.
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::logged_headers::find(&self.headers, name)
    }
}

/// Answers in sequence, and the requests they answered. Clones share both.
#[derive(Clone, Debug)]
pub struct Script {
    answers: Arc<Vec<Answer>>,
    next: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Script {
    /// A script of `answers`, in order; after the last, the last repeats.
    ///
    /// # Panics
    ///
    /// If `answers` is empty.
    pub fn new(answers: impl IntoIterator<Item = impl Into<Answer>>) -> Self {
        let answers: Vec<Answer> = answers.into_iter().map(Into::into).collect();
        assert!(!answers.is_empty(), "a script needs at least one answer");
        Script {
            answers: Arc::new(answers),
            next: Arc::new(AtomicUsize::new(0)),
            received: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Every request answered so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The answer to the next request, which is kept.
    fn answer(&self, request: &HttpMockRequest) -> HttpMockResponse {
        let headers = request
            .headers_vec()
            .iter()
            .map(|(name, value)| crate::logged_headers::logged(name, value))
            .collect();
        let uri = request.uri();
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Received {
                method: request.method_str().to_string(),
                path: uri
                    .path_and_query()
                    .map_or_else(|| uri.path().to_string(), |p| p.to_string()),
                headers,
                body: serde_json::from_slice(request.body_ref())
                    .ok()
                    .map(redacted_secret),
            });
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let answer = &self.answers[n.min(self.answers.len() - 1)];
        HttpMockResponse::builder()
            .status(answer.status)
            .headers(answer.headers.clone())
            .body(answer.body.clone())
            .build()
    }
}

/// A token request's body with its `client_secret` replaced: what a test
/// prints when it fails should not hold one.
fn redacted_secret(mut body: Value) -> Value {
    if let Some(secret) = body.get_mut("client_secret") {
        *secret = Value::String("[redacted]".into());
    }
    body
}

/// `script` on httpmock's own answer; the typed mocks' and raw mocks'
/// answers have it too (`then.script(&script)`).
pub trait ThenScriptExt {
    /// Answers with `script`'s answers in order, keeping each request.
    fn script(self, script: &Script) -> Self;
}

impl ThenScriptExt for Then {
    fn script(self, script: &Script) -> Self {
        let script = script.clone();
        self.respond_with(move |request| script.answer(request))
    }
}

/// A mock that must be called exactly so often: checked when it is
/// dropped (at the end of the test), unless the thread is already
/// panicking or [`forget`](Self::forget) took it back.
#[must_use = "an expectation is checked when it is dropped: keep it to the end of the test"]
pub struct Expected<'a> {
    mock: Option<Mock<'a>>,
    calls: usize,
}

impl<'a> Expected<'a> {
    /// The mock, no longer checked on drop.
    pub fn forget(mut self) -> Mock<'a> {
        self.mock
            .take()
            .expect("an expectation holds its mock until dropped")
    }

    /// Checks now that the mock was called as expected.
    ///
    /// # Panics
    ///
    /// If it was called another number of times.
    pub fn verify(&self) {
        if let Some(mock) = &self.mock {
            let got = mock.calls();
            assert_eq!(
                got, self.calls,
                "a mock expected to be called {} time(s) was called {got} time(s)",
                self.calls
            );
        }
    }
}

impl Drop for Expected<'_> {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.verify();
        }
    }
}

/// Expectations on an httpmock [`Mock`] (every typed and raw mock is one).
pub trait MockExpectExt<'a> {
    /// Matches at most `n` requests (the next matching mock answers the
    /// rest: mocks defined in order make a sequence), and must have matched
    /// exactly `n` when dropped.
    fn times(self, n: usize) -> Expected<'a>;

    /// Must have matched exactly `n` requests when dropped (matching is
    /// not limited).
    fn expect(self, n: usize) -> Expected<'a>;
}

impl<'a> MockExpectExt<'a> for Mock<'a> {
    fn times(self, n: usize) -> Expected<'a> {
        self.up_to_n_times(n);
        self.expect(n)
    }

    fn expect(self, n: usize) -> Expected<'a> {
        Expected {
            mock: Some(self),
            calls: n,
        }
    }
}
