"""The process's peak resident memory (Linux /proc), as benches/common/mod.rs reads it for ours, so that each
peer's memory is read beside its time: reset() before an engine's runs, mb() after."""


def reset():
    """Starts a new peak: the kernel resets VmHWM to the current resident size (clear_refs "5", proc(5))."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def mb():
    """Peak resident memory since the start or the last reset(), in MB of 10^6 bytes; None without /proc."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 // 1_000_000
    except OSError:
        pass
    return None
