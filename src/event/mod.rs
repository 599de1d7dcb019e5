//! Events: consecutive records joined when they belong together.
//!
//! A Java stack trace, a Python traceback, a Go panic with its goroutine dump, a Rust panic with
//! its backtrace, or a message with indented continuation lines is one event with a first and a
//! last line. This module owns the joining rules and nothing else: it does not parse lines
//! (`record`) or count events (`summary`).
//!
//! Joining is a small state machine fed one record at a time. Chunks are processed in parallel,
//! so a worker starts its chunk at a *sync point*: a line that starts a new event whatever state
//! the machine was in ([`is_sync_point`]). The lines before it are handed to the merge, which
//! feeds them to the state carried over from the previous chunk. That is what makes the result
//! the same for every chunk size and thread count.

use std::borrow::Cow;

use crate::record::{Level, Record, Timestamp};

/// What shape of multi-line event this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// One line, or a line with indented continuation lines.
    Plain,
    /// A JVM exception with `at …` frames and `Caused by:` chains.
    JavaTrace,
    /// A Python `Traceback (most recent call last):` block.
    PythonTraceback,
    /// A Go `panic:` or `fatal error:` with goroutine traces.
    GoPanic,
    /// A Rust `thread '…' panicked at` block.
    RustPanic,
    /// What Node.js prints when an uncaught error ends it: where it was thrown, the source
    /// line with a caret under it, the error and its stack.
    NodeCrash,
}

impl EventKind {
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Plain => "plain",
            EventKind::JavaTrace => "java-trace",
            EventKind::PythonTraceback => "python-traceback",
            EventKind::GoPanic => "go-panic",
            EventKind::RustPanic => "rust-panic",
            EventKind::NodeCrash => "node-crash",
        }
    }
}

/// One event. Line numbers are 1-based lines of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    pub line: u64,
    pub end_line: u64,
    pub timestamp: Option<Timestamp>,
    pub level: Option<Level>,
    pub origin: Option<Cow<'a, [u8]>>,
    /// What the event says: its first record's message; for a Python traceback the final
    /// `XxxError: …` line; for a Rust panic the panic message.
    pub message: Cow<'a, [u8]>,
    pub kind: EventKind,
    /// The likely root exception: the deepest `Caused by:` of a Java trace, the first
    /// exception of a chained Python traceback.
    pub root: Option<Cow<'a, [u8]>>,
}

impl Event<'_> {
    pub fn into_owned(self) -> Event<'static> {
        Event {
            line: self.line,
            end_line: self.end_line,
            timestamp: self.timestamp,
            level: self.level,
            origin: self.origin.map(|o| Cow::Owned(o.into_owned())),
            message: Cow::Owned(self.message.into_owned()),
            kind: self.kind,
            root: self.root.map(|r| Cow::Owned(r.into_owned())),
        }
    }
}

/// Where the joining state machine is inside the open event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A plain event: only indented lines (and, in headed formats, header-less lines) join it.
    Plain,
    /// Inside a JVM trace.
    Java,
    /// After Android's `FATAL EXCEPTION: main`: its `Process: …` line, then the exception.
    AndroidHeader,
    /// Inside a Python traceback, before its final exception line.
    PythonFrames,
    /// After a Python traceback's final line: a chain marker may still follow.
    PythonDone,
    /// After `The above exception …` / `During handling …`: waits for the next `Traceback`.
    PythonChain,
    /// Inside a Go panic or goroutine dump.
    Go,
    /// Right after `thread '…' panicked at …:`, whose message is the next line.
    RustMessage,
    /// Inside a Rust panic block after its message.
    Rust,
    /// Right after Node.js's `/app/server.js:42`: the source line comes next.
    NodeCode,
    /// After the line that may be the source line, which is held: only the caret under it
    /// makes the location a crash report's.
    NodeCaret,
    /// After the caret: the error comes next (empty lines aside).
    NodeThrown,
    /// After the error: its stack, its properties and the `Node.js v20.11.1` line.
    NodeStack,
}

/// Joins records into events. One per worker; the merge carries one across chunk boundaries.
#[derive(Debug, Clone)]
pub struct Joiner<'a> {
    headed: bool,
    /// Header-less lines join by their shape only (`Format::whole_lines`).
    whole_lines: bool,
    state: State,
    open: Option<Event<'a>>,
    /// Indentation of the first frame line of the Python traceback being read: its final
    /// `XxxError: …` line is indented less. (journalctl indents every continuation line to the
    /// message column, so "not indented" is not enough.)
    frame_indent: Option<usize>,
    /// The line after a Node.js location (and its number), held until the next line shows
    /// whether it is the crash report's source line (a caret follows) or a line of its own.
    held: Option<(u64, Record<'a>)>,
}

