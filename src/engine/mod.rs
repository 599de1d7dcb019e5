//! The engine: runs every input through records and events into sinks, on all cores, and
//! merges the results in input order.
//!
//! ```text
//! reader thread ──chunks──► rayon workers ──results──► merge (calling thread)
//!      ▲                                                   │
//!      └───────────── free buffers (bounded pool) ◄────────┘
//! ```
//! One reader thread reads every input in turn, in blocks, into a bounded pool of chunk
//! buffers; a worker per chunk parses its lines, joins them into events and feeds them to a
//! sink of its own; the merge takes results in sequence, stitches the events that straddle
//! chunk edges, and hands each sink on in input order. The pool is the back-pressure: memory is
//! `O(buffers × chunk size)` whatever the size of the input, for a file as for a pipe.
//!
//! A worker cannot know the joiner's state at the start of its chunk, so it starts at the
//! chunk's first *sync point* (a line that starts an event whatever came before,
//! `event::is_sync_point`); the lines before it are replayed by the merge with the state carried
//! from the previous chunk. The output is therefore the same for every chunk size and thread
//! count.

mod progress;

use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};

use crate::event::{is_sync_point, Event, Joiner};
use crate::patterns::{Capture, Hit, PatternSet};
use crate::record::{self, Format, Level, Parser, Record, TimeContext, Timestamp};
use crate::source::{self, ChunkBuf, ChunkReader, Input, BLOCK_SIZE};

/// What the engine needs to know about a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads.
    pub threads: usize,
    /// Bytes a chunk aims at.
    pub chunk_size: usize,
    /// Lines longer than this are analysed up to it.
    pub max_line: usize,
    /// Use this format for every input instead of detecting one.
    pub input_format: Option<Format>,
    /// Read files that look binary (NUL bytes) instead of skipping them.
    pub binary_as_text: bool,
    /// How the inputs' text is encoded (`--encoding`).
    pub encoding: source::TextEncoding,
    /// The zone that timestamps without one are read in.
    pub time_zone: jiff::tz::TimeZone,
    /// Show a progress bar on stderr when it is a terminal and the work takes a while.
    pub progress: bool,
    /// The known-failure patterns matched against every line (empty: none).
    pub patterns: Arc<PatternSet>,
    /// Set to stop reading (the output was closed, or the user pressed Ctrl-C): the reader
    /// stops at the next chunk and the run ends with what was read.
    pub cancel: Arc<AtomicBool>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            threads: default_threads(),
            chunk_size: DEFAULT_CHUNK_SIZE,
            max_line: DEFAULT_MAX_LINE,
            input_format: None,
            binary_as_text: false,
            encoding: source::TextEncoding::Auto,
            time_zone: jiff::tz::TimeZone::UTC,
            progress: false,
            patterns: Arc::new(PatternSet::empty()),
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }
}

/// 1 MiB chunks: large enough that per-chunk costs vanish, small enough that a few per thread
/// in flight keep memory low.
pub const DEFAULT_CHUNK_SIZE: usize = 1 << 20;
/// Lines past 1 MiB are read up to it (`--max-line-bytes`).
pub const DEFAULT_MAX_LINE: usize = 1 << 20;
/// How many lines of a source its format is detected from.
pub const DETECT_LINES: usize = 200;
/// At most this many bytes of a source's start are read ahead to detect its format.
pub const DETECT_BYTES: usize = 256 * 1024;
/// A NUL byte in this many first bytes marks a source as binary.
const BINARY_SNIFF: usize = 8192;

pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Receives the events of one source (or a chunk of one).
pub trait Sink: Send {
    fn event(&mut self, ev: &Event<'_>);

    /// Every line as a record, before it is joined into events, in input order (not called
    /// for a journal export stream, which has no lines of its own: its entries come as events).
    fn record(&mut self, _line: u64, _rec: &Record<'_>) {}

    /// A failing test case of a JUnit XML report (the input is such a report: it has no
    /// lines or events of its own).
    fn test_case(&mut self, _case: &record::junit::TestCase) {}

    /// A known-failure pattern matched a line (only called when patterns are loaded).
    fn hit(&mut self, _hit: &LineHit<'_>) {}

    /// Whether the next hit of `pattern` needs what its fields are captured from
    /// ([`LineHit::capture`]); when not, it is left out, saving a copy of the text. Every hit
    /// has it by default.
    fn wants_fields(&self, _pattern: u32) -> bool {
        true
    }
}

/// A pattern that matched one line.
#[derive(Debug, Clone, Copy)]
pub struct LineHit<'a> {
    /// Index into the run's `PatternSet::patterns`.
    pub pattern: u32,
    pub line: u64,
    /// The time of the event the line belongs to (a stack frame has none of its own).
    pub timestamp: Option<Timestamp>,
    /// The whole line as it stands in the source.
    pub text: &'a [u8],
    /// What the pattern's fields are captured from (`PatternSet::fields`); none when the
    /// sink did not want them ([`Sink::wants_fields`]).
    pub capture: Option<&'a Capture>,
}

/// What a sink is told about the source it serves.
#[derive(Debug, Clone)]
pub struct SourceMeta {
    /// The source's number: sources are numbered in the order they are read (an archive's
    /// members after it), and the reports of [`run`] are in this order.
    pub index: u32,
    pub name: Arc<str>,
    pub format: Format,
    /// The input, of those named, that the source is or is in.
    pub input: u32,
    /// Where in that input's archive (or archives) the source is: `var/log/syslog`,
    /// `logs.tar/app.log`; `None` for the input itself.
    pub member: Option<Arc<str>>,
}

/// What was read of one source (an input named, or a member of an archive), for the report's
/// `inputs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceReport {
    pub name: String,
    /// The input, of those named, that the source is or is in.
    pub input: u32,
    /// Its path in that input's archive, and in the archives inside that one, outermost first;
    /// empty for the input itself.
    pub members: Vec<String>,
    /// The format it was read as; `None` when it was not read.
    pub format: Option<String>,
    pub compression: Option<&'static str>,
    /// The encoding the text was transcoded from (`UTF-16LE`); `None` for UTF-8 or bytes.
    pub encoding: Option<&'static str>,
    pub lines: u64,
    pub bytes: u64,
    /// Why it was not read (binary content), in words.
    pub skipped: Option<String>,
    pub truncated_lines: u64,
    pub truncated_bytes: u64,
    /// Why reading it failed part way or at once, in words.
    pub error: Option<String>,
    /// How the file changed while it was read (it shrank), in words.
    pub changed: Option<String>,
    /// That the format named with `--input-format` does not read most of its first lines,
    /// in words.
    pub misread: Option<String>,
}

/// Reads every input and hands the sinks, filled in input order, to `collect`: first all of
/// source 0, then source 1, and so on. `make` creates an empty sink for a source.
///
/// Returns a report per source, in the order of their numbers ([`SourceMeta::index`]): an input
/// is one source, an archive one and each of its members one more.
pub fn run<S, M, C>(inputs: &[Input], opts: &Options, make: M, mut collect: C) -> Vec<SourceReport>
where
    S: Sink,
    M: Fn(&SourceMeta) -> S + Sync,
    C: FnMut(S),
{
    let threads = opts.threads.max(1);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(_) => rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a one-thread pool"),
    };
    let buffers = threads * 2 + 2;
    let (free_tx, free_rx) = bounded::<ChunkBuf>(buffers);
    for _ in 0..buffers {
        let _ = free_tx.send(ChunkBuf::with_capacity(opts.chunk_size + BLOCK_SIZE));
    }
    let (res_tx, res_rx) = unbounded::<(u64, Msg<S>)>();
    let mut reports: Vec<SourceReport> = Vec::with_capacity(inputs.len());
    // How many of the inputs the reader got to (all, unless the run was cancelled).
    let started = AtomicU64::new(0);
    let progress = progress::Progress::new(opts.progress && io::stderr().is_terminal(), inputs);

    std::thread::scope(|scope| {
        let make = &make;
        let progress = &progress;
        let free_tx = &free_tx;
        let started = &started;
        scope.spawn(move || {
            pool.in_place_scope(|workers| {
                let mut reader = Reader {
                    opts,
                    free: free_rx,
                    recycle: free_tx.clone(),
                    out: res_tx,
                    seq: 0,
                    next_source: 0,
                    progress,
                };
                for (index, input) in inputs.iter().enumerate() {
                    if opts.cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    started.fetch_add(1, Ordering::Relaxed);
                    reader.read_source(index as u32, input, make, workers);
                }
            });
        });
        merge(
            &opts.patterns,
            res_rx,
            free_tx,
            make,
            &mut collect,
            &mut reports,
        );
    });
    progress.finish();
    // Inputs a cancelled run did not get to are listed all the same, as not read.
    let started = started.load(Ordering::Relaxed) as usize;
    for (i, input) in inputs.iter().enumerate().skip(started) {
        reports.push(SourceReport {
            name: input.name.clone(),
            input: i as u32,
            ..SourceReport::default()
        });
    }
    reports
}

/// Entries of a source read in one piece that one sink takes before it goes to the merge.
const WHOLE_BATCH: usize = 4096;

/// What flows from the reader and workers to the merge, in sequence.
enum Msg<S> {
    /// A source starts: its parser, for replaying the lines before a chunk's sync point.
    Start(SourceMeta, Box<Parser>),
    Chunk(ChunkOut<S>),
    /// Entries of a source read in one piece (a journal export stream, pretty-printed JSON, a
    /// wevtutil export), a batch at a time.
    Whole(S),
    /// A source ends, with what is known about it.
    End(u32, SourceReport),
}

struct ChunkOut<S> {
    first: bool,
    buf: ChunkBuf,
    first_line: u64,
    /// Bytes of `buf` before its first sync point, for the merge to replay.
    prefix_end: usize,
    synced: bool,
    sink: S,
    tail: Joiner<'static>,
}

struct Reader<'r, S> {
    opts: &'r Options,
    free: Receiver<ChunkBuf>,
    recycle: Sender<ChunkBuf>,
    out: Sender<(u64, Msg<S>)>,
    seq: u64,
    /// The number the next source gets.
    next_source: u32,
    progress: &'r progress::Progress,
}

