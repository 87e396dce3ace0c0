//! The threads a draft is checked on: a small pool of its own, apart from
//! rayon's global pool. Indexing fills the global pool for seconds to
//! minutes; a check run there would wait behind it (the language server
//! checks edits with the old knowledge base while a corpus change is
//! re-indexed).

use std::sync::OnceLock;

fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        rayon::ThreadPoolBuilder::new().num_threads(threads).thread_name(|i| format!("copydesk-check-{i}")).build().ok()
    })
    .as_ref()
}

/// Run `a` and `b` side by side on the check pool (one after the other
/// when it could not be made).
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    match pool() {
        Some(p) => p.install(|| rayon::join(a, b)),
        None => (a(), b()),
    }
}

/// `f` applied to each item on the check pool, results in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Send + Sync) -> Vec<R> {
    use rayon::prelude::*;
    match pool() {
        Some(p) => p.install(|| items.par_iter().map(&f).collect()),
        None => items.iter().map(f).collect(),
    }
}
