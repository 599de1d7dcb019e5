//! Records: one line of bytes read into timestamp, level, origin and message.
//!
//! This module owns format detection (once per source, from its first lines) and the per-line
//! parsers. It must not join lines into events (that is `event`), count anything (`summary`) or
//! allocate on the hot path for the common case: a `Record` borrows from the line it was read from.

mod export;
mod json;
pub mod junit;
mod layout;
mod level;
mod logfmt;
mod pretty;
mod runtime;
mod stamp;
mod syslog;
pub(crate) mod text;
mod time;
mod web;
mod wevtutil;
mod wrap;

#[cfg(test)]
mod loghub_tests;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::Arc;

pub use export::{is_export, read_export, ExportEntry};
pub use layout::Layout;
pub use level::Level;
pub use pretty::{is_pretty_json, read_pretty};
pub use time::{TimeContext, Timestamp};
pub use wevtutil::{is_wevtutil_text, read_wevtutil};

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
    /// True for a server's own record of the requests it served (a web server's access-log
    /// line): never a CI job's output, whatever its status says, so the CI and test-runner
    /// readers skip it.
    pub service: bool,
    /// A CI runner's mark that a step starts (Travis' `travis_time:start:`) was in the line,
    /// overwritten by what follows a carriage return (`$ make test`): the message is what a
    /// person saw, and this is what the runner said.
    pub step: bool,
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
            service: false,
            step: false,
        }
    }

    /// The same record owning its bytes (for records read from a rewritten copy of a line).
    pub fn into_owned(self) -> Record<'static> {
        Record {
            timestamp: self.timestamp,
            level: self.level,
            origin: self.origin.map(|o| Cow::Owned(o.into_owned())),
            message: Cow::Owned(self.message.into_owned()),
            header: self.header,
            meta: self.meta,
            service: self.service,
            step: self.step,
        }
    }
}

/// The layouts culprit can read. `name()` is what reports and `--input-format` call them.
///
/// `Generic` carries the header layout learned from a source's first lines (`detect`); forced
/// with `--input-format generic` it has none and reads each line's leading timestamp and level
/// token on their own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Format {
    /// Each whole line is the message; nothing is parsed (a level is still inferred from the
    /// words, and ANSI colour codes are removed).
    Raw,
    /// RFC 3164 (with `<PRI>` or in the on-disk form), RFC 5424, journalctl `short` and
    /// `short-precise`.
    Syslog,
    /// RFC 3339-stamped syslog (rsyslog's high-precision files), journalctl `short-iso` and
    /// `short-iso-precise`.
    SyslogIso,
    /// journalctl `short-monotonic`.
    JournalMonotonic,
    /// journalctl `export`: binary-safe fields, entries separated by an empty line. Read as a
    /// whole stream by [`read_export`], never line by line.
    JournalExport,
    /// journalctl `short-unix`.
    JournalUnix,
    /// journalctl `short-full` (and `with-unit`).
    JournalFull,
    /// JSON lines of any common logging library, and journalctl `json`.
    Json,
    /// Pretty-printed JSON objects over several lines (journalctl `json-pretty`, `jq .`). Read
    /// as a whole stream by [`read_pretty`], never line by line.
    JsonPretty,
    /// Docker's json-file (`{"log":"…\n","stream":"stderr","time":"…"}`).
    Docker,
    /// CRI container logs (`2023-10-06T00:17:09.669794202Z stdout F message`).
    Cri,
    /// GitHub Actions job logs, raw or from `gh run view --log`.
    GithubActions,
    /// Docker Compose's merged output (`web-1  | message`).
    Compose,
    /// `kubectl logs --prefix` (`[pod/NAME/CONTAINER] message`).
    Kubectl,
    /// logfmt (`time=… level=error msg="…"`).
    Logfmt,
    /// Apache/nginx access logs, common or combined.
    Access,
    /// Apache error logs, 2.2 and 2.4.
    ApacheError,
    /// nginx error logs.
    NginxError,
    /// klog/glog (Kubernetes components).
    Klog,
    /// Android logcat `threadtime` (the default) and `time`-with-year variants.
    Logcat,
    /// Android logcat `brief`.
    LogcatBrief,
    /// Python logging's `basicConfig()` default (`ERROR:app:disk full`).
    Python,
    /// The Windows CBS/DISM servicing log.
    WindowsCbs,
    /// Windows event-log text exports (tab-separated or CSV).
    WindowsEvent,
    /// Windows event-log entries as `wevtutil qe /f:text` prints them, a block of lines each:
    /// read whole, never cut into chunks.
    WindowsEventText,
    /// A header layout learned from the source (`None`: not learned).
    Generic(Option<Arc<Layout>>),
    /// Several formats in one source (`cat *.log`, a container platform's merged output): each
    /// line is read by the first member that has its header, in order of how common each was
    /// in the detection sample; a line none of them reads but that starts with a timestamp or a
    /// level word still starts an entry.
    Mixed(Arc<Mixed>),
}