/// What opening a source found out about it.
struct Found {
    compression: Option<source::Compression>,
    encoding: Option<&'static encoding_rs::Encoding>,
    /// Size on disk of an uncompressed file, to check that all of it was read.
    plain_size: Option<u64>,
    /// Bytes read so far of the file or pipe named (for an archive member, of its archive).
    consumed: Arc<AtomicU64>,
    modified: Option<std::time::SystemTime>,
}

impl<'r, S: Sink> Reader<'r, S> {
    fn send(&mut self, msg: Msg<S>) {
        let _ = self.out.send((self.seq, msg));
        self.seq += 1;
    }

    /// Reads input `input` of those named: its text, or the members of the archive it is.
    fn read_source<'s, M>(
        &mut self,
        input: u32,
        named: &Input,
        make: &'s M,
        workers: &rayon::Scope<'s>,
    ) where
        M: Fn(&SourceMeta) -> S + Sync,
        S: 's,
        'r: 's,
    {
        let mut report = SourceReport {
            name: named.name.clone(),
            input,
            ..SourceReport::default()
        };
        let opened = match source::open(named, self.opts.encoding) {
            Ok(o) => o,
            Err(e) => {
                report.error = Some(source::io_reason(&e));
                let index = self.next_index();
                self.send(Msg::End(index, report));
                return;
            }
        };
        let found = Found {
            compression: opened.compression,
            encoding: opened.encoding,
            // What was read of the file itself is compared with its size: the text it made
            // (decompressed, decoded, a byte-order mark dropped) need not be as long. A
            // decompressor may stop before the end of its file (trailing padding): compressed
            // files are left out.
            plain_size: opened.size.filter(|_| opened.compression.is_none()),
            consumed: opened.consumed,
            modified: opened.modified,
        };
        self.read_content(report, opened.content, found, 0, make, workers);
    }

    /// Tells the progress bar that a source ended. An archive's members count the bytes of
    /// their archive, which ends after the last of them.
    fn source_done(&self, report: &SourceReport, consumed: &AtomicU64) {
        if report.members.is_empty() {
            self.progress.source_done(consumed.load(Ordering::Relaxed));
        }
    }

    /// The index of the next source: sources are numbered in the order they are read, an
    /// archive before its members.
    fn next_index(&mut self) -> u32 {
        let i = self.next_source;
        self.next_source += 1;
        i
    }

    fn read_content<'s, M>(
        &mut self,
        report: SourceReport,
        content: source::Content<'_>,
        found: Found,
        depth: usize,
        make: &'s M,
        workers: &rayon::Scope<'s>,
    ) where
        M: Fn(&SourceMeta) -> S + Sync,
        S: 's,
        'r: 's,
    {
        match content {
            source::Content::Text(reader) => {
                self.read_text(report, reader, found, make, workers);
            }
            source::Content::Archive(archive) => {
                self.read_archive(report, archive, found, depth, make, workers);
            }
        }
    }

    /// Reads the members of an archive as sources of their own, named `ARCHIVE/MEMBER`. The
    /// archive has a report of its own, before its members', which says what stopped its
    /// reading, if anything did.
    fn read_archive<'s, M>(
        &mut self,
        mut report: SourceReport,
        archive: source::Archive<'_>,
        found: Found,
        depth: usize,
        make: &'s M,
        workers: &rayon::Scope<'s>,
    ) where
        M: Fn(&SourceMeta) -> S + Sync,
        S: 's,
        'r: 's,
    {
        let index = self.next_index();
        report.format = Some(archive.kind.name().to_string());
        report.compression = found.compression.map(|c| c.name());
        if let Some(ext) = source::package_extension(&report.name) {
            report.format = None;
            report.skipped = Some(format!(
                "a .{ext} package ({} archive), not an archive of logs",
                archive.kind.name()
            ));
            self.send(Msg::End(index, report));
            return;
        }
        if depth >= source::MAX_NESTING {
            report.format = None;
            report.skipped = Some(format!(
                "{} archive inside {depth} others, not opened",
                archive.kind.name()
            ));
            self.send(Msg::End(index, report));
            return;
        }
        let mut files = 0u64;
        let result = archive.members(&mut |m: source::Member<'_>| {
            if self.opts.cancel.load(Ordering::Relaxed) {
                return false;
            }
            files += 1;
            let mut member = SourceReport {
                name: format!("{}/{}", report.name, m.path),
                input: report.input,
                members: report.members.clone(),
                ..SourceReport::default()
            };
            member.members.push(m.path);
            match source::open_stream(m.reader, self.opts.encoding) {
                Ok((content, compression, encoding)) => {
                    let found = Found {
                        compression,
                        encoding,
                        plain_size: None,
                        consumed: found.consumed.clone(),
                        modified: m.modified.or(found.modified),
                    };
                    self.read_content(member, content, found, depth + 1, make, workers);
                }
                Err(e) => {
                    member.error = Some(read_error(&e, 0));
                    let index = self.next_index();
                    self.send(Msg::End(index, member));
                }
            }
            true
        });
        if let Err(e) = result {
            let what = match e.kind() {
                io::ErrorKind::UnexpectedEof => {
                    String::from("unexpected end of the archive (truncated file?)")
                }
                _ => source::io_reason(&e),
            };
            report.error = Some(if files > 0 {
                format!("{what}, after {files} file(s)")
            } else {
                what
            });
        } else if files == 0 && !self.opts.cancel.load(Ordering::Relaxed) {
            report.skipped = Some(String::from("the archive holds no files"));
        }
        self.source_done(&report, &found.consumed);
        self.send(Msg::End(index, report));
    }

    /// Reads one source of text: cut into chunks for the workers, or read whole when its
    /// entries span lines.
    fn read_text<'s, M>(
        &mut self,
        mut report: SourceReport,
        reader: Box<dyn io::Read + '_>,
        found: Found,
        make: &'s M,
        workers: &rayon::Scope<'s>,
    ) where
        M: Fn(&SourceMeta) -> S + Sync,
        S: 's,
        'r: 's,
    {
        let index = self.next_index();
        report.compression = found.compression.map(|c| c.name());
        report.encoding = found.encoding.map(|e| e.name());
        let plain_size = found.plain_size;
        let consumed = found.consumed;
        let reference = found
            .modified
            .and_then(|m| jiff::Timestamp::try_from(m).ok())
            .unwrap_or_else(jiff::Timestamp::now);
        let time = TimeContext::new(
            self.opts.time_zone.clone(),
            Timestamp(reference.as_microsecond()),
        );
        let mut chunks = ChunkReader::new(reader, self.opts.chunk_size, self.opts.max_line);
        let name: Arc<str> = Arc::from(report.name.as_str());
        let member: Option<Arc<str>> =
            (!report.members.is_empty()).then(|| Arc::from(report.members.join("/")));
        let input = report.input;
        let head = chunks.prefetch(DETECT_BYTES, DETECT_LINES);
        // Export streams carry binary length fields: they are text all the same.
        let export = self.opts.input_format == Some(Format::JournalExport)
            || (self.opts.input_format.is_none() && record::is_export(head));
        if !self.opts.binary_as_text && !export {
            if let Some(at) = memchr::memchr(0, &head[..head.len().min(BINARY_SNIFF)]) {
                report.skipped = Some(format!(
                    "binary file (NUL byte at offset {at}); use --text to read it anyway"
                ));
                self.send(Msg::End(index, report));
                return;
            }
        }
        let pretty = self.opts.input_format.is_none() && record::is_pretty_json(head);
        let wevtutil = self.opts.input_format.is_none() && record::is_wevtutil_text(head);
        let format = self.opts.input_format.clone().unwrap_or_else(|| {
            if pretty {
                return Format::JsonPretty;
            }
            if wevtutil {
                return Format::WindowsEventText;
            }
            record::detect(&head_lines(head))
        });
        if self.opts.input_format.is_none() && record::junit::sniff(head) {
            report.format = Some(String::from("junit-xml"));
            let meta = SourceMeta {
                index,
                name: name.clone(),
                format: Format::Raw,
                input,
                member: member.clone(),
            };
            self.read_junit(meta, chunks, make, report, &consumed);
            return;
        }
        report.format = Some(format.name().to_string());
        if self.opts.input_format.is_some() {
            report.misread = forced_format_misread(&format, head, &time);
        }
        if format == Format::JsonPretty || format == Format::WindowsEventText {
            let meta = SourceMeta {
                index,
                name: name.clone(),
                format: format.clone(),
                input,
                member: member.clone(),
            };
            self.read_whole(meta, chunks, time, make, report, &consumed);
            return;
        }
        if export {
            report.format = Some(Format::JournalExport.name().to_string());
            let meta = SourceMeta {
                index,
                name: name.clone(),
                format: Format::JournalExport,
                input,
                member: member.clone(),
            };
            self.read_whole(meta, chunks, time, make, report, &consumed);
            return;
        }
        let meta = SourceMeta {
            index,
            name: name.clone(),
            format: format.clone(),
            input,
            member: member.clone(),
        };
        let parser = Parser::new(format, time);
        self.send(Msg::Start(meta.clone(), Box::new(parser.clone())));
        let ctx = Arc::new(SourceCtx {
            meta,
            parser,
            patterns: self.opts.patterns.clone(),
        });
        let mut first = true;
        loop {
            if self.opts.cancel.load(Ordering::Relaxed) {
                break;
            }
            let Ok(mut buf) = self.free.recv() else {
                return;
            };
            let first_line = match chunks.next_chunk(&mut buf) {
                Ok(Some(n)) => n,
                Ok(None) => {
                    self.free_return(buf);
                    break;
                }
                Err(e) => {
                    self.free_return(buf);
                    report.error = Some(read_error(&e, chunks.stats().lines));
                    break;
                }
            };
            self.progress.advance(consumed.load(Ordering::Relaxed));
            let ctx = ctx.clone();
            let seq = self.seq;
            self.seq += 1;
            let out = self.out.clone();
            let is_first = first;
            workers.spawn(move |_| {
                let result = process_chunk(&ctx, make, buf, first_line, is_first);
                let _ = out.send((seq, Msg::Chunk(result)));
            });
            first = false;
        }
        let stats = chunks.stats();
        self.source_done(&report, &consumed);
        report.lines = stats.lines;
        report.bytes = stats.bytes;
        report.truncated_lines = stats.truncated_lines;
        report.truncated_bytes = stats.truncated_bytes;
        if let Some(size) = plain_size {
            let whole = report.error.is_none() && !self.opts.cancel.load(Ordering::Relaxed);
            let read = consumed.load(Ordering::Relaxed);
            if whole && read < size {
                report.changed = Some(format!(
                    "the file shrank while it was read ({size} bytes when opened, {read} read); the analysis covers what was read"
                ));
            }
        }
        self.send(Msg::End(index, report));
    }

    /// Reads a stream whose entries span lines in one piece: a journal export stream (its
    /// binary fields carry lengths), pretty-printed JSON (an object spans lines) or a
    /// `wevtutil` text export (an event spans lines) cannot be cut at arbitrary line ends.
    fn read_whole<M>(
        &mut self,
        meta: SourceMeta,
        chunks: ChunkReader,
        mut time: TimeContext,
        make: &M,
        mut report: SourceReport,
        consumed: &AtomicU64,
    ) where
        M: Fn(&SourceMeta) -> S + Sync,
    {
        let mut sink = make(&meta);
        let patterns = self.opts.patterns.clone();
        let mut hits: Vec<Hit> = Vec::new();
        let mut counter = CountingReader {
            inner: chunks.into_reader(),
            bytes: 0,
            last_newline: true,
            lines: 0,
        };
        let (out, seq) = (&self.out, &mut self.seq);
        let mut entries = 0usize;
        let mut entry = |line: u64, end_line: u64, rec: &Record<'_>| {
            whole_entry(&mut sink, &patterns, &mut hits, line, end_line, rec);
            entries += 1;
            if entries.is_multiple_of(WHOLE_BATCH) {
                // The entries so far go on to the merge, so that what a sink keeps of each
                // (`culprit parse` keeps every record) does not grow with the stream.
                let done = std::mem::replace(&mut sink, make(&meta));
                let _ = out.send((*seq, Msg::Whole(done)));
                *seq += 1;
            }
        };
        let input = io::BufReader::with_capacity(BLOCK_SIZE, &mut counter);
        let max_line = self.opts.max_line;
        let result = if meta.format == Format::JsonPretty {
            record::read_pretty(input, &mut time, max_line, entry).map(|cut| {
                report.truncated_lines = cut.lines;
                report.truncated_bytes = cut.bytes;
            })
        } else if meta.format == Format::WindowsEventText {
            record::read_wevtutil(input, &mut time, max_line, entry).map(|cut| {
                report.truncated_lines = cut.lines;
                report.truncated_bytes = cut.bytes;
            })
        } else {
            record::read_export(input, &mut time, |e| {
                let rec = Record {
                    timestamp: e.timestamp,
                    level: e.level,
                    origin: e.origin.as_deref().map(std::borrow::Cow::Borrowed),
                    message: std::borrow::Cow::Borrowed(&e.message),
                    header: true,
                    meta: false,
                    service: false,
                    step: false,
                };
                entry(e.line, e.end_line, &rec);
            })
        };
        if let Err(e) = result {
            report.error = Some(read_error(&e, counter.lines));
        }
        report.bytes = counter.bytes;
        report.lines = counter.lines + u64::from(!counter.last_newline);
        self.source_done(&report, consumed);
        self.send(Msg::Whole(sink));
        self.send(Msg::End(meta.index, report));
    }

    /// Reads a JUnit XML report in one piece: an XML element may span lines, so it cannot be
    /// cut at line ends. The reader streams it; only the failing cases reach the sink.
    fn read_junit<M>(
        &mut self,
        meta: SourceMeta,
        chunks: ChunkReader,
        make: &M,
        mut report: SourceReport,
        consumed: &AtomicU64,
    ) where
        M: Fn(&SourceMeta) -> S + Sync,
    {
        let mut sink = make(&meta);
        let mut counter = CountingReader {
            inner: chunks.into_reader(),
            bytes: 0,
            last_newline: true,
            lines: 0,
        };
        let result = record::junit::read(
            io::BufReader::with_capacity(BLOCK_SIZE, &mut counter),
            |case| sink.test_case(case),
        );
        if let Err(e) = result {
            report.error = Some(read_error(&e, counter.lines));
        }
        report.bytes = counter.bytes;
        report.lines = counter.lines + u64::from(!counter.last_newline && counter.bytes > 0);
        self.source_done(&report, consumed);
        self.send(Msg::Whole(sink));
        self.send(Msg::End(meta.index, report));
    }

    /// Hands an unused buffer back to the pool.
    fn free_return(&self, buf: ChunkBuf) {
        let _ = self.recycle.send(buf);
    }
}

