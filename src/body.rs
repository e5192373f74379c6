//! Reading an answer's body within a size cap. A server may send any amount,
//! with any `Content-Length` or none; the client holds at most the cap. The
//! body is read through [`Capped`], which counts what arrives and fails the
//! read as soon as the count passes the cap, so the rest is never read and
//! the connection is dropped rather than drained. API answers and token
//! answers share it.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use reqwest::{Response, ResponseBuilderExt};

/// The default cap on one answer's body: 8 MiB.
///
/// The API's largest answers are pages of bookings: a page of 100 bookings
/// (the benchmark's) is about 67 KB, so the cap leaves some 125 times that,
/// while a thousand calls in flight against a hostile server still hold at
/// most 8 GiB rather than whatever it sends until the deadline.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 8 * 1024 * 1024;

/// An answer whose body was larger than the client's cap
/// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)).
/// Found behind an operation's
/// [`Error`](crate::Error) of kind [`BodyTooLarge`](crate::ErrorKind::BodyTooLarge)
/// by [`Error::body_too_large`](crate::Error::body_too_large). Such an answer is not retried: it
/// would be as large again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the answer to `{operation}` is larger than the client's body size cap of {limit} bytes \
     ({announced}); it was not read further and the connection was dropped"
)]
pub struct BodyTooLarge {
    operation: String,
    limit: u64,
    announced: Announced,
}

/// What the answer's headers said of its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Announced(Option<u64>);

impl std::fmt::Display for Announced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(length) => write!(f, "Content-Length: {length}"),
            None => f.write_str("no Content-Length"),
        }
    }
}

impl BodyTooLarge {
    /// The operation whose answer it was (`list_bookings`, ...; `token` for
    /// the token endpoint).
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The cap in bytes.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The `Content-Length` the server announced, if it sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.announced.0
    }
}

/// The `T` in `error`'s chain of causes, if any.
pub(crate) fn find_cause<'a, T: std::error::Error + 'static>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        cause = error.source();
    }
    None
}

/// The [`BodyTooLarge`] in `error`'s chain of causes, if any.
pub(crate) fn find_too_large<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a BodyTooLarge> {
    find_cause(error)
}

/// `response`'s head and its whole body, read within `limit` bytes. Over
/// the limit (announced or counted), the read fails with a transport error
/// whose cause is [`BodyTooLarge`], before more than `limit` bytes are held.
pub(crate) async fn read_capped(
    response: Response,
    limit: u64,
    operation: &str,
) -> reqwest::Result<(http::response::Parts, Bytes)> {
    let url = response.url().clone();
    let (parts, body) = http::Response::<reqwest::Body>::from(response).into_parts();
    let capped = Capped {
        inner: body,
        left: limit,
        too_large: Some(BodyTooLarge {
            operation: operation.to_string(),
            limit,
            announced: Announced(announced_length(&parts.headers)),
        }),
    };
    // Read through reqwest, so that every failure (a timeout, a body cut
    // short, the cap) is the `reqwest::Error` the generated client carries.
    let reading = http::Response::builder()
        .url(url)
        .body(reqwest::Body::wrap(capped))
        .expect("an empty head is valid");
    let bytes = Response::from(reading).bytes().await?;
    Ok((parts, bytes))
}

fn announced_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// A body that fails once more than `left` bytes have come, or at once
/// when its size hint already says so.
struct Capped<B> {
    inner: B,
    left: u64,
    /// The error to fail with; taken when it is returned.
    too_large: Option<BodyTooLarge>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<B> Capped<B> {
    fn fail(&mut self) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.too_large.take() {
            // Boxed as itself, so that it is found in the error's causes.
            Some(error) => Poll::Ready(Some(Err(Box::new(error)))),
            None => Poll::Ready(None),
        }
    }
}

impl<B> Body for Capped<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.too_large.is_none() {
            return Poll::Ready(None);
        }
        // A `Content-Length` over the cap: fail before reading a byte.
        if this.inner.size_hint().lower() > this.left {
            return this.fail();
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let size = frame.data_ref().map_or(0, |data| data.len() as u64);
                match this.left.checked_sub(size) {
                    Some(left) => {
                        this.left = left;
                        Poll::Ready(Some(Ok(frame)))
                    }
                    None => this.fail(),
                }
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.too_large.is_none() || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let mut hint = SizeHint::new();
        hint.set_upper(self.left);
        hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: &'static [u8], content_length: Option<usize>) -> Response {
        let mut builder = http::Response::builder().status(200);
        if let Some(length) = content_length {
            builder = builder.header("content-length", length);
        }
        Response::from(builder.body(body).unwrap())
    }

    #[tokio::test]
    async fn a_body_within_the_cap_is_read_whole() {
        let (parts, bytes) = read_capped(response(b"12345", Some(5)), 5, "op")
            .await
            .unwrap();
        assert_eq!(parts.status, 200);
        assert_eq!(&bytes[..], b"12345");
    }

    #[tokio::test]
    async fn a_body_over_the_cap_fails_with_the_operation_and_the_limit() {
        for announced in [Some(6), None] {
            let error = read_capped(response(b"123456", announced), 5, "list_bookings")
                .await
                .unwrap_err();
            let too_large = find_too_large(&error).expect("the cap is the cause");
            assert_eq!(too_large.operation(), "list_bookings");
            assert_eq!(too_large.limit(), 5);
            assert_eq!(too_large.content_length(), announced.map(|n| n as u64));
            let shown = too_large.to_string();
            assert!(
                shown.contains("`list_bookings`") && shown.contains("5 bytes"),
                "{shown}"
            );
        }
    }
}