/// The members of a mixed source, with the classes of first bytes each was seen to start with
/// in the sample, so that a line is only offered to members that can read it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mixed {
    members: Vec<Format>,
    starts: Vec<[bool; 256]>,
}

impl Mixed {
    fn new(members: Vec<Format>, sample: &[&[u8]], ctx: &mut TimeContext) -> Mixed {
        let starts = members
            .iter()
            .map(|f| {
                let mut seen = [false; 256];
                for l in sample {
                    if read(f, l, ctx).is_some() {
                        seen[start_class(l) as usize] = true;
                    }
                }
                seen
            })
            .collect();
        Mixed { members, starts }
    }

    /// Every detectable format, each allowed any first byte (`--input-format mixed`).
    fn all() -> Mixed {
        Mixed {
            members: CANDIDATES.to_vec(),
            starts: vec![[true; 256]; CANDIDATES.len()],
        }
    }

    fn read<'a>(&self, line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
        let class = start_class(line) as usize;
        for (f, starts) in self.members.iter().zip(&self.starts) {
            if starts[class] {
                if let Some(r) = read(f, line, ctx) {
                    return Some(r);
                }
            }
        }
        // An indented line without a leading timestamp (a trace's frame) gets no header from
        // `parse_unlearned`: its level token and inferred level count only on an unindented
        // line. Its timestamp is the one thing to look for.
        if line.first().is_some_and(|&b| text::is_space(b))
            && stamp::scan(line, stamp::Epoch::No).is_none()
        {
            return None;
        }
        let r = layout::parse_unlearned(line, ctx);
        r.header.then_some(r)
    }
}

/// The class of a line's first byte: all digits are one class, so are all upper-case and all
/// lower-case letters (a sample shows some, not all, of them); other bytes stand for themselves.
fn start_class(line: &[u8]) -> u8 {
    match line.first() {
        None => 0,
        Some(b) if b.is_ascii_digit() => b'0',
        Some(b) if b.is_ascii_uppercase() => b'A',
        Some(b) if b.is_ascii_lowercase() => b'a',
        Some(&b) => b,
    }
}

