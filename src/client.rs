//! Everything the hand-written layer adds to the generated [`Client`], in
//! one place: how to make one, checking its credentials, and the bookings
//! stream. The operations themselves are generated (`list_bookings`, ...).

use futures_util::Stream;
use progenitor_client::ClientInfo;

use crate::auth::Credentials;
use crate::config::{ClientBuilder, ConfigError};
use crate::error::TokenError;
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
    /// `XONE_BASE_URL` and `XONE_TOKEN_URL` overriding the defaults if set.
    pub fn from_env() -> Result<Client, ConfigError> {
        ClientBuilder::from_env()?.build()
    }

    /// Gets an access token now (or checks the cached one), so that a
    /// service can fail fast at start-up on bad credentials, with the typed
    /// [`TokenError`] rather than the text an operation carries.
    pub async fn authenticate(&self) -> Result<(), TokenError> {
        self.inner().bearer().await.map(|_| ())
    }

    /// The token endpoint this client uses.
    pub fn token_url(&self) -> &str {
        self.inner().token_url().as_str()
    }

    /// Every booking of a partner, page after page, in the API's order.
    ///
    /// Each page is one `list_bookings` call with the client's auth and
    /// retries. The stream ends with
    /// [`Error::InvalidRequest`](progenitor_client::Error::InvalidRequest),
    /// before anything is sent, when `links.next` points at another origin
    /// or another list, or back to a page already read.
    pub fn bookings<'a>(
        &'a self,
        partner_id: &'a str,
    ) -> impl Stream<Item = Result<Booking, Error>> + Send + 'a {
        paginate::bookings(self, partner_id)
    }
}
