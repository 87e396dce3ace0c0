//! `copydesk serve`: the language server, a thin layer over the engine.
//! Positions and LSP types are converted only in [`convert`].

mod actions;
pub mod catch_panic;
pub mod convert;
pub mod documents;
mod hover;
mod server;
pub mod transport;
pub mod workspace;

pub use server::Backend;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{ClientSocket, LspService, Server};

pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::new(Backend::new)
}

/// Serve LSP over any byte streams (stdio, or an in-process pipe in tests).
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = service();
    Server::new(input, output, socket).serve(catch_panic::CatchPanic::new(service)).await;
}

/// Serve over stdin/stdout until the client exits, behind the framing guard.
pub fn run_stdio() -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let opts = transport::GuardOptions::default();
    rt.block_on(transport::serve_guarded(tokio::io::stdin(), tokio::io::stdout(), opts));
    // A blocking read of stdin may still be pending; do not wait for it.
    rt.shutdown_background();
    Ok(())
}
