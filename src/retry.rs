//! When to try a request again, and how long to wait first.
//!
//! Idempotent requests (GET, HEAD, OPTIONS, PUT) are retried on transport
//! errors and 408, 423, 429, 500, 502, 503, 504. POST, PATCH and DELETE are
//! retried only when they carry an `x-idempotency-key` (the client always
//! sets one), and only where the first attempt cannot have taken effect
//! twice: transport errors, 423 (the first request is still in progress),
//! 429, 502, 503, 504; a 500 only where the policy asks for it
//! ([`RetryPolicy::with_keyed_server_errors`]). Nothing retries 400, 401,
//! 404, 409 or 422.
//! Waits are exponential with full jitter, or what `Retry-After` says (capped).
//! A whole call, token request and waits included, ends at the policy's
//! deadline; a wait that would end past it is not begun. An API call's
//! retries also spend the client's retry budget (`retry_budget.rs`).

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use crate::retry_budget::{Ended, RetryBudget};

/// The default size of a client's retry budget, in tokens (aws-sdk-rust's):
/// 100 retries (a retry costs 5, one after a timeout 10).
pub const DEFAULT_RETRY_BUDGET: u32 = 500;

/// How a client retries failed requests, token requests included. The
/// default suits booking calls: 4 attempts, backoff from 200 ms up to 5 s,
/// a minute at most for a whole call, and a retry budget of
/// [`DEFAULT_RETRY_BUDGET`] tokens per client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    deadline: Duration,
    max_retry_after: Duration,
    keyed_server_errors: bool,
    locked_wait: Duration,
    retry_budget: Option<u32>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            deadline: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(30),
            keyed_server_errors: false,
            locked_wait: Duration::from_secs(1),
            retry_budget: Some(DEFAULT_RETRY_BUDGET),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// At most `attempts` tries of one call, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry, doubling up to `max`.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The most time one call may take from start to end: getting a token,
    /// every attempt, every wait and a replay after a 401 (default 60 s).
    /// An attempt in flight when it passes fails as a timeout; a wait that
    /// would end after it is not begun, and the last answer is returned.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The longest wait a server's `Retry-After` may ask for; one that asks
    /// for more ends the call with the server's answer rather than retrying
    /// before the server said to (default 30 s).
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Whether a POST, PATCH or DELETE that carries an idempotency key is
    /// retried after a `500` too (default: no). The key makes it safe: the
    /// API stores a processed request's answer for 48 hours and replays it
    /// as `409` to a repeat with the same key and body, which the client
    /// returns as the success, and answers `423` to a repeat while the first
    /// is still in progress (XCover docs, Idempotency Keys). It is off by
    /// default because the vendor's own example retries only 423, 429, 502,
    /// 503 and 504, and a 500 is as often the same fault again as a
    /// passing one.
    pub fn with_keyed_server_errors(mut self, retry: bool) -> Self {
        self.keyed_server_errors = retry;
        self
    }

    /// The least wait after a `423 Locked` that has no `Retry-After`
    /// (default 1 s; the wait is this plus up to half of it again, so that
    /// duplicates do not retry in step). The API answers 423 to a repeat
    /// of a key whose first call is still being processed: the backoff of
    /// a failed call (from 200 ms) would spend the attempts before a
    /// normal call ends, and the duplicate would fail where it only had to
    /// wait. Under the default policy a duplicate outwaits a first call of
    /// up to 3 s (three waits of at least 1 s).
    pub fn with_locked_wait(mut self, wait: Duration) -> Self {
        self.locked_wait = wait;
        self
    }

    /// The size of the client's retry budget, in tokens (default
    /// [`DEFAULT_RETRY_BUDGET`], 500): a token bucket that the client and
    /// all its handles share, as aws-sdk-rust's retry quota. A retry of an
    /// API call costs 5 tokens (10 after a timeout); a call that succeeds
    /// on its first attempt puts 1 back, one that succeeds after retries
    /// what its last retry cost. With too few left, a call is not retried,
    /// and its error says so ([`Error::retry_budget_spent`](crate::Error::retry_budget_spent)):
    /// when the API fails every call, a client sends at most about
    /// `size / 5` retries, not a retry storm of every call times the
    /// attempts. The bucket is made with the policy the client is built
    /// with; a handle's policy ([`Client::with_retry`](crate::Client::with_retry))
    /// can switch it off for its calls, not resize it.
    pub fn with_retry_budget(mut self, tokens: u32) -> Self {
        self.retry_budget = Some(tokens);
        self
    }

    /// No retry budget: every call may use all its attempts.
    pub fn without_retry_budget(mut self) -> Self {
        self.retry_budget = None;
        self
    }

    /// The retry budget's size, if the policy has one.
    pub fn retry_budget(&self) -> Option<u32> {
        self.retry_budget
    }

    /// The wait before retrying a `423 Locked` that came without a
    /// `Retry-After`: [`with_locked_wait`](Self::with_locked_wait)'s, plus
    /// up to half of it again.
    pub(crate) fn locked_wait(&self) -> Duration {
        self.locked_wait.mul_f64(1.0 + fastrand::f64() / 2.0)
    }

    /// Whether keyed writes are retried after a `500`.
    pub fn keyed_server_errors(&self) -> bool {
        self.keyed_server_errors
    }

    /// Whether an answer with `status` to a request that may be sent again
    /// as `replay` says is worth another attempt under this policy.
    pub(crate) fn retries_status(&self, replay: Replay, status: StatusCode) -> bool {
        replay.retryable(status)
            || (replay == Replay::Keyed
                && self.keyed_server_errors
                && status == StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The most attempts one call makes.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The most time one call may take.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// The wait before the next attempt of a call that has made `attempt`
    /// attempts and must end by `deadline`; `None` when it must end now, with
    /// the answer it has: no attempts left, a server asking for a longer wait
    /// than the policy allows, or a wait that would end at or after the
    /// deadline (rather than a retry before the server said to).
    pub(crate) fn wait_before_retry(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        deadline: tokio::time::Instant,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let delay = self.delay(attempt, retry_after)?;
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        (delay < left).then_some(delay)
    }

    /// The wait before retry number `retry` (1 for the first retry): what
    /// `Retry-After` says, else a random time up to the exponential backoff
    /// ("full jitter"), so that many clients do not retry in step. `None`
    /// when the server asks for a longer wait than the policy allows.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        Some(ceiling.mul_f64(fastrand::f64()))
    }
}

