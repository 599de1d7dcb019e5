//! Ctrl-C: the first stops reading and lets the run end with what it read; the second ends
//! the process at once.
//!
//! The reader checks a cancel flag between chunks ([`crate::engine::Options::cancel`]), so a
//! stop takes effect within one chunk. The commands then decide what to show: a person at a
//! terminal gets the report of what was read, marked as partial; a data format (JSON, JSONL,
//! HTML, ...) gets nothing, since a partial document would be read as a whole one. Either way
//! the exit status is 130, as shells report a command stopped by SIGINT.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static WATCHED: Mutex<Vec<Arc<AtomicBool>>> = Mutex::new(Vec::new());
static INSTALLED: OnceLock<bool> = OnceLock::new();

/// The exit status after Ctrl-C.
pub const EXIT: u8 = 130;

/// Sets `cancel` when the user presses Ctrl-C (installing the handler on first use).
pub fn watch(cancel: Arc<AtomicBool>) {
    INSTALLED.get_or_init(|| {
        ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                // A second Ctrl-C: the user wants out now.
                std::process::exit(i32::from(EXIT));
            }
            if let Ok(flags) = WATCHED.lock() {
                for f in flags.iter() {
                    f.store(true, Ordering::SeqCst);
                }
            }
        })
        .is_ok()
    });
    if let Ok(mut flags) = WATCHED.lock() {
        flags.push(cancel);
    }
}

/// Whether Ctrl-C was pressed.
pub fn happened() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// The note a partial human report carries.
pub fn note(lines: u64) -> String {
    format!(
        "interrupted (Ctrl-C): this report covers only the first {} lines read",
        crate::report::human::thousands(lines)
    )
}
