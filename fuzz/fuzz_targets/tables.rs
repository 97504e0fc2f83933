#![no_main]
// The body is in src/cases.rs, shared with the regression test that replays every saved crash input.
libfuzzer_sys::fuzz_target!(|data: &[u8]| shopscope_fuzz::cases::tables(data));