/// What one attempt came to.
pub(crate) enum Outcome<T> {
    /// Final: the call returns it.
    Done(T),
    /// Worth another attempt, after the wait the server asked for, if any.
    Again(T, Option<Duration>),
}

/// The attempts of one call: what [`drive`] runs.
pub(crate) trait Attempts {
    /// What the call returns.
    type Output;

    /// Attempt number `number` (from 1).
    fn attempt(&mut self, number: u32) -> impl Future<Output = Outcome<Self::Output>> + Send + '_;

    /// How `output` ended, for the retry budget.
    fn ended(_output: &Self::Output) -> Ended {
        Ended::Other
    }

    /// A retry after `output` is about to be made (after its wait).
    fn retrying(&mut self, _output: &Self::Output) {}
}

/// Runs `attempts` until one is final, the policy's attempts are used, or
/// the wait before the next would end at or after `deadline`; returns the
/// last result. The one retry loop of the crate: the token request and
/// every API call go through it, each deciding in its attempts what is
/// worth another try (`Replay`, `TokenError::is_transient`). With a
/// `budget`, each retry first takes its cost from it; when it cannot, the
/// call ends with what it has and its record says why.
pub(crate) async fn drive<A: Attempts + Send>(
    policy: &RetryPolicy,
    deadline: tokio::time::Instant,
    operation: &str,
    budget: Option<&RetryBudget>,
    attempts: &mut A,
) -> A::Output {
    let mut number = 1;
    let mut last_cost = None;
    loop {
        let (result, asked) = match attempts.attempt(number).await {
            Outcome::Done(result) => {
                if let Some(budget) = budget
                    && A::ended(&result) == Ended::Success
                {
                    budget.succeeded(last_cost);
                }
                return result;
            }
            Outcome::Again(result, asked) => (result, asked),
        };
        let Some(delay) = policy.wait_before_retry(number, asked, deadline) else {
            return result;
        };
        if let Some(budget) = budget {
            match budget.take(A::ended(&result)) {
                Some(cost) => last_cost = Some(cost),
                None => {
                    tracing::warn!(
                        operation,
                        attempt = number,
                        "not retrying: the client's retry budget is spent"
                    );
                    crate::call::retry_budget_spent();
                    return result;
                }
            }
        }
        tracing::debug!(
            operation,
            attempt = number,
            delay_ms = delay.as_millis() as u64,
            "retrying"
        );
        tokio::time::sleep(delay).await;
        attempts.retrying(&result);
        number += 1;
    }
}

