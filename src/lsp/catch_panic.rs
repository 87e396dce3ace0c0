//! A panicking request handler must not take the server down: tower-lsp-server
//! polls handler futures inside its own serve loop, so a panic there would
//! unwind through it and end the session. This wraps the service so that a
//! panic while polling a handler becomes an `Internal error` response (or, for
//! a notification, a line on stderr), and the server carries on.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_service::Service;

/// Test hook, debug builds only: `COPYDESK_PANIC_IN_METHOD=<method>` makes
/// that method's handler panic, to show the panic is contained.
pub const PANIC_IN_METHOD_ENV: &str = "COPYDESK_PANIC_IN_METHOD";

pub struct CatchPanic<S> {
    inner: S,
    inject: Option<String>,
}

impl<S> CatchPanic<S> {
    pub fn new(inner: S) -> CatchPanic<S> {
        let inject = if cfg!(debug_assertions) { std::env::var(PANIC_IN_METHOD_ENV).ok() } else { None };
        CatchPanic { inner, inject }
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic")
}

impl<S> Service<Request> for CatchPanic<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Option<Response>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let method = req.method().to_string();
        let id = req.id().cloned();
        let inject = self.inject.as_deref() == Some(method.as_str());
        let inner = self.inner.call(req);
        Box::pin(Guarded { inner: Box::pin(inner), method, id, inject })
    }
}

struct Guarded<F> {
    inner: Pin<Box<F>>,
    method: String,
    id: Option<Id>,
    inject: bool,
}

impl<F, E> Future for Guarded<F>
where
    F: Future<Output = Result<Option<Response>, E>>,
{
    type Output = Result<Option<Response>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let inject = this.inject;
        let polled = catch_unwind(AssertUnwindSafe(|| {
            if inject {
                panic!("injected fault ({PANIC_IN_METHOD_ENV})");
            }
            this.inner.as_mut().poll(cx)
        }));
        match polled {
            Ok(p) => p,
            Err(panic) => {
                let what = panic_message(panic.as_ref());
                eprintln!("copydesk: error: {} failed and was abandoned: {what}", this.method);
                let response = this.id.take().map(|id| {
                    let mut e = Error::internal_error();
                    e.message = format!("copydesk: {} failed: {what}", this.method).into();
                    Response::from_error(id, e)
                });
                Poll::Ready(Ok(response))
            }
        }
    }
}
