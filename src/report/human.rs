//! The report for a person at a terminal: a headline, the inputs, the most frequent problems
//! and a timeline, readable in 80 columns.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use comfy_table::{presets, Cell, ContentArrangement, Table};

use super::sanitize::for_display;
use super::{Report, SourceReport};
use crate::record::{Level, Timestamp};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();

/// Writes the report. `width` is the terminal's width in columns. Colour codes are always
/// written; the caller's stream strips them where colour is off.
pub fn write(r: &Report, out: &mut dyn Write, width: u16, color: bool) -> io::Result<()> {
    let style = TableStyling { width, color };
    headline(r, out)?;
    if let Some(b) = &r.baseline {
        writeln!(out, "{}", b.sentence())?;
    }
    inputs(r, out, style)?;
    if !r.headline.is_empty() {
        writeln!(out)?;
        for line in wrap_text(&r.headline, (width as usize).clamp(40, 120)) {
            writeln!(out, "{BOLD}{line}{BOLD:#}")?;
        }
    }
    if let Some(t) = &r.tests_line {
        for line in wrap_text(
            &for_display(t.as_bytes(), 2000),
            (width as usize).clamp(40, 120),
        ) {
            writeln!(out, "{RED}{line}{RED:#}")?;
        }
    }
    causes(r, out, width)?;
    problems(r, out, style)?;
    timeline(r, out, width)?;
    for note in &r.notes {
        writeln!(
            out,
            "{DIM}note: {}{DIM:#}",
            for_display(note.as_bytes(), 400)
        )?;
    }
    Ok(())
}

/// How tables are laid out: comfy-table measures cells itself, so it styles them itself.
#[derive(Clone, Copy)]
struct TableStyling {
    width: u16,
    color: bool,
}

fn headline(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let total = r.inputs.len();
    let unread = r.inputs.iter().filter(|i| i.format.is_none()).count();
    writeln!(
        out,
        "{BOLD}culprit{BOLD:#}: {} {}{} · {} lines · {} events{}",
        total,
        if total == 1 { "input" } else { "inputs" },
        if unread > 0 {
            format!(" ({unread} not read)")
        } else {
            String::new()
        },
        thousands(r.lines),
        thousands(r.events),
        span(r.first_timestamp, r.last_timestamp),
    )?;
    if !r.by_level.is_empty() {
        let parts: Vec<String> = r
            .by_level
            .iter()
            .map(|(name, n)| {
                let style = level_style_by_name(name);
                format!("{style}{name} {}{style:#}", thousands(*n))
            })
            .collect();
        writeln!(out, "{DIM}levels:{DIM:#} {}", parts.join(" · "))?;
    }
    if r.excluded > 0 {
        writeln!(
            out,
            "{DIM}{} events outside --since/--until left out{DIM:#}",
            thousands(r.excluded)
        )?;
    }
    Ok(())
}