/// Whether a request may be sent again at all, and on what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replay {
    /// Idempotent by HTTP semantics.
    Idempotent,
    /// Not idempotent, but deduplicated by the server by its idempotency key.
    Keyed,
    /// Not idempotent and without a key: never retried.
    Never,
}

impl Replay {
    pub(crate) fn of(method: &Method, has_idempotency_key: bool) -> Self {
        match *method {
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::TRACE => {
                Replay::Idempotent
            }
            _ if has_idempotency_key => Replay::Keyed,
            _ => Replay::Never,
        }
    }

    /// Whether a response with `status` is worth another attempt.
    pub(crate) fn retryable(self, status: StatusCode) -> bool {
        match self {
            Replay::Idempotent => {
                matches!(status.as_u16(), 408 | 423 | 429 | 500 | 502 | 503 | 504)
            }
            // A 500 may come after the booking was made; the idempotency key
            // makes a repeat safe, but the vendor's own client does not retry
            // it: only where the policy asks (`RetryPolicy::retries_status`).
            Replay::Keyed => matches!(status.as_u16(), 423 | 429 | 502 | 503 | 504),
            Replay::Never => false,
        }
    }

    /// Whether a transport error is worth another attempt: no connection, no
    /// answer in time, or a body that could not be read to its end (the
    /// connection dropped mid-body); never a body over the size cap.
    pub(crate) fn retries_error(self, error: &reqwest::Error) -> bool {
        // An answer over the body size cap would be as large again.
        self != Replay::Never
            && crate::body::find_too_large(error).is_none()
            && (error.is_connect()
                || error.is_timeout()
                || error.is_request()
                || error.is_body()
                || error.is_decode())
    }
}

/// The moment `span` after `now`, or a century on where that would pass
/// the clock's range: a policy of `Duration::MAX` means "no deadline", not
/// a panic.
pub(crate) fn deadline_after(now: tokio::time::Instant, span: Duration) -> tokio::time::Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);
    now.checked_add(span)
        .unwrap_or_else(|| now + CENTURY.min(span))
}

