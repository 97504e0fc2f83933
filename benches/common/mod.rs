//! Shared by the benches: the process's peak resident memory (Linux `/proc`), so that each engine's memory
//! is read beside its time. The Python and Node benches do the same (benches/peak.py, benches/peak.mjs).
// Each bench compiles this module into its own binary and uses what it needs of it.
#![allow(dead_code)]

/// Starts a new peak: the kernel resets VmHWM to the current resident size (`clear_refs` "5", proc(5)).
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory (VmHWM) since it started or since the last `reset_peak`, in MB of
/// 10^6 bytes; 0 where `/proc` is not there.
pub fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024 / 1_000_000)
}
