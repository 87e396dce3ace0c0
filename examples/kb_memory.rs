//! Live heap of a knowledge base, part by part: how much each part of `Kb`
//! holds once built (a counting global allocator; RSS also counts the
//! allocator's slack and freed memory it keeps).
//!
//! `cargo run --release --example kb_memory -- CORPUS_DIR [INDEX_FILE]`
//!
//! With an index file, the knowledge base is loaded from it (built and
//! written first when it is not fresh): what a cache hit keeps on the heap.

use copydesk::cache::{self, CacheFile};
use copydesk::corpus::load::{load_corpus, LoadOptions};
use copydesk::kb::Kb;
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed) + layout.size() as isize;
        PEAK.fetch_max(now.max(0) as usize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn mb(n: isize) -> f64 {
    n as f64 / 1e6
}

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: kb_memory CORPUS_DIR [INDEX_FILE]");
    let roots = [PathBuf::from(dir)];
    let opts = LoadOptions::default();
    let (text, before, mut kb) = match std::env::args().nth(2) {
        Some(index) => {
            let file = CacheFile::at(&PathBuf::from(index));
            let loaded = cache::load(&roots, opts, &file).expect("corpus loads");
            if loaded.dirty {
                cache::save(&file, opts, &loaded.manifest, &loaded.kb).expect("index written");
            }
            println!("index: {} in {:.0} ms", loaded.state.as_str(), loaded.cache_time.as_secs_f64() * 1e3);
            (loaded.corpus_bytes as usize, 0, loaded.kb)
        }
        None => {
            let load = load_corpus(&roots, opts).expect("corpus loads");
            let text: usize = load.docs.iter().map(|d| d.text.len()).sum();
            let before = live();
            (text, before, Kb::from_texts(load.docs))
        }
    };
    let built = live();
    println!(
        "corpus text {:.1} MB; heap before build {:.1} MB, peak during build {:.1} MB, after {:.1} MB",
        text as f64 / 1e6,
        mb(before),
        PEAK.load(Ordering::Relaxed) as f64 / 1e6,
        mb(built)
    );
    let mut part = |name: &str, drop: &mut dyn FnMut(&mut Kb)| {
        let a = live();
        drop(&mut kb);
        println!("  {name:<10} {:>8.1} MB", mb(a - live()));
    };
    part("quotes", &mut |kb| drop(std::mem::take(&mut kb.quotes)));
    part("numbers", &mut |kb| drop(std::mem::take(&mut kb.events.numbers)));
    part("events", &mut |kb| drop(std::mem::take(&mut kb.events)));
    part("roles", &mut |kb| drop(std::mem::take(&mut kb.roles)));
    part("people", &mut |kb| drop(std::mem::take(&mut kb.people)));
    part("name_parts", &mut |kb| drop(std::mem::take(&mut kb.name_parts)));
    part("vocab", &mut |kb| drop(std::mem::take(&mut kb.vocab)));
    part("sources", &mut |kb| drop(std::mem::take(&mut kb.sources)));
    println!("  (sources include their text unless it is mapped from an index)");
}