impl Format {
    /// Every format, in the order `--input-format` lists them.
    pub const ALL: &'static [Format] = &[
        Format::Raw,
        Format::Syslog,
        Format::SyslogIso,
        Format::JournalMonotonic,
        Format::JournalExport,
        Format::JournalUnix,
        Format::JournalFull,
        Format::Json,
        Format::JsonPretty,
        Format::Docker,
        Format::Cri,
        Format::GithubActions,
        Format::Compose,
        Format::Kubectl,
        Format::Logfmt,
        Format::Access,
        Format::ApacheError,
        Format::NginxError,
        Format::Klog,
        Format::Logcat,
        Format::LogcatBrief,
        Format::Python,
        Format::WindowsCbs,
        Format::WindowsEvent,
        Format::WindowsEventText,
        Format::Generic(None),
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Format::Raw => "raw",
            Format::Syslog => "syslog",
            Format::SyslogIso => "syslog-iso",
            Format::JournalMonotonic => "journal-monotonic",
            Format::JournalExport => "journal-export",
            Format::JournalUnix => "journal-unix",
            Format::JournalFull => "journal-full",
            Format::Json => "json",
            Format::JsonPretty => "json-pretty",
            Format::Docker => "docker",
            Format::Cri => "cri",
            Format::GithubActions => "github-actions",
            Format::Compose => "compose",
            Format::Kubectl => "kubectl",
            Format::Logfmt => "logfmt",
            Format::Access => "access",
            Format::ApacheError => "apache-error",
            Format::NginxError => "nginx-error",
            Format::Klog => "klog",
            Format::Logcat => "logcat",
            Format::LogcatBrief => "logcat-brief",
            Format::Python => "python",
            Format::WindowsCbs => "windows-cbs",
            Format::WindowsEvent => "windows-event",
            Format::WindowsEventText => "windows-event-text",
            Format::Generic(_) => "generic",
            Format::Mixed(_) => "mixed",
        }
    }

    /// True for layouts where every entry starts with a header of its own (syslog, log4j,
    /// JSON lines ...): there a line without a header continues the entry before it. False for
    /// layouts that give every output line the same prefix or none (raw text, `journalctl -o
    /// cat`, CI runner output, container wrappers): there only the shape of a line (indentation,
    /// stack frames) joins it to the one before.
    pub fn headed(&self) -> bool {
        match self {
            Format::Raw
            | Format::Docker
            | Format::Cri
            | Format::GithubActions
            | Format::Compose
            | Format::Kubectl => false,
            Format::Mixed(m) => m.members.iter().all(Format::headed),
            _ => true,
        }
    }

    /// True for formats whose every entry is one whole line (JSON lines, logfmt): a message's
    /// line breaks are escaped inside it. A line they do not read was written beside the
    /// logger (what the runtime prints to the same stream when the program dies, a stray
    /// `print`): it joins the entry before it only by its shape, as in an unheaded format.
    pub fn whole_lines(&self) -> bool {
        match self {
            Format::Json | Format::Logfmt => true,
            Format::Mixed(m) => m.members.iter().all(Format::whole_lines),
            _ => false,
        }
    }

    /// The format called `name`; `mixed` tries every detectable format on each line.
    pub fn from_name(name: &str) -> Option<Format> {
        if name == "mixed" {
            return Some(Format::Mixed(Arc::new(Mixed::all())));
        }
        Format::ALL.iter().find(|f| f.name() == name).cloned()
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
        self.format.clone()
    }

    /// Reads one line (without its `\n`; a trailing `\r` may still be there). The record borrows
    /// from the line, or owns what had to be rewritten (unescaped JSON, stripped colour codes).
    pub fn parse<'a>(&mut self, line: &'a [u8]) -> Record<'a> {
        let mut rec = self.parse_line(line);
        rec.timestamp = rec.timestamp.and_then(Timestamp::plausible);
        rec
    }

    /// [`Parser::parse`] of a line known to hold no escape sequence (`ESC`) and no carriage
    /// return: the caller found that out while looking for the line's end.
    pub fn parse_plain<'a>(&mut self, line: &'a [u8]) -> Record<'a> {
        debug_assert!(memchr::memchr2(0x1b, b'\r', line).is_none());
        let mut rec = self.parse_clean(line);
        rec.timestamp = rec.timestamp.and_then(Timestamp::plausible);
        rec
    }

    fn parse_line<'a>(&mut self, line: &'a [u8]) -> Record<'a> {
        let mut line = text::strip_cr(line);
        if memchr::memchr2(0x1b, b'\r', line).is_none() {
            return self.parse_clean(line);
        }
        // A carriage return inside a line is a terminal overwrite (progress output, CI runners'
        // timing markers): what a person saw is the last segment with text in it.
        let mut step = false;
        if memchr::memchr(b'\r', line).is_some() {
            let whole = line;
            line = line
                .rsplit(|&b| b == b'\r')
                .find(|seg| !text::trim(seg).is_empty())
                .unwrap_or(line);
            let hidden = &whole[..line.as_ptr() as usize - whole.as_ptr() as usize];
            step = memchr::memmem::find(hidden, b"travis_time:start:").is_some();
        }
        let mut rec = if memchr::memchr(0x1b, line).is_some() {
            let clean = text::strip_ansi(line);
            let mut rec = self.parse_clean(&clean).into_owned();
            if rec.timestamp.is_none() {
                rec.timestamp = buildkite_time(line);
            }
            rec
        } else {
            self.parse_clean(line)
        };
        rec.step = step;
        rec
    }

    fn parse_clean<'a>(&mut self, line: &'a [u8]) -> Record<'a> {
        let ctx = &mut self.time;
        if let Some(r) = read(&self.format, line, ctx) {
            return r;
        }
        match &self.format {
            Format::Raw => unreachable_raw(line),
            Format::Docker | Format::Cri | Format::Compose | Format::Kubectl => {
                let mut r = wrap::inner(line, ctx);
                r.header = false;
                r
            }
            Format::GithubActions => {
                let mut r = wrap::inner(line, ctx);
                r.header = false;
                r
            }
            _ => Record::plain(line),
        }
    }
}