impl<'a> Joiner<'a> {
    /// `headed`: whether the source's format gives every entry a header of its own
    /// (`Format::headed`).
    pub fn new(headed: bool) -> Joiner<'a> {
        Joiner::with_whole_lines(headed, false)
    }

    /// A joiner for a format: header-less lines of a headed format continue the entry before
    /// them, unless the format's entries are whole lines (`Format::whole_lines`); then, as in
    /// an unheaded format, only their shape joins them, and they take the entry's time.
    pub fn for_format(format: &crate::record::Format) -> Joiner<'a> {
        Joiner::with_whole_lines(format.headed(), format.whole_lines())
    }

    fn with_whole_lines(headed: bool, whole_lines: bool) -> Joiner<'a> {
        Joiner {
            headed,
            whole_lines,
            state: State::Plain,
            open: None,
            frame_indent: None,
            held: None,
        }
    }

    /// Takes the next record (line number `line_no`) and hands every event it completes to
    /// `emit`.
    pub fn feed(&mut self, line_no: u64, rec: Record<'a>, emit: &mut impl FnMut(&Event<'a>)) {
        if rec.meta {
            return;
        }
        if matches!(self.state, State::NodeCode | State::NodeCaret) {
            self.after_location(line_no, rec, emit);
            return;
        }
        self.read(line_no, rec, emit);
    }

    /// A line after a Node.js location: held, joined to the crash report, or read as usual
    /// once the held line is released. Kept out of line (and the only recursion here), so
    /// that [`Joiner::read`] stays inlined where it runs for every line.
    #[cold]
    #[inline(never)]
    fn after_location(&mut self, line_no: u64, rec: Record<'a>, emit: &mut impl FnMut(&Event<'a>)) {
        if self.node_source(line_no, &rec, emit) {
            return;
        }
        // Releasing a held line that is itself a location starts over.
        if matches!(self.state, State::NodeCode | State::NodeCaret) {
            self.after_location(line_no, rec, emit);
        } else {
            self.read(line_no, rec, emit);
        }
    }

    /// Reads a line in any state but those after a Node.js location.
    #[inline(always)]
    fn read(&mut self, line_no: u64, rec: Record<'a>, emit: &mut impl FnMut(&Event<'a>)) {
        let msg: &[u8] = &rec.message;
        let blank = is_blank(msg);
        if rec.header && self.header_continues(&rec) {
            if !blank {
                self.extend(line_no, &rec);
            }
            return;
        }
        if !rec.header && self.open.is_some() {
            if blank {
                // Blank lines neither start nor end events: a Go dump or a chained Python
                // traceback has them inside; elsewhere they only separate.
                return;
            }
            if self.continues(msg) {
                self.extend(line_no, &rec);
                return;
            }
        } else if blank && !rec.header {
            return;
        }
        // A crash report split off an entry of a headed log happened when that entry did:
        // without its time, `--since`/`--until` and the onset would not place it.
        let mut rec = rec;
        if self.headed && !rec.header && rec.timestamp.is_none() {
            rec.timestamp = self.open_timestamp();
        }
        // The event done is handed over where it is, and replaced there by the one starting.
        if let Some(done) = &self.open {
            emit(done);
        }
        self.start(line_no, rec);
    }

    /// The time of the event the last line fed belongs to.
    pub fn open_timestamp(&self) -> Option<Timestamp> {
        self.open.as_ref().and_then(|e| e.timestamp)
    }

    /// The time of line `line_no`, just fed: its event's, or its own while it is held after
    /// a Node.js location (it may yet be a line of its own: a known failure matched in it
    /// happened when it says, for `--since` and `--until`).
    pub fn line_timestamp(&self, line_no: u64) -> Option<Timestamp> {
        match &self.held {
            Some((n, held)) if *n == line_no => held.timestamp.or_else(|| self.open_timestamp()),
            _ => self.open_timestamp(),
        }
    }

    /// Ends the open event (end of a source).
    pub fn finish(&mut self, emit: &mut impl FnMut(&Event<'a>)) {
        self.release(emit);
        if let Some(done) = self.open.take() {
            emit(&done);
        }
        self.state = State::Plain;
    }

    /// The same state, owning its open event, so that it outlives the chunk it was read from.
    pub fn into_owned(self) -> Joiner<'static> {
        Joiner {
            headed: self.headed,
            whole_lines: self.whole_lines,
            state: self.state,
            open: self.open.map(Event::into_owned),
            frame_indent: self.frame_indent,
            held: self.held.map(|(n, r)| (n, r.into_owned())),
        }
    }

    /// A line after a Node.js location (state `NodeCode` or `NodeCaret`): the line after the
    /// location is held; the caret after it makes the open event a crash report, with both
    /// lines in it; any other line releases the held one, which is then read as if the
    /// location were an ordinary line. Returns whether the line was taken (held, skipped or
    /// joined); otherwise it is to be read as usual.
    #[cold]
    fn node_source(
        &mut self,
        line_no: u64,
        rec: &Record<'a>,
        emit: &mut impl FnMut(&Event<'a>),
    ) -> bool {
        // Under journald every line has a header: only the same program's lines count.
        let ours = !rec.header || self.same_source(rec);
        if ours && is_blank(&rec.message) {
            return true;
        }
        if self.state == State::NodeCode {
            if !ours {
                self.state = State::Plain;
                return false;
            }
            self.held = Some((line_no, rec.clone()));
            self.state = State::NodeCaret;
            return true;
        }
        if ours && is_caret_line(&rec.message) {
            self.held = None;
            if let Some(ev) = self.open.as_mut() {
                ev.end_line = line_no;
                ev.kind = EventKind::NodeCrash;
                if ev.level.is_none() {
                    ev.level = Some(Level::Error);
                }
            }
            self.state = State::NodeThrown;
            return true;
        }
        self.release(emit);
        false
    }

    /// Reads the held line (see [`Joiner::node_source`]) after a location that turned out
    /// not to open a crash report.
    fn release(&mut self, emit: &mut impl FnMut(&Event<'a>)) {
        if matches!(self.state, State::NodeCode | State::NodeCaret) {
            self.state = State::Plain;
        }
        if let Some((n, held)) = self.held.take() {
            self.read(n, held, emit);
        }
    }

    fn start(&mut self, line_no: u64, rec: Record<'a>) {
        let msg: &[u8] = &rec.message;
        let (state, kind) = classify_start(msg);
        let mut level = rec.level;
        if level.is_none() && kind != EventKind::Plain {
            level = Some(if kind == EventKind::GoPanic {
                Level::Critical
            } else {
                Level::Error
            });
        }
        let root = if kind == EventKind::JavaTrace && state == State::Java {
            Some(rec.message.clone())
        } else {
            None
        };
        self.state = state;
        self.frame_indent = None;
        self.open = Some(Event {
            line: line_no,
            end_line: line_no,
            timestamp: rec.timestamp,
            level,
            origin: rec.origin,
            message: rec.message,
            kind,
            root,
        });
    }

    /// Whether a line with a header of its own continues the open event: where every line
    /// of a program's output becomes an entry (a JVM's trace under journald, logcat's
    /// `AndroidRuntime` lines), the trace's later lines come from the same origin and have a
    /// trace line's shape. Only shapes [`header_may_continue`] knows count, so that where a
    /// chunk may start does not depend on what came before.
    ///
    /// Runs for every entry: the shape, which most entries fail at their first byte, is
    /// looked at before the origin.
    #[inline(always)]
    fn header_continues(&self, rec: &Record<'a>) -> bool {
        let msg: &[u8] = &rec.message;
        if is_blank(msg) {
            // `prog[pid]: ` between a Go panic and its dump, or in a chained traceback.
            return self.state != State::Plain && self.same_source(rec);
        }
        // Only a trace being read is continued: outside one, an indented line of the same
        // program is an entry of its own (`sudo:   alice : TTY=…`, an indented FATAL line).
        let shaped = match self.state {
            State::Plain | State::RustMessage => false,
            State::Java => {
                is_indented(msg)
                    || msg.starts_with(b"Caused by:")
                    || msg.starts_with(b"Suppressed:")
            }
            State::AndroidHeader => is_android_crash_line(msg),
            State::PythonFrames => is_indented(msg) || is_python_exception_line(msg),
            State::PythonDone => is_python_chain_marker(msg),
            State::PythonChain => msg.starts_with(b"Traceback (most recent call last)"),
            State::Go => is_indented(msg) || is_go_dump_line(msg),
            State::Rust => is_indented(msg) || is_rust_trailer(msg),
            // Read by `node_source`.
            State::NodeCode | State::NodeCaret => false,
            State::NodeThrown => is_js_error_line(msg),
            State::NodeStack => is_indented(msg) || is_node_stack_end(msg),
        };
        shaped && self.same_source(rec)
    }

    /// Whether `rec` comes from the origin of the open event (both known). Levels are not
    /// compared: where they are read from the message's words, a trace's `Caused by: …
    /// FATAL: password authentication failed` would leave the trace.
    #[cold]
    fn same_source(&self, rec: &Record<'a>) -> bool {
        let Some(ev) = &self.open else { return false };
        matches!((&rec.origin, &ev.origin), (Some(a), Some(b)) if a == b)
    }

    /// Whether a header-less, non-blank line continues the open event, given the state.
    fn continues(&self, msg: &[u8]) -> bool {
        if is_indented(msg) {
            return true;
        }
        let by_shape = match self.state {
            State::Java => msg.starts_with(b"Caused by:") || msg.starts_with(b"Suppressed:"),
            State::AndroidHeader => is_android_crash_line(msg),
            State::PythonFrames => true,
            State::PythonDone => is_python_chain_marker(msg),
            State::PythonChain => msg.starts_with(b"Traceback (most recent call last)"),
            State::Go => is_go_dump_line(msg),
            State::RustMessage => true,
            State::Rust => is_rust_trailer(msg),
            // Read by `node_source`.
            State::NodeCode | State::NodeCaret => false,
            State::NodeThrown => is_js_error_line(msg),
            State::NodeStack => is_node_stack_end(msg),
            State::Plain => false,
        };
        // In a headed format a header-less line belongs to the entry before it (a multi-line
        // message), unless it is a crash report of its own.
        by_shape || (self.headed && !self.whole_lines && !is_runtime_crash(msg))
    }

    fn extend(&mut self, line_no: u64, rec: &Record<'a>) {
        let Some(ev) = self.open.as_mut() else { return };
        let second = ev.end_line == ev.line;
        ev.end_line = line_no;
        let msg: &[u8] = &rec.message;
        let trimmed = trim_start(msg);
        if second
            && self.state == State::Plain
            && is_indented(msg)
            && is_dotnet_category(&ev.message)
        {
            // .NET's console logger: `fail: Microsoft.EntityFrameworkCore.Database[20004]`,
            // then the message indented on the next line. The category is the origin.
            if ev.origin.is_none() {
                let category = &ev.message[..ev.message.len() - 1];
                let open = category
                    .iter()
                    .rposition(|&b| b == b'[')
                    .unwrap_or(category.len());
                ev.origin = Some(Cow::Owned(category[..open].to_vec()));
            }
            ev.message = Cow::Owned(trim_end(trimmed).to_vec());
        }
        match self.state {
            State::Java => {
                if let Some(rest) = trimmed.strip_prefix(b"Caused by: ") {
                    ev.root = Some(Cow::Owned(rest.to_vec()));
                }
                if ev.kind == EventKind::Plain && is_java_frame(trimmed) {
                    // The first frame under a logger's line and the exception it printed.
                    ev.kind = EventKind::JavaTrace;
                    if ev.level.is_none() {
                        ev.level = Some(Level::Error);
                    }
                }
            }
            State::Plain => {
                if looks_like_java_exception(trimmed) {
                    // "ERROR request failed" then "java.lang.NullPointerException: …": the
                    // exception the logger printed is the root until a `Caused by:` says
                    // otherwise.
                    ev.root = Some(Cow::Owned(trimmed.to_vec()));
                    self.state = State::Java;
                } else if is_java_frame(trimmed) {
                    // "ERROR boom" followed by "\tat …": a JVM trace under a logger's line.
                    ev.kind = EventKind::JavaTrace;
                    if ev.level.is_none() {
                        ev.level = Some(Level::Error);
                    }
                    self.state = State::Java;
                } else if trimmed.starts_with(b"Traceback (most recent call last)") {
                    ev.kind = EventKind::PythonTraceback;
                    self.state = State::PythonFrames;
                    self.frame_indent = None;
                }
            }
            State::PythonFrames => {
                let indent = msg.len() - trimmed.len();
                let frame_indent = *self.frame_indent.get_or_insert(indent.max(1));
                if indent < frame_indent {
                    // The final `XxxError: message` line: what the traceback says.
                    if ev.kind == EventKind::PythonTraceback && ev.root.is_none() {
                        ev.root = Some(Cow::Owned(trimmed.to_vec()));
                    }
                    ev.message = Cow::Owned(trimmed.to_vec());
                    self.state = State::PythonDone;
                }
            }
            State::PythonDone => {
                if is_python_chain_marker(trimmed) {
                    self.state = State::PythonChain;
                }
            }
            State::PythonChain => {
                if trimmed.starts_with(b"Traceback") {
                    self.state = State::PythonFrames;
                    self.frame_indent = None;
                }
            }
            State::RustMessage => {
                ev.message = Cow::Owned(msg.to_vec());
                self.state = State::Rust;
            }
            State::AndroidHeader => {
                if looks_like_java_exception(trimmed) {
                    // What the crash report says; its `Caused by:` lines say the root.
                    ev.message = Cow::Owned(trimmed.to_vec());
                    ev.root = Some(Cow::Owned(trimmed.to_vec()));
                    self.state = State::Java;
                }
            }
            State::Go | State::Rust => {}
            // Read by `node_source`.
            State::NodeCode | State::NodeCaret => {}
            State::NodeThrown => {
                if is_js_error_line(msg) {
                    // What the crash report says, as a Python traceback's last line does.
                    let t = trim_end(trimmed);
                    let t = t.strip_suffix(b" {").unwrap_or(t);
                    ev.root = Some(Cow::Owned(t.to_vec()));
                    ev.message = Cow::Owned(t.to_vec());
                    self.state = State::NodeStack;
                } else {
                    self.state = State::Plain;
                }
            }
            State::NodeStack => {
                if trimmed.starts_with(b"Node.js v") {
                    self.state = State::Plain;
                }
            }
        }
    }
}

/// Whether the line can only start a new event, whatever state the joiner is in. `prev` is the
/// line before it (the message part of its record), `None` where it is not known (at the
/// start of a chunk). `last_text` is the last line before it that is not blank, `None` where
/// it is not known: blank lines between a header-less line and the line it continues do not
/// part them (`thread 'main' panicked at src/main.rs:5:3:`, an empty line, the panic's
/// message). `rec` is the line's record and `headed` the format's `headed()`.
pub fn is_sync_point(
    rec: &Record<'_>,
    prev: Option<&[u8]>,
    last_text: Option<&[u8]>,
    headed: bool,
) -> bool {
    if rec.meta {
        return false;
    }
    let msg: &[u8] = &rec.message;
    if rec.header {
        // A Python exception line ends a traceback read from lines with headers only right
        // after the traceback's opening or frames (or an empty line among them).
        let after_frames = prev.is_none_or(|p| {
            is_blank(p) || is_indented(p) || p.starts_with(b"Traceback (most recent call last)")
        });
        // Node.js's source line after its location may be any line of the program, and at
        // a chunk's start the line before is not known.
        if last_text.is_none_or(is_script_location) {
            return false;
        }
        return !(header_may_continue(msg) || after_frames && is_python_exception_line(msg));
    }
    if headed {
        return false;
    }
    if is_blank(msg) || is_indented(msg) {
        return false;
    }
    match last_text {
        // What came before the blank lines is in another chunk.
        None if prev.is_some() => return false,
        // A panic's message; the source line after Node.js's `/app/server.js:42`; or, after
        // a traceback's opening or a frame, its final line, whatever its shape
        // (`FileNotFoundError:\t[Errno 2]`).
        Some(text)
            if ends_rust_panic_header(text)
                || is_script_location(text)
                || is_indented(text)
                || text.starts_with(b"Traceback (most recent call last)") =>
        {
            return false
        }
        _ => {}
    }
    !(header_may_continue(msg) || is_python_exception_line(msg))
}

/// Whether a line's message has the shape of a trace's later line in some state of the
/// joiner: indented, `Caused by:`, a Python traceback's exception or chain line, a Go dump's
/// or Rust panic's lines. Whatever came before, a line without this shape does not continue
/// an event by its shape.
fn header_may_continue(msg: &[u8]) -> bool {
    is_blank(msg)
        || is_indented(msg)
        || msg.starts_with(b"Caused by:")
        || msg.starts_with(b"Suppressed:")
        || msg.starts_with(b"Process: ")
        || msg.starts_with(b"Traceback (most recent call last)")
        || is_python_chain_marker(msg)
        || is_python_exception_name_line(msg)
        || is_go_dump_line(msg)
        || is_rust_trailer(msg)
        || is_caret_line(msg)
        || is_js_error_line(msg)
        || is_node_stack_end(msg)
}

/// A Python exception line whose class is named like one (`KeyError: 'user'`,
/// `requests.exceptions.ConnectTimeout: …`, `KeyboardInterrupt`): the test for lines that have
/// a header of their own, where [`is_python_exception_line`] alone would take every one-word
/// message (`request_completed`) for one.
pub(crate) fn is_python_exception_name_line(msg: &[u8]) -> bool {
    if !is_python_exception_line(msg) {
        return false;
    }
    let end = msg.iter().position(|&b| b == b':').unwrap_or(msg.len());
    let name = &msg[..end];
    let class = name.rsplit(|&b| b == b'.').next().unwrap_or(name);
    const SUFFIXES: [&[u8]; 7] = [
        b"Error",
        b"Exception",
        b"Warning",
        b"Interrupt",
        b"Exit",
        b"Timeout",
        b"Iteration",
    ];
    SUFFIXES.iter().any(|suffix| class.ends_with(suffix))
        || name.windows(12).any(|w| w == b".exceptions.")
}

/// Whether a header-less line in a headed format opens a crash report that is not part of
/// the entry before it: what a runtime prints when a program dies (a Go panic or goroutine
/// dump, a Rust panic, the JVM's `Exception in thread "main" …`) follows whatever the
/// program logged last (`kubectl logs --previous` of a crashed pod). A Python traceback or
/// a bare Java exception line is what loggers print under their own line, at any level
/// (`logger.info("retrying", exc_info=True)`), so it still joins the entry above.
///
/// Rarely called (header-less lines of headed formats), and kept out of line so that the
/// event start's own reading stays inlined where it runs for every entry.
#[inline(never)]
fn is_runtime_crash(msg: &[u8]) -> bool {
    match classify_start(msg) {
        (State::NodeCode, _) => true,
        (_, EventKind::GoPanic | EventKind::RustPanic | EventKind::NodeCrash) => true,
        (_, EventKind::JavaTrace) => msg.starts_with(b"Exception in thread "),
        (_, EventKind::Plain | EventKind::PythonTraceback) => false,
    }
}

/// Which event a line starts, and the state the joiner is in after it. Inlined (as is
/// [`looks_like_java_exception`]): it runs for every event start, where calls of their own
/// cost 1% of the run.
#[inline(always)]
fn classify_start(msg: &[u8]) -> (State, EventKind) {
    let t = trim_start(msg);
    // Runs on every event start: the first byte picks the one opening worth comparing.
    let opening = match t.first() {
        Some(b'T') if t.starts_with(b"Traceback (most recent call last)") => {
            Some((State::PythonFrames, EventKind::PythonTraceback))
        }
        Some(b'p') if t.starts_with(b"panic: ") => Some((State::Go, EventKind::GoPanic)),
        Some(b'f') if t.starts_with(b"fatal error: ") => Some((State::Go, EventKind::GoPanic)),
        Some(b'g') if t.starts_with(b"goroutine ") => Some((State::Go, EventKind::GoPanic)),
        Some(b'F') if t.starts_with(b"FATAL EXCEPTION: ") => {
            Some((State::AndroidHeader, EventKind::JavaTrace))
        }
        Some(b't') => rust_panic_header(t).map(|state| (state, EventKind::RustPanic)),
        _ => None,
    };
    if let Some(found) = opening {
        return found;
    }
    if looks_like_java_exception(t) {
        return (State::Java, EventKind::JavaTrace);
    }
    if may_be_script_location(t) && is_script_location(t) {
        // A crash report's kind and level wait for the caret under its source line.
        return (State::NodeCode, EventKind::Plain);
    }
    (State::Plain, EventKind::Plain)
}

/// A .NET logging category with its event id, all the first line of the console logger's
/// entry says after the level: `Microsoft.Hosting.Lifetime[14]`.
fn is_dotnet_category(msg: &[u8]) -> bool {
    let Some(body) = msg.strip_suffix(b"]") else {
        return false;
    };
    let Some(open) = body.iter().rposition(|&b| b == b'[') else {
        return false;
    };
    let (name, id) = (&body[..open], &body[open + 1..]);
    !id.is_empty()
        && id.iter().all(u8::is_ascii_digit)
        && name.contains(&b'.')
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'`'))
}

