//! Orchestration: command-line arguments in, inputs read, reports out, exit status decided.
//!
//! The only place that reads the environment (TZ, NO_COLOR through anstream) and decides
//! what goes to stdout and stderr.

mod diff;
mod interrupt;
mod patterns;
mod templates;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::CommandFactory;

use crate::cli::{
    self, AnalyzeArgs, Cli, Command, InputArgs, ParseArgs, ParseFormat, ReportFormat,
};
use crate::engine::{self, Options, Sink, SourceMeta, SourceReport};
use crate::event::Event;
use crate::record::{Format, Timestamp};
use crate::report::{self, sanitize, Report};
use crate::source::{self, Input};
use crate::summary::{Summary, SummarySink, Window};

/// Exit statuses (DESIGN §2.1).
pub mod exit {
    /// The analysis ran and nothing reached `--fail-on`.
    pub const OK: u8 = 0;
    /// A cause at or above `--fail-on` was found.
    pub const FAILED_CHECK: u8 = 1;
    /// A usage error, or an input could not be read.
    pub const ERROR: u8 = 2;
}

/// A failure that ends the run: printed as one line `culprit: <what>`, exit status 2.
#[derive(Debug)]
pub struct Fatal(pub String);

/// Runs the command line and returns the exit status.
pub fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    let code = run_command(cli)?;
    Ok(if interrupt::settle() {
        ExitCode::from(interrupt::EXIT)
    } else {
        code
    })
}

fn run_command(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        None => analyze(cli.analyze),
        Some(Command::Analyze(args)) => analyze(args),
        Some(Command::Parse(args)) => parse(args),
        Some(Command::Templates(args)) => templates::run(args),
        Some(Command::Patterns(args)) => patterns::run(args),
        Some(Command::Diff(args)) => diff::run(args),
        Some(Command::Baseline(args)) => diff::baseline(args),
        Some(Command::Completions { shell }) => {
            // Written to memory first: clap_complete panics when its writer fails, and a
            // closed pipe (`culprit completions bash | head`) is no failure.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "culprit", &mut script);
            let mut out = io::stdout().lock();
            match out.write_all(&script).and_then(|_| out.flush()) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    Err(Fatal(format!("writing the completion script: {e}")))
                }
                _ => Ok(ExitCode::from(exit::OK)),
            }
        }
    }
}

/// Inputs and engine options from the shared flags.
struct Prepared {
    inputs: Vec<Input>,
    opts: Options,
    errored: bool,
}

fn prepare(args: &InputArgs, progress: bool) -> Result<Prepared, Fatal> {
    let input_format = match args.input_format.as_deref() {
        None => None,
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            Fatal(format!(
                "unknown --input-format '{name}'; known formats: {}",
                names.join(", ")
            ))
        })?),
    };
    let encoding = match args.encoding.as_deref() {
        None => source::TextEncoding::Auto,
        Some(label) => source::TextEncoding::from_label(label).ok_or_else(|| {
            Fatal(format!(
                "unknown --encoding '{label}'; use auto, none, or an encoding such as utf-16le, utf-16be, latin1, windows-1252, shift_jis"
            ))
        })?,
    };
    let time_zone = match args.timezone.as_deref() {
        None => jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC),
        Some(name) => parse_zone(name)?,
    };
    if args.threads == Some(0) {
        return Err(Fatal(String::from("--threads must be at least 1")));
    }
    if args.max_line_bytes == 0 {
        return Err(Fatal(String::from("--max-line-bytes must be at least 1")));
    }
    let mut errored = false;
    let inputs = if args.paths.is_empty() {
        if io::stdin().is_terminal() {
            return Err(Fatal(String::from(
                "no input: name log files or folders, or pipe logs in (see culprit --help)",
            )));
        }
        vec![Input::stdin()]
    } else {
        let (inputs, errors) = source::expand(&args.paths);
        for e in errors {
            error_line(&format!("{}: {}", e.path, e.reason));
            errored = true;
        }
        inputs
    };
    let opts = Options {
        threads: args.threads.unwrap_or_else(engine::default_threads),
        chunk_size: args.chunk_size.unwrap_or(engine::DEFAULT_CHUNK_SIZE).max(1),
        max_line: args.max_line_bytes,
        input_format,
        binary_as_text: args.text,
        encoding,
        time_zone,
        progress,
        ..Options::default()
    };
    interrupt::watch(opts.cancel.clone());
    Ok(Prepared {
        inputs,
        opts,
        errored,
    })
}

fn parse_zone(name: &str) -> Result<jiff::tz::TimeZone, Fatal> {
    if name.eq_ignore_ascii_case("utc") || name == "Z" {
        return Ok(jiff::tz::TimeZone::UTC);
    }
    if let Some(offset) = parse_offset(name) {
        return Ok(jiff::tz::TimeZone::fixed(offset));
    }
    jiff::tz::TimeZone::get(name).map_err(|_| {
        Fatal(format!(
            "unknown time zone '{name}' (try UTC, Europe/Berlin or +02:00)"
        ))
    })
}

