//! Windows event-log entries as `wevtutil qe <log> /f:text` prints them: a block of lines per
//! event, `Event[N]:` then indented `Key: value` lines, then the description on lines of its
//! own after `  Description:`:
//!
//! ```text
//! Event[0]:
//!   Log Name: System
//!   Source: Service Control Manager
//!   Date: 2026-11-26T08:00:04.120
//!   Event ID: 7031
//!   Level: Error
//!   …
//!   Description:
//! The Print Spooler service terminated unexpectedly.  It has done this 1 time(s).
//! ```
//!
//! A description may hold blank lines of its own (audit events have paragraphs), so an event
//! ends only where the next `Event[N]:` begins. Such a stream cannot be cut at arbitrary line
//! ends: the engine reads it sequentially with [`read_wevtutil`], as it reads a journal export
//! stream, and each event becomes one record spanning its lines.

use std::borrow::Cow;
use std::io::{self, BufRead};

use super::stamp::{self, Epoch};
use super::{Level, Record, TimeContext, Timestamp};

/// Bytes of one event's description kept for reading; the rest of a longer one is not read.
const DESCRIPTION_CAP: usize = 64 * 1024;

/// True when a source starts like `wevtutil /f:text` output: its first line holding anything
/// is `Event[N]:`, and the next one an indented `Key: value`.
pub fn is_wevtutil_text(first_bytes: &[u8]) -> bool {
    let mut lines = first_bytes
        .split(|&b| b == b'\n')
        .map(super::text::strip_cr)
        .filter(|l| !super::text::trim(l).is_empty());
    match (lines.next(), lines.next()) {
        (Some(first), Some(next)) => {
            event_number(first).is_some()
                && next.first().is_some_and(|b| b.is_ascii_whitespace())
                && field(next).is_some()
        }
        _ => false,
    }
}

/// The number of an `Event[N]:` line (a UTF-8 byte-order mark before it allowed).
fn event_number(line: &[u8]) -> Option<u64> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let rest = line.strip_prefix(b"Event[")?;
    let close = memchr::memchr(b']', rest)?;
    let digits = &rest[..close];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if super::text::trim(&rest[close + 1..]) != b":" {
        return None;
    }
    super::text::parse_u64(digits)
}

/// An indented `Key: value` line, as its key and value (trimmed). Keys are words and spaces
/// (`Log Name`, `Event ID`, `User Name`).
fn field(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let text = super::text::trim(line);
    let colon = memchr::memchr(b':', text)?;
    let key = &text[..colon];
    let keyish = |b: &u8| b.is_ascii_alphanumeric() || *b == b' ' || *b == b'-' || *b == b'_';
    if key.is_empty() || key.len() > 32 || !key.iter().all(keyish) {
        return None;
    }
    Some((key, super::text::trim(&text[colon + 1..])))
}

/// The level a `Level:` value names: Windows' own names in English, and in a few other
/// languages Windows is often installed in (the export prints them localised). Others give
/// no level, which leaves the event to be read like a line without one.
fn level_of(value: &[u8]) -> Option<Level> {
    let v = String::from_utf8_lossy(value).to_lowercase();
    Some(match v.as_str() {
        "critical" | "kritisch" | "critique" | "crítico" | "critico" => Level::Critical,
        "error" | "fehler" | "erreur" | "errore" | "erro" => Level::Error,
        "warning" | "warnung" | "avertissement" | "advertencia" | "avviso" | "aviso" => Level::Warn,
        "information" | "informationen" | "informazioni" | "información" | "informações" => {
            Level::Info
        }
        "verbose" | "ausführlich" | "détaillé" | "detallado" => Level::Debug,
        _ => return None,
    })
}

/// One event being read.
#[derive(Default)]
struct Pending {
    line: u64,
    end_line: u64,
    timestamp: Option<Timestamp>,
    level: Option<Level>,
    /// A `Keyword: Audit Failure` event (a failed logon, a denied access), whatever its level.
    audit_failure: bool,
    source: Vec<u8>,
    description: Vec<u8>,
    in_description: bool,
    /// The line the description begins on.
    described_at: Option<u64>,
}

impl Pending {
    fn start(line: u64) -> Pending {
        Pending {
            line,
            end_line: line,
            ..Pending::default()
        }
    }