/// The lines between Android's `FATAL EXCEPTION: main` and its stack trace: `Process:
/// com.example, PID: 1234` and the exception.
fn is_android_crash_line(msg: &[u8]) -> bool {
    msg.starts_with(b"Process: ") || looks_like_java_exception(msg)
}

/// Whether a line with no header of its own reads as part of the entry above it in a log of
/// any format: blank or indented, a JVM exception or trace line, a Python traceback's opening
/// or chain line. Format detection asks it of samples too short to learn a layout from.
pub(crate) fn continues_entry(msg: &[u8]) -> bool {
    is_blank(msg) || is_indented(msg) || is_trace_line(msg)
}

/// Whether `msg` is a line of a stack trace or traceback by its words, not only by its
/// indent: a frame, an exception, `Caused by:`, a traceback's first line or chain marker.
pub(crate) fn is_trace_line(msg: &[u8]) -> bool {
    let t = trim_start(msg);
    is_java_frame(t)
        || t.starts_with(b"Caused by:")
        || looks_like_java_exception(t)
        || t.starts_with(b"Traceback (most recent call last)")
        || is_python_chain_marker(t)
}

fn is_blank(msg: &[u8]) -> bool {
    msg.iter().all(|b| b.is_ascii_whitespace())
}

fn is_indented(msg: &[u8]) -> bool {
    matches!(msg.first(), Some(b' ' | b'\t'))
}

fn trim_start(msg: &[u8]) -> &[u8] {
    let n = msg.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    &msg[n..]
}

