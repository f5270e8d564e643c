//! A request refused before its body is read (a read-only token, a missing
//! CSRF header, an unknown token) still has its body on the wire. Closing
//! the connection then would cut the client off mid-send, and it would see
//! "connection reset" instead of the refusal. So the body is shared with
//! the handler, and whatever the handler left unread is read and dropped
//! before the answer goes out (up to the body limit; past it the
//! connection closes as before).

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage};
use futures_util::Stream;
use futures_util::future::poll_fn;

/// The request's body, read by the handler and then by the drain.
struct Shared(Rc<RefCell<Payload>>);

impl Stream for Shared {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_next(cx)
    }
}

fn has_body(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    headers.contains_key(actix_web::http::header::TRANSFER_ENCODING)
        || req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .is_some_and(|n| n > 0)
}

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if !has_body(&req) {
        return next.call(req).await;
    }
    let limit = req
        .app_data::<actix_web::web::Data<super::AppState>>()
        .map_or(5 << 20, |s| s.ctx.settings.max_body_bytes);
    let shared = Rc::new(RefCell::new(req.take_payload()));
    req.set_payload(Payload::from(
        Box::pin(Shared(shared.clone())) as Pin<Box<dyn Stream<Item = _>>>
    ));
    let response = next.call(req).await;
    let mut left = Shared(shared);
    let mut read = 0usize;
    while let Some(Ok(chunk)) = poll_fn(|cx| Pin::new(&mut left).poll_next(cx)).await {
        read += chunk.len();
        if read > limit {
            break;
        }
    }
    response
}
