//! A progress bar on stderr, for work that takes more than a moment.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::source::{Input, InputKind};

/// Shown only when stderr is a terminal, and only once the work has run for
/// [`Progress::DELAY`]: a quick run prints nothing.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    base: std::sync::atomic::AtomicU64,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(400);

    pub(crate) fn new(enabled: bool, inputs: &[Input]) -> Progress {
        let bar = enabled.then(|| {
            let total: Option<u64> = inputs
                .iter()
                .map(|i| match &i.kind {
                    InputKind::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
                    InputKind::Stdin => None,
                })
                .sum();
            match total {
                Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::hidden())
                    .with_style(
                        ProgressStyle::with_template(
                            "{spinner} reading {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    ),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
                    .with_style(
                        ProgressStyle::with_template("{spinner} reading {bytes} ({bytes_per_sec})")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    ),
            }
        });
        Progress {
            bar,
            start: Instant::now(),
            base: Default::default(),
        }
    }

    /// `source_bytes`: bytes read so far of the current source.
    pub(crate) fn advance(&self, source_bytes: u64) {
        let Some(bar) = &self.bar else { return };
        if bar.is_hidden() && self.start.elapsed() >= Self::DELAY {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        let _ = source_bytes;
        bar.set_position(self.base.load(std::sync::atomic::Ordering::Relaxed) + source_bytes);
    }

    /// A source ended after `bytes`.
    pub(crate) fn source_done(&self, bytes: u64) {
        self.base
            .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
