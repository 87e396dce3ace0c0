//! Live heap of a knowledge base, part by part: how much each part of `Kb`
//! holds once built (a counting global allocator; RSS also counts the
//! allocator's slack and freed memory it keeps).
//!
//! `cargo run --release --example kb_memory -- CORPUS_DIR`

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
    let dir = std::env::args().nth(1).expect("usage: kb_memory CORPUS_DIR");
    let load = load_corpus(&[PathBuf::from(dir)], LoadOptions::default()).expect("corpus loads");
    let text: usize = load.docs.iter().map(|d| d.text.len()).sum();
    let before = live();
    let mut kb = Kb::from_texts(load.docs);
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
    println!("  (sources include their text)");
}
