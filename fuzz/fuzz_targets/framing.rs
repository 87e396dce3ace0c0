#![no_main]
//! The language server's framing guard on arbitrary bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::harness::deframe_arbitrary(data));
