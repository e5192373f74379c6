//! Every booking, across pages: a `Stream` over `list_bookings` that follows
//! the Laravel-style `links.next` until it is null, through the same hooks
//! (token, retries) as every call. It follows links only to the configured
//! API origin, so the access token never goes to another host.

use std::collections::VecDeque;

use futures_util::Stream;
use futures_util::stream;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::Url;
use reqwest::header::{ACCEPT, HeaderValue};

use crate::types::{ApiError, Booking, BookingList};
use crate::{Client, Error};

const OPERATION: &str = "list_bookings";

enum Next {
    First,
    Page(Url),
    /// The last page linked somewhere it must not go: its bookings are
    /// yielded first, then this error.
    Refused(Error),
    Done,
}

impl Client {
    /// Every booking of a partner, page after page, in the API's order.
    ///
    /// Each page is one `list_bookings` call with the client's auth and
    /// retries. A `links.next` that points at another host than the base URL
    /// ends the stream with [`Error::InvalidRequest`](progenitor_client::Error::InvalidRequest)
    /// before anything is sent there.
    pub fn bookings<'a>(
        &'a self,
        partner_id: &'a str,
    ) -> impl Stream<Item = Result<Booking, Error>> + Send + 'a {
        stream::try_unfold(
            (Next::First, VecDeque::<Booking>::new()),
            move |(mut next, mut buffer)| async move {
                loop {
                    if let Some(booking) = buffer.pop_front() {
                        return Ok(Some((booking, (next, buffer))));
                    }
                    let page = match next {
                        Next::Done => return Ok(None),
                        Next::Refused(error) => return Err(error),
                        Next::First => self.list_bookings().partner_id(partner_id).send().await?,
                        Next::Page(url) => self.fetch_page(url).await?,
                    };
                    let page = page.into_inner();
                    next = match page.links.as_ref().and_then(|l| l.next.as_deref()) {
                        Some(link) => match self.same_origin(link) {
                            Ok(url) => Next::Page(url),
                            Err(refusal) => Next::Refused(Error::InvalidRequest(refusal)),
                        },
                        None => Next::Done,
                    };
                    // A page without bookings ends the walk even if it links
                    // on, so a server that loops cannot keep us here.
                    if page.data.is_empty() {
                        next = Next::Done;
                    }
                    buffer.extend(page.data);
                }
            },
        )
    }

    /// A `links.next` URL, if it is on the configured API origin; else why not.
    fn same_origin(&self, link: &str) -> Result<Url, String> {
        let url = Url::parse(link)
            .or_else(|_| self.inner().base_url().join(link))
            .map_err(|e| format!("links.next `{link}` is not a URL: {e}"))?;
        if url.origin() != self.inner().base_url().origin() {
            return Err(format!(
                "refusing to follow links.next to {} (not the API's origin {}): the access token only goes to the API",
                url.origin().ascii_serialization(),
                self.inner().base_url().origin().ascii_serialization()
            ));
        }
        Ok(url)
    }

    /// One `list_bookings` page by its URL, decoded as the generated method
    /// decodes it.
    async fn fetch_page(&self, url: Url) -> Result<ResponseValue<BookingList>, Error> {
        let info = OperationInfo {
            operation_id: OPERATION,
        };
        let mut request = self
            .client()
            .get(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .build()?;
        self.pre(&mut request, &info).await?;
        let response = self.exec(request, &info).await?;
        match response.status().as_u16() {
            200 => ResponseValue::from_response(response).await,
            401 => Err(Error::ErrorResponse(
                ResponseValue::<ApiError>::from_response(response).await?,
            )),
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
}