/// The time Buildkite's agent puts before each line of a job's log, as an escape sequence
/// (`ESC _ bk;t=1705312800123 BEL`, milliseconds since the epoch).
fn buildkite_time(line: &[u8]) -> Option<Timestamp> {
    let rest = line.strip_prefix(b"\x1b_bk;t=")?;
    let end = rest.iter().position(|b| !b.is_ascii_digit())?;
    if end == 0 || end > 15 || rest[end] != 0x07 {
        return None;
    }
    let millis: i64 = std::str::from_utf8(&rest[..end]).ok()?.parse().ok()?;
    Timestamp(millis * 1000).plausible()
}

/// `read` always reads a raw line; this keeps the match above total without a panic path.
fn unreachable_raw(line: &[u8]) -> Record<'_> {
    let mut r = Record::plain(line);
    r.level = text::infer_level(line);
    r
}

/// Reads `line` as `format`; `None` when the line does not have the format's shape (a
/// continuation line, or another format).
fn read<'a>(format: &Format, line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    match format {
        Format::Raw | Format::JournalExport | Format::JsonPretty | Format::WindowsEventText => {
            if syslog::is_journal_meta(line) {
                return Some(syslog::meta(line));
            }
            Some(unreachable_raw(line))
        }
        Format::Syslog
        | Format::SyslogIso
        | Format::JournalMonotonic
        | Format::JournalUnix
        | Format::JournalFull => {
            if syslog::is_journal_meta(line) {
                return Some(syslog::meta(line));
            }
            let kind = match format {
                Format::Syslog => syslog::Stamp::Bsd,
                Format::SyslogIso => syslog::Stamp::Iso,
                Format::JournalMonotonic => syslog::Stamp::Monotonic,
                Format::JournalUnix => syslog::Stamp::Unix,
                _ => syslog::Stamp::Full,
            };
            syslog::parse(line, kind, ctx)
        }
        Format::Json => json::parse(line, ctx),
        Format::Docker => {
            let r = json::parse(line, ctx)?;
            if !json::is_docker(line, ctx) {
                return Some(r);
            }
            // A json-file record is one output line of the program: it is read like the
            // line a CRI record wraps.
            let (header, level, message) = match r.message {
                Cow::Borrowed(m) => {
                    let i = wrap::inner(m, ctx);
                    (i.header, i.level, i.message)
                }
                Cow::Owned(m) => {
                    let i = wrap::inner(&m, ctx);
                    (i.header, i.level, Cow::Owned(i.message.into_owned()))
                }
            };
            Some(Record {
                timestamp: r.timestamp,
                level: level.or(r.level),
                origin: r.origin,
                message,
                header,
                meta: false,
                service: false,
                step: false,
            })
        }
        Format::Cri => wrap::parse_cri(line, ctx),
        Format::GithubActions => wrap::parse_gha(line, ctx),
        Format::Compose => wrap::parse_compose(line, ctx),
        Format::Kubectl => wrap::parse_kubectl(line, ctx),
        Format::Logfmt => logfmt::parse(line, ctx),
        Format::Access => web::parse_access(line, ctx),
        Format::ApacheError => web::parse_apache_error(line, ctx),
        Format::NginxError => web::parse_nginx_error(line, ctx),
        Format::Klog => runtime::parse_klog(line, ctx),
        Format::Logcat => runtime::parse_logcat(line, ctx),
        Format::LogcatBrief => runtime::parse_logcat_brief(line),
        Format::Python => runtime::parse_python(line),
        Format::WindowsCbs => runtime::parse_cbs(line, ctx),
        Format::WindowsEvent => runtime::parse_windows_event(line, ctx),
        Format::Generic(Some(l)) => layout::parse(line, l, ctx),
        Format::Generic(None) => Some(layout::parse_unlearned(line, ctx)),
        Format::Mixed(m) => m.read(line, ctx),
    }
}

