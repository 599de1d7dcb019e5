//! The report as a GitLab Code Quality report: a JSON array of issues, one per top cause,
//! which GitLab shows in the merge request and the pipeline (`artifacts:reports:codequality`).
//!
//! Each issue names the log and line of the cause's first sighting, a severity on GitLab's
//! scale, and a fingerprint that stays the same across runs for the same cause in the same
//! log, so that GitLab can tell new issues from ones it saw before. Values are JSON strings
//! (serde_json escapes them); log text is cut and made printable as for the terminal.

use std::io::{self, Write};

use serde::Serialize;

use super::human::thousands;
use super::sanitize::for_display;
use super::{Cause, Report};
use crate::patterns::Severity;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u64,
}

/// Writes the issues of the top causes (`--top`).
pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Issue> = r.causes.iter().take(r.top).map(issue).collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

fn issue(c: &Cause) -> Issue {
    let mut description = format!("culprit #{}: {}", c.rank, c.title);
    if let Some(e) = c.evidence.first() {
        description.push_str(" — ");
        description.push_str(&for_display(&e.text, 300));
    }
    if c.count > 1 {
        description.push_str(&format!(" (seen {} times)", thousands(c.count)));
    }
    let severity = match c.severity {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    };
    // Stable across runs: what the cause is and which log it is in, not where in the log.
    let fingerprint = fnv1a(&[c.kind, &c.id, &c.title, &c.first_seen.source]);
    Issue {
        description,
        check_name: format!("culprit.{}", c.id),
        fingerprint: format!("{fingerprint:016x}"),
        severity,
        location: Location {
            path: c.first_seen.source.clone(),
            lines: Lines {
                begin: c.first_seen.line.max(1),
            },
        },
    }
}

/// 64-bit FNV-1a over the parts, each followed by a 0 byte: a hash that never changes between
/// versions or platforms, as fingerprints must not.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes().iter().chain(&[0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_fixed_values() {
        // A change here would make GitLab report every known issue as new.
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(format!("{:016x}", fnv1a(&["a"])), "089be207b544f1e4");
    }
}
