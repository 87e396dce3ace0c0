#![no_main]
//! Extraction and every rule on arbitrary text.
libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::harness::check_arbitrary_text(data));
