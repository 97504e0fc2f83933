// The process's peak resident memory (Linux /proc), as benches/common/mod.rs reads it for the native core, so
// that each engine's memory is read beside its time: resetPeak() before an engine's runs, peakMb() after.
import { readFileSync, writeFileSync } from 'node:fs';

/** Starts a new peak: the kernel resets VmHWM to the current resident size (clear_refs "5", proc(5)). */
export function resetPeak() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux: peakMb() then reports null.
  }
}

/** Peak resident memory since the start or the last resetPeak(), in MB of 10^6 bytes; null without /proc. */
export function peakMb() {
  try {
    const kb = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+)/m);
    return kb ? Math.floor((Number(kb[1]) * 1024) / 1e6) : null;
  } catch {
    return null;
  }
}