fn trim_end(msg: &[u8]) -> &[u8] {
    let n = msg
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    &msg[..msg.len() - n]
}

fn is_java_frame(t: &[u8]) -> bool {
    t.starts_with(b"at ") || (t.starts_with(b"... ") && t.ends_with(b" more"))
}

/// `java.lang.IllegalStateException: write failed`, `Exception in thread "main" …`,
/// `com.example.FooError`: a qualified class name ending in Exception or Error first.
///
/// Runs on every event start: one pass over the name, stopping at the first byte a class name
/// cannot hold (on most messages, within the first word), a table look-up a byte.
#[inline(always)]
fn looks_like_java_exception(t: &[u8]) -> bool {
    if t.first() == Some(&b'E') && t.starts_with(b"Exception in thread ") {
        return true;
    }
    // The name runs to the first `:` or space.
    let mut end = t.len();
    let mut dot = false;
    for (i, &b) in t.iter().enumerate() {
        match NAME_BYTE[b as usize] {
            NAME => {}
            DOT => dot = true,
            END => {
                end = i;
                break;
            }
            _ => return false,
        }
    }
    let name = &t[..end];
    dot && (name.ends_with(b"Exception")
        || name.ends_with(b"Error")
        || name.ends_with(b"Throwable"))
}

/// What a byte is to a qualified class name ([`looks_like_java_exception`]).
const NAME: u8 = 0;
const DOT: u8 = 1;
const END: u8 = 2;
const NOT_NAME: u8 = 3;
static NAME_BYTE: [u8; 256] = {
    let mut t = [NOT_NAME; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b':' | b' ' => END,
            b'.' => DOT,
            b'_' | b'$' => NAME,
            _ if c.is_ascii_alphanumeric() => NAME,
            _ => NOT_NAME,
        };
        b += 1;
    }
    t
};

fn is_python_chain_marker(msg: &[u8]) -> bool {
    msg.starts_with(b"The above exception was the direct cause")
        || msg.starts_with(b"During handling of the above exception")
}

/// `ValueError: bad`, `KeyboardInterrupt`, `requests.exceptions.ConnectionError: …`.
pub(crate) fn is_python_exception_line(msg: &[u8]) -> bool {
    let end = msg.iter().position(|&b| b == b':').unwrap_or(msg.len());
    let name = &msg[..end];
    !name.is_empty()
        && (name[0].is_ascii_alphabetic() || name[0] == b'_')
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_'))
        && (end == msg.len() || msg[end..].starts_with(b": "))
}

/// Lines of a Go panic or goroutine dump that are not indented.
fn is_go_dump_line(msg: &[u8]) -> bool {
    let t = trim_end(msg);
    if t.starts_with(b"goroutine ") || t.starts_with(b"[signal ") || t.starts_with(b"created by ") {
        return true;
    }
    if let Some(rest) = t.strip_prefix(b"exit status ") {
        return !rest.is_empty() && rest.iter().all(u8::is_ascii_digit);
    }
    // A frame's function: `main.main()`, `net/http.(*Server).Serve(0xc000, {0x1, 0x2})`.
    if t.ends_with(b")") {
        if let Some(open) = t.iter().position(|&b| b == b'(') {
            let name = &t[..open];
            let name = if name.is_empty() {
                // `(*T).Method(…)` starts with a parenthesis.
                &t[..t
                    .iter()
                    .skip(1)
                    .position(|&b| b == b'(')
                    .map_or(0, |p| p + 1)]
            } else {
                name
            };
            return !name.is_empty()
                && !name.contains(&b' ')
                && name.contains(&b'.')
                && name.iter().all(|&b| b.is_ascii_graphic());
        }
    }
    false
}

/// What [`is_script_location`] needs first, tested on every event start: a digit last and a
/// first byte a location may start with.
#[inline(always)]
fn may_be_script_location(t: &[u8]) -> bool {
    if !t.last().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    // Digits last, after a colon after a script's extension (`.js`, `.ts`, `.jsx`, …), or
    // a core module's `node:` name.
    let digits = t.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let at = t.len() - digits;
    digits > 0
        && at >= 2
        && t[at - 1] == b':'
        && (matches!(t[at - 2], b's' | b'x') || t.starts_with(b"node:"))
}

/// `/app/src/server.js:42`, `node:internal/process/promises:288`, `file:///app/index.mjs:7`,
/// `C:\app\server.js:10`, `events.js:174`, alone on a line: where Node.js says an uncaught error was thrown,
/// the first line of its crash report (the source line, a caret under it and the error
/// follow).
#[inline(never)]
fn is_script_location(msg: &[u8]) -> bool {
    let t = trim_end(trim_start(msg));
    let Some(colon) = memchr::memrchr(b':', t) else {
        return false;
    };
    let (path, line) = (&t[..colon], &t[colon + 1..]);
    if line.is_empty() || line.len() > 7 || !line.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if let Some(module) = path.strip_prefix(b"node:") {
        return !module.is_empty() && module.iter().all(|b| b.is_ascii_graphic());
    }
    let rooted = path.starts_with(b"/")
        || path.starts_with(b"./")
        || path.starts_with(b"../")
        || path.starts_with(b"file:///")
        || path.starts_with(b"internal/")
        || matches!(path, [d, b':', b'\\', ..] if d.is_ascii_alphabetic());
    const SCRIPTS: [&[u8]; 8] = [
        b".js", b".mjs", b".cjs", b".ts", b".mts", b".cts", b".jsx", b".tsx",
    ];
    // Node.js before 12 named its own modules bare (`module.js:327`, `events.js:174`); a
    // relative path is one word.
    let bare = path
        .first()
        .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'@'))
        && path.iter().all(u8::is_ascii_graphic);
    (rooted || bare) && SCRIPTS.iter().any(|ext| path.ends_with(ext))
}

/// The caret Node.js prints under the source line of a crash (`    ^`, or `^^^^^` under a
/// syntax error's span).
fn is_caret_line(msg: &[u8]) -> bool {
    let t = trim_end(trim_start(msg));
    !t.is_empty() && t.iter().all(|&b| b == b'^')
}

/// The error line of a Node.js crash report: `TypeError: Cannot read properties of undefined
/// (reading 'id')`, `Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x'`,
/// `[UnhandledPromiseRejection: This error originated …] {`, `AxiosError: …`: a name ending
/// in Error, Exception or Rejection, maybe a `[CODE]`, then `:` or the end.
fn is_js_error_line(msg: &[u8]) -> bool {
    let t = trim_start(msg);
    let t = t.strip_prefix(b"Uncaught ").unwrap_or(t);
    let t = t.strip_prefix(b"[").unwrap_or(t);
    let end = t
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.')))
        .unwrap_or(t.len());
    let name = &t[..end];
    let class = name.rsplit(|&b| b == b'.').next().unwrap_or(name);
    if !(class.ends_with(b"Error")
        || class.ends_with(b"Exception")
        || class.ends_with(b"Rejection"))
    {
        return false;
    }
    let mut rest = &t[end..];
    if let Some(r) = rest.strip_prefix(b" [") {
        match memchr::memchr(b']', r) {
            Some(close) => rest = &r[close + 1..],
            None => return false,
        }
    }
    let rest = trim_end(rest);
    rest.is_empty() || rest.starts_with(b":") || rest == b" {"
}

/// The unindented lines of a Node.js crash report after its error: a missing module's
/// `Require stack:` and its `- /app/server.js` lines, the `}` closing the error's properties
/// and the `Node.js v20.11.1` line that ends it.
fn is_node_stack_end(msg: &[u8]) -> bool {
    let t = trim_end(msg);
    t == b"}"
        || t == b"Require stack:"
        // `Emitted 'error' event on Server instance at:` and its frames (EADDRINUSE).
        || (t.starts_with(b"Emitted '") && t.ends_with(b" at:"))
        || t.strip_prefix(b"- ").is_some_and(|path| {
            matches!(path.first(), Some(b'/' | b'.')) || path.starts_with(b"node:")
        })
        || (t.starts_with(b"Node.js v") && t.len() > 9 && t[9].is_ascii_digit())
}

fn is_rust_trailer(msg: &[u8]) -> bool {
    msg.starts_with(b"note: run with `RUST_BACKTRACE")
        || msg.starts_with(b"note: Some details are omitted")
        || msg.starts_with(b"stack backtrace:")
}

/// `thread 'main' panicked at src/main.rs:2:5:` (message on the next line) or the older
/// `thread 'main' panicked at 'msg', src/main.rs:2:5` (message on the line).
fn rust_panic_header(t: &[u8]) -> Option<State> {
    if !t.starts_with(b"thread '") {
        return None;
    }
    memchr::memmem::find(t, b" panicked at ")?;
    Some(if ends_rust_panic_header(t) {
        State::RustMessage
    } else {
        State::Rust
    })
}

