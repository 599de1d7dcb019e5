//! The report as GitHub Actions workflow commands: one annotation per top cause
//! (`::error file=…,line=…,title=…::…`), shown on the run and on the pull request.
//!
//! Log text is data here and must never become a command: GitHub reads a command only at the
//! start of a line, and every value is escaped as its runner does (`%` → `%25`, `\r` → `%0D`,
//! `\n` → `%0A`, and in properties also `:` and `,`), so a log line holding `::add-mask::` or
//! `::stop-commands::` stays inside the message of the annotation it belongs to.

use std::io::{self, Write};

use super::human::thousands;
use super::sanitize::for_display;
use super::{Cause, Report};
use crate::patterns::Severity;

/// GitHub shows at most 10 annotations of each kind per step.
pub const MAX_ANNOTATIONS: usize = 10;

/// Writes the annotations.
pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.causes.is_empty() {
        let msg = if r.problem_events() > 0 {
            format!(
                "culprit: no known cause recognised in {} warning and error events",
                thousands(r.problem_events())
            )
        } else {
            String::from("culprit: nothing stands out")
        };
        return writeln!(out, "::notice title=culprit::{}", data(&msg));
    }
    for c in r.causes.iter().take(r.top.min(MAX_ANNOTATIONS)) {
        // stdin, and a file inside an archive, have no file in the repository to point at.
        let in_archive = r
            .inputs
            .iter()
            .any(|i| i.name == c.first_seen.source && !i.members.is_empty());
        annotation(c, !in_archive && c.first_seen.source != "<stdin>", out)?;
    }
    Ok(())
}

fn annotation(c: &Cause, has_file: bool, out: &mut dyn Write) -> io::Result<()> {
    let kind = match c.severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    };
    let mut props = Vec::new();
    if has_file {
        props.push(format!("file={}", property(&c.first_seen.source)));
        props.push(format!("line={}", c.first_seen.line));
        if c.first_seen.end_line > c.first_seen.line {
            props.push(format!("endLine={}", c.first_seen.end_line));
        }
    }
    props.push(format!(
        "title={}",
        property(&format!("culprit #{}: {}", c.rank, c.title))
    ));
    let mut msg = String::new();
    if let Some(e) = c.evidence.first() {
        msg.push_str(&for_display(&e.text, 400));
        msg.push('\n');
    }
    msg.push_str(&c.explanation);
    if let Some(step) = c.remediation.first() {
        msg.push_str("\nNext: ");
        msg.push_str(step);
    }
    if c.count > 1 {
        msg.push_str(&format!("\n(seen {} times)", thousands(c.count)));
    }
    writeln!(out, "::{kind} {}::{}", props.join(","), data(&msg))
}

/// Escapes a command's message as the runner unescapes it; control and bidi characters (from
/// log text inside a title or a sentence) are shown, not passed to the log viewer.
pub fn data(s: &str) -> String {
    super::sanitize::visible(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_cannot_start_a_command() {
        let s = data("boom\n::add-mask::secret\r\n::set-env name=X::1 100%");
        assert!(!s.contains('\n') && !s.contains('\r'), "{s}");
        assert_eq!(
            s,
            "boom%0A::add-mask::secret%0D%0A::set-env name=X::1 100%25"
        );
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
        assert_eq!(data("\u{1b}]0;t\u{7}\r\n"), "\\x1b]0;t\\x07%0D%0A");
    }
}
