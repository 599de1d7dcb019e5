//! The report as Markdown: an incident summary to paste into a ticket or a pull request, for a
//! reader who was not there and does not know the system.
//!
//! Log text only ever appears inside code spans and fenced blocks whose fences are longer than
//! any run of backticks in the text, so a log line cannot close them and turn into markup
//! (links, images, HTML). Table cells also escape `|`.

use std::io::{self, Write};

use super::human::thousands;
use super::sanitize::for_display;
use super::{Cause, Location, Report};
use crate::record::Timestamp;

/// Writes the summary.
pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Incident summary (culprit)")?;
    writeln!(out)?;
    if r.headline.is_empty() {
        writeln!(out, "{}", headline(r))?;
    } else {
        writeln!(out, "**{}**", text(&r.headline))?;
    }
    if let Some(t) = &r.tests_line {
        writeln!(out)?;
        writeln!(out, "{}", text(t))?;
    }
    if let Some(b) = &r.baseline {
        writeln!(out)?;
        writeln!(out, "{}", text(&b.sentence()))?;
    }
    writeln!(out)?;
    what_was_read(r, out)?;
    if !r.causes.is_empty() {
        causes(r, out)?;
        if let Some(top) = r.causes.first() {
            next_steps(top, out)?;
        }
    }
    clusters(r, out)?;
    Ok(())
}

/// The one sentence a reader takes away.
pub fn headline(r: &Report) -> String {
    match r.causes.first() {
        Some(c) => {
            let mut s = format!(
                "**Most likely cause:** {} ({}), first seen {}",
                text(&c.title),
                c.severity.name(),
                place(&c.first_seen)
            );
            if c.count > 1 {
                s.push_str(&format!(", {} times in all", thousands(c.count)));
            }
            s.push('.');
            s
        }
        None if r.problem_events() > 0 => format!(
            "**No known cause recognised.** {} warning and error events in {} distinct messages; the most frequent are listed below.",
            thousands(r.problem_events()),
            thousands(r.clusters.len() as u64)
        ),
        None => String::from("**Nothing stands out:** no warnings, errors or known failures found."),
    }
}

fn what_was_read(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let names: Vec<String> = r.inputs.iter().map(|i| code(&i.name)).collect();
    let shown = names.len().min(5);
    let mut list = names[..shown].join(", ");
    if names.len() > shown {
        list.push_str(&format!(" and {} more", names.len() - shown));
    }
    write!(
        out,
        "**What was read:** {} lines in {} ({})",
        thousands(r.lines),
        if r.inputs.len() == 1 {
            "one input"
        } else {
            "several inputs"
        },
        list
    )?;
    if let (Some(a), Some(b)) = (r.first_timestamp, r.last_timestamp) {
        write!(out, ", from {} to {}", time(a), time(b))?;
    }
    writeln!(out, ".")?;
    if !r.by_level.is_empty() {
        let parts: Vec<String> = r
            .by_level
            .iter()
            .map(|(name, n)| format!("{} {name}", thousands(*n)))
            .collect();
        writeln!(out, "Events by level: {}.", parts.join(", "))?;
    }
    let unread: Vec<String> = r
        .inputs
        .iter()
        .filter_map(|i| {
            let why = i.error.as_deref().or(i.skipped.as_deref())?;
            Some(format!("{} ({})", code(&i.name), text(why)))
        })
        .collect();
    if !unread.is_empty() {
        writeln!(out, "Not read: {}.", unread.join("; "))?;
    }
    writeln!(out)
}

fn causes(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### Likely causes")?;
    writeln!(out)?;
    writeln!(
        out,
        "| # | cause | severity | confidence | seen | first seen |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for c in r.causes.iter().take(r.top) {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            c.rank,
            cell(&text(&c.title)),
            c.severity.name(),
            c.confidence.name(),
            thousands(c.count),
            cell(&place(&c.first_seen))
        )?;
    }
    writeln!(out)?;
    for c in r.causes.iter().take(r.top.min(3)) {
        writeln!(out, "#### {}. {}", c.rank, text(&c.title))?;
        writeln!(out)?;
        if !c.explanation.is_empty() {
            writeln!(out, "{}", text(&c.explanation))?;
            writeln!(out)?;
        }
        for why in &c.why {
            writeln!(out, "- {}", text(why))?;
        }
        if !c.why.is_empty() {
            writeln!(out)?;
        }
        if !c.evidence.is_empty() {
            writeln!(out, "Evidence:")?;
            writeln!(out)?;
            let lines: Vec<String> = c
                .evidence
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}: {}",
                        for_display(e.at.source.as_bytes(), 200),
                        e.at.line,
                        for_display(&e.text, 600)
                    )
                })
                .collect();
            fenced(&lines.join("\n"), out)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn next_steps(c: &Cause, out: &mut dyn Write) -> io::Result<()> {
    if c.remediation.is_empty() {
        return Ok(());
    }
    writeln!(out, "### What to do next")?;
    writeln!(out)?;
    for (i, step) in c.remediation.iter().enumerate() {
        writeln!(out, "{}. {}", i + 1, text(step))?;
    }
    writeln!(out)
}

fn clusters(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.clusters.is_empty() {
        return Ok(());
    }
    writeln!(out, "### Most frequent problems")?;
    writeln!(out)?;
    writeln!(out, "| count | level | message | first seen |")?;
    writeln!(out, "|---|---|---|---|")?;
    for c in r.clusters.iter().take(r.top) {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            thousands(c.count),
            c.level.name(),
            cell(&code(&for_display(&c.template, 200))),
            cell(&place(&c.first_seen))
        )?;
    }
    let hidden = r.clusters.len().saturating_sub(r.top);
    if hidden > 0 {
        writeln!(out)?;
        writeln!(out, "… and {hidden} more.")?;
    }
    writeln!(out)
}

/// Plain text for a paragraph: escapes the characters Markdown would act on, so text from the
/// pattern library or a log never becomes a link, an image or HTML.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in for_display(s.as_bytes(), 4000).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A table cell: `|` would end it even inside a code span.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// An inline code span that the text cannot close: its fence is one backtick longer than the
/// longest run of backticks inside.
pub fn code(s: &str) -> String {
    let s = for_display(s.as_bytes(), 600);
    let fence = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced block that the text cannot close.
fn fenced(s: &str, out: &mut dyn Write) -> io::Result<()> {
    let fence = "`".repeat(longest_run(s, '`').max(2) + 1);
    writeln!(out, "{fence}text")?;
    writeln!(out, "{s}")?;
    writeln!(out, "{fence}")
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for x in s.chars() {
        if x == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// `app.log line 1203 (2026-11-26 12:03:01 UTC)`, the source as a code span.
fn place(l: &Location) -> String {
    let mut s = format!("{} line {}", code(&l.source), l.line);
    if let Some(t) = l.timestamp {
        s.push_str(&format!(" ({})", time(t)));
    }
    s
}

fn time(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s) = t.civil();
    format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_text_cannot_close_its_code_span() {
        assert_eq!(code("a ` b"), "``a ` b``");
        assert_eq!(code("``x"), "``` ``x ```");
        let mut out = Vec::new();
        fenced("```\n# not a heading", &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("````text\n"), "{s}");
        assert!(s.ends_with("\n````\n"), "{s}");
    }

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            text("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(text("<img src=x>"), "\\<img src=x\\>");
        assert_eq!(cell("a|b"), "a\\|b");
    }
}
