//! `culprit templates`: every line folded into templates, as a table or line by line.
//!
//! The first pass counts message signatures on all cores (`summary::signatures`) and mines
//! templates from them. `--per-line` needs each line's final template, which is only known once
//! the whole input has been seen, so it reads the input a second time and looks each line's
//! signature up; piped input is spooled to a temporary file first so that it can be read twice.
//! Memory stays bounded by the signature cap either way: nothing is kept per line.

use std::borrow::Cow;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

use super::{exit, prepare, report_inputs, terminal_width, Fatal, Prepared};
use crate::cli::{ColorChoice, TemplatesArgs, TemplatesFormat};
use crate::engine::{self, Sink, SourceMeta, SourceReport};
use crate::event::Event;
use crate::record::{Format, Level, Record, Timestamp};
use crate::report::human::thousands;
use crate::report::sanitize;
use crate::source::{Input, InputKind};
use crate::summary::signatures::{Clustering, Signatures};
use crate::summary::Pos;

/// Pass one: counts the signature of every line.
struct CountSink {
    meta: SourceMeta,
    sigs: Signatures,
    buf: String,
}

impl CountSink {
    fn add(
        &mut self,
        line: u64,
        end_line: u64,
        ts: Option<Timestamp>,
        level: Option<Level>,
        msg: &[u8],
    ) {
        let text = String::from_utf8_lossy(msg);
        crate::templates::signature(&text, &mut self.buf);
        let pos = Pos {
            source: self.meta.index,
            line,
            end_line,
            timestamp: ts,
        };
        self.sigs.add(&self.buf, msg, pos, level);
    }
}

impl Sink for CountSink {
    fn record(&mut self, line: u64, rec: &Record<'_>) {
        self.add(line, line, rec.timestamp, rec.level, &rec.message);
    }

    fn event(&mut self, ev: &Event<'_>) {
        // Only a journal export stream, read whole, delivers its entries as events alone.
        if self.meta.format == Format::JournalExport {
            self.add(ev.line, ev.end_line, ev.timestamp, ev.level, &ev.message);
        }
    }
}

/// What pass two looks lines up in.
struct Lookup {
    sigs: Signatures,
    clusters: Clustering,
    ids: Vec<String>,
}

/// Pass two: writes each line with its template.
struct LineSink {
    meta: SourceMeta,
    lookup: Arc<Lookup>,
    buf: String,
    out: Vec<u8>,
}

#[derive(Serialize)]
struct LineOut<'a> {
    source: &'a str,
    line: u64,
    template_id: &'a str,
    template: Option<&'a str>,
}

impl LineSink {
    fn add(&mut self, line: u64, msg: &[u8]) {
        let text = String::from_utf8_lossy(msg);
        crate::templates::signature(&text, &mut self.buf);
        let l = &*self.lookup;
        let (id, template) = match l.sigs.find(&self.buf) {
            Some(sig) => {
                let t = l.clusters.of[sig as usize] as usize;
                (
                    l.ids[t].as_str(),
                    Some(l.clusters.templates[t].text.as_str()),
                )
            }
            // Evicted under the cap, or a line that was not there in the first pass (a file
            // that grew in between).
            None => ("other", None),
        };
        let row = LineOut {
            source: &self.meta.name,
            line,
            template_id: id,
            template,
        };
        let _ = serde_json::to_writer(&mut self.out, &row);
        self.out.push(b'\n');
    }
}

impl Sink for LineSink {
    fn record(&mut self, line: u64, rec: &Record<'_>) {
        self.add(line, &rec.message);
    }

    fn event(&mut self, ev: &Event<'_>) {
        if self.meta.format == Format::JournalExport {
            self.add(ev.line, &ev.message);
        }
    }
}