/// `+02:00`, `-0530`, `+2`.
fn parse_offset(s: &str) -> Option<jiff::tz::Offset> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.as_str(), "0")
    } else {
        digits.split_at(digits.len() - 2)
    };
    let secs = sign * (h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60);
    jiff::tz::Offset::from_seconds(secs).ok()
}

/// Reports per-input problems on stderr; returns whether any input failed.
fn report_inputs(reports: &[SourceReport], quiet: bool) -> bool {
    let mut errored = false;
    for r in reports {
        if let Some(e) = &r.error {
            error_line(&format!("{}: {e}", r.name));
            errored = true;
        }
        if quiet {
            continue;
        }
        if let Some(s) = &r.skipped {
            error_line(&format!("{}: skipped: {s}", r.name));
        }
        if let Some(c) = &r.changed {
            error_line(&format!("{}: {c}", r.name));
        }
        if let Some(m) = &r.misread {
            error_line(&format!("{}: {m}", r.name));
        }
        if r.truncated_lines > 0 {
            error_line(&format!(
                "{}: {} line(s) longer than the cap were analysed only up to it ({} bytes past it not analysed; --max-line-bytes raises the cap)",
                r.name, r.truncated_lines, r.truncated_bytes
            ));
        }
    }
    errored
}

/// One line on stderr, after flushing stdout so that the two do not interleave mid-line.
fn error_line(what: &str) {
    let _ = io::stdout().flush();
    let text = sanitize::for_display(what.as_bytes(), 2000);
    let _ = writeln!(io::stderr().lock(), "culprit: {text}");
}

/// The `--since`/`--until` window, read in the input's time zone.
fn window_of(args: &AnalyzeArgs, opts: &Options) -> Result<Window, Fatal> {
    let now = jiff::Timestamp::now();
    let when = |v: &Option<String>| -> Result<Option<Timestamp>, Fatal> {
        v.as_deref()
            .map(|s| cli::parse_when(s, now, &opts.time_zone).map_err(Fatal))
            .transpose()
    };
    let (since, until) = (when(&args.since)?, when(&args.until)?);
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(Fatal(format!(
                "--since ({}) is later than --until ({}): no time is between them",
                s.to_rfc3339(),
                u.to_rfc3339()
            )));
        }
    }
    Ok(Window { since, until })
}

fn analyze(args: AnalyzeArgs) -> Result<ExitCode, Fatal> {
    let Prepared {
        inputs,
        mut opts,
        mut errored,
    } = prepare(&args.input, !args.quiet)?;
    let patterns = std::sync::Arc::new(patterns::load_patterns(&args.patterns)?);
    opts.patterns = patterns.clone();
    let window = window_of(&args, &opts)?;
    let mut summary = Summary::global(window, crate::summary::signatures::DEFAULT_CAP);
    let reports = engine::run(
        &inputs,
        &opts,
        |meta: &SourceMeta| SummarySink {
            source: meta.index,
            summary: Summary::new(window),
        },
        |s: SummarySink| summary.absorb(s.summary),
    );
    errored |= report_inputs(&reports, args.quiet);
    let interrupted = interrupt::happened();
    if interrupted && args.format != ReportFormat::Human {
        // A partial JSON or HTML document would be read as the whole analysis.
        return Ok(ExitCode::from(interrupt::EXIT));
    }
    // A report of nothing but failed inputs would only repeat the errors above.
    let all_failed = errored && reports.iter().all(|r| r.error.is_some() && r.lines == 0);
    let mut failed_check = false;
    if !all_failed {
        let mut report = Report::with_options(
            &summary,
            reports,
            args.top,
            &patterns,
            crate::rank::Options { ci: args.ci },
        );
        if interrupted {
            report.notes.push(interrupt::note(report.lines));
        } else if args.format == ReportFormat::Human {
            report::context::fill(
                &mut report,
                &inputs,
                opts.encoding,
                args.context,
                args.top.min(3),
            );
        }
        failed_check = args.fail_on.is_some_and(|threshold| {
            // Known failures only: a cluster's severity is read from its level words.
            report
                .causes
                .iter()
                .any(|c| c.kind == "pattern" && c.severity >= threshold)
        });
        write_report(&report, args.format, args.color)?;
    }
    Ok(exit_status(errored, failed_check))
}

/// The exit status of a run that wrote its report: 2 when an input could not be read, else 1
/// when a `--fail-on` check failed, else 0. (Ctrl-C's 130 is set by [`run`] for every command.)
fn exit_status(errored: bool, failed_check: bool) -> ExitCode {
    ExitCode::from(if errored {
        exit::ERROR
    } else if failed_check {
        exit::FAILED_CHECK
    } else {
        exit::OK
    })
}