fn inputs(r: &Report, out: &mut dyn Write, style: TableStyling) -> io::Result<()> {
    let noteworthy = r.inputs.len() > 1
        || r.inputs
            .iter()
            .any(|i| i.skipped.is_some() || i.error.is_some() || i.truncated_lines > 0);
    if !noteworthy {
        if let Some(i) = r.inputs.first() {
            writeln!(
                out,
                "{DIM}input:{DIM:#} {} ({}{}, {})",
                for_display(i.name.as_bytes(), 200),
                i.format.as_deref().unwrap_or("-"),
                i.compression.map(|c| format!(", {c}")).unwrap_or_default()
                    + &i.encoding.map(|e| format!(", {e}")).unwrap_or_default(),
                bytes(i.bytes)
            )?;
        }
        return Ok(());
    }
    writeln!(out)?;
    let mut t = table(style);
    t.set_header(vec!["input", "format", "lines", "size", "note"]);
    // A folder or a support bundle can hold thousands of files: past a screenful, the inputs
    // with something to say are listed and the others counted.
    let has_note =
        |i: &SourceReport| i.skipped.is_some() || i.error.is_some() || i.truncated_lines > 0;
    let many = r.inputs.len() > INPUT_ROWS;
    let noted = r.inputs.iter().filter(|i| has_note(i)).count();
    // Rows left for inputs without a note, once those with one have theirs.
    let mut room = INPUT_ROWS.saturating_sub(noted);
    let mut noted_room = INPUT_ROWS;
    let mut rest = (0u64, 0u64, 0u64);
    for i in &r.inputs {
        if many {
            let shown = if has_note(i) {
                &mut noted_room
            } else {
                &mut room
            };
            if *shown == 0 {
                rest = (rest.0 + 1, rest.1 + i.lines, rest.2 + i.bytes);
                continue;
            }
            *shown -= 1;
        }
        let mut note = Vec::new();
        if let Some(c) = i.compression {
            note.push(c.to_string());
        }
        if let Some(e) = i.encoding {
            note.push(e.to_string());
        }
        if let Some(s) = &i.skipped {
            note.push(format!("skipped: {s}"));
        }
        if let Some(e) = &i.error {
            note.push(format!("error: {e}"));
        }
        if i.truncated_lines > 0 {
            note.push(format!(
                "{} long line(s) read only up to the cap ({} not analysed)",
                i.truncated_lines,
                bytes(i.truncated_bytes)
            ));
        }
        t.add_row(vec![
            Cell::new(for_display(i.name.as_bytes(), 200)),
            Cell::new(i.format.as_deref().unwrap_or("-")),
            Cell::new(thousands(i.lines)),
            Cell::new(bytes(i.bytes)),
            Cell::new(note.join("; ")),
        ]);
    }
    if many {
        t.add_row(vec![
            Cell::new(format!(
                "… {} more input{}",
                thousands(rest.0),
                if rest.0 == 1 { "" } else { "s" }
            )),
            Cell::new(""),
            Cell::new(thousands(rest.1)),
            Cell::new(bytes(rest.2)),
            Cell::new("--format json lists every input"),
        ]);
    }
    writeln!(out, "{t}")
}

/// Rows of the inputs table before the rest are counted in one.
const INPUT_ROWS: usize = 20;

fn causes(r: &Report, out: &mut dyn Write, width: u16) -> io::Result<()> {
    if r.causes.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{BOLD}Likely causes{BOLD:#} ({} found, most likely first{})",
        r.causes.len(),
        if r.ci { "; read as a CI job" } else { "" }
    )?;
    let wrap = (width as usize).clamp(40, 120) - 4;
    for c in r.causes.iter().take(r.top) {
        let style = match c.severity {
            crate::patterns::Severity::Critical | crate::patterns::Severity::High => RED,
            crate::patterns::Severity::Medium => YELLOW,
            _ => Style::new(),
        };
        writeln!(out)?;
        writeln!(
            out,
            "{} {style}{}{style:#}  {BOLD}{}{BOLD:#} {DIM}[{}] score {:.2}, {} confidence{DIM:#}",
            c.rank,
            c.severity.name(),
            for_display(c.title.as_bytes(), 200),
            for_display(c.id.as_bytes(), 80),
            c.score,
            c.confidence.name()
        )?;
        let seen = if c.count == 1 {
            format!("seen once, {}", at(&c.first_seen))
        } else {
            format!(
                "seen {} times, first {}, last {}",
                thousands(c.count),
                at(&c.first_seen),
                at(&c.last_seen)
            )
        };
        writeln!(out, "  {DIM}{seen}{DIM:#}")?;
        // The top cause shows all its evidence and why it ranks first; the others one line.
        let shown = if c.rank == 1 { c.evidence.len() } else { 1 };
        evidence(&c.evidence[..shown.min(c.evidence.len())], out, wrap)?;
        for line in wrap_text(&c.explanation, wrap) {
            writeln!(out, "  {line}")?;
        }
        if c.rank <= 3 && !c.why.is_empty() {
            let why: Vec<&str> = c.why.iter().map(String::as_str).collect();
            let mut lines = wrap_text(&why.join("; "), wrap.saturating_sub(7)).into_iter();
            if let Some(first) = lines.next() {
                writeln!(out, "  {DIM}Why:{DIM:#} {first}")?;
            }
            for l in lines {
                writeln!(out, "       {l}")?;
            }
        }
        if let Some(step) = c.remediation.first() {
            let mut lines = wrap_text(step, wrap.saturating_sub(8)).into_iter();
            if let Some(first) = lines.next() {
                writeln!(out, "  {BOLD}Next:{BOLD:#} {first}")?;
            }
            for l in lines {
                writeln!(out, "        {l}")?;
            }
        }
    }
    let hidden = r.causes.len().saturating_sub(r.top);
    if hidden > 0 {
        writeln!(out, "{DIM}… and {hidden} more (--top N shows more){DIM:#}")?;
    }
    Ok(())
}