pub(super) fn run(args: TemplatesArgs) -> Result<ExitCode, Fatal> {
    if args.max_templates == 0 {
        return Err(Fatal(String::from("--max-templates must be at least 1")));
    }
    let Prepared {
        mut inputs,
        opts,
        mut errored,
    } = prepare(&args.input, true)?;
    // Kept alive until the second pass is done.
    let _spool = if args.per_line {
        spool_stdin(&mut inputs)?
    } else {
        None
    };
    let mut sigs = Signatures::global(args.max_templates);
    let reports = engine::run(
        &inputs,
        &opts,
        |meta: &SourceMeta| CountSink {
            meta: meta.clone(),
            sigs: Signatures::local(),
            buf: String::new(),
        },
        |s: CountSink| sigs.absorb(s.sigs),
    );
    errored |= report_inputs(&reports, false);
    let clusters = sigs.cluster();
    let ids: Vec<String> = (1..=clusters.templates.len())
        .map(|i| format!("t{i}"))
        .collect();
    if sigs.other_signatures > 0 {
        super::error_line(&format!(
            "more than {} distinct message shapes: {} lines of the {} least seen are counted as 'other' (--max-templates raises the cap)",
            thousands(args.max_templates as u64),
            thousands(sigs.other_lines),
            thousands(sigs.other_signatures),
        ));
    }
    let lookup = Lookup {
        sigs,
        clusters,
        ids,
    };
    let written = if args.per_line {
        per_line(&inputs, &opts, Arc::new(lookup))
    } else {
        let mut out = io::BufWriter::new(io::stdout().lock());
        match args.format {
            TemplatesFormat::Json => write_json(&lookup, &reports, &mut out, false),
            TemplatesFormat::Jsonl => write_json(&lookup, &reports, &mut out, true),
            TemplatesFormat::Human => {
                let choice = match args.color {
                    ColorChoice::Auto => anstream::ColorChoice::Auto,
                    ColorChoice::Always => anstream::ColorChoice::Always,
                    ColorChoice::Never => anstream::ColorChoice::Never,
                };
                drop(out);
                let mut out = anstream::AutoStream::new(io::stdout().lock(), choice);
                let color = out.current_choice() != anstream::ColorChoice::Never;
                let text = human(&lookup, &reports, args.top, color);
                out.write_all(text.as_bytes())
            }
        }
        .and_then(|_| io::stdout().flush())
    };
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Fatal(format!("writing output: {e}"))),
        Ok(()) => {}
    }
    Ok(ExitCode::from(if errored { exit::ERROR } else { exit::OK }))
}

/// Copies piped input to a temporary file so that it can be read twice; the input keeps its
/// name.
fn spool_stdin(inputs: &mut [Input]) -> Result<Option<tempfile::NamedTempFile>, Fatal> {
    let Some(input) = inputs.iter_mut().find(|i| i.kind == InputKind::Stdin) else {
        return Ok(None);
    };
    let mut file = tempfile::NamedTempFile::new()
        .map_err(|e| Fatal(format!("creating a temporary file for stdin: {e}")))?;
    io::copy(&mut io::stdin().lock(), file.as_file_mut())
        .map_err(|e| Fatal(format!("copying stdin to a temporary file: {e}")))?;
    input.kind = InputKind::File(file.path().to_path_buf());
    Ok(Some(file))
}

fn per_line(inputs: &[Input], opts: &engine::Options, lookup: Arc<Lookup>) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut result = Ok(());
    let cancel = opts.cancel.clone();
    let mut opts = opts.clone();
    opts.progress = false;
    engine::run(
        inputs,
        &opts,
        |meta: &SourceMeta| LineSink {
            meta: meta.clone(),
            lookup: lookup.clone(),
            buf: String::new(),
            out: Vec::new(),
        },
        |s: LineSink| {
            if result.is_ok() {
                if let Err(e) = out.write_all(&s.out) {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                    result = Err(e);
                }
            }
        },
    );
    result.and_then(|_| out.flush())
}

#[derive(Serialize)]
struct Place<'a> {
    source: &'a str,
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
}