/// The wait a response asks for in `Retry-After`: whole seconds, or an HTTP
/// date (a date past is no wait). Anything else counts as absent, as curl
/// and the browsers do: a negative or fractional number, garbage, and
/// several `Retry-After` headers that disagree. A huge number is kept as
/// it is; the policy's cap decides what to do with it.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let mut values = headers.get_all(RETRY_AFTER).iter();
    let first = values.next()?;
    if values.any(|other| other != first) {
        return None;
    }
    let value = first.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is still "a very long wait".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(12));
        headers.insert(RETRY_AFTER, later.parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(12)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(12));
        headers.insert(RETRY_AFTER, past.parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn absurd_retry_after_values_are_absent_or_a_long_wait_never_a_panic() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let one = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, value.parse().unwrap());
            retry_after(&headers, now)
        };
        for garbage in [
            "-5",
            "-0",
            "+5",
            "1.5",
            "1e3",
            "",
            "5 s",
            "0x10",
            "Tue, 99 Foo",
        ] {
            assert_eq!(one(garbage), None, "{garbage:?}");
        }
        assert_eq!(
            one("1000000000000"),
            Some(Duration::from_secs(1_000_000_000_000))
        );
        assert_eq!(
            one("99999999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(one("Thu, 01 Jan 1970 00:00:00 GMT"), Some(Duration::ZERO));

        let mut several = HeaderMap::new();
        several.append(RETRY_AFTER, "1".parse().unwrap());
        several.append(RETRY_AFTER, "3600".parse().unwrap());
        assert_eq!(retry_after(&several, now), None, "disagreeing values");
        let mut same = HeaderMap::new();
        same.append(RETRY_AFTER, "2".parse().unwrap());
        same.append(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_after(&same, now), Some(Duration::from_secs(2)));
    }

    #[test]
    fn no_wait_or_deadline_overflows_the_clock() {
        let now = tokio::time::Instant::now();
        assert!(deadline_after(now, Duration::MAX) > now);
        assert_eq!(
            deadline_after(now, Duration::from_secs(5)),
            now + Duration::from_secs(5)
        );
        // A policy that allows any Retry-After, and a server that asks for
        // the longest one: the wait is refused, not added to the clock.
        let policy = RetryPolicy::default().with_max_retry_after(Duration::MAX);
        let deadline = deadline_after(now, Duration::from_secs(60));
        assert_eq!(
            policy.wait_before_retry(1, Some(Duration::from_secs(u64::MAX)), deadline),
            None
        );
        let unbounded = deadline_after(now, Duration::MAX);
        assert!(
            policy
                .wait_before_retry(1, Some(Duration::from_secs(u64::MAX)), unbounded)
                .is_none()
        );
    }

    #[test]
    fn delays_are_jittered_below_an_exponential_ceiling_and_a_long_retry_after_ends_the_call() {
        let policy = RetryPolicy::default()
            .with_backoff(Duration::from_millis(100), Duration::from_millis(350))
            .with_max_retry_after(Duration::from_secs(2));
        let backoff = |retry| policy.delay(retry, None).unwrap();
        for _ in 0..200 {
            assert!(backoff(1) <= Duration::from_millis(100));
            assert!(backoff(2) <= Duration::from_millis(200));
            assert!(backoff(3) <= Duration::from_millis(350));
            assert!(backoff(30) <= Duration::from_millis(350));
        }
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(1))),
            Some(Duration::from_secs(1))
        );
        // Longer than allowed: no early retry, the caller gets the answer.
        assert_eq!(policy.delay(1, Some(Duration::from_secs(60))), None);
    }

    #[test]
    fn a_retry_waits_only_with_attempts_and_time_left() {
        let policy = RetryPolicy::default().with_max_attempts(3);
        let later = tokio::time::Instant::now() + Duration::from_secs(10);
        let asked = Some(Duration::from_secs(1));
        assert_eq!(policy.wait_before_retry(1, asked, later), asked);
        assert_eq!(policy.wait_before_retry(2, asked, later), asked);
        // No attempts left.
        assert_eq!(policy.wait_before_retry(3, asked, later), None);
        // The wait would end past the deadline.
        let soon = tokio::time::Instant::now() + Duration::from_millis(500);
        assert_eq!(policy.wait_before_retry(1, asked, soon), None);
        // More than the policy allows a server to ask for.
        assert_eq!(
            policy.wait_before_retry(1, Some(Duration::from_secs(31)), later),
            None
        );
    }

    #[test]
    fn which_statuses_each_kind_of_request_retries() {
        let retried = |replay: Replay| -> Vec<u16> {
            [400, 401, 404, 408, 409, 422, 423, 429, 500, 502, 503, 504]
                .into_iter()
                .filter(|s| replay.retryable(StatusCode::from_u16(*s).unwrap()))
                .collect()
        };
        assert_eq!(
            retried(Replay::Idempotent),
            [408, 423, 429, 500, 502, 503, 504]
        );
        assert_eq!(retried(Replay::Keyed), [423, 429, 502, 503, 504]);
        assert_eq!(retried(Replay::Never), Vec::<u16>::new());
        assert_eq!(Replay::of(&Method::GET, false), Replay::Idempotent);
        assert_eq!(Replay::of(&Method::POST, true), Replay::Keyed);
        assert_eq!(Replay::of(&Method::DELETE, false), Replay::Never);
    }
}