    fn set(&mut self, key: &[u8], value: &[u8], at: u64, time: &mut TimeContext) {
        match key {
            b"Date" => {
                self.timestamp = stamp::scan(value, Epoch::No).and_then(|(c, _)| c.resolve(time))
            }
            b"Level" => self.level = level_of(value),
            b"Keyword" | b"Keywords" => {
                self.audit_failure = memchr::memmem::find(value, b"Audit Failure").is_some()
            }
            b"Source" => {
                self.source.clear();
                self.source.extend_from_slice(value);
            }
            b"Description" => {
                self.in_description = true;
                self.describe(value, at);
            }
            _ => {}
        }
    }

    /// Adds one line of the description: its words, one space between them and between
    /// lines (the report shows a message on one line, and audit events align their values
    /// with runs of tabs; a pattern reads the whole description).
    fn describe(&mut self, text: &[u8], at: u64) {
        if self.described_at.is_none() && !super::text::trim(text).is_empty() {
            self.described_at = Some(at);
        }
        for word in text
            .split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty())
        {
            if self.description.len() + word.len() >= DESCRIPTION_CAP {
                return;
            }
            if !self.description.is_empty() {
                self.description.push(b' ');
            }
            self.description.extend_from_slice(word);
        }
    }

    fn emit(self, f: &mut impl FnMut(u64, u64, &Record<'_>)) {
        let level = match self.level {
            Some(l) if self.audit_failure => Some(l.max(Level::Warn)),
            None if self.audit_failure => Some(Level::Warn),
            l => l,
        };
        let rec = Record {
            timestamp: self.timestamp,
            level,
            origin: (!self.source.is_empty()).then_some(Cow::Borrowed(&self.source[..])),
            message: Cow::Borrowed(&self.description),
            header: true,
            meta: false,
            service: false,
            step: false,
        };
        f(self.described_at.unwrap_or(self.line), self.end_line, &rec);
    }
}

