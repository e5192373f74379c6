//! The retry budget: a token bucket of retries that a client and all its
//! handles share, so that when the API degrades a fleet of replicas does
//! not multiply its load by the policy's attempts (a retry storm). It
//! works as aws-sdk-rust's standard retry quota: a retry costs 5 tokens (10
//! after a timeout, which holds a connection longest), a call that
//! succeeds on its first attempt puts 1 back, and one that succeeds after
//! retries puts back what its last retry cost; with too few tokens left,
//! the call is not retried and its error says why. The bucket starts full.

use std::sync::Mutex;

/// What one retry costs.
pub(crate) const RETRY_COST: u32 = 5;
/// What a retry after a timeout costs.
pub(crate) const TIMEOUT_RETRY_COST: u32 = 10;
/// What a first-attempt success puts back.
const SUCCESS_REFUND: u32 = 1;

/// How a call's last attempt ended, for the bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ended {
    Success,
    Timeout,
    Other,
}

/// One client's bucket.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    capacity: u32,
    left: Mutex<u32>,
}

impl RetryBudget {
    /// A full bucket of `capacity` tokens.
    pub(crate) fn new(capacity: u32) -> Self {
        RetryBudget {
            capacity,
            left: Mutex::new(capacity),
        }
    }

    fn left(&self) -> std::sync::MutexGuard<'_, u32> {
        // A plain counter: a panic elsewhere cannot leave it inconsistent.
        self.left.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes what a retry after `ended` costs, if the bucket holds it;
    /// returns the cost taken, or `None` (no retry).
    pub(crate) fn take(&self, ended: Ended) -> Option<u32> {
        let cost = match ended {
            Ended::Timeout => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        };
        let mut left = self.left();
        let rest = left.checked_sub(cost)?;
        *left = rest;
        Some(cost)
    }

    /// A call succeeded: after retries whose last cost `last_cost`, that
    /// cost comes back; on its first attempt, one token.
    pub(crate) fn succeeded(&self, last_cost: Option<u32>) {
        let refund = last_cost.unwrap_or(SUCCESS_REFUND);
        let mut left = self.left();
        *left = left.saturating_add(refund).min(self.capacity);
    }

    /// Tokens left.
    #[cfg(test)]
    pub(crate) fn tokens(&self) -> u32 {
        *self.left()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_spend_the_bucket_successes_refill_it_and_it_never_overflows() {
        let budget = RetryBudget::new(12);
        assert_eq!(budget.take(Ended::Other), Some(5));
        assert_eq!(budget.take(Ended::Other), Some(5));
        assert_eq!(budget.tokens(), 2);
        assert_eq!(budget.take(Ended::Other), None, "2 left, a retry costs 5");
        budget.succeeded(Some(5));
        assert_eq!(budget.tokens(), 7);
        assert_eq!(
            budget.take(Ended::Timeout),
            None,
            "a timeout's retry costs 10"
        );
        for _ in 0..100 {
            budget.succeeded(None);
        }
        assert_eq!(budget.tokens(), 12, "never above its capacity");
        assert_eq!(budget.take(Ended::Timeout), Some(10));
    }
}
