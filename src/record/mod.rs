//! Records: one line of bytes read into timestamp, level, origin and message.
//!
//! This module owns format detection (once per source, from its first lines) and the per-line
//! parsers. It must not join lines into events (that is `event`), count anything (`summary`) or
//! allocate on the hot path for the common case: a `Record` borrows from the line it was read from.

mod level;
mod time;

use std::borrow::Cow;

pub use level::Level;
pub use time::{TimeContext, Timestamp};

/// One line as culprit read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// When the line was written, normalised to UTC; `None` where the line carries no time.
    pub timestamp: Option<Timestamp>,
    /// Normalised level; `None` where the line carries none.
    pub level: Option<Level>,
    /// Where the line came from: unit, service, logger, component or host.
    pub origin: Option<Cow<'a, [u8]>>,
    /// The message part: what is left once the header fields are taken off.
    pub message: Cow<'a, [u8]>,
    /// True when the line had the header of its format (timestamp, level, ...). A line of a
    /// headed format without one (an indented stack frame, say) is a continuation candidate for
    /// the event stage.
    pub header: bool,
    /// True for lines that only describe the log itself (journalctl's `-- Boot … --`,
    /// `-- No entries --`): counted as lines, never as events.
    pub meta: bool,
}

impl<'a> Record<'a> {
    /// A record that is all message: no header was recognised.
    pub fn plain(line: &'a [u8]) -> Record<'a> {
        Record {
            timestamp: None,
            level: None,
            origin: None,
            message: Cow::Borrowed(line),
            header: false,
            meta: false,
        }
    }
}

/// The layouts culprit can read. `name()` is what reports and `--input-format` call them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Each whole line is the message; nothing is parsed.
    Raw,
}

impl Format {
    /// Every format, in the order `--input-format` lists them.
    pub const ALL: &'static [Format] = &[Format::Raw];

    pub fn name(self) -> &'static str {
        match self {
            Format::Raw => "raw",
        }
    }

    /// True for layouts where every entry starts with a header of its own (syslog, log4j,
    /// JSON lines ...): there a line without a header continues the entry before it. False for
    /// layouts that give every output line the same prefix or none (raw text, `journalctl -o
    /// cat`, CI runner output, container wrappers): there only the shape of a line (indentation,
    /// stack frames) joins it to the one before.
    pub fn headed(self) -> bool {
        match self {
            Format::Raw => false,
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// Reads the lines of one source. Cheap to clone: each worker thread gets its own copy, so that
/// parsing needs no locks.
#[derive(Debug, Clone)]
pub struct Parser {
    format: Format,
    time: TimeContext,
}

impl Parser {
    pub fn new(format: Format, time: TimeContext) -> Parser {
        Parser { format, time }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Reads one line (without its `\n`; a trailing `\r` may still be there). The record borrows
    /// from the line, or owns what had to be rewritten (unescaped JSON, stripped colour codes).
    pub fn parse<'a>(&mut self, line: &'a [u8]) -> Record<'a> {
        let _ = &mut self.time;
        match self.format {
            Format::Raw => Record::plain(line),
        }
    }
}

/// Picks the format of a source from its first lines (`sample`, without their `\n`).
pub fn detect(sample: &[&[u8]]) -> Format {
    let _ = sample;
    Format::Raw
}