/// Writes a report in the chosen format to stdout; a closed pipe is not an error.
pub(super) fn write_report(
    report: &Report,
    format: ReportFormat,
    color: cli::ColorChoice,
) -> Result<(), Fatal> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match format {
        ReportFormat::Json => report::json::write(report, &mut out),
        ReportFormat::Markdown => report::markdown::write(report, &mut out),
        ReportFormat::Html => report::html::write(report, &mut out),
        ReportFormat::Gitlab => report::gitlab::write(report, &mut out),
        ReportFormat::Github => {
            report::github::write(report, &mut out).and_then(|_| step_summary(report))
        }
        ReportFormat::Human => {
            let choice = match color {
                cli::ColorChoice::Auto => anstream::ColorChoice::Auto,
                cli::ColorChoice::Always => anstream::ColorChoice::Always,
                cli::ColorChoice::Never => anstream::ColorChoice::Never,
            };
            let mut text = Vec::new();
            let mut stream = anstream::AutoStream::new(io::stdout().lock(), choice);
            let colored = stream.current_choice() != anstream::ColorChoice::Never;
            let r = report::human::write(report, &mut text, terminal_width(), colored)
                .and_then(|_| stream.write_all(&text))
                .and_then(|_| stream.flush());
            drop(stream);
            r
        }
    }
    .and_then(|_| out.flush());
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Fatal(format!("writing the report: {e}")))
        }
        _ => Ok(()),
    }
}

/// Appends the Markdown summary to the file GitHub Actions names in `$GITHUB_STEP_SUMMARY`.
fn step_summary(report: &Report) -> io::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let mut text = Vec::new();
    report::markdown::write(report, &mut text)?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "GITHUB_STEP_SUMMARY {}: {e}",
                    std::path::Path::new(&path).display()
                ),
            )
        })?;
    f.write_all(&text)
}

/// Columns of the terminal on stdout, or `$COLUMNS`, or 100 when output is not a terminal.
fn terminal_width() -> u16 {
    if let Some(w) = comfy_table::Table::new().width() {
        return w.max(40);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Writes one event per line as `culprit parse` shows it.
struct ParseSink {
    meta: SourceMeta,
    jsonl: bool,
    out: Vec<u8>,
}

impl Sink for ParseSink {
    fn event(&mut self, ev: &Event<'_>) {
        let level = ev.level.map(|l| l.name());
        let ts = ev.timestamp.map(Timestamp::to_rfc3339);
        let origin = ev.origin.as_deref().map(sanitize::lossy);
        if self.jsonl {
            let mut obj = serde_json::json!({
                "source": &*self.meta.name,
                "line": ev.line,
                "end_line": ev.end_line,
                "format": self.meta.format.name(),
                "timestamp": ts,
                "level": level,
                "origin": origin,
                "message": sanitize::lossy(&ev.message),
            });
            if ev.kind != crate::event::EventKind::Plain {
                obj["kind"] = serde_json::Value::from(ev.kind.name());
            }
            if let Some(root) = &ev.root {
                obj["root"] = serde_json::Value::from(sanitize::lossy(root));
            }
            let _ = serde_json::to_writer(&mut self.out, &obj);
            self.out.push(b'\n');
        } else {
            let lines = if ev.end_line > ev.line {
                format!("{}-{}", ev.line, ev.end_line)
            } else {
                ev.line.to_string()
            };
            let _ = writeln!(
                self.out,
                "{}:{lines}\t{}\t{}\t{}\t{}",
                self.meta.name,
                ts.as_deref().unwrap_or("-"),
                level.unwrap_or("-"),
                origin
                    .as_deref()
                    .map(|o| sanitize::for_display(o.as_bytes(), 60))
                    .unwrap_or_else(|| "-".into()),
                sanitize::for_display(&ev.message, 2000),
            );
        }
    }
}

fn parse(args: ParseArgs) -> Result<ExitCode, Fatal> {
    let Prepared {
        inputs,
        opts,
        mut errored,
    } = prepare(&args.input, false)?;
    let jsonl = args.format == ParseFormat::Jsonl;
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut write_error: Option<io::Error> = None;
    let cancel = opts.cancel.clone();
    let reports = engine::run(
        &inputs,
        &opts,
        |meta: &SourceMeta| ParseSink {
            meta: meta.clone(),
            jsonl,
            out: Vec::new(),
        },
        |s: ParseSink| {
            if write_error.is_none() {
                if let Err(e) = out.write_all(&s.out) {
                    cancel.store(true, Ordering::Relaxed);
                    write_error = Some(e);
                }
            }
        },
    );
    if write_error.is_none() {
        if let Err(e) = out.flush() {
            write_error = Some(e);
        }
    }
    match write_error {
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::from(exit::OK)),
        Some(e) => return Err(Fatal(format!("writing output: {e}"))),
        None => {}
    }
    errored |= report_inputs(&reports, false);
    Ok(ExitCode::from(if errored { exit::ERROR } else { exit::OK }))
}