fn ends_rust_panic_header(line: &[u8]) -> bool {
    let t = trim_end(trim_start(line));
    t.starts_with(b"thread '")
        && memchr::memmem::find(t, b" panicked at ").is_some()
        && t.ends_with(b":")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(line: &[u8]) -> Record<'_> {
        Record::plain(line)
    }

    /// A line with a header of its own: from `origin`, at `level`, saying `msg`.
    fn entry(origin: &'static str, level: Option<Level>, msg: &'static str) -> Record<'static> {
        let mut r = rec(msg.as_bytes());
        r.header = true;
        r.level = level;
        r.origin = Some(Cow::Borrowed(origin.as_bytes()));
        r
    }

    /// Joins records (of a headed format or not) and returns (line, end_line, message, kind)
    /// per event.
    fn join_records<'a>(
        headed: bool,
        records: impl IntoIterator<Item = Record<'a>>,
    ) -> Vec<(u64, u64, String, EventKind)> {
        let mut out = Vec::new();
        let mut j = Joiner::new(headed);
        let mut emit = |e: &Event<'_>| {
            out.push((
                e.line,
                e.end_line,
                String::from_utf8_lossy(&e.message).into_owned(),
                e.kind,
            ))
        };
        for (i, r) in records.into_iter().enumerate() {
            j.feed(i as u64 + 1, r, &mut emit);
        }
        j.finish(&mut emit);
        out
    }

    /// Joins records and returns the events, to compare any of their fields.
    fn join_events(headed: bool, records: Vec<Record<'static>>) -> Vec<Event<'static>> {
        let mut out = Vec::new();
        let mut j = Joiner::new(headed);
        let mut emit = |e: &Event<'_>| out.push(e.clone().into_owned());
        for (i, r) in records.into_iter().enumerate() {
            j.feed(i as u64 + 1, r, &mut emit);
        }
        j.finish(&mut emit);
        out
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    /// Joins a raw (header-less) text.
    fn join(text: &str) -> Vec<(u64, u64, String, EventKind)> {
        join_records(false, text.lines().map(|l| rec(l.as_bytes())))
    }

    /// Joined events with their messages borrowed, to compare with literals.
    fn borrowed(ev: &[(u64, u64, String, EventKind)]) -> Vec<(u64, u64, &str, EventKind)> {
        ev.iter()
            .map(|(a, b, m, k)| (*a, *b, m.as_str(), *k))
            .collect()
    }

    #[test]
    fn java_trace_with_caused_by_is_one_event_with_root() {
        let text = "Exception in thread \"main\" java.lang.IllegalStateException: write failed\n\
                    \tat T.main(T.java:4)\n\
                    Caused by: java.io.IOException: No space left on device\n\
                    \tat T.inner(T.java:2)\n\
                    \t... 1 more\n\
                    next line\n";
        let mut roots = Vec::new();
        let mut j = Joiner::new(false);
        let mut events = Vec::new();
        for (i, line) in text.lines().enumerate() {
            j.feed(i as u64 + 1, rec(line.as_bytes()), &mut |e: &Event<'_>| {
                roots.push(
                    e.root
                        .as_deref()
                        .map(|r| String::from_utf8_lossy(r).into_owned()),
                );
                events.push((e.line, e.end_line, e.kind));
            });
        }
        assert_eq!(events, vec![(1, 5, EventKind::JavaTrace)]);
        assert_eq!(
            roots[0].as_deref(),
            Some("java.io.IOException: No space left on device")
        );
    }

    #[test]
    fn python_traceback_message_is_the_final_exception() {
        let text = "Traceback (most recent call last):\n  File \"/srv/app.py\", line 3, in <module>\n    open(p)\nFileNotFoundError: [Errno 2] No such file\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n  File \"/srv/app.py\", line 6, in <module>\nRuntimeError: config missing\nserver stopped\n";
        let ev = join(text);
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert_eq!(ev[0].0, 1);
        assert_eq!(ev[0].1, 10);
        assert_eq!(ev[0].2, "RuntimeError: config missing");
        assert_eq!(ev[0].3, EventKind::PythonTraceback);
        assert_eq!(ev[1].2, "server stopped");
    }

    #[test]
    fn python_traceback_indented_by_journalctl_still_ends_at_its_exception() {
        // journalctl `short` indents every continuation line to the message column.
        let pad = " ".repeat(38);
        let lines = [
            "Traceback (most recent call last):".to_string(),
            format!("{pad}  File \"/srv/checkout/db.py\", line 41, in connect"),
            format!("{pad}    conn = psycopg.connect(DSN)"),
            format!("{pad}psycopg.OperationalError: connection refused"),
        ];
        let mut j = Joiner::new(true);
        let mut got = Vec::new();
        let mut emit = |e: &Event<'_>| {
            got.push((e.end_line, String::from_utf8_lossy(&e.message).into_owned()))
        };
        for (i, l) in lines.iter().enumerate() {
            let mut r = Record::plain(l.as_bytes());
            r.header = i == 0;
            j.feed(i as u64 + 1, r, &mut emit);
        }
        j.finish(&mut emit);
        assert_eq!(
            got,
            vec![(
                4,
                "psycopg.OperationalError: connection refused".to_string()
            )]
        );
    }

    #[test]
    fn go_panic_with_goroutine_dump_is_one_event() {
        let text = "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47e0a1]\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:10 +0x1d\nexit status 2\nFAIL\tgithub.com/x/y\t0.012s\n";
        let ev = join(text);
        assert_eq!(ev[0].0, 1);
        assert_eq!(ev[0].1, 7);
        assert_eq!(ev[0].3, EventKind::GoPanic);
        assert_eq!(ev[1].0, 8);
    }

    #[test]
    fn rust_panic_message_is_the_next_line() {
        let text = "thread 'it_fails' (27243) panicked at tests/fail.rs:2:17:\nassertion `left == right` failed: math is broken\n  left: 2\n right: 3\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\ntest it_fails ... FAILED\n";
        let ev = join(text);
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert_eq!((ev[0].0, ev[0].1), (1, 5));
        assert_eq!(ev[0].2, "assertion `left == right` failed: math is broken");
        assert_eq!(ev[0].3, EventKind::RustPanic);
    }

    #[test]
    fn indented_lines_continue_plain_events() {
        let ev = join("first\n  more of first\nsecond\n");
        assert_eq!(ev.len(), 2);
        assert_eq!((ev[0].0, ev[0].1), (1, 2));
    }

    /// Events of a headed log: each line is (header, level, message).
    fn join_headed(lines: &[(bool, Option<Level>, &str)]) -> Vec<(u64, u64, String, EventKind)> {
        join_records(
            true,
            lines.iter().map(|&(header, level, msg)| {
                let mut r = rec(msg.as_bytes());
                r.header = header;
                r.level = level;
                r
            }),
        )
    }

    /// A program that crashed after logging (Go's `log` lines, JSON lines, then the runtime's
    /// panic) had its crash joined to its last ordinary line: the report said "nothing stands
    /// out".
    #[test]
    fn a_crash_after_ordinary_entries_is_an_event_of_its_own() {
        let info = Some(Level::Info);
        let go = join_headed(&[
            (true, None, "handled request 58"),
            (true, None, "handled request 59"),
            (
                false,
                None,
                "panic: invariant violated: order total is negative",
            ),
            (false, None, ""),
            (false, None, "goroutine 1 [running]:"),
            (false, None, "main.main()"),
            (false, None, "\t/app/main.go:30 +0x1b"),
        ]);
        assert_eq!(go.len(), 3, "{go:?}");
        assert_eq!((go[2].0, go[2].1, go[2].3), (3, 7, EventKind::GoPanic));
        for crash in [
            "Exception in thread \"main\" java.lang.IllegalStateException: ledger mismatch",
            "thread 'main' panicked at src/main.rs:2:5:",
        ] {
            let ev = join_headed(&[
                (true, info, "request served"),
                (false, None, crash),
                (false, None, "\tat com.acme.Ledger.check(Ledger.java:10)"),
            ]);
            assert_eq!(ev.len(), 2, "{crash}: {ev:?}");
            assert_ne!(ev[1].3, EventKind::Plain, "{crash}");
        }
    }

    /// Node.js's crash report, as `node server.js >> app.log 2>&1` leaves it.
    const NODE_CRASH: &str = "/app/src/routes/orders.js:42\n\
        \x20   const total = order.items.reduce((sum, i) => sum + i.price, 0);\n\
        \x20                             ^\n\
        \n\
        TypeError: Cannot read properties of undefined (reading 'reduce')\n\
        \x20   at computeTotal (/app/src/routes/orders.js:42:31)\n\
        \x20   at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)\n\
        \n\
        Node.js v20.11.1";

    /// A Node.js crash was three events: its location, its error with the stack (read as a
    /// JVM trace), and the `Node.js v…` line. After a headed log's last entry it was part of
    /// that entry, at its level: a crash logged as INFO.
    #[test]
    fn a_node_crash_report_is_one_event_that_says_its_error() {
        let raw = join(&format!("listening on 3000\n{NODE_CRASH}\nrestarted"));
        assert_eq!(raw.len(), 3, "{raw:?}");
        assert_eq!(
            (raw[1].0, raw[1].1, raw[1].2.as_str(), raw[1].3),
            (
                2,
                10,
                "TypeError: Cannot read properties of undefined (reading 'reduce')",
                EventKind::NodeCrash
            )
        );
        let mut lines = vec![(true, Some(Level::Info), "GET /api/orders 200 8ms")];
        lines.extend(NODE_CRASH.lines().map(|l| (false, None, l)));
        let headed = join_headed(&lines);
        assert_eq!(headed.len(), 2, "{headed:?}");
        assert_eq!(
            (headed[1].0, headed[1].1, headed[1].3),
            (2, 10, EventKind::NodeCrash)
        );
        // Its level is an error's, and its root the error.
        let recs: Vec<Record> = NODE_CRASH.lines().map(|l| rec(l.as_bytes())).collect();
        let mut j = Joiner::new(false);
        let mut out = Vec::new();
        for (i, r) in recs.into_iter().enumerate() {
            j.feed(i as u64 + 1, r, &mut |e| out.push(e.clone().into_owned()));
        }
        j.finish(&mut |e| out.push(e.clone().into_owned()));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].level, Some(Level::Error));
        assert_eq!(
            out[0].root.as_deref(),
            Some(&b"TypeError: Cannot read properties of undefined (reading 'reduce')"[..])
        );
    }

    /// Node's other crash reports: a rejected promise nobody handled (its error a bracketed
    /// object), a missing module with its `Require stack:`, an error with its properties, a
    /// syntax error whose source line is not indented.
    #[test]
    fn node_crash_reports_of_every_shape_are_one_event_each() {
        let text = "node:internal/process/promises:288\n\
            \x20           triggerUncaughtException(err, true /* fromPromise */);\n\
            \x20           ^\n\
            \n\
            [UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block.] {\n\
            \x20 code: 'ERR_UNHANDLED_REJECTION'\n\
            }\n\
            \n\
            Node.js v18.12.0\n\
            node:internal/modules/cjs/loader:1080\n\
            \x20 throw err;\n\
            \x20 ^\n\
            \n\
            Error: Cannot find module 'express'\n\
            Require stack:\n\
            - /app/server.js\n\
            \x20   at Module._load (node:internal/modules/cjs/loader:922:27) {\n\
            \x20 code: 'MODULE_NOT_FOUND'\n\
            }\n\
            \n\
            Node.js v18.12.0\n\
            C:\\app\\db.js:12\n\
            throw err;\n\
            ^\n\
            \n\
            Error [ERR_SOCKET_CLOSED]: Socket is closed\n\
            \x20   at new NodeError (node:internal/errors:405:5)\n\
            after restart";
        let ev = join(text);
        let got = borrowed(&ev);
        assert_eq!(
            got,
            vec![
                (
                    1,
                    9,
                    "[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block.]",
                    EventKind::NodeCrash
                ),
                (10, 21, "Error: Cannot find module 'express'", EventKind::NodeCrash),
                (22, 27, "Error [ERR_SOCKET_CLOSED]: Socket is closed", EventKind::NodeCrash),
                (28, 28, "after restart", EventKind::Plain),
            ]
        );
    }

    /// What is not a crash report stays as it was: a path with a line number inside a
    /// sentence, a source line that is not followed by a caret.
    #[test]
    fn only_nodes_own_report_shape_opens_a_node_crash() {
        for line in [
            "see /app/server.js:42 for details",
            "/app/server.js",
            "/app/notes.txt:42",
        ] {
            assert!(!is_script_location(line.as_bytes()), "{line}");
        }
        for line in [
            "/app/server.js:42",
            "node:internal/process/promises:288",
            "file:///app/index.mjs:7",
            "internal/modules/cjs/loader.js:883",
            "src/server.js:42",
            "events.js:174",
        ] {
            assert!(is_script_location(line.as_bytes()), "{line}");
        }
        let ev = join("/app/server.js:42\nstarting\nplain words\nmore plain words");
        assert_eq!(ev.len(), 4, "{ev:?}");
        assert_eq!(ev[1].2, "starting");
        // Found by a second review: the line after a lone location was taken as its source
        // line, and an exception without a level vanished into a level-less event.
        let ev = join("/app/x.js:12\n\nTypeError: x is not a function\n    at a (/app/x.js:12:9)");
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert_eq!((ev[1].0, ev[1].1), (3, 4), "{ev:?}");
        assert_eq!(ev[1].2, "TypeError: x is not a function");
        // Found by a review: a lone location became an error event and took the error line
        // after it out of sight. Without a caret it is an ordinary line, and a line with a
        // level of its own is never its source line.
        let mut error = rec(b"ERROR: payment service unreachable");
        error.level = Some(Level::Error);
        let recs = [rec(b"/app/server.js:42"), error];
        let mut j = Joiner::new(false);
        let mut out = Vec::new();
        for (i, r) in recs.into_iter().enumerate() {
            j.feed(i as u64 + 1, r, &mut |e| out.push(e.clone().into_owned()));
        }
        j.finish(&mut |e| out.push(e.clone().into_owned()));
        let got: Vec<_> = out.iter().map(|e| (e.line, e.kind, e.level)).collect();
        assert_eq!(
            got,
            vec![
                (1, EventKind::Plain, None),
                (2, EventKind::Plain, Some(Level::Error))
            ]
        );
    }

    /// Found by a second review: a source line with a level word in it (`throw new
    /// Error("boom");`) was not taken as one, and the report split into five events whose
    /// first ranked as the cause; EADDRINUSE's `Emitted 'error' event on … at:` and Node.js
    /// 10's `module.js:327` split theirs too.
    #[test]
    fn node_crash_reports_whose_lines_look_like_other_things_are_one_event() {
        let text = "/app/x.js:12\n\
            throw new Error(\"boom\");\n\
            ^\n\
            \n\
            Error: boom\n\
            \x20   at Object.<anonymous> (/app/x.js:12:7)\n\
            \n\
            Node.js v20.11.1\n\
            node:events:497\n\
            \x20     throw er; // Unhandled 'error' event\n\
            \x20     ^\n\
            \n\
            Error: listen EADDRINUSE: address already in use :::3000\n\
            \x20   at Server.setupListenHandle [as _listen2] (node:net:1872:16)\n\
            Emitted 'error' event on Server instance at:\n\
            \x20   at emitErrorNT (node:net:1851:8) {\n\
            \x20 code: 'EADDRINUSE'\n\
            }\n\
            \n\
            Node.js v20.11.1\n\
            module.js:327\n\
            \x20   throw err;\n\
            \x20   ^\n\
            \n\
            Error: Cannot find module 'fast-deep-equal'\n\
            \x20   at Function.Module._resolveFilename (module.js:325:15)\n\
            done";
        let ev = join(text);
        let got = borrowed(&ev);
        assert_eq!(
            got,
            vec![
                (1, 8, "Error: boom", EventKind::NodeCrash),
                (
                    9,
                    20,
                    "Error: listen EADDRINUSE: address already in use :::3000",
                    EventKind::NodeCrash
                ),
                (
                    21,
                    26,
                    "Error: Cannot find module 'fast-deep-equal'",
                    EventKind::NodeCrash
                ),
                (27, 27, "done", EventKind::Plain),
            ]
        );
    }

    /// Found by a review: under journald, where every line of the crash report is an entry
    /// of its own, a source line that is not indented (`throw err;`) split the report.
    #[test]
    fn a_node_crash_under_journald_is_one_event_whatever_its_source_line() {
        let line = |msg| entry("node[813]", None, msg);
        let ev = join_records(
            true,
            [
                line("listening on 3000"),
                line("/app/db.js:12"),
                line("throw err;"),
                line("^"),
                line(""),
                line("Error: Socket is closed"),
                line("    at Socket.write (node:net:123:4)"),
                line("Node.js v20.11.1"),
                line("restarted"),
            ],
        );
        let got = borrowed(&ev);
        assert_eq!(
            got,
            vec![
                (1, 1, "listening on 3000", EventKind::Plain),
                (2, 8, "Error: Socket is closed", EventKind::NodeCrash),
                (9, 9, "restarted", EventKind::Plain),
            ]
        );
    }

    /// The panic split off the last log line had no time: `--until` before it still reported
    /// it, and the onset could not place it (found by a review).
    #[test]
    fn a_crash_split_off_an_entry_has_its_time() {
        let mut j = Joiner::new(true);
        let mut times = Vec::new();
        let mut emit = |e: &Event<'_>| times.push((e.kind, e.timestamp));
        let mut r = rec(b"handled request 5");
        r.header = true;
        r.timestamp = Some(Timestamp(5_000_000));
        j.feed(1, r, &mut emit);
        j.feed(2, rec(b"panic: runtime error: nil map"), &mut emit);
        j.finish(&mut emit);
        assert_eq!(times[1], (EventKind::GoPanic, Some(Timestamp(5_000_000))));
    }

    /// What a logger prints under its own line (`logger.exception`, `log.error(msg, e)`, also
    /// `logger.info(…, exc_info=True)`) stays in that entry, as does a message over several
    /// lines.
    #[test]
    fn a_trace_under_a_loggers_line_is_part_of_it() {
        for level in [Level::Error, Level::Warn, Level::Info, Level::Debug] {
            let ev = join_headed(&[
                (true, Some(level), "payment failed"),
                (false, None, "Traceback (most recent call last):"),
                (false, None, "  File \"app.py\", line 3, in <module>"),
                (false, None, "ValueError: bad"),
                (true, Some(level), "request failed"),
                (false, None, "java.lang.IllegalStateException: boom"),
                (false, None, "\tat T.main(T.java:4)"),
            ]);
            assert_eq!(ev.len(), 2, "{ev:?}");
            assert_eq!((ev[0].1, ev[0].3), (4, EventKind::PythonTraceback));
            assert_eq!((ev[1].1, ev[1].3), (7, EventKind::JavaTrace));
        }
        let ev = join_headed(&[
            (true, Some(Level::Info), "config:"),
            (false, None, "listen = 8080"),
        ]);
        assert_eq!(ev.len(), 1, "{ev:?}");
    }

    /// `log.error("request failed", e)` prints the exception under the logger's line: the
    /// exception is the trace's root (it had none unless a `Caused by:` followed), and the
    /// event is an error even when the header had no level.
    #[test]
    fn the_exception_under_a_loggers_line_is_the_root() {
        let mut j = Joiner::new(true);
        let mut got = Vec::new();
        let mut emit = |e: &Event<'_>| {
            got.push((
                e.kind,
                e.level,
                e.root
                    .as_deref()
                    .map(|r| String::from_utf8_lossy(r).into_owned()),
            ))
        };
        let mut head = rec(b"request failed");
        head.header = true;
        j.feed(1, head, &mut emit);
        j.feed(
            2,
            rec(b"java.lang.NullPointerException: name is null"),
            &mut emit,
        );
        j.feed(3, rec(b"\tat com.acme.Y.run(Y.java:10)"), &mut emit);
        j.finish(&mut emit);
        assert_eq!(
            got,
            vec![(
                EventKind::JavaTrace,
                Some(Level::Error),
                Some(String::from("java.lang.NullPointerException: name is null"))
            )]
        );
    }

    /// A JSON-lines service that died: what Node (or any runtime) printed to the same stream
    /// was joined to the last JSON entry, an info line, and the report said nothing stands
    /// out. JSON and logfmt entries are whole lines: other lines join them by shape only.
    #[test]
    fn lines_beside_whole_line_entries_join_by_shape_only() {
        let mut j = Joiner::for_format(&crate::record::Format::Json);
        let mut got = Vec::new();
        let mut emit = |e: &Event<'_>| {
            got.push((
                e.line,
                e.end_line,
                String::from_utf8_lossy(&e.message).into_owned(),
                e.timestamp,
            ))
        };
        let mut entry = rec(b"GET /health 200");
        entry.header = true;
        entry.level = Some(Level::Info);
        entry.timestamp = Some(Timestamp(7_000_000));
        j.feed(1, entry, &mut emit);
        for (i, line) in [
            "/app/server.js:10",
            "    throw new Error('database url missing');",
            "Error: database url missing",
            "    at Object.<anonymous> (/app/server.js:10:11)",
        ]
        .iter()
        .enumerate()
        {
            j.feed(i as u64 + 2, rec(line.as_bytes()), &mut emit);
        }
        j.finish(&mut emit);
        let t = Some(Timestamp(7_000_000));
        assert_eq!(
            got,
            vec![
                (1, 1, String::from("GET /health 200"), t),
                (2, 3, String::from("/app/server.js:10"), t),
                (4, 5, String::from("Error: database url missing"), t),
            ]
        );
    }

    /// Android's crash report: `FATAL EXCEPTION: main`, `Process: …`, the exception and its
    /// trace. The first two lines were events of their own, each ranked as a cause of its own
    /// beside the exception, whose trace started a line later.
    #[test]
    fn an_android_crash_report_is_one_event_that_says_its_exception() {
        let line = |origin, msg| entry(origin, Some(Level::Error), msg);
        let records = vec![
            line("AndroidRuntime", "FATAL EXCEPTION: main"),
            line("AndroidRuntime", "Process: com.example, PID: 1234"),
            line(
                "AndroidRuntime",
                "java.lang.RuntimeException: Unable to start activity",
            ),
            line(
                "AndroidRuntime",
                "\tat android.app.ActivityThread.main(ActivityThread.java:2416)",
            ),
            line(
                "AndroidRuntime",
                "Caused by: java.lang.NullPointerException: name is null",
            ),
            line("AndroidRuntime", "\t... 9 more"),
            line("Process", "Sending signal. PID: 1234 SIG: 9"),
            // A header without the report after it is an event of its own, as before.
            line("AndroidRuntime", "FATAL EXCEPTION: main"),
            line("AndroidRuntime", "Shutting down VM"),
        ];
        let got: Vec<_> = join_events(true, records)
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.end_line,
                    e.kind,
                    text(&e.message),
                    e.root.as_deref().map(text),
                )
            })
            .collect();
        let exception = String::from("java.lang.RuntimeException: Unable to start activity");
        let npe = String::from("java.lang.NullPointerException: name is null");
        assert_eq!(
            got,
            vec![
                (1, 6, EventKind::JavaTrace, exception, Some(npe)),
                (
                    7,
                    7,
                    EventKind::Plain,
                    "Sending signal. PID: 1234 SIG: 9".into(),
                    None
                ),
                (
                    8,
                    8,
                    EventKind::JavaTrace,
                    "FATAL EXCEPTION: main".into(),
                    None
                ),
                (9, 9, EventKind::Plain, "Shutting down VM".into(), None),
            ]
        );
        // Pasted without logcat's headers, the same.
        let ev = join(
            "FATAL EXCEPTION: main\nProcess: com.example, PID: 1234\n\
             java.lang.IllegalStateException: boom\n\tat com.example.Main.run(Main.java:4)\nnext\n",
        );
        assert_eq!(
            borrowed(&ev),
            vec![
                (
                    1,
                    4,
                    "java.lang.IllegalStateException: boom",
                    EventKind::JavaTrace
                ),
                (5, 5, "next", EventKind::Plain),
            ]
        );
        // A chunk never starts at the report's later lines.
        for msg in [
            "Process: com.example, PID: 1234",
            "java.lang.RuntimeException: x",
        ] {
            assert!(!is_sync_point(
                &line("AndroidRuntime", msg),
                None,
                None,
                true
            ));
        }
    }

    /// .NET's console logger writes the level and category on one line and the message
    /// indented on the next: every event's message was its category
    /// (`Microsoft.EntityFrameworkCore.Database.Connection[20004]`), so that the report's
    /// causes named categories, not what went wrong.
    #[test]
    fn a_dotnet_console_entry_says_its_message_line() {
        let headed = |level, msg: &'static str| {
            let mut r = rec(msg.as_bytes());
            r.header = true;
            r.level = Some(level);
            r
        };
        let lines = [
            headed(
                Level::Error,
                "Microsoft.EntityFrameworkCore.Database.Connection[20004]",
            ),
            rec(b"      An error occurred using the connection to database 'orders'."),
            headed(Level::Info, "Microsoft.Hosting.Lifetime[0]"),
            rec(b"      Application started."),
            rec(b"      Hosting environment: Production"),
            // Other entries keep their first line.
            headed(Level::Error, "request failed [42]"),
            rec(b"      detail"),
        ];
        let got: Vec<_> = join_events(true, lines.into())
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.end_line,
                    text(&e.message),
                    e.origin.as_deref().map(text),
                )
            })
            .collect();
        let category = |s: &str| Some(String::from(s));
        assert_eq!(
            got,
            vec![
                (
                    1,
                    2,
                    "An error occurred using the connection to database 'orders'.".into(),
                    category("Microsoft.EntityFrameworkCore.Database.Connection")
                ),
                (
                    3,
                    5,
                    "Application started.".into(),
                    category("Microsoft.Hosting.Lifetime")
                ),
                (6, 7, "request failed [42]".into(), None),
            ]
        );
    }

    /// A JVM under systemd, or an Android app's crash in logcat: every line of the trace is
    /// an entry of its own, with a header. Each frame was an event, the root exception one of
    /// them; the trace is one event now. A line of another origin in between is not part of
    /// it, nor is a line of the same origin that has no trace line's shape.
    #[test]
    fn a_trace_whose_lines_have_headers_is_one_event() {
        let line = |origin, msg| entry(origin, None, msg);
        let mut j = Joiner::new(true);
        let mut got = Vec::new();
        let mut emit = |e: &Event<'_>| {
            got.push((
                e.line,
                e.end_line,
                e.kind,
                e.root
                    .as_deref()
                    .map(|r| String::from_utf8_lossy(r).into_owned()),
            ))
        };
        for (i, r) in [
            line(
                "java",
                "Exception in thread \"main\" java.lang.IllegalStateException: boom",
            ),
            line("java", "        at com.acme.App.run(App.java:10)"),
            line(
                "java",
                "Caused by: java.io.IOException: No space left on device",
            ),
            line("java", "        ... 1 more"),
            line("systemd", "        indented, but another origin"),
            line("python3", "Traceback (most recent call last):"),
            line("python3", "  File \"/srv/app.py\", line 3, in <module>"),
            line("python3", "KeyError: 'user'"),
            line("python3", "shutting down"),
        ]
        .into_iter()
        .enumerate()
        {
            j.feed(i as u64 + 1, r, &mut emit);
        }
        j.finish(&mut emit);
        let io = Some(String::from("java.io.IOException: No space left on device"));
        let key = Some(String::from("KeyError: 'user'"));
        assert_eq!(
            got,
            vec![
                (1, 4, EventKind::JavaTrace, io),
                (5, 5, EventKind::Plain, None),
                (6, 8, EventKind::PythonTraceback, key),
                (9, 9, EventKind::Plain, None),
            ]
        );
        // Where a chunk starts: never at a header line that could continue a trace.
        assert!(!is_sync_point(
            &line("java", "\tat A.b(A.java:1)"),
            None,
            None,
            true
        ));
        assert!(!is_sync_point(
            &line("java", "Caused by: x.Y: z"),
            None,
            None,
            true
        ));
        let served: &[u8] = b"request served in 4 ms";
        assert!(is_sync_point(
            &line("java", "request served in 5 ms"),
            Some(served),
            Some(served),
            true
        ));
        // At a chunk's start it may be the source line under Node.js's `/app/db.js:12` in
        // the chunk before; after that location, it is, whatever its level.
        assert!(!is_sync_point(
            &line("java", "request served in 5 ms"),
            None,
            None,
            true
        ));
        let mut info = line("java", "request served in 5 ms");
        info.level = Some(Level::Info);
        let location: &[u8] = b"/app/db.js:12";
        assert!(!is_sync_point(&info, Some(location), Some(location), true));
        assert!(!is_sync_point(&line("go", ""), None, None, true));
        // One-word messages of structured logs after one another are places to start a
        // chunk: were they not, such a log would lose its parallel reading.
        assert!(is_sync_point(
            &line("api", "request_completed"),
            Some(b"request_completed"),
            Some(b"request_completed"),
            true
        ));
    }

    /// A second review: a traceback's last line under journald whose class is not named like
    /// an exception (`socket.timeout`, Django's `DoesNotExist`) was left out of it, and a
    /// trace left at a `Caused by:` whose words read as FATAL.
    #[test]
    fn a_traceback_with_headers_ends_at_any_exception_line() {
        let line = |msg| entry("web", None, msg);
        let mut j = Joiner::new(true);
        let mut got = Vec::new();
        let mut emit = |ev: &Event<'_>| {
            got.push((
                ev.line,
                ev.end_line,
                String::from_utf8_lossy(&ev.message).into_owned(),
            ))
        };
        for (n, r) in [
            line("Traceback (most recent call last):"),
            line("  File \"/app/net.py\", line 3, in f"),
            line(""),
            line("socket.timeout: timed out"),
            line("request_completed"),
        ]
        .into_iter()
        .enumerate()
        {
            j.feed(n as u64 + 1, r, &mut emit);
        }
        j.finish(&mut emit);
        assert_eq!(
            got,
            vec![
                (1, 4, String::from("socket.timeout: timed out")),
                (5, 5, String::from("request_completed")),
            ]
        );
        // Where a chunk may start: the exception line right after a frame is not such a
        // place; the same words after an ordinary line are.
        let exc = line("socket.timeout: timed out");
        let frame: &[u8] = b"  File \"a.py\", line 3";
        assert!(!is_sync_point(&exc, Some(frame), Some(frame), true));
        assert!(!is_sync_point(&exc, None, None, true));
        let served: &[u8] = b"request served";
        assert!(is_sync_point(&exc, Some(served), Some(served), true));
    }

    /// Found by a review of the joining above: outside a trace, an indented line of the same
    /// program (`myapp[100]:   FATAL: … No space left on device`, logcat's `E Uploader:   file
    /// 2/3 FAILED`) was joined to the line before it, and the error vanished into an info or
    /// level-less event. Inside a trace, a line's level does not matter (syslog reads it from
    /// words: `Caused by: … FATAL: password authentication failed`), and an empty line of the
    /// program is skipped (`goapp[9]: ` before the dump).
    #[test]
    fn only_a_trace_continues_into_lines_with_headers() {
        let line = entry;
        let (i, e, c) = (Some(Level::Info), Some(Level::Error), Some(Level::Critical));
        let mut j = Joiner::new(true);
        let mut got = Vec::new();
        let mut emit = |ev: &Event<'_>| got.push((ev.line, ev.end_line, ev.level));
        for (n, r) in [
            line("myapp", None, "worker pool ready"),
            line(
                "myapp",
                c,
                "  FATAL: could not write: No space left on device",
            ),
            line("up", i, "file 1/3 ok"),
            line("up", e, "  file 2/3 FAILED: No space left on device"),
            line("app", e, "java.lang.IllegalStateException: boom"),
            line("app", e, "\tat A.b(A.java:1)"),
            line(
                "app",
                c,
                "Caused by: org.postgresql.util.PSQLException: FATAL: no auth",
            ),
            line("app", None, "\tat A.c(A.java:2)"),
            line("go", None, "panic: nil map"),
            line("go", None, ""),
            line("go", None, "goroutine 1 [running]:"),
        ]
        .into_iter()
        .enumerate()
        {
            j.feed(n as u64 + 1, r, &mut emit);
        }
        j.finish(&mut emit);
        assert_eq!(
            got,
            vec![
                (1, 1, None),
                (2, 2, c),
                (3, 3, i),
                (4, 4, e),
                (5, 8, e),
                (9, 11, c),
            ]
        );
    }

    #[test]
    fn sync_points_never_continue() {
        assert!(is_sync_point(&rec(b"plain words here"), None, None, false));
        assert!(!is_sync_point(
            &rec(b"\tat T.main(T.java:4)"),
            None,
            None,
            false
        ));
        assert!(!is_sync_point(&rec(b"ValueError: bad"), None, None, false));
        assert!(!is_sync_point(&rec(b"main.main()"), None, None, false));
        let panic: &[u8] = b"thread 'main' panicked at src/main.rs:2:5:";
        assert!(!is_sync_point(
            &rec(b"anything"),
            Some(panic),
            Some(panic),
            false
        ));
        // A blank line between a panic's header and its message does not part them, and
        // after blank lines alone what came before is not known.
        assert!(!is_sync_point(
            &rec(b"anything"),
            Some(b""),
            Some(panic),
            false
        ));
        assert!(!is_sync_point(&rec(b"anything"), Some(b""), None, false));
        // After a frame, any line may be a traceback's last.
        let frame: &[u8] = b"    step0(x)";
        assert!(!is_sync_point(
            &rec(b"FileNotFoundError:\t[Errno 2] No such file"),
            Some(frame),
            Some(frame),
            false
        ));
        assert!(is_sync_point(
            &rec(b"plain words"),
            Some(b""),
            Some(b"ok"),
            false
        ));
        assert!(!is_sync_point(&rec(b"no header here"), None, None, true));
        // Node.js's crash report: the source line after its location, the caret, the error,
        // the lines closing it.
        assert!(!is_sync_point(
            &rec(b"throw err;"),
            Some(b"/app/db.js:12"),
            Some(b"/app/db.js:12"),
            false
        ));
        assert!(!is_sync_point(&rec(b"^"), None, None, false));
        assert!(!is_sync_point(
            &rec(b"Error [ERR_X]: closed"),
            None,
            None,
            false
        ));
        assert!(!is_sync_point(
            &rec(b"[UnhandledPromiseRejection: x] {"),
            None,
            None,
            false
        ));
        assert!(!is_sync_point(&rec(b"Require stack:"), None, None, false));
        assert!(!is_sync_point(&rec(b"- /app/server.js"), None, None, false));
        assert!(!is_sync_point(&rec(b"}"), None, None, false));
        assert!(!is_sync_point(&rec(b"Node.js v20.11.1"), None, None, false));
    }

    /// The byte-by-byte reading the table replaced.
    fn looks_like_java_exception_by_match(t: &[u8]) -> bool {
        if t.first() == Some(&b'E') && t.starts_with(b"Exception in thread ") {
            return true;
        }
        let mut end = t.len();
        let mut dot = false;
        for (i, &b) in t.iter().enumerate() {
            match b {
                b':' | b' ' => {
                    end = i;
                    break;
                }
                b'.' => dot = true,
                b'_' | b'$' => {}
                _ if b.is_ascii_alphanumeric() => {}
                _ => return false,
            }
        }
        let name = &t[..end];
        dot && (name.ends_with(b"Exception")
            || name.ends_with(b"Error")
            || name.ends_with(b"Throwable"))
    }

    #[test]
    fn java_exception_names_are_told_by_the_table_as_before() {
        for t in [
            &b"java.lang.IllegalStateException: write failed"[..],
            b"com.example.FooError",
            b"a.b$C_1Throwable more",
            b"Exception in thread \"main\" x",
            b"NoDotException: x",
            b"java.io-x.IOException: x",
            b"",
            b"\xffa.Error",
        ] {
            assert_eq!(
                looks_like_java_exception(t),
                looks_like_java_exception_by_match(t),
                "{t:?}"
            );
        }
        for b in 0..=255u8 {
            let t = [b'a', b'.', b, b'E', b'r', b'r', b'o', b'r'];
            assert_eq!(
                looks_like_java_exception(&t),
                looks_like_java_exception_by_match(&t),
                "{t:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn java_exception_names_agree_with_the_byte_by_byte_reading(
            t in "(java|x|\\.|\\$|_|1|-|:| |Exception|Error|Throwable|é|\t){0,8}"
        ) {
            proptest::prop_assert_eq!(
                looks_like_java_exception(t.as_bytes()),
                looks_like_java_exception_by_match(t.as_bytes())
            );
        }
    }
}