/// What every chunk of a source shares.
struct SourceCtx {
    meta: SourceMeta,
    parser: Parser,
    patterns: Arc<PatternSet>,
}

/// A worker's part: the chunk's lines from its first sync point on, joined into events and fed
/// to a sink of its own. The event still open at the chunk's end is returned as `tail`.
fn process_chunk<S: Sink, M: Fn(&SourceMeta) -> S>(
    ctx: &SourceCtx,
    make: &M,
    buf: ChunkBuf,
    first_line: u64,
    first: bool,
) -> ChunkOut<S> {
    let mut parser = ctx.parser.clone();
    let headed = ctx.meta.format.headed();
    let mut sink = make(&ctx.meta);
    let mut joiner = Joiner::for_format(&ctx.meta.format);
    let mut synced = first;
    let mut prefix_end = 0;
    let mut prev: Vec<u8> = Vec::new();
    // The last line before that is not blank, once there is one in this chunk.
    let mut last_text: Option<Vec<u8>> = None;
    let mut hits: Vec<Hit> = Vec::new();
    let mut line_no = first_line;
    for Line {
        start,
        text: line,
        plain,
    } in Lines::new(&buf)
    {
        let rec = if plain {
            parser.parse_plain(line)
        } else {
            parser.parse(line)
        };
        if !synced {
            let sync = if line_no == first_line {
                // The line before is in the previous chunk: only a header settles it.
                rec.header && is_sync_point(&rec, None, None, headed)
            } else {
                is_sync_point(&rec, Some(&prev), last_text.as_deref(), headed)
            };
            if !sync {
                // Replayed by the merge, patterns and all. A journal's `-- Boot … --` line
                // is no line of an event: the joiner passes over it.
                if rec.meta {
                    line_no += 1;
                    continue;
                }
                prev.clear();
                prev.extend_from_slice(&rec.message);
                if !prev.iter().all(u8::is_ascii_whitespace) {
                    let text = last_text.get_or_insert_with(Vec::new);
                    text.clear();
                    text.extend_from_slice(&prev);
                }
                line_no += 1;
                continue;
            }
            synced = true;
            prefix_end = start;
        }
        let matched = match_patterns(&ctx.patterns, &rec, line, &mut hits, &sink);
        sink.record(line_no, &rec);
        joiner.feed(line_no, rec, &mut |ev| sink.event(ev));
        if matched {
            deliver(
                &mut sink,
                &hits,
                line_no,
                joiner.line_timestamp(line_no),
                line,
            );
        }
        line_no += 1;
    }
    if !synced {
        prefix_end = buf.len();
    }
    let tail = joiner.into_owned();
    ChunkOut {
        first,
        buf,
        first_line,
        prefix_end,
        synced,
        sink,
        tail,
    }
}