#[derive(Serialize)]
struct TemplateOut<'a> {
    id: &'a str,
    template: &'a str,
    count: u64,
    level: Option<&'static str>,
    first_seen: Place<'a>,
    last_seen: Place<'a>,
    example: Cow<'a, str>,
}

#[derive(Serialize)]
struct Other {
    /// Lines whose message shape was not kept under the cap.
    lines: u64,
    /// Distinct message shapes not kept.
    shapes: u64,
}

#[derive(Serialize)]
struct TableOut<'a> {
    schema: &'static str,
    lines: u64,
    templates: Vec<TemplateOut<'a>>,
    other: Other,
}

fn place<'a>(reports: &'a [SourceReport], p: &Pos) -> Place<'a> {
    Place {
        source: reports
            .get(p.source as usize)
            .map_or("", |r| r.name.as_str()),
        line: p.line,
        timestamp: p.timestamp.map(Timestamp::to_rfc3339),
    }
}

fn rows<'a>(l: &'a Lookup, reports: &'a [SourceReport]) -> Vec<TemplateOut<'a>> {
    l.clusters
        .templates
        .iter()
        .zip(&l.ids)
        .map(|(t, id)| TemplateOut {
            id,
            template: &t.text,
            count: t.count,
            level: t.level.map(Level::name),
            first_seen: place(reports, &t.first),
            last_seen: place(reports, &t.last),
            example: String::from_utf8_lossy(&t.example),
        })
        .collect()
}

fn write_json(
    l: &Lookup,
    reports: &[SourceReport],
    out: &mut dyn Write,
    lines: bool,
) -> io::Result<()> {
    let rows = rows(l, reports);
    if lines {
        for r in &rows {
            serde_json::to_writer(&mut *out, r)?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let doc = TableOut {
        schema: "culprit.templates/v1",
        lines: reports.iter().map(|r| r.lines).sum(),
        templates: rows,
        other: Other {
            lines: l.sigs.other_lines,
            shapes: l.sigs.other_signatures,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// The table for a terminal: most frequent first.
fn human(l: &Lookup, reports: &[SourceReport], top: usize, color: bool) -> String {
    let total: u64 = reports.iter().map(|r| r.lines).sum();
    let mut order: Vec<usize> = (0..l.clusters.templates.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(l.clusters.templates[i].count));
    let shown = if top == 0 {
        order.len()
    } else {
        top.min(order.len())
    };
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(terminal_width())
        .set_header(vec![
            "id",
            "lines",
            "level",
            "first seen",
            "template / example",
        ]);
    for &i in &order[..shown] {
        let t = &l.clusters.templates[i];
        let first = place(reports, &t.first);
        let example = sanitize::for_display(&t.example, 300);
        let template = sanitize::for_display(t.text.as_bytes(), 300);
        let cell = if example == template {
            template
        } else {
            format!("{template}\ne.g. {example}")
        };
        table.add_row(vec![
            l.ids[i].clone(),
            thousands(t.count),
            t.level.map_or("-", Level::name).to_string(),
            format!(
                "{}:{}",
                sanitize::for_display(first.source.as_bytes(), 60),
                first.line
            ),
            cell,
        ]);
    }
    let (bold, reset) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let mut s = format!(
        "{bold}{} templates{reset} over {} lines",
        thousands(l.clusters.templates.len() as u64),
        thousands(total)
    );
    if shown < order.len() {
        s.push_str(&format!(
            " (the {shown} most frequent shown; --top 0 shows all)"
        ));
    }
    s.push('\n');
    s.push_str(&table.to_string());
    s.push('\n');
    if l.sigs.other_lines > 0 {
        s.push_str(&format!(
            "other: {} lines in {} message shapes not kept (over --max-templates)\n",
            thousands(l.sigs.other_lines),
            thousands(l.sigs.other_signatures)
        ));
    }
    s
}