/// Formats `detect` tries, in order of preference when several read a sample equally well
/// (the more specific first).
const CANDIDATES: &[Format] = &[
    Format::Json,
    Format::Cri,
    Format::GithubActions,
    Format::Compose,
    Format::Kubectl,
    Format::Syslog,
    Format::SyslogIso,
    Format::JournalFull,
    Format::JournalUnix,
    Format::JournalMonotonic,
    Format::ApacheError,
    Format::NginxError,
    Format::Access,
    Format::Klog,
    Format::Logcat,
    Format::LogcatBrief,
    Format::WindowsCbs,
    Format::WindowsEvent,
    Format::Python,
    Format::Logfmt,
];

/// Lines of a source that detection looks at.
const DETECT_SAMPLE: usize = 200;

/// Picks the format of a source from its first lines (`sample`, without their `\n`).
///
/// Each known format reads the sample (up to 200 lines); the one that reads the most lines
/// wins when it reads at least half of them. Otherwise a generic header layout is learned from
/// the sample's columns; failing that, a short sample of entries and their traces is read by
/// the layout-less generic reader, and anything else is raw text.
pub fn detect(sample: &[&[u8]]) -> Format {
    let cleaned: Vec<Cow<'_, [u8]>> = sample
        .iter()
        .take(DETECT_SAMPLE)
        .map(|l| {
            let l = text::strip_cr(l);
            if memchr::memchr(0x1b, l).is_some() {
                Cow::Owned(text::strip_ansi(l))
            } else {
                Cow::Borrowed(l)
            }
        })
        .filter(|l| !text::trim(l).is_empty())
        .collect();
    let lines: Vec<&[u8]> = cleaned.iter().map(|l| &**l).collect();
    if lines.is_empty() {
        return Format::Raw;
    }
    let n = lines.len();
    let mut ctx = TimeContext::utc(Timestamp::from_unix_seconds(0));
    // Which lines each candidate reads, as a bit set per candidate.
    let matched: Vec<Vec<bool>> = CANDIDATES
        .iter()
        .map(|f| {
            lines
                .iter()
                .map(|l| read(f, l, &mut ctx).is_some())
                .collect()
        })
        .collect();
    let counts: Vec<usize> = matched
        .iter()
        .map(|m| m.iter().filter(|b| **b).count())
        .collect();
    let mut best: Option<(&Format, usize)> = None;
    for (f, &count) in CANDIDATES.iter().zip(&counts) {
        if count > best.map_or(0, |b| b.1) {
            best = Some((f, count));
        }
    }
    let best = best.map(|(f, c)| {
        if *f == Format::Json {
            let docker = lines
                .iter()
                .filter(|l| json::is_docker(l, &mut ctx))
                .count();
            if docker * 2 >= c {
                return (Format::Docker, c);
            }
        }
        (f.clone(), c)
    });
    let best_count = best.as_ref().map_or(0, |b| b.1);
    if best_count * 10 >= n * 9 {
        if let Some((f, _)) = best {
            return f;
        }
    }
    // Several formats that together read clearly more lines than the best one alone: a
    // mixed source. Members are picked greedily by the lines they read that no member picked
    // before reads, so a format that only rereads another's lines (journalctl's variants of a
    // syslog line) is not tried on every line, and one that reads a few lines of its own (a
    // component that logs one line in fifty) is, as long as those are not a chance match.
    let mut members: Vec<usize> = Vec::new();
    let mut covered = vec![false; n];
    loop {
        let fresh = |i: usize| (0..n).filter(|&l| matched[i][l] && !covered[l]).count();
        let next = (0..CANDIDATES.len())
            .filter(|i| !members.contains(i))
            .map(|i| (fresh(i), i))
            // The most fresh lines; on a tie, the earlier (more specific) candidate.
            .max_by_key(|&(f, i)| (f, std::cmp::Reverse(i)));
        match next {
            Some((f, i)) if f >= 3 && f * 50 >= n => {
                members.push(i);
                for (l, c) in covered.iter_mut().enumerate() {
                    *c |= matched[i][l];
                }
            }
            _ => break,
        }
    }
    let union = covered.iter().filter(|c| **c).count();
    let mixed = (members.len() >= 2 && union * 2 >= n && union >= best_count + n / 10).then(|| {
        let formats = members.iter().map(|&i| CANDIDATES[i].clone()).collect();
        Format::Mixed(Arc::new(Mixed::new(formats, &lines, &mut ctx)))
    });
    if mixed.is_none() {
        if let Some((f, c)) = &best {
            if *c * 2 >= n {
                return f.clone();
            }
        }
    }
    let best = match mixed {
        Some(m) => Some((m, union)),
        None => best,
    };
    if let Some((layout, coverage)) = layout::learn(&lines) {
        if coverage >= 0.3 && coverage * n as f64 > best.as_ref().map_or(0, |b| b.1) as f64 {
            let learned = Format::Generic(Some(Arc::new(layout)));
            // A layout learned from a handful of lines (an entry, its exception and `Caused
            // by:`) can be made of the trace's words and read no time at all: the generic
            // reader is kept when it reads the times of more lines.
            let timed = |f: &Format, ctx: &mut TimeContext| {
                lines
                    .iter()
                    .filter(|l| read(f, l, ctx).is_some_and(|r| r.timestamp.is_some()))
                    .count()
            };
            if entries_without_layout(&lines, &mut ctx)
                && timed(&Format::Generic(None), &mut ctx) > timed(&learned, &mut ctx)
            {
                return Format::Generic(None);
            }
            return learned;
        }
    }
    match best {
        Some((f, c)) if c * 5 >= n => f,
        _ if entries_without_layout(&lines, &mut ctx) => Format::Generic(None),
        _ => Format::Raw,
    }
}

/// Whether a sample too short to learn a layout from (a one-line file, an entry pasted with
/// its stack trace) is entries all the same: every line an entry that starts with a time, or a
/// line that continues the entry above (a trace's lines). The generic reader takes the time,
/// level and logger off such entries, and joins the trace to its entry.
fn entries_without_layout(lines: &[&[u8]], ctx: &mut TimeContext) -> bool {
    let mut entries = 0;
    let mut traceback = false;
    let mut traced = false;
    for &l in lines {
        let r = layout::parse_unlearned(l, ctx);
        if r.header && r.timestamp.is_some() {
            entries += 1;
        } else if crate::event::continues_entry(l) {
            traceback |= l.starts_with(b"Traceback (most recent call last)");
            traced |= crate::event::is_trace_line(l);
        } else if !(traceback && crate::event::is_python_exception_line(l)) {
            return false;
        }
    }
    // A full sample may be the start of a long file: a dated line and indented output (a
    // build's `   Compiling …` lines) go on as plain lines, which the generic reader would
    // join to the entry before them. Entries whose stack traces fill the sample (a service's
    // startup failure, two hundred frames deep) are a log's.
    entries > 0 && (lines.len() < DETECT_SAMPLE || traced)
}