/// Hands the sink one entry of a stream read whole (a journal export entry, a pretty-printed
/// JSON object) spanning lines `line..=end_line`: matched and recorded as a line of any other
/// format is, then counted as one event.
fn whole_entry<S: Sink>(
    sink: &mut S,
    patterns: &PatternSet,
    hits: &mut Vec<Hit>,
    line: u64,
    end_line: u64,
    rec: &Record<'_>,
) {
    let matched = match_patterns(patterns, rec, &rec.message, hits, sink);
    sink.record(line, rec);
    let ev = Event {
        line,
        end_line,
        timestamp: rec.timestamp,
        level: rec.level,
        origin: rec.origin.clone(),
        message: rec.message.clone(),
        kind: crate::event::EventKind::Plain,
        root: None,
    };
    sink.event(&ev);
    if matched {
        deliver(sink, hits, line, rec.timestamp, &rec.message);
    }
}

/// Matches the known-failure patterns against a line, unless the line says it is routine:
/// lines logged at info, debug or trace level are not looked at (a failure logged as routine
/// is rare, and a pattern firing on one is more often a false alarm, such as a healthy retry).
/// Lines without a level (kernel lines, stack frames, CI output) always are. Returns whether
/// anything matched.
///
/// The test is inlined into the per-line loop, the matching is not: most lines are not
/// looked at (with no patterns loaded, none is).
#[inline]
fn match_patterns<S: Sink>(
    patterns: &PatternSet,
    rec: &Record<'_>,
    line: &[u8],
    hits: &mut Vec<Hit>,
    sink: &S,
) -> bool {
    if patterns.is_empty() || rec.meta || rec.level.is_some_and(|l| l < Level::Notice) {
        return false;
    }
    match_line(patterns, rec, line, hits, sink)
}