/// Evidence lines as `app.log:1203: text`; where context was read (`--context`), the lines
/// around them as `app.log:1201- text`, merged and in line order per source as `grep -C` shows
/// them, with `--` between groups that do not touch.
fn evidence(lines: &[super::EvidenceLine], out: &mut dyn Write, wrap: usize) -> io::Result<()> {
    let text_width = wrap.saturating_sub(20);
    if lines
        .iter()
        .all(|e| e.before.is_empty() && e.after.is_empty())
    {
        for e in lines {
            writeln!(
                out,
                "  {DIM}{}:{}:{DIM:#} {}",
                short_name(&e.at.source),
                e.at.line,
                for_display(&e.text, text_width)
            )?;
        }
        return Ok(());
    }
    // Per source, in order of first mention: line -> (text, is evidence).
    type Lines<'a> = std::collections::BTreeMap<u64, (&'a [u8], bool)>;
    let mut sources: Vec<(&str, Lines)> = Vec::new();
    for e in lines {
        let i = match sources.iter().position(|(s, _)| *s == e.at.source) {
            Some(i) => i,
            None => {
                sources.push((&e.at.source, Default::default()));
                sources.len() - 1
            }
        };
        let map = &mut sources[i].1;
        for (l, t) in e.before.iter().chain(&e.after) {
            map.entry(*l).or_insert((t, false));
        }
        map.insert(e.at.line, (e.raw.as_deref().unwrap_or(&e.text), true));
    }
    for (source, map) in &sources {
        let name = short_name(source);
        let mut prev: Option<u64> = None;
        for (l, (text, hit)) in map {
            if prev.is_some_and(|p| p + 1 < *l) {
                writeln!(out, "  {DIM}--{DIM:#}")?;
            }
            prev = Some(*l);
            let mark = if *hit { ':' } else { '-' };
            let text = for_display(text, text_width);
            if *hit {
                writeln!(out, "  {DIM}{name}:{l}{mark}{DIM:#} {text}")?;
            } else {
                writeln!(out, "  {DIM}{name}:{l}{mark} {text}{DIM:#}")?;
            }
        }
    }
    Ok(())
}

/// `app.log:1203 at 12:03:01`.
fn at(l: &super::Location) -> String {
    let mut s = format!("{}:{}", short_name(&l.source), l.line);
    if let Some(t) = l.timestamp {
        let (_, _, _, h, mi, sec) = t.civil();
        s.push_str(&format!(" at {h:02}:{mi:02}:{sec:02}"));
    }
    s
}

/// Words of `text` in lines of at most `width` characters.
fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in for_display(text.as_bytes(), 4000).split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

