//! Ctrl-C: the first stops reading and lets the run end with what it read; the second ends
//! the process at once.
//!
//! The reader checks a cancel flag between chunks ([`crate::engine::Options::cancel`]), so a
//! stop takes effect within one chunk. The commands then decide what to show: a person at a
//! terminal gets the report of what was read, marked as partial; a data format (JSON, JSONL,
//! HTML, ...) gets nothing, since a partial document would be read as a whole one. Either way
//! the exit status is 130, as shells report a command stopped by SIGINT.
//!
//! The flags are set in the signal handler itself (signal-hook's flag actions, async-signal
//! safe), not on a thread woken by it: a Ctrl-C pressed as the input ends is seen by the check
//! that decides the exit status, where a handler thread might not yet have run. Once that check
//! has begun ([`settle`]), a Ctrl-C ends the process with 130 at once, so none is lost between
//! the check and the exit.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use signal_hook::consts::SIGINT;

/// Set by the first Ctrl-C.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Set when the exit status is being decided: from then on a Ctrl-C exits at once.
static SETTLING: AtomicBool = AtomicBool::new(false);
/// Whether the handler is installed.
static INSTALLED: OnceLock<bool> = OnceLock::new();

/// The exit status after Ctrl-C.
pub const EXIT: u8 = 130;

fn install() -> bool {
    *INSTALLED.get_or_init(|| {
        use signal_hook::flag::{register, register_conditional_shutdown};
        let status = i32::from(EXIT);
        // In the order they run on each Ctrl-C: the exits first, so that they see the flags as
        // the Ctrl-C before left them.
        register_conditional_shutdown(SIGINT, status, &INTERRUPTED).is_ok()
            && register_conditional_shutdown(SIGINT, status, &SETTLING).is_ok()
            && register(SIGINT, &INTERRUPTED).is_ok()
    })
}

/// Sets `cancel` when the user presses Ctrl-C (installing the handler on first use), or now if
/// one was pressed already.
pub fn watch(cancel: Arc<AtomicBool>) {
    if install() {
        // (A failed registration leaves this run uncancellable, as without a handler.)
        let _ = signal_hook::flag::register(SIGINT, Arc::clone(&cancel));
    }
    if happened() {
        cancel.store(true, Ordering::SeqCst);
    }
}

/// Whether Ctrl-C was pressed.
pub fn happened() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Whether Ctrl-C was pressed, as the last word on the exit status: a Ctrl-C after this call
/// ends the process with [`EXIT`] at once.
pub fn settle() -> bool {
    SETTLING.store(true, Ordering::SeqCst);
    happened()
}

/// The note a partial human report carries.
pub fn note(lines: u64) -> String {
    format!(
        "interrupted (Ctrl-C): this report covers only the first {} lines read",
        crate::report::human::thousands(lines)
    )
}
