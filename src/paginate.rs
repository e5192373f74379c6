//! Every booking of a partner as one stream, page after page (Laravel
//! pagination: each page links to the next in `links.next`). Each page is
//! the generated `list_bookings` call, with `page` read from the link, so
//! every page goes out as the first one does. A link is followed only to the
//! same list on the API's origin, and never back to a page already read.

use std::collections::{BTreeSet, VecDeque};
use std::num::NonZeroU64;

use futures_util::Stream;
use futures_util::stream;
use progenitor_client::ClientInfo;
use reqwest::Url;

use crate::types::Booking;
use crate::{Client, Error};

enum Next {
    Page(Option<NonZeroU64>),
    /// The last page linked somewhere it must not go: its bookings are
    /// yielded first, then this error.
    Refused(String),
    Done,
}

/// The stream behind [`Client::bookings`].
pub(crate) fn bookings<'a>(
    client: &'a Client,
    partner_id: &'a str,
) -> impl Stream<Item = Result<Booking, Error>> + Send + 'a {
    // The first page is page 1 whether or not the request says so.
    let read = BTreeSet::from([NonZeroU64::MIN]);
    stream::try_unfold(
        (Next::Page(None), VecDeque::<Booking>::new(), read),
        move |(mut next, mut buffer, mut read)| async move {
            loop {
                if let Some(booking) = buffer.pop_front() {
                    return Ok(Some((booking, (next, buffer, read))));
                }
                let page = match next {
                    Next::Done => return Ok(None),
                    Next::Refused(why) => return Err(Error::invalid_request("list_bookings", why)),
                    Next::Page(number) => {
                        let call = client.list_bookings().partner_id(partner_id);
                        match number {
                            Some(number) => call.page(number),
                            None => call,
                        }
                        .send()
                        .await?
                        .into_inner()
                    }
                };
                next = match page.links.as_ref().and_then(|l| l.next.as_deref()) {
                    // A page without bookings ends the walk even if it links
                    // on: there is nothing more to read.
                    _ if page.data.is_empty() => Next::Done,
                    None => Next::Done,
                    Some(link) => match next_page(client, partner_id, link) {
                        Ok(number) if read.insert(number) => Next::Page(Some(number)),
                        Ok(number) => Next::Refused(format!(
                            "links.next `{link}` goes back to page {number}, already read: \
                             stopping rather than reading the same pages forever"
                        )),
                        Err(why) => Next::Refused(why),
                    },
                };
                buffer.extend(page.data);
            }
        },
    )
}

/// The page number a `links.next` URL asks for, if it is the same list on
/// the API's origin; else why it is not followed.
fn next_page(client: &Client, partner_id: &str, link: &str) -> Result<NonZeroU64, String> {
    let base = client.inner().base_url();
    let url = Url::parse(link)
        .or_else(|_| base.join(link))
        .map_err(|e| format!("links.next `{link}` is not a URL: {e}"))?;
    if url.origin() != base.origin() {
        return Err(format!(
            "refusing to follow links.next to {} (not the API's origin {}): the access token only goes to the API",
            url.origin().ascii_serialization(),
            base.origin().ascii_serialization()
        ));
    }
    // The path `list_bookings` requests, from the spec (build.rs).
    let template = crate::route::path_template("list_bookings")
        .expect("the spec has list_bookings, which the stream pages through");
    let list = format!(
        "{}{}",
        base.path().trim_end_matches('/'),
        template.replace("{partner_id}", &crate::path::encode(partner_id))
    );
    if url.path() != list {
        return Err(format!(
            "refusing to follow links.next to {}: not this partner's bookings ({list})",
            url.path()
        ));
    }
    let mut page = None;
    for (name, value) in url.query_pairs() {
        match name.as_ref() {
            "page" => page = Some(value.into_owned()),
            other => {
                return Err(format!(
                    "links.next `{link}` has a query parameter the client cannot send: `{other}`"
                ));
            }
        }
    }
    let page = page.ok_or_else(|| format!("links.next `{link}` names no page"))?;
    page.parse::<NonZeroU64>()
        .ok()
        .ok_or_else(|| format!("links.next `{link}` names page `{page}`, not a number from 1"))
}
