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

/// Lines of text detection lets come before the first event (a command line, a title).
const LEAD_LINES: usize = 3;

/// Lines of one description past which what follows is not taken for it: the longest
/// descriptions (audit events) have a few dozen. Longer, the export has ended and other text
/// follows (`cat export.txt app.log`): it is read line by line, as text before the first
/// event is.
const DESCRIPTION_LINES: u64 = 1000;

/// True when a source starts like `wevtutil /f:text` output: within its first few lines that
/// hold anything (a command line or a title may come first), an `Event[N]:` line followed by
/// the `Log Name:` field wevtutil prints first. Other logs that happen to begin with
/// `Event[0]:` and indented `key: value` lines are not taken for one.
pub fn is_wevtutil_text(first_bytes: &[u8]) -> bool {
    let lines: Vec<&[u8]> = first_bytes
        .split(|&b| b == b'\n')
        .map(super::text::strip_cr)
        .filter(|l| !super::text::trim(l).is_empty())
        .take(LEAD_LINES + 2)
        .collect();
    lines.windows(2).take(LEAD_LINES + 1).any(|pair| {
        event_number(pair[0]).is_some()
            && pair[1].first().is_some_and(|b| b.is_ascii_whitespace())
            && field(pair[1]).is_some_and(|(key, _)| key == b"Log Name")
    })
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

/// The level a `Level:` value names: Windows' own names in English and in the languages
/// Windows is most often installed in (the export prints them localised). Others give no
/// level, which leaves the event to be read like a line without one.
fn level_of(value: &[u8]) -> Option<Level> {
    let v = String::from_utf8_lossy(value).to_lowercase();
    Some(match v.as_str() {
        "critical"
        | "kritisch"
        | "critique"
        | "crítico"
        | "critico"
        | "重大"
        | "关键"
        | "критический"
        | "위험" => Level::Critical,
        "error" | "fehler" | "erreur" | "errore" | "erro" | "エラー" | "错误" | "錯誤"
        | "ошибка" | "오류" => Level::Error,
        "warning"
        | "warnung"
        | "avertissement"
        | "advertencia"
        | "avviso"
        | "aviso"
        | "警告"
        | "предупреждение"
        | "경고" => Level::Warn,
        "information" | "informationen" | "informazioni" | "información" | "informações"
        | "情報" | "信息" | "資訊" | "сведения" | "정보" => Level::Info,
        "verbose"
        | "ausführlich"
        | "commentaires"
        | "detallado"
        | "dettagliato"
        | "detalhado"
        | "詳細"
        | "详细"
        | "詳細資訊"
        | "подробности"
        | "자세한 정보" => Level::Debug,
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
    event_id: Vec<u8>,
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
            b"Event ID" => {
                self.event_id.clear();
                self.event_id.extend_from_slice(value);
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

    /// Reads one line of the event that holds anything.
    fn add_line(&mut self, text: &[u8], at: u64, time: &mut TimeContext) {
        self.end_line = at;
        if self.in_description {
            self.describe(text, at);
            return;
        }
        let indented = text.first().is_some_and(|b| b.is_ascii_whitespace());
        if !indented {
            // Text at the margin before any `Description:` (an export tool that leaves the
            // key out): the description has begun.
            self.in_description = true;
            self.describe(text, at);
        } else if let Some((key, value)) = field(text) {
            self.set(key, value, at, time);
        }
        // An indented line that is no field (the export cut inside one) says nothing.
    }

    fn emit(mut self, f: &mut impl FnMut(u64, u64, &Record<'_>)) {
        if self.description.is_empty() {
            // Events of a provider whose message file is missing have no text: what is known
            // of them stands in, so that they can be told apart and named.
            self.description.extend_from_slice(b"Event ");
            if self.event_id.is_empty() {
                self.description.extend_from_slice(b"without an ID");
            } else {
                self.description.extend_from_slice(&self.event_id);
            }
            self.description.extend_from_slice(b" (no description)");
        }
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
/// record's origin is the event's source, its message the description. Text outside the
/// events (before the first, or after a description that cannot be one) comes as a plain
/// record of each of its lines. A line is read up to `max_line` bytes; returns what longer
/// ones lost.
pub fn read_wevtutil<R: BufRead>(
    r: R,
    time: &mut TimeContext,
    max_line: usize,
    mut f: impl FnMut(u64, u64, &Record<'_>),
) -> io::Result<super::text::Cut> {
    let mut event: Option<Pending> = None;
    let cut = super::text::each_line(r, max_line, |line_no, text| {
        if event_number(text).is_some() {
            if let Some(done) = event.take() {
                done.emit(&mut f);
            }
            event = Some(Pending::start(line_no));
            return;
        }
        let blank = super::text::trim(text).is_empty();
        if let Some(ev) = event.as_mut() {
            let ended = ev.in_description
                && ev
                    .described_at
                    .is_some_and(|at| line_no - at >= DESCRIPTION_LINES);
            if !ended {
                if !blank {
                    ev.add_line(text, line_no, time);
                }
                return;
            }
            if let Some(done) = event.take() {
                done.emit(&mut f);
            }
        }
        if !blank {
            f(line_no, line_no, &super::text::outside_entry(text));
        }
    })?;
    if let Some(done) = event.take() {
        done.emit(&mut f);
    }
    Ok(cut)
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
        read_wevtutil(text.as_bytes(), &mut ctx, 1 << 20, |a, b, r| {
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
        assert!(
            is_wevtutil_text(text.as_bytes()),
            "a command line may come first"
        );
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
        assert_eq!(read(cjk)[0].2, Some(Level::Info));
        let odd = "Event[0]:\n  Level: Sehr wichtig\n  Description:\nx\n";
        assert_eq!(read(odd)[0].2, None, "an unknown level name is no level");
    }

    #[test]
    fn what_is_not_an_export() {
        for text in [
            "Event[0]:\nnot indented: value\n",
            "Event[x]:\n  Log Name: System\n",
            "Event[0] happened\n  Log Name: System\n",
            "  Log Name: System\n",
            // Another program's records that look alike, without wevtutil's first field.
            "Event[0]:\n  type: startup\n  ok: true\n2026-11-26 08:00:00 INFO up\n",
            "a\nb\nc\nd\nEvent[0]:\n  Log Name: System\n",
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
        // Cut inside a field's line: the fragment is no description.
        let got = read("Event[0]:\n  Source: Disk\n  Event ID: 153\n  Level: Warning\n  Lev");
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1), (1, 5));
        assert_eq!(got[0].2, Some(Level::Warn));
        assert_eq!(got[0].4, "Event 153 (no description)");
    }

    #[test]
    fn text_after_the_export_is_not_taken_for_a_description() {
        let mut text = String::from(
            "Event[0]:\n  Log Name: System\n  Level: Error\n  Description:\nThe disk failed.\n",
        );
        for i in 0..1200 {
            text.push_str(&format!(
                "2026-11-26 08:00:{:02} INFO app line {i}\n",
                i % 60
            ));
        }
        text.push_str("2026-11-26 08:01:00 ERROR connect to db failed: connection refused\n");
        let got = read(&text);
        // The event, cut after its description's first thousand lines; then a record a line.
        assert_eq!(got[0].4.split(" 2026").next(), Some("The disk failed."));
        assert_eq!(got[0].1, 5 + 999);
        let last = got.last().unwrap();
        assert_eq!(last.0, 1206);
        assert_eq!(last.2, Some(Level::Error));
        assert!(last.4.ends_with("connection refused"));
    }

    #[test]
    fn lines_longer_than_the_cap_are_cut_and_counted() {
        let long = "x".repeat(5000);
        let text = format!("Event[0]:\n  Log Name: System\n  Description:\n{long}\nEvent[1]:\n  Description: short\n");
        let mut ctx = TimeContext::utc(Timestamp(0));
        let mut messages = Vec::new();
        let cut = read_wevtutil(text.as_bytes(), &mut ctx, 1000, |_, _, r| {
            messages.push(r.message.len())
        })
        .unwrap();
        assert_eq!((cut.lines, cut.bytes), (1, 4000));
        assert_eq!(messages, vec![1000, 5]);
    }
}