fn problems(r: &Report, out: &mut dyn Write, ts: TableStyling) -> io::Result<()> {
    writeln!(out)?;
    if r.clusters.is_empty() {
        writeln!(
            out,
            "No warnings or errors among {} events.",
            thousands(r.events)
        )?;
        return Ok(());
    }
    let problems = r.problem_events();
    writeln!(
        out,
        "{BOLD}Most frequent problems{BOLD:#} ({} warning and error events in {} distinct messages)",
        thousands(problems),
        thousands(r.clusters.len() as u64)
    )?;
    let mut t = table(ts);
    t.set_header(vec!["count", "level", "first seen", "message"]);
    for c in r.clusters.iter().take(r.top) {
        t.add_row(vec![
            Cell::new(thousands(c.count)),
            level_cell(c.level),
            Cell::new(format!(
                "{}:{}",
                short_name(&c.first_seen.source),
                c.first_seen.line
            )),
            Cell::new(for_display(&c.example, 300)),
        ]);
    }
    writeln!(out, "{t}")?;
    let hidden = r.clusters.len().saturating_sub(r.top);
    if hidden > 0 {
        writeln!(
            out,
            "{DIM}… and {} more (--top N shows more){DIM:#}",
            thousands(hidden as u64)
        )?;
    }
    if r.other_problems > 0 {
        writeln!(
            out,
            "{DIM}{} problem events had messages past the cap of distinct messages and are only counted{DIM:#}",
            thousands(r.other_problems)
        )?;
    }
    Ok(())
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn timeline(r: &Report, out: &mut dyn Write, width: u16) -> io::Result<()> {
    if r.timeline.len() < 2 {
        return Ok(());
    }
    let max_cols = (width as usize)
        .saturating_sub(12)
        .clamp(10, super::TIMELINE_BUCKETS);
    let buckets = &r.timeline[..r.timeline.len().min(max_cols)];
    let peak_err = buckets.iter().map(|(_, c)| c.error).max().unwrap_or(0);
    let peak_warn = buckets.iter().map(|(_, c)| c.warn).max().unwrap_or(0);
    let peak_all = buckets.iter().map(|(_, c)| c.events).max().unwrap_or(0);
    writeln!(out)?;
    writeln!(
        out,
        "{BOLD}Timeline{BOLD:#} ({} per column)",
        duration(r.timeline_width)
    )?;
    let row = |label: &str,
               style: Style,
               peak: u64,
               get: &dyn Fn(&crate::summary::BucketCounts) -> u64| {
        let mut s = format!("{label:>8}  {style}");
        for (_, c) in buckets {
            let v = get(c);
            s.push(if v == 0 {
                ' '
            } else {
                BARS[((v * 7) / peak.max(1)) as usize]
            });
        }
        s.push_str(&format!("{style:#} {DIM}peak {}{DIM:#}", thousands(peak)));
        s
    };
    if peak_err > 0 {
        writeln!(out, "{}", row("errors", RED, peak_err, &|c| c.error))?;
    }
    if peak_warn > 0 {
        writeln!(out, "{}", row("warnings", YELLOW, peak_warn, &|c| c.warn))?;
    }
    writeln!(out, "{}", row("all", Style::new(), peak_all, &|c| c.events))?;
    if let Some(onset) = &r.onset {
        let at = onset.at.unix_seconds();
        if let Some(col) = buckets
            .iter()
            .position(|(t, _)| at >= *t && at < *t + r.timeline_width)
        {
            writeln!(
                out,
                "{:>8}  {}{BOLD}^{BOLD:#} {DIM}onset {}{DIM:#}",
                "",
                " ".repeat(col),
                clock(onset.at)
            )?;
        }
    }
    let first = Timestamp::from_unix_seconds(buckets[0].0);
    let last = Timestamp::from_unix_seconds(buckets[buckets.len() - 1].0);
    let (a, b) = (clock(first), clock(last));
    let gap = buckets.len().saturating_sub(a.len() + b.len()).max(1);
    writeln!(out, "{:>8}  {DIM}{a}{}{b}{DIM:#}", "", " ".repeat(gap))?;
    Ok(())
}

fn table(s: TableStyling) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(s.width);
    if s.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

fn level_cell(l: Level) -> Cell {
    let cell = Cell::new(l.name());
    match l {
        Level::Critical | Level::Error => cell
            .fg(comfy_table::Color::Red)
            .add_attribute(comfy_table::Attribute::Bold),
        Level::Warn => cell.fg(comfy_table::Color::Yellow),
        _ => cell,
    }
}

fn level_style_by_name(name: &str) -> Style {
    match name {
        "critical" | "error" => RED,
        "warn" => YELLOW,
        _ => Style::new(),
    }
}

/// The last component of a path: tables have no room for folders.
fn short_name(source: &str) -> String {
    let name = std::path::Path::new(source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    for_display(name.unwrap_or_else(|| source.to_string()).as_bytes(), 40)
}

pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < UNITS.len() {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn duration(secs: i64) -> String {
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

fn clock(t: Timestamp) -> String {
    let (_, mo, d, h, mi, s) = t.civil();
    format!("{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

fn span(first: Option<Timestamp>, last: Option<Timestamp>) -> String {
    match (first, last) {
        (Some(a), Some(b)) => {
            let (y, mo, d, h, mi, s) = a.civil();
            let secs = b.unix_seconds() - a.unix_seconds();
            format!(
                " · {y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC + {}",
                human_span(secs)
            )
        }
        _ => String::new(),
    }
}

fn human_span(secs: i64) -> String {
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m {s}s"),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_easily() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(bytes(14_000_000), "14.0 MB");
        assert_eq!(human_span(3725), "1h 2m");
    }
}
