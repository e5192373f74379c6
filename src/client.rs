//! Everything the hand-written layer adds to the generated [`Client`], in
//! one place: how to make one, checking its credentials, and the bookings
//! stream. The operations themselves are generated (`list_bookings`, ...).

use std::time::Duration;

use futures_util::Stream;
use progenitor_client::ClientInfo;

use crate::auth::Credentials;
use crate::config::{ClientBuilder, ConfigError};
use crate::error::TokenError;
use crate::retry::RetryPolicy;
use crate::runtime::Runtime;
use crate::types::Booking;
use crate::{Client, Error, paginate};

impl Client {
    /// Starts configuring a client with these credentials; every other
    /// setting has a default (the spec's server and token URLs). This is the
    /// only way to make a client: its checks (https only, no redirects)
    /// cannot be skipped. The generated constructors are private:
    ///
    /// ```compile_fail,E0624
    /// let client = xone::Client::new("http://attacker.example", unimplemented!());
    /// ```
    ///
    /// ```compile_fail,E0624
    /// let http = reqwest::Client::new();
    /// let client = xone::Client::new_with_client("http://attacker.example", http, unimplemented!());
    /// ```
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(credentials)
    }

    /// A client from `XONE_CLIENT_ID` and `XONE_CLIENT_SECRET`, with
    /// `XONE_BASE_URL` and `XONE_TOKEN_URL` overriding the defaults and
    /// `XONE_PARTNER_ID` giving [`Client::partner_id`], if set. To change
    /// other settings too, start from [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, ConfigError> {
        ClientBuilder::from_env()?.build()
    }

    /// Gets an access token now (or checks the cached one), so that a
    /// service can fail fast at start-up on bad credentials, with the typed
    /// [`TokenError`] rather than the text an operation carries.
    pub async fn authenticate(&self) -> Result<(), TokenError> {
        self.inner().bearer().await.map(|_| ())
    }

    /// A handle to this client whose calls follow `policy` (attempts,
    /// backoff, deadline): for one call that must end sooner, or must not
    /// be retried. It shares the client's token cache and connection pool,
    /// so it costs two small allocations, not a second client.
    pub fn with_retry(&self, policy: RetryPolicy) -> Client {
        self.handle(self.inner().with_retry(policy))
    }

    /// A handle to this client whose requests' attempts each take at most
    /// `timeout` (the builder's [`timeout`](ClientBuilder::timeout) for its
    /// calls); shares the token cache and connection pool like
    /// [`with_retry`](Self::with_retry). Token requests keep the client's
    /// own timeout, but a call waits for its token only within its deadline.
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        self.handle(self.inner().with_timeout(timeout))
    }

    /// A handle to this client whose requests carry `name: value` (replacing
    /// a [`default_header`](ClientBuilder::default_header) of the same
    /// name), for one call or a scope: a tenant, a correlation id. Shares
    /// the token cache and connection pool like [`with_retry`](Self::with_retry).
    /// A header the client owns, or a value with a control character, is
    /// refused, naming the header.
    pub fn with_header(&self, name: &str, value: &str) -> Result<Client, ConfigError> {
        let (name, value) =
            crate::headers::checked(name, value).map_err(ConfigError::InvalidHeader)?;
        Ok(self.handle(self.inner().with_header(name, value)))
    }

    /// The retry policy this client's calls follow.
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.inner().retry()
    }

    /// The partner id the client was built with
    /// ([`ClientBuilder::partner_id`], or `XONE_PARTNER_ID`), if any.
    pub fn partner_id(&self) -> Option<&str> {
        self.inner().partner_id()
    }

    fn handle(&self, runtime: Runtime) -> Client {
        Client::new_with_client(self.baseurl(), self.client().clone(), runtime)
    }

    /// The token endpoint this client uses.
    pub fn token_url(&self) -> &str {
        self.inner().token_url().as_str()
    }

    /// Every booking of a partner, page after page, in the API's order.
    ///
    /// Each page is one `list_bookings` call with the client's auth and
    /// retries. The stream ends with
    /// an [`Error`] of kind [`InvalidRequest`](crate::ErrorKind::InvalidRequest),
    /// before anything is sent, when `links.next` points at another origin
    /// or another list, or back to a page already read.
    pub fn bookings<'a>(
        &'a self,
        partner_id: &'a str,
    ) -> impl Stream<Item = Result<Booking, Error>> + Send + 'a {
        paginate::bookings(self, partner_id)
    }
}
