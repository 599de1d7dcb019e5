//! The report as one self-contained HTML page: summary, ranked causes with their evidence, the
//! most frequent problems and an SVG timeline. No scripts, no network requests: styles are
//! inline and every string that comes from a log or a pattern file is escaped, so a log line
//! holding `<script>` or `"><img onerror=…>` shows as text. A Content-Security-Policy that
//! forbids scripts and remote loads backs this up.

use std::io::{self, Write};

use super::human::thousands;
use super::sanitize::for_display;
use super::{Location, Report};
use crate::record::Timestamp;

const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.sub{color:#5a6272;margin:0 0 16px}
.headline{background:#fff;border-left:5px solid #c62828;padding:12px 16px;border-radius:4px;font-size:17px}
.headline.calm{border-color:#2e7d32}
.cause{background:#fff;border-radius:6px;padding:12px 16px;margin:12px 0;box-shadow:0 1px 2px #0001}
.cause h3{margin:0 0 6px;font-size:16px}
.sev{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:10px;color:#fff;margin-right:6px;vertical-align:middle}
.critical,.high{background:#c62828}.medium{background:#ef6c00}.low,.info{background:#546e7a}
.meta{color:#5a6272;font-size:13px}
pre{background:#1d2330;color:#e8eaf0;padding:10px 12px;border-radius:4px;overflow-x:auto;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e6eb;vertical-align:top}
td.n{text-align:right;white-space:nowrap}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
svg{background:#fff;border-radius:6px;width:100%;height:auto}
ul{margin:6px 0 6px 20px;padding:0}
";

/// Writes the page.
pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\"><head><meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>culprit: {}</title>", esc(&title(r)))?;
    writeln!(out, "<style>{STYLE}</style></head><body><main>")?;
    writeln!(out, "<h1>Incident summary</h1>")?;
    writeln!(out, "<p class=\"sub\">{}</p>", esc(&read_line(r)))?;
    let calm = if r.causes.is_empty() { " calm" } else { "" };
    let headline = if r.headline.is_empty() {
        headline_html(r)
    } else {
        format!("<b>{}</b>", esc(&r.headline))
    };
    writeln!(out, "<div class=\"headline{calm}\">{headline}</div>")?;
    if let Some(t) = &r.tests_line {
        writeln!(out, "<p class=\"tests\">{}</p>", esc(t))?;
    }
    timeline(r, out)?;
    per_cluster(r, out)?;
    causes(r, out)?;
    clusters(r, out)?;
    writeln!(
        out,
        "<p class=\"meta\">Made by culprit {} from the logs named above; every line number points at the input as it was read.</p>",
        esc(env!("CARGO_PKG_VERSION"))
    )?;
    writeln!(out, "</main></body></html>")
}

fn title(r: &Report) -> String {
    match r.causes.first() {
        Some(c) => c.title.clone(),
        None => String::from("nothing stands out"),
    }
}

fn headline_html(r: &Report) -> String {
    match r.causes.first() {
        Some(c) => format!(
            "<b>Most likely cause:</b> {} <span class=\"meta\">({}, first seen {}{})</span>",
            esc(&c.title),
            esc(c.severity.name()),
            place(&c.first_seen),
            if c.count > 1 {
                format!(", {} times in all", thousands(c.count))
            } else {
                String::new()
            }
        ),
        None if r.problem_events() > 0 => format!(
            "<b>No known cause recognised.</b> {} warning and error events in {} distinct messages; the most frequent are listed below.",
            thousands(r.problem_events()),
            thousands(r.clusters.len() as u64)
        ),
        None => String::from("<b>Nothing stands out:</b> no warnings, errors or known failures found."),
    }
}

fn read_line(r: &Report) -> String {
    let names: Vec<String> = r
        .inputs
        .iter()
        .take(5)
        .map(|i| for_display(i.name.as_bytes(), 200))
        .collect();
    let mut s = format!("{} lines from {}", thousands(r.lines), names.join(", "));
    if r.inputs.len() > 5 {
        s.push_str(&format!(" and {} more", r.inputs.len() - 5));
    }
    if let (Some(a), Some(b)) = (r.first_timestamp, r.last_timestamp) {
        s.push_str(&format!(", {} to {}", time(a), time(b)));
    }
    let levels: Vec<String> = r
        .by_level
        .iter()
        .map(|(n, c)| format!("{} {n}", thousands(*c)))
        .collect();
    if !levels.is_empty() {
        s.push_str(&format!(" · {}", levels.join(", ")));
    }
    s
}

fn causes(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.causes.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h2>Likely causes</h2>")?;
    for c in r.causes.iter().take(r.top) {
        let sev = c.severity.name();
        writeln!(out, "<section class=\"cause\">")?;
        writeln!(
            out,
            "<h3>{}. <span class=\"sev {sev}\">{sev}</span>{}</h3>",
            c.rank,
            esc(&c.title)
        )?;
        writeln!(
            out,
            "<div class=\"meta\"><code>{}</code> · score {:.2}, {} confidence · seen {} · first {} · last {}</div>",
            esc(&c.id),
            c.score,
            esc(c.confidence.name()),
            thousands(c.count),
            place(&c.first_seen),
            place(&c.last_seen)
        )?;
        if !c.explanation.is_empty() {
            writeln!(out, "<p>{}</p>", esc(&c.explanation))?;
        }
        if !c.why.is_empty() {
            writeln!(out, "<div class=\"meta\">Why it ranks here:</div><ul>")?;
            for w in &c.why {
                writeln!(out, "<li>{}</li>", esc(w))?;
            }
            writeln!(out, "</ul>")?;
        }
        if !c.evidence.is_empty() {
            write!(out, "<pre>")?;
            for e in &c.evidence {
                writeln!(
                    out,
                    "{}:{}: {}",
                    esc(&for_display(e.at.source.as_bytes(), 200)),
                    e.at.line,
                    esc(&for_display(&e.text, 2000))
                )?;
            }
            writeln!(out, "</pre>")?;
        }
        if !c.remediation.is_empty() {
            writeln!(out, "<div class=\"meta\">What to do:</div><ol>")?;
            for step in &c.remediation {
                writeln!(out, "<li>{}</li>", esc(step))?;
            }
            writeln!(out, "</ol>")?;
        }
        writeln!(out, "</section>")?;
    }
    Ok(())
}

fn clusters(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.clusters.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h2>Most frequent problems</h2>")?;
    writeln!(
        out,
        "<table><tr><th>count</th><th>level</th><th>message</th><th>first seen</th></tr>"
    )?;
    for c in r.clusters.iter().take(r.top) {
        writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            thousands(c.count),
            esc(c.level.name()),
            esc(&for_display(&c.template, 400)),
            place(&c.first_seen)
        )?;
    }
    writeln!(out, "</table>")
}

/// Errors and warnings over time as stacked bars, the first cause's first sighting marked.
fn timeline(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.timeline.len() < 2 || r.timeline_width <= 0 {
        return Ok(());
    }
    let (w, h, pad) = (940.0f64, 160.0f64, 28.0f64);
    let first = r.timeline[0].0;
    let last = r.timeline[r.timeline.len() - 1].0 + r.timeline_width;
    let span = (last - first).max(1) as f64;
    let max = r
        .timeline
        .iter()
        .map(|(_, b)| b.error + b.warn)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let x = |t: i64| pad + (t - first) as f64 / span * (w - 2.0 * pad);
    let bar_w = ((w - 2.0 * pad) / r.timeline.len() as f64 - 1.0).max(1.0);
    let plot_h = h - 2.0 * pad;
    writeln!(out, "<h2>Errors and warnings over time</h2>")?;
    writeln!(
        out,
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"errors and warnings per {}\">",
        esc(&bucket_name(r.timeline_width))
    )?;
    for (t, b) in &r.timeline {
        let e = b.error as f64 / max * plot_h;
        let wn = b.warn as f64 / max * plot_h;
        let x0 = x(*t);
        if b.error > 0 {
            writeln!(
                out,
                "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{e:.1}\" fill=\"#c62828\"><title>{} errors</title></rect>",
                h - pad - e,
                b.error
            )?;
        }
        if b.warn > 0 {
            writeln!(
                out,
                "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{wn:.1}\" fill=\"#ef6c00\"><title>{} warnings</title></rect>",
                h - pad - e - wn,
                b.warn
            )?;
        }
    }
    writeln!(
        out,
        "<line x1=\"{pad}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#9aa1ad\"/>",
        h - pad,
        w - pad,
        h - pad
    )?;
    let label = |t: i64| {
        let (_, _, _, hh, mi, ss) = Timestamp(t * 1_000_000).civil();
        format!("{hh:02}:{mi:02}:{ss:02}")
    };
    writeln!(
        out,
        "<text x=\"{pad}\" y=\"{:.1}\" font-size=\"11\" fill=\"#5a6272\">{}</text>",
        h - 8.0,
        label(first)
    )?;
    writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#5a6272\" text-anchor=\"end\">{}</text>",
        w - pad,
        h - 8.0,
        label(last)
    )?;
    writeln!(
        out,
        "<text x=\"{pad}\" y=\"16\" font-size=\"11\" fill=\"#5a6272\">max {} per {}</text>",
        thousands(max as u64),
        esc(&bucket_name(r.timeline_width))
    )?;
    if let Some(t) = r.causes.first().and_then(|c| c.first_seen.timestamp) {
        let s = t.unix_seconds();
        if s >= first && s <= last {
            let xm = x(s);
            writeln!(
                out,
                "<line x1=\"{xm:.1}\" y1=\"{pad}\" x2=\"{xm:.1}\" y2=\"{:.1}\" stroke=\"#1d2330\" stroke-dasharray=\"4 3\"/>",
                h - pad
            )?;
            writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#1d2330\">cause first seen</text>",
                xm + 4.0,
                pad + 10.0
            )?;
        }
    }
    writeln!(out, "</svg>")
}

/// Colours of the charted clusters, told apart also by the legend's order.
const SERIES_COLOURS: [&str; 6] = [
    "#c62828", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f",
];

/// Each charted problem cluster's lines per bucket as a line, with the onset (where the
/// problem rate jumped) and the first cause's first sighting marked, and a legend naming the
/// clusters and the causes they show.
fn per_cluster(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.series.is_empty() || r.timeline.len() < 2 || r.timeline_width <= 0 {
        return Ok(());
    }
    let (w, h, pad) = (940.0f64, 200.0f64, 28.0f64);
    let first = r.timeline[0].0;
    let last = r.timeline[r.timeline.len() - 1].0 + r.timeline_width;
    let span = (last - first).max(1) as f64;
    let max = r
        .series
        .iter()
        .flat_map(|s| s.counts.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let x = |t: i64| pad + (t - first) as f64 / span * (w - 2.0 * pad);
    let plot_h = h - 2.0 * pad;
    // Counts on a square-root scale, so that a cause seen 3 times stays visible beside a storm
    // of 40,000 symptoms.
    let y = |n: u64| h - pad - (n as f64 / max).sqrt() * plot_h;
    writeln!(out, "<h2>Problems over time, per cluster</h2>")?;
    writeln!(
        out,
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"lines per {} of each problem cluster\">",
        esc(&bucket_name(r.timeline_width))
    )?;
    writeln!(
        out,
        "<line x1=\"{pad}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#9aa1ad\"/>",
        h - pad,
        w - pad,
        h - pad
    )?;
    let half = r.timeline_width / 2;
    for (k, s) in r.series.iter().enumerate() {
        let colour = SERIES_COLOURS[k % SERIES_COLOURS.len()];
        let points: Vec<String> = r
            .timeline
            .iter()
            .zip(&s.counts)
            .map(|((t, _), &n)| format!("{:.1},{:.1}", x(t + half), y(n)))
            .collect();
        writeln!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\"><title>{}</title></polyline>",
            points.join(" "),
            if s.cause.is_some() { 2.5 } else { 1.5 },
            esc(&for_display(&s.template, 200))
        )?;
        // A dot where it first appears, so a cluster seen once is not lost on the axis.
        if let Some(b) = s.counts.iter().position(|&n| n > 0) {
            let t = r.timeline[b].0;
            writeln!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{colour}\"/>",
                x(t + half),
                y(s.counts[b])
            )?;
        }
    }
    let mut mark = |t: i64, label: &str, dy: f64| -> io::Result<()> {
        if t < first || t > last {
            return Ok(());
        }
        let xm = x(t);
        writeln!(
            out,
            "<line x1=\"{xm:.1}\" y1=\"{pad}\" x2=\"{xm:.1}\" y2=\"{:.1}\" stroke=\"#1d2330\" stroke-dasharray=\"4 3\"/>",
            h - pad
        )?;
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#1d2330\">{}</text>",
            xm + 4.0,
            pad + dy,
            esc(label)
        )
    };
    if let Some(onset) = r.onset {
        mark(onset.at.unix_seconds(), "onset", 10.0)?;
    }
    if let Some(t) = r.causes.first().and_then(|c| c.first_seen.timestamp) {
        mark(t.unix_seconds(), "cause first seen", 24.0)?;
    }
    writeln!(
        out,
        "<text x=\"{pad}\" y=\"16\" font-size=\"11\" fill=\"#5a6272\">lines per {} (square-root scale, max {})</text>",
        esc(&bucket_name(r.timeline_width)),
        thousands(max as u64)
    )?;
    writeln!(out, "</svg>")?;
    writeln!(
        out,
        "<table><tr><th></th><th>cluster</th><th>shows</th></tr>"
    )?;
    for (k, s) in r.series.iter().enumerate() {
        let colour = SERIES_COLOURS[k % SERIES_COLOURS.len()];
        let shows = match s.cause {
            Some(rank) => format!("cause {rank}"),
            None => String::new(),
        };
        writeln!(
            out,
            "<tr><td><svg width=\"18\" height=\"10\" viewBox=\"0 0 18 10\"><rect width=\"18\" height=\"10\" fill=\"{colour}\"/></svg></td><td><code>{}</code></td><td>{}</td></tr>",
            esc(&for_display(&s.template, 200)),
            esc(&shows)
        )?;
    }
    writeln!(out, "</table>")
}

fn bucket_name(secs: i64) -> String {
    match secs {
        1 => String::from("second"),
        s if s < 60 => format!("{s} seconds"),
        60 => String::from("minute"),
        s if s < 3600 => format!("{} minutes", s / 60),
        3600 => String::from("hour"),
        s => format!("{} hours", s / 3600),
    }
}

fn place(l: &Location) -> String {
    let mut s = format!(
        "<code>{}</code> line {}",
        esc(&for_display(l.source.as_bytes(), 200)),
        l.line
    );
    if let Some(t) = l.timestamp {
        s.push_str(&format!(" ({})", time(t)));
    }
    s
}

fn time(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s) = t.civil();
    format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// Escapes text for HTML element content and quoted attribute values; control and bidi
/// characters (from log text inside a title or a sentence) are shown, not kept.
pub fn esc(s: &str) -> String {
    let s = super::sanitize::visible(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_log_text_is_escaped() {
        assert_eq!(
            esc("\"><img src=x onerror=alert(1)><script>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;"
        );
        assert_eq!(esc("a\0b\u{1b}]0;t\u{7}"), "a\\x00b\\x1b]0;t\\x07");
    }
}