#[inline(never)]
fn match_line<S: Sink>(
    patterns: &PatternSet,
    rec: &Record<'_>,
    line: &[u8],
    hits: &mut Vec<Hit>,
    sink: &S,
) -> bool {
    hits.clear();
    patterns.match_line_with(line, &[&rec.message, line], hits, |p| sink.wants_fields(p));
    !hits.is_empty()
}

/// Hands a line's pattern hits to the sink.
fn deliver<S: Sink>(
    sink: &mut S,
    hits: &[Hit],
    line: u64,
    timestamp: Option<Timestamp>,
    text: &[u8],
) {
    for h in hits {
        sink.hit(&LineHit {
            pattern: h.pattern,
            line,
            timestamp,
            text,
            capture: h.capture.as_ref(),
        });
    }
}

/// The lines of a chunk with their byte offsets, without their `\n`.
struct Lines<'a> {
    buf: &'a [u8],
    pos: usize,
    search: Search,
}

impl<'a> Lines<'a> {
    fn new(buf: &'a [u8]) -> Lines<'a> {
        Lines {
            buf,
            pos: 0,
            search: Search::new(),
        }
    }
}

/// One line of a chunk: where it starts, its bytes (without `\n`, and without the `\r` of a
/// CRLF line), and whether it is plain: free of escape sequences and carriage returns, which
/// the parser would otherwise look for in a second pass ([`Parser::parse_plain`]).
struct Line<'a> {
    start: usize,
    text: &'a [u8],
    plain: bool,
}