/// Reads `wevtutil /f:text` output, handing each event to `f` as a record with the numbers of
/// its first and last lines: those of its description, the lines a person reads (and the ones
/// a report's evidence should open at), or the `Event[N]:` line of an event without one. The
/// record's origin is the event's source, its message the description. Text before the first
/// event comes as a plain record of each of its lines.
pub fn read_wevtutil<R: BufRead>(
    mut r: R,
    time: &mut TimeContext,
    mut f: impl FnMut(u64, u64, &Record<'_>),
) -> io::Result<()> {
    let mut buf = Vec::new();
    let mut event: Option<Pending> = None;
    let mut line_no = 0u64;
    loop {
        buf.clear();
        if r.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        let text = super::text::strip_cr(buf.strip_suffix(b"\n").unwrap_or(&buf));
        if event_number(text).is_some() {
            if let Some(done) = event.take() {
                done.emit(&mut f);
            }
            event = Some(Pending::start(line_no));
            continue;
        }
        let Some(ev) = event.as_mut() else {
            if !super::text::trim(text).is_empty() {
                let mut rec = Record::plain(text);
                rec.header = true;
                rec.level = super::text::infer_level(text);
                f(line_no, line_no, &rec);
            }
            continue;
        };
        if super::text::trim(text).is_empty() {
            continue;
        }
        ev.end_line = line_no;
        if ev.in_description {
            ev.describe(text, line_no);
            continue;
        }
        let indented = text.first().is_some_and(|b| b.is_ascii_whitespace());
        match field(text).filter(|_| indented) {
            Some((key, value)) => ev.set(key, value, line_no, time),
            // A line that is no field before any `Description:` (an export tool that leaves
            // the key out): the description has begun.
            None => {
                ev.in_description = true;
                ev.describe(text, line_no);
            }
        }
    }
    if let Some(done) = event.take() {
        done.emit(&mut f);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event as the tests look at it: first and last line, level, origin, message, time.
    type Entry = (
        u64,
        u64,
        Option<Level>,
        Option<String>,
        String,
        Option<String>,
    );

    fn read(text: &str) -> Vec<Entry> {
        let mut ctx = TimeContext::utc(Timestamp(0));
        let mut out = Vec::new();
        read_wevtutil(text.as_bytes(), &mut ctx, |a, b, r| {
            out.push((
                a,
                b,
                r.level,
                r.origin
                    .as_deref()
                    .map(|o| String::from_utf8_lossy(o).into_owned()),
                String::from_utf8_lossy(&r.message).into_owned(),
                r.timestamp.map(|t| t.to_rfc3339()),
            ))
        })
        .unwrap();
        out
    }

    const SYSTEM: &str = "Event[0]:\r
  Log Name: System\r
  Source: Service Control Manager\r
  Date: 2026-11-26T08:00:04.120\r
  Event ID: 7031\r
  Task: N/A\r
  Level: Error\r
  Opcode: N/A\r
  Keyword: Classic\r
  User: N/A\r
  User Name: N/A\r
  Computer: WEB-01\r
  Description: \r
The Print Spooler service terminated unexpectedly.  It has done this 1 time(s).\r
\r
Event[1]:\r
  Log Name: Security\r
  Source: Microsoft-Windows-Security-Auditing\r
  Date: 2026-11-26T08:00:05.000\r
  Event ID: 4625\r
  Task: Logon\r
  Level: Information\r
  Keyword: Audit Failure\r
  Description: \r
An account failed to log on.\r
\r
Subject:\r
\tSecurity ID:\t\tS-1-0-0\r
\r
Failure Information:\r
\tFailure Reason:\t\tUnknown user name or bad password.\r
\r
";

    #[test]
    fn each_event_is_one_record_with_its_source_level_time_and_description() {
        assert!(is_wevtutil_text(SYSTEM.as_bytes()));
        let got = read(SYSTEM);
        assert_eq!(got.len(), 2, "{got:?}");
        let (first, last, level, origin, message, time) = &got[0];
        assert_eq!((*first, *last), (14, 14));
        assert_eq!(*level, Some(Level::Error));
        assert_eq!(origin.as_deref(), Some("Service Control Manager"));
        assert_eq!(
            message,
            "The Print Spooler service terminated unexpectedly. It has done this 1 time(s)."
        );
        assert_eq!(time.as_deref(), Some("2026-11-26T08:00:04.12Z"));
        // Blank lines inside a description do not end the event; its paragraphs are read.
        let (first, last, level, _, message, _) = &got[1];
        assert_eq!((*first, *last), (25, 31));
        assert_eq!(*level, Some(Level::Warn), "an audit failure is a warning");
        assert_eq!(
            message,
            "An account failed to log on. Subject: Security ID: S-1-0-0 Failure Information: Failure Reason: Unknown user name or bad password."
        );
    }

    #[test]
    fn localised_levels_a_description_on_its_key_line_and_text_before_the_events() {
        let text = "wevtutil qe System /c:1 /f:text\n\nEvent[24]:\n  Log Name: System\n  Source: Microsoft-Windows-Kernel-Power\n  Date: 2019-05-26T10:21:11.251\n  Event ID: 41\n  Level: Kritisch\n  Description: The system has rebooted without cleanly shutting down first.\n";
        assert!(!is_wevtutil_text(text.as_bytes()), "text comes first");
        let got = read(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].4, "wevtutil qe System /c:1 /f:text");
        assert_eq!((got[1].0, got[1].1), (9, 9));
        assert_eq!(got[1].2, Some(Level::Critical));
        assert_eq!(
            got[1].4,
            "The system has rebooted without cleanly shutting down first."
        );
        let cjk = "Event[0]:\n  Source: Microsoft-Windows-Kernel-Power\n  Level: \u{4fe1}\u{606f}\n  Description:\nx\n";
        assert_eq!(read(cjk)[0].2, None, "an unknown level name is no level");
    }

    #[test]
    fn what_is_not_an_export() {
        for text in [
            "Event[0]:\nnot indented: value\n",
            "Event[x]:\n  Log Name: System\n",
            "Event[0] happened\n  Log Name: System\n",
            "  Log Name: System\n",
            "",
        ] {
            assert!(!is_wevtutil_text(text.as_bytes()), "{text:?}");
        }
        assert!(is_wevtutil_text(
            b"\xEF\xBB\xBFEvent[0]:\r\n  Log Name: Application\r\n"
        ));
    }

    #[test]
    fn an_export_cut_short_still_gives_its_last_event() {
        let got = read("Event[0]:\n  Source: Disk\n  Level: Warning\n");
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1), (1, 3));
        assert_eq!(got[0].2, Some(Level::Warn));
        assert_eq!(got[0].4, "");
    }
}
