//! `culprit templates`: every line folded into templates, as a table or line by line.
//!
//! One pass counts message signatures on all cores (`summary::signatures`) and mines templates
//! from them once the input is read. `--per-line` needs each line's final template, which is
//! only known at the end, so each line's signature hash (8 bytes) is kept in input order and
//! looked up once the templates are known; nothing else is kept per line, and the signature
//! table is bounded by its cap.

use std::borrow::Cow;
use std::io::{self, Write};
use std::process::ExitCode;

use comfy_table::{presets, ContentArrangement, Table};
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{exit, prepare, report_inputs, terminal_width, Fatal, Prepared};
use crate::cli::{ColorChoice, TemplatesArgs, TemplatesFormat};
use crate::engine::{self, Sink, SourceMeta, SourceReport};
use crate::event::Event;
use crate::record::{Format, Level, Record, Timestamp};
use crate::report::human::thousands;
use crate::report::sanitize;
use crate::summary::signatures::{hash_text, Clustering, Signatures};
use crate::summary::Pos;

/// Consecutive lines of one source.
#[derive(Debug, Clone, Copy)]
struct Run {
    source: u32,
    first_line: u64,
    len: u64,
}

/// Each line's signature hash, in input order, as runs of consecutive lines.
#[derive(Debug, Default)]
struct PerLine {
    runs: Vec<Run>,
    hashes: Vec<u64>,
}

impl PerLine {
    fn push(&mut self, source: u32, line: u64, hash: u64) {
        match self.runs.last_mut() {
            Some(r) if r.source == source && r.first_line + r.len == line => r.len += 1,
            _ => self.runs.push(Run {
                source,
                first_line: line,
                len: 1,
            }),
        }
        self.hashes.push(hash);
    }

    fn append(&mut self, later: PerLine) {
        let mut runs = later.runs.into_iter();
        if let (Some(mine), Some(first)) = (self.runs.last_mut(), runs.as_slice().first()) {
            if mine.source == first.source && mine.first_line + mine.len == first.first_line {
                mine.len += first.len;
                runs.next();
            }
        }
        self.runs.extend(runs);
        self.hashes.extend(later.hashes);
    }
}

/// Counts the signature of every line (and keeps its hash with `--per-line`).
struct CountSink {
    meta: SourceMeta,
    sigs: Signatures,
    per_line: Option<PerLine>,
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
        let text = sanitize::text(msg);
        crate::templates::signature(&text, &mut self.buf);
        let pos = Pos {
            source: self.meta.index,
            line,
            end_line,
            timestamp: ts,
        };
        let hash = hash_text(&self.buf);
        self.sigs.add_hashed(&self.buf, hash, msg, pos, level);
        if let Some(p) = self.per_line.as_mut() {
            p.push(self.meta.index, line, hash);
        }
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

/// The mined templates with their ids.
struct Lookup {
    sigs: Signatures,
    clusters: Clustering,
    ids: Vec<String>,
}

pub(super) fn run(args: TemplatesArgs) -> Result<ExitCode, Fatal> {
    if args.max_templates == 0 {
        return Err(Fatal(String::from("--max-templates must be at least 1")));
    }
    let Prepared {
        inputs,
        opts,
        mut errored,
    } = prepare(&args.input, true)?;
    let mut sigs = Signatures::global(args.max_templates);
    let mut per_line = args.per_line.then(PerLine::default);
    let reports = engine::run(
        &inputs,
        &opts,
        |meta: &SourceMeta| CountSink {
            meta: meta.clone(),
            sigs: Signatures::local(),
            per_line: args.per_line.then(PerLine::default),
            buf: String::new(),
        },
        |s: CountSink| {
            sigs.absorb(s.sigs);
            if let (Some(all), Some(part)) = (per_line.as_mut(), s.per_line) {
                all.append(part);
            }
        },
    );
    errored |= report_inputs(&reports, false);
    if super::interrupt::happened() && (args.per_line || args.format != TemplatesFormat::Human) {
        // Data formats print nothing partial.
        return Ok(ExitCode::from(super::interrupt::EXIT));
    }
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
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let written = match (per_line, args.format) {
        (Some(lines), _) => write_per_line(&lookup, &reports, &lines, &mut out),
        (None, TemplatesFormat::Json) => write_json(&lookup, &reports, &mut out, false),
        (None, TemplatesFormat::Jsonl) => write_json(&lookup, &reports, &mut out, true),
        (None, TemplatesFormat::Human) => {
            drop(out);
            let choice = match args.color {
                ColorChoice::Auto => anstream::ColorChoice::Auto,
                ColorChoice::Always => anstream::ColorChoice::Always,
                ColorChoice::Never => anstream::ColorChoice::Never,
            };
            let mut out = anstream::AutoStream::new(io::stdout().lock(), choice);
            let color = out.current_choice() != anstream::ColorChoice::Never;
            let text = human(&lookup, &reports, args.top, color);
            out.write_all(text.as_bytes()).and_then(|_| out.flush())
        }
    }
    .and_then(|_| io::stdout().flush());
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Fatal(format!("writing output: {e}"))),
        Ok(()) => {}
    }
    Ok(ExitCode::from(if errored { exit::ERROR } else { exit::OK }))
}

/// One object per line, DESIGN §2.3. The part after the line number is the same for every
/// line of a template, so it is serialised once per template.
fn write_per_line(
    l: &Lookup,
    reports: &[SourceReport],
    lines: &PerLine,
    out: &mut dyn Write,
) -> io::Result<()> {
    let tails: Vec<Vec<u8>> = l
        .clusters
        .templates
        .iter()
        .zip(&l.ids)
        .map(|(t, id)| {
            let mut s = format!(
                ",\"template_id\":{}",
                serde_json::to_string(id).unwrap_or_default()
            );
            s.push_str(",\"template\":");
            s.push_str(&serde_json::to_string(&t.text).unwrap_or_default());
            s.push_str("}\n");
            s.into_bytes()
        })
        .collect();
    // Lines whose signature was evicted under the cap.
    let other_tail = b",\"template_id\":\"other\",\"template\":null}\n".to_vec();
    let by_hash: FxHashMap<u64, u32> = l
        .sigs
        .hashes()
        .enumerate()
        .map(|(i, h)| (h, l.clusters.of[i]))
        .collect();
    let heads: Vec<Vec<u8>> = reports
        .iter()
        .map(|r| {
            let mut s = String::from("{\"source\":");
            s.push_str(&serde_json::to_string(&r.name).unwrap_or_default());
            s.push_str(",\"line\":");
            s.into_bytes()
        })
        .collect();
    let mut hashes = lines.hashes.iter();
    for run in &lines.runs {
        let head = heads
            .get(run.source as usize)
            .map_or(&[][..], Vec::as_slice);
        for line in run.first_line..run.first_line + run.len {
            let Some(h) = hashes.next() else { break };
            out.write_all(head)?;
            write!(out, "{line}")?;
            match by_hash.get(h) {
                Some(&t) => out.write_all(&tails[t as usize])?,
                None => out.write_all(&other_tail)?,
            }
        }
    }
    out.flush()
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