/// The byte searches that split lines. Lines are short, so a search costs mostly its start:
/// where the CPU has AVX2, the vector searchers are made once per chunk rather than chosen and
/// set up again by every `memchr` call.
#[derive(Clone, Copy)]
struct Search {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<(
        memchr::arch::x86_64::avx2::memchr::Three,
        memchr::arch::x86_64::avx2::memchr::One,
    )>,
}

impl Search {
    fn new() -> Search {
        #[cfg(target_arch = "x86_64")]
        {
            use memchr::arch::x86_64::avx2::memchr::{One, Three};
            Search {
                avx2: Three::new(b'\n', b'\r', 0x1b).zip(One::new(b'\n')),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        Search {}
    }

    /// The first `\n`, `\r` or escape byte.
    #[inline]
    fn end_or_special(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some((three, _)) = &self.avx2 {
            return three.find(haystack);
        }
        memchr::memchr3(b'\n', b'\r', 0x1b, haystack)
    }

    /// The first `\n`.
    #[inline]
    fn end(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some((_, one)) = &self.avx2 {
            return one.find(haystack);
        }
        memchr::memchr(b'\n', haystack)
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.buf.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.buf[start..];
        // One pass finds the line's end, or first a byte that makes it not plain.
        let (nl, plain) = match self.search.end_or_special(rest) {
            Some(i) if rest[i] == b'\n' => (Some(i), true),
            Some(i) => (self.search.end(&rest[i..]).map(|j| i + j), false),
            None => (None, true),
        };
        let end = match nl {
            Some(i) => {
                self.pos = start + i + 1;
                start + i
            }
            None => {
                self.pos = self.buf.len();
                self.buf.len()
            }
        };
        // A CRLF line's `\r` is part of the line as counted, not of its text.
        let end = if end > start && self.buf[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some(Line {
            start,
            text: &self.buf[start..end],
            plain,
        })
    }
}

/// Per-source state the merge carries from chunk to chunk.
struct Carry {
    meta: SourceMeta,
    parser: Parser,
    joiner: Option<Joiner<'static>>,
    patterns: Arc<PatternSet>,
}

/// Takes results in sequence, stitches chunk edges and hands sinks to `collect` in order.
fn merge<S, M, C>(
    patterns: &Arc<PatternSet>,
    rx: Receiver<(u64, Msg<S>)>,
    free: &Sender<ChunkBuf>,
    make: &M,
    collect: &mut C,
    reports: &mut Vec<SourceReport>,
) where
    S: Sink,
    M: Fn(&SourceMeta) -> S,
    C: FnMut(S),
{
    let mut pending: BTreeMap<u64, Msg<S>> = BTreeMap::new();
    let mut next = 0u64;
    let mut carry: Option<Carry> = None;
    for (seq, msg) in rx.iter() {
        pending.insert(seq, msg);
        while let Some(msg) = pending.remove(&next) {
            next += 1;
            match msg {
                Msg::Start(meta, parser) => {
                    carry = Some(Carry {
                        meta,
                        parser: *parser,
                        joiner: None,
                        patterns: patterns.clone(),
                    });
                }
                Msg::Whole(sink) => collect(sink),
                Msg::Chunk(out) => {
                    let Some(c) = carry.as_mut() else { continue };
                    stitch(c, out, make, collect, free);
                }
                Msg::End(index, report) => {
                    if let Some(mut c) = carry.take() {
                        if let Some(mut joiner) = c.joiner.take() {
                            let mut sink = make(&c.meta);
                            joiner.finish(&mut |ev| sink.event(ev));
                            collect(sink);
                        }
                    }
                    // An archive's report comes after its members' and goes before them.
                    let i = index as usize;
                    if reports.len() <= i {
                        reports.resize_with(i + 1, SourceReport::default);
                    }
                    reports[i] = report;
                }
            }
        }
    }
}

/// Joins a chunk's result onto what came before it.
fn stitch<S, M, C>(
    c: &mut Carry,
    out: ChunkOut<S>,
    make: &M,
    collect: &mut C,
    free: &Sender<ChunkBuf>,
) where
    S: Sink,
    M: Fn(&SourceMeta) -> S,
    C: FnMut(S),
{
    let ChunkOut {
        first,
        buf,
        first_line,
        prefix_end,
        synced,
        sink,
        tail,
    } = out;
    if first {
        c.joiner = Some(tail);
        collect(sink);
        let _ = free.send(buf);
        return;
    }
    let mut before = make(&c.meta);
    let mut joiner: Joiner<'_> = c
        .joiner
        .take()
        .unwrap_or_else(|| Joiner::for_format(&c.meta.format));
    let mut hits = Vec::new();
    for (i, Line { text: line, .. }) in Lines::new(&buf[..prefix_end]).enumerate() {
        let line_no = first_line + i as u64;
        let rec = c.parser.parse(line);
        let matched = match_patterns(&c.patterns, &rec, line, &mut hits, &before);
        before.record(line_no, &rec);
        joiner.feed(line_no, rec, &mut |ev| before.event(ev));
        if matched {
            deliver(
                &mut before,
                &hits,
                line_no,
                joiner.line_timestamp(line_no),
                line,
            );
        }
    }
    if synced {
        joiner.finish(&mut |ev| before.event(ev));
    }
    collect(before);
    if synced {
        c.joiner = Some(tail);
        collect(sink);
    } else {
        c.joiner = Some(joiner.into_owned());
    }
    let _ = free.send(buf);
}

/// Counts the bytes and lines that pass through it.
struct CountingReader<R> {
    inner: R,
    bytes: u64,
    lines: u64,
    last_newline: bool,
}

impl<R: io::Read> io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.bytes += n as u64;
            self.lines += bytecount::count(&buf[..n], b'\n') as u64;
            self.last_newline = buf[n - 1] == b'\n';
        }
        Ok(n)
    }
}

/// Whether the format the user named reads most of the first lines of a source; when it does
/// not, what to say: the other lines are analysed as continuation or plain text, which a user
/// who named the wrong format (or the wrong file) should know. A line counts as read when the
/// format reads it as an entry, or when it has the shape of a trace's line (which continues
/// an entry in any format). Formats without headers of their own (raw text, the layout-less
/// reader, `mixed`) and those read whole (pretty JSON, journal export, `wevtutil` text) are
/// not checked.
fn forced_format_misread(format: &Format, head: &[u8], time: &TimeContext) -> Option<String> {
    if !format.headed()
        || matches!(
            format,
            Format::Mixed(_)
                | Format::Generic(None)
                | Format::JsonPretty
                | Format::JournalExport
                | Format::WindowsEventText
        )
    {
        return None;
    }
    let sample: Vec<&[u8]> = head_lines(head)
        .into_iter()
        .filter(|l| !record::text::trim(l).is_empty())
        .collect();
    let read = fitting_lines(format, &sample, time);
    if sample.is_empty() || read * 2 >= sample.len() {
        return None;
    }
    let detected = record::detect(&sample);
    let hint = if fitting_lines(&detected, &sample, time) > read {
        format!(
            " (they look like {}; without --input-format the format is detected)",
            detected.name()
        )
    } else {
        String::new()
    };
    Some(format!(
        "--input-format {} reads {read} of its first {} lines; the others are analysed as parts of the entries before them or as plain text{hint}",
        format.name(),
        sample.len()
    ))
}

/// The lines read ahead of a source (without their `\r\n`), as detection takes them.
fn head_lines(head: &[u8]) -> Vec<&[u8]> {
    head.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .take(DETECT_LINES)
        .collect()
}

/// How many of `sample`'s lines `format` reads as entries or as a trace's lines.
fn fitting_lines(format: &Format, sample: &[&[u8]], time: &TimeContext) -> usize {
    let mut parser = Parser::new(format.clone(), time.clone());
    sample
        .iter()
        .filter(|l| {
            let rec = parser.parse(l);
            rec.header
                || crate::event::continues_entry(&rec.message)
                || crate::event::is_python_exception_name_line(&rec.message)
        })
        .count()
}

/// A read error in words, with the line it happened after.
fn read_error(e: &io::Error, lines: u64) -> String {
    let cut = e
        .get_ref()
        .is_some_and(|inner| inner.is::<source::ArchiveCut>());
    let what = match e.kind() {
        io::ErrorKind::UnexpectedEof if cut => e.to_string(),
        io::ErrorKind::UnexpectedEof => {
            String::from("unexpected end of compressed data (truncated file?)")
        }
        _ => source::io_reason(e),
    };
    if lines > 0 {
        format!("{what}, after line {lines}")
    } else {
        what
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines as the one-pass reading found them: (start, text, plain).
    fn lines_one_pass(buf: &[u8]) -> Vec<(usize, Vec<u8>, bool)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < buf.len() {
            let start = pos;
            let rest = &buf[start..];
            let (nl, plain) = match memchr::memchr3(b'\n', b'\r', 0x1b, rest) {
                Some(i) if rest[i] == b'\n' => (Some(i), true),
                Some(i) => (memchr::memchr(b'\n', &rest[i..]).map(|j| i + j), false),
                None => (None, true),
            };
            let end = match nl {
                Some(i) => {
                    pos = start + i + 1;
                    start + i
                }
                None => {
                    pos = buf.len();
                    buf.len()
                }
            };
            let end = if end > start && buf[end - 1] == b'\r' {
                end - 1
            } else {
                end
            };
            out.push((start, buf[start..end].to_vec(), plain));
        }
        out
    }

    fn lines(buf: &[u8]) -> Vec<(usize, Vec<u8>, bool)> {
        Lines::new(buf)
            .map(|l| (l.start, l.text.to_vec(), l.plain))
            .collect()
    }

    #[test]
    fn lines_split_at_newlines_and_tell_plain_ones() {
        for text in [
            &b""[..],
            b"\n",
            b"a",
            b"a\n",
            b"a\r\nb\r\n",
            b"a\r\n\nplain\nplain\x1b[0m\r",
            b"\r",
            b"\x1b",
            b"one\ntwo\r\nthree\n\x1b[1mfour\nfive\nsix\rseven\n",
        ] {
            assert_eq!(lines(text), lines_one_pass(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_are_those_of_the_one_pass_reading(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'b', b' ', b'\n', b'\r', 0x1b]),
                0..300,
            )
        ) {
            proptest::prop_assert_eq!(lines(&bytes), lines_one_pass(&bytes));
        }
    }
}
