//! Syslog and the journalctl `short-*` family: RFC 3164 (with `<PRI>` or in its on-disk form
//! without), RFC 5424, RFC 3339-stamped rsyslog lines, and journalctl's `short`,
//! `short-precise`, `short-iso`, `short-iso-precise`, `short-monotonic`, `short-unix` and
//! `short-full` outputs (all `STAMP HOST IDENT[PID]: MESSAGE`, differing only in the stamp).
//!
//! journalctl's `-- Boot … --` lines are read here as meta records.

use std::borrow::Cow;

use super::stamp::{self, Epoch};
use super::text::{
    bytes_below, bytes_equal, count_digits, first_marked, infer_level, leading_level, skip_spaces,
    token_end,
};
use super::{Level, Record, TimeContext, Timestamp};

/// Which stamp the lines start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stamp {
    /// `Nov 14 22:13:20[.123456]`: RFC 3164, journalctl `short` and `short-precise`.
    Bsd,
    /// RFC 3339 with a zone: rsyslog's high-precision files, `short-iso[-precise]`.
    Iso,
    /// `[21415.215982]`: seconds since boot, no wall time.
    Monotonic,
    /// `1700000000.123456`.
    Unix,
    /// `Tue 2023-11-14 22:13:20 UTC`.
    Full,
}

/// journalctl's lines about the log itself: `-- Boot … --`, `-- No entries --`,
/// `-- Logs begin at … --`, `-- cursor: … `.
pub(crate) fn is_journal_meta(line: &[u8]) -> bool {
    line.starts_with(b"-- ")
        && (line.ends_with(b" --")
            || line.starts_with(b"-- cursor:")
            || line == b"-- No entries --")
}

pub(crate) fn meta(line: &[u8]) -> Record<'_> {
    Record {
        timestamp: None,
        level: None,
        origin: None,
        message: Cow::Borrowed(line),
        header: true,
        meta: true,
        service: false,
        step: false,
    }
}

/// A message's level: the more severe of its priority and the level word the program wrote at
/// its start, since the priority is often the sender's default (`logger` sends all as
/// user.notice, many daemons all as info) and a program's `ERROR` must not read as info;
/// without either, what its words say.
fn own_or_priority(message: &[u8], priority: Option<Level>) -> Option<Level> {
    match (leading_level(message), priority) {
        (Some(own), Some(pri)) => Some(own.max(pri)),
        (own, pri) => own.or(pri).or_else(|| infer_level(message)),
    }
}

/// `<PRI>` at the start: the level and the index after `>`.
fn pri(line: &[u8]) -> Option<(Option<Level>, usize)> {
    if line.first() != Some(&b'<') {
        return None;
    }
    let n = count_digits(line, 1);
    if n == 0 || n > 3 || line.get(1 + n) != Some(&b'>') {
        return None;
    }
    let v = super::text::parse_u64(&line[1..1 + n])?;
    if v > 191 {
        return None;
    }
    Some((Level::from_syslog_priority((v & 7) as u8), n + 2))
}

/// Reads a syslog-family line; `None` when it has no header of this shape.
pub(crate) fn parse<'a>(line: &'a [u8], kind: Stamp, ctx: &mut TimeContext) -> Option<Record<'a>> {
    let (pri_level, mut i) = match pri(line) {
        Some((l, i)) => (l, i),
        None => (None, 0),
    };
    // `<PRI>1 ` is RFC 5424, whatever stamp the source was detected with.
    if i > 0 && line.get(i) == Some(&b'1') && line.get(i + 1) == Some(&b' ') {
        return parse_5424(line, pri_level, i + 2, ctx);
    }
    let rest = &line[i..];
    // Syslog's own stamp, the usual case, is read (or found the same as the line before's)
    // by position.
    let known = match kind {
        Stamp::Bsd => stamp::syslog_stamp_resolved(rest, ctx),
        _ => None,
    };
    let timestamp = match kind {
        _ if known.is_some() => {
            i += 15;
            known.unwrap()
        }
        Stamp::Bsd | Stamp::Iso | Stamp::Full => {
            let first = *rest.first()?;
            // Each kind accepts only its own shape, so that detection can tell them apart.
            let ok = match kind {
                Stamp::Bsd => first.is_ascii_alphabetic(),
                Stamp::Iso => first.is_ascii_digit(),
                _ => first.is_ascii_alphabetic(),
            };
            if !ok {
                return None;
            }
            let (c, n) = stamp::scan(rest, Epoch::No)?;
            if kind == Stamp::Iso && (c.year.is_none() || rest.get(10) != Some(&b'T')) {
                return None;
            }
            if kind == Stamp::Full && c.year.is_none() {
                return None;
            }
            if kind == Stamp::Bsd && c.year.is_some() {
                return None;
            }
            i += n;
            c.resolve(ctx)
        }
        Stamp::Monotonic => {
            // `[%5llu.%06llu]`: seconds right-aligned.
            if rest.first() != Some(&b'[') {
                return None;
            }
            let j = skip_spaces(rest, 1);
            let n = count_digits(rest, j);
            if n == 0 || rest.get(j + n) != Some(&b'.') {
                return None;
            }
            let f = count_digits(rest, j + n + 1);
            if f == 0 || rest.get(j + n + 1 + f) != Some(&b']') {
                return None;
            }
            i += j + n + 2 + f;
            None
        }
        Stamp::Unix => {
            let n = count_digits(rest, 0);
            if !(9..=11).contains(&n) {
                return None;
            }
            let e = token_end(rest, 0);
            i += e;
            stamp::epoch_number(&rest[..e])
        }
    };
    if line.get(i) != Some(&b' ') {
        return None;
    }
    let (origin, message, tag_level) = host_tag_message(line, i + 1)?;
    let level = match tag_level {
        Some(l) => Some(pri_level.map_or(l, |p| p.max(l))),
        None => own_or_priority(message, pri_level),
    };
    Some(Record {
        timestamp,
        level,
        origin,
        message: Cow::Borrowed(message),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

type Origin<'a> = Cow<'a, [u8]>;

/// `HOST IDENT[PID]: MESSAGE` from `i` (host optional: journalctl `--no-hostname`).
/// Returns the identifier (without `[pid]`), the message, and the level when the first word is
/// a lower-case level and no identifier (`2026-11-26T12:00:00 error: connect ECONNREFUSED`,
/// winston's and npm's layouts).
fn host_tag_message(line: &[u8], i: usize) -> Option<(Option<Origin<'_>>, &[u8], Option<Level>)> {
    let i = skip_spaces(line, i);
    let host_end = token_end(line, i);
    if host_end == i {
        return Some((None, &line[i..], None));
    }
    // No host when the first token already is the tag.
    let first = &line[i..host_end];
    // (`level_token` only takes a bracket or a capital first: most hosts are not looked at.)
    if matches!(first[0], b'[' | b'<' | b'(' | b'A'..=b'Z')
        && super::wrap::level_token(first).is_some()
    {
        // `2026-11-26T08:00:00Z  INFO 14141 --- [main] ...` (Spring Boot) is an application's
        // header, not syslog from a host named INFO.
        return None;
    }
    let tag_start = if first.ends_with(b":") && first.len() > 1 {
        if let Some((level, m)) = super::wrap::lowercase_level(&line[i..]) {
            return Some((None, &line[i + m..], Some(level)));
        }
        i
    } else {
        skip_spaces(line, host_end)
    };
    match tag(line, tag_start) {
        Some((origin, msg_start)) => Some((Some(Cow::Borrowed(origin)), &line[msg_start..], None)),
        None => Some((None, &line[tag_start..], None)),
    }
}

/// The syslog tag at `s`: `sshd[123]:`, `kernel:`, `sshd(pam_unix)[19939]:`,
/// `Microsoft Word[14463]:`, `syslogd 1.4.1:`. Returns (identifier, message start).
///
/// A tag ends at the first `:` followed by a space (or the end of the line) within 64 bytes;
/// it may hold at most two spaces (program names with a space or a version), and a `[pid]`
/// right before the colon is dropped from the identifier.
///
/// Runs on every line: the bytes that matter (`:`, `]`, space, `"`, `=`, tab) are found eight
/// at a time, and only those are looked at one by one.
fn tag(line: &[u8], s: usize) -> Option<(&[u8], usize)> {
    let limit = line.len().min(s + 64);
    let mut spaces = 0;
    let mut j = s;
    loop {
        while j + 8 <= limit {
            let w = u64::from_le_bytes(line[j..j + 8].try_into().unwrap());
            let m = tag_bytes(w);
            if m != 0 {
                j += first_marked(m);
                break;
            }
            j += 8;
        }
        if j >= limit {
            break;
        }
        match line[j] {
            // `launchd[1] (service.name[123]): msg`: a parenthesised subject after the pid.
            b']' if line.get(j + 1) == Some(&b' ') && line.get(j + 2) == Some(&b'(') => {
                let open = line[s..j].iter().rposition(|&c| c == b'[').map(|p| s + p)?;
                if count_digits(line, open + 1) != j - open - 1 {
                    return None;
                }
                let close = j + 2 + memchr::memmem::find(&line[j + 2..], b"):")?;
                let m = close + 2;
                let m = if line.get(m) == Some(&b' ') { m + 1 } else { m };
                return Some((&line[s..open], m.min(line.len())));
            }
            b':' => {
                let after = line.get(j + 1);
                if after.is_none() || after == Some(&b' ') {
                    break;
                }
            }
            b' ' => {
                spaces += 1;
                if spaces > 2 {
                    return None;
                }
            }
            b'"' | b'=' | b'\t' => return None,
            _ => {}
        }
        j += 1;
    }
    if j >= limit || j == s {
        return None;
    }
    let mut ident = &line[s..j];
    if ident.ends_with(b"]") {
        if let Some(open) = ident.iter().rposition(|&c| c == b'[') {
            if open > 0 && count_digits(ident, open + 1) == ident.len() - open - 2 {
                ident = &ident[..open];
            }
        }
    }
    let msg = if line.get(j + 1) == Some(&b' ') {
        j + 2
    } else {
        j + 1
    };
    Some((ident, msg.min(line.len())))
}

/// Marks the bytes of `w` that `tag` must look at: every `:`, `=`, `]` and byte below `#`
/// (space, tab, `"`, and a few others that it then passes over), at least up to the first.
#[inline(always)]
fn tag_bytes(w: u64) -> u64 {
    bytes_below(w, b'#') | bytes_equal(w, b':') | bytes_equal(w, b'=') | bytes_equal(w, b']')
}

/// RFC 5424 after `<PRI>1 `: `TIMESTAMP HOST APP PROCID MSGID SD MSG`.
fn parse_5424<'a>(
    line: &'a [u8],
    level: Option<Level>,
    mut i: usize,
    ctx: &mut TimeContext,
) -> Option<Record<'a>> {
    let ts_end = token_end(line, i);
    let timestamp: Option<Timestamp> = if &line[i..ts_end] == b"-" {
        None
    } else {
        stamp::scan(&line[i..ts_end], Epoch::No).and_then(|(c, _)| c.resolve(ctx))
    };
    i = ts_end;
    let mut fields = [&line[0..0]; 4];
    for f in fields.iter_mut() {
        if line.get(i) != Some(&b' ') {
            return None;
        }
        let e = token_end(line, i + 1);
        *f = &line[i + 1..e];
        i = e;
    }
    let app = fields[1];
    // Structured data: `-` or one or more `[id k="v" …]` with `\]` escapes in values.
    if line.get(i) == Some(&b' ') {
        i += 1;
    }
    if line.get(i) == Some(&b'-') {
        i += 1;
    } else {
        while line.get(i) == Some(&b'[') {
            let mut in_quotes = false;
            i += 1;
            while i < line.len() {
                match line[i] {
                    b'\\' => i += 1,
                    b'"' => in_quotes = !in_quotes,
                    b']' if !in_quotes => break,
                    _ => {}
                }
                i += 1;
            }
            i += 1;
        }
    }
    let mut msg = line.get(i..).unwrap_or(&[]);
    if msg.first() == Some(&b' ') {
        msg = &msg[1..];
    }
    msg = msg.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(msg);
    let origin = (app != b"-" && !app.is_empty()).then_some(Cow::Borrowed(app));
    Some(Record {
        timestamp,
        level: own_or_priority(msg, level),
        origin,
        message: Cow::Borrowed(msg),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tag` as it was written before its eight-at-a-time scan: what a property test holds
    /// it to.
    /// The syslog tag at `s`: `sshd[123]:`, `kernel:`, `sshd(pam_unix)[19939]:`,
    /// `Microsoft Word[14463]:`, `syslogd 1.4.1:`. Returns (identifier, message start).
    ///
    /// A tag ends at the first `:` followed by a space (or the end of the line) within 64 bytes;
    /// it may hold at most two spaces (program names with a space or a version), and a `[pid]`
    /// right before the colon is dropped from the identifier.
    fn tag_reference(line: &[u8], s: usize) -> Option<(&[u8], usize)> {
        let limit = line.len().min(s + 64);
        let mut spaces = 0;
        let mut j = s;
        while j < limit {
            match line[j] {
                // `launchd[1] (service.name[123]): msg`: a parenthesised subject after the pid.
                b']' if line.get(j + 1) == Some(&b' ') && line.get(j + 2) == Some(&b'(') => {
                    let open = line[s..j].iter().rposition(|&c| c == b'[').map(|p| s + p)?;
                    if count_digits(line, open + 1) != j - open - 1 {
                        return None;
                    }
                    let close = j + 2 + memchr::memmem::find(&line[j + 2..], b"):")?;
                    let m = close + 2;
                    let m = if line.get(m) == Some(&b' ') { m + 1 } else { m };
                    return Some((&line[s..open], m.min(line.len())));
                }
                b':' => {
                    let after = line.get(j + 1);
                    if after.is_none() || after == Some(&b' ') {
                        break;
                    }
                }
                b' ' => {
                    spaces += 1;
                    if spaces > 2 {
                        return None;
                    }
                }
                b'"' | b'=' | b'\t' => return None,
                _ => {}
            }
            j += 1;
        }
        if j >= limit || j == s {
            return None;
        }
        let mut ident = &line[s..j];
        if ident.ends_with(b"]") {
            if let Some(open) = ident.iter().rposition(|&c| c == b'[') {
                if open > 0 && count_digits(ident, open + 1) == ident.len() - open - 2 {
                    ident = &ident[..open];
                }
            }
        }
        let msg = if line.get(j + 1) == Some(&b' ') {
            j + 2
        } else {
            j + 1
        };
        Some((ident, msg.min(line.len())))
    }

    mod tag_scan {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(20_000))]
            #[test]
            fn tag_reads_as_the_byte_loop_did(
                parts in prop::collection::vec(
                    prop_oneof![
                        prop::string::string_regex("[a-z0-9_.-]{0,12}").unwrap(),
                        prop::sample::select(vec![
                            ":", ": ", "]", "] (", "[", "[123]", " ", "\"", "=", "\t", "!", "\u{1}",
                            "):", "\u{e9}", "#", ";", "<", "\\",
                        ]).prop_map(str::to_string),
                    ],
                    0..14,
                ),
                s in 0usize..6,
            ) {
                let line = parts.concat().into_bytes();
                let s = s.min(line.len());
                prop_assert_eq!(tag(&line, s), tag_reference(&line, s));
            }
        }
    }

    fn ctx() -> TimeContext {
        TimeContext::utc(Timestamp::from_utc(2026, 12, 1, 0, 0, 0, 0).unwrap())
    }

    fn p(line: &[u8], kind: Stamp) -> Record<'_> {
        parse(line, kind, &mut ctx()).expect("header")
    }

    #[test]
    fn a_level_word_is_no_host() {
        // Spring Boot's header would otherwise read as syslog from host `INFO`, losing the level.
        let line = b"2026-11-26T08:00:00.644Z  INFO 14141 --- [inventory] [exec-86] c.e.Svc : done";
        assert!(parse(line, Stamp::Iso, &mut ctx()).is_none());
        assert_eq!(
            &*p(b"2026-11-26T08:00:00Z web-1 nginx: up", Stamp::Iso).message,
            b"up"
        );
    }

    /// winston's and npm's `level: message` after a time without fraction read as syslog with
    /// no host: every line came from a program named `info` or `error`, at no level, and the
    /// errors were not counted.
    #[test]
    fn a_lower_case_level_where_the_program_would_be_is_the_level() {
        let r = p(
            b"2026-11-26T12:00:01 error: connect ECONNREFUSED 10.0.0.5:5432",
            Stamp::Iso,
        );
        assert_eq!(
            (r.level, r.origin.as_deref(), &*r.message),
            (
                Some(Level::Error),
                None,
                &b"connect ECONNREFUSED 10.0.0.5:5432"[..]
            )
        );
        let r = p(b"2026-11-26T12:00:00+01:00 info: listening", Stamp::Iso);
        assert_eq!(
            (r.level, &*r.message),
            (Some(Level::Info), &b"listening"[..])
        );
        // A program's name is still its name.
        let r = p(b"2026-11-26T12:00:00 kernel: Out of memory", Stamp::Iso);
        assert_eq!(r.origin.as_deref(), Some(&b"kernel"[..]));
    }

    #[test]
    fn rfc3164_with_pri() {
        let r = p(
            b"<35>Nov 26 20:42:14 vm sshd: error: kex_exchange_identification: Connection closed",
            Stamp::Bsd,
        );
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"sshd"[..]));
        assert_eq!(
            &*r.message,
            b"error: kex_exchange_identification: Connection closed"
        );
        assert_eq!(r.timestamp.unwrap().to_rfc3339(), "2026-11-26T20:42:14Z");
    }

    /// `logger` sends every line as user.notice (`<13>`), and many daemons send all as info:
    /// an `ERROR …` the program wrote was read as info, and a disk-full error vanished from
    /// the report (found by a user review).
    #[test]
    fn a_level_word_more_severe_than_the_priority_wins() {
        let r = p(
            b"<30>Nov 26 12:00:00 host web[12]: ERROR write /var/lib/app/data.db: No space left on device",
            Stamp::Bsd,
        );
        assert_eq!(r.level, Some(Level::Error));
        let r = p(
            b"<13>Nov 26 12:00:00 host app: WARN disk 91% full",
            Stamp::Bsd,
        );
        assert_eq!(r.level, Some(Level::Warn));
        let r = p(
            b"<14>1 2026-11-26T12:00:00Z host app 12 - - ERROR failed",
            Stamp::Bsd,
        );
        assert_eq!(r.level, Some(Level::Error));
        // A priority more severe than the word stays.
        let r = p(b"<11>Nov 26 12:00:00 host app: INFO flushed", Stamp::Bsd);
        assert_eq!(r.level, Some(Level::Error));
        // Without a level word at its start, the priority still says it.
        let r = p(b"<11>Nov 26 12:00:00 host app: disk full", Stamp::Bsd);
        assert_eq!(r.level, Some(Level::Error));
    }

    #[test]
    fn on_disk_forms() {
        let r = p(
            b"Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0",
            Stamp::Bsd,
        );
        assert_eq!(r.origin.as_deref(), Some(&b"sshd(pam_unix)"[..]));
        assert_eq!(&*r.message, b"authentication failure; logname= uid=0");
        assert_eq!(r.level, Some(Level::Error));
        let r = p(
            b"Jul  1 09:00:55 host-10 kernel[0]: IOThunderbolt - x",
            Stamp::Bsd,
        );
        assert_eq!(r.origin.as_deref(), Some(&b"kernel"[..]));
        assert_eq!(&*r.message, b"IOThunderbolt - x");
        let r = p(
            b"Jul  4 23:22:09 calvisitor Microsoft Word[14463]: Cocoa scripting error",
            Stamp::Bsd,
        );
        assert_eq!(r.origin.as_deref(), Some(&b"Microsoft Word"[..]));
        assert_eq!(&*r.message, b"Cocoa scripting error");
        let r = p(b"Jun 19 04:09:11 combo syslogd 1.4.1: restart.", Stamp::Bsd);
        assert_eq!(&*r.message, b"restart.");
        let r = p(
            b"Nov 14 22:13:22 web-1 kernel: Out of memory: Killed",
            Stamp::Bsd,
        );
        assert_eq!(&*r.message, b"Out of memory: Killed");
        assert_eq!(r.level, None);
        let r = p(
            b"Nov 14 22:13:20.123456 web-1 systemd[1]: Started x.",
            Stamp::Bsd,
        );
        assert_eq!(r.timestamp.unwrap().0 % 1_000_000, 123_456);
        let r = p(
            b"Jul  3 13:39:50 mac com.apple.xpc.launchd[1] (com.apple.WebKit.Networking.A5[33438]): Service exited with abnormal code: 1",
            Stamp::Bsd,
        );
        assert_eq!(r.origin.as_deref(), Some(&b"com.apple.xpc.launchd"[..]));
        assert_eq!(&*r.message, b"Service exited with abnormal code: 1");
        // --no-hostname
        let r = p(b"Nov 14 22:13:20 systemd[1]: Started x.", Stamp::Bsd);
        assert_eq!(r.origin.as_deref(), Some(&b"systemd"[..]));
        assert_eq!(&*r.message, b"Started x.");
    }

    #[test]
    fn iso_and_other_journal_stamps() {
        let r = p(
            b"2024-03-02T10:11:12.345678+01:00 host sshd[123]: Accepted key",
            Stamp::Iso,
        );
        assert_eq!(
            r.timestamp.unwrap().to_rfc3339(),
            "2024-03-02T09:11:12.345678Z"
        );
        assert_eq!(&*r.message, b"Accepted key");
        let r = p(b"2023-11-14T22:13:20+0000 web-1 nginx[812]: x", Stamp::Iso);
        assert_eq!(r.timestamp.unwrap().to_rfc3339(), "2023-11-14T22:13:20Z");
        let r = p(
            b"[21415.215982] web-1 app[901]: Traceback",
            Stamp::Monotonic,
        );
        assert_eq!(r.timestamp, None);
        assert_eq!(&*r.message, b"Traceback");
        let r = p(
            b"[    5.123456] web-1 kernel: Linux version",
            Stamp::Monotonic,
        );
        assert_eq!(&*r.message, b"Linux version");
        let r = p(b"1700000000.123456 web-1 systemd[1]: Started", Stamp::Unix);
        assert_eq!(r.timestamp.unwrap().unix_seconds(), 1_700_000_000);
        let r = p(
            b"Tue 2023-11-14 22:13:21 UTC web-1 nginx.service[812]: bind() failed",
            Stamp::Full,
        );
        assert_eq!(r.origin.as_deref(), Some(&b"nginx.service"[..]));
        assert_eq!(r.level, Some(Level::Error));
        assert!(parse(b"Nov 14 22:13:20 web x", Stamp::Iso, &mut ctx()).is_none());
    }

    #[test]
    fn rfc5424() {
        let r = p(
            b"<12>1 2026-11-26T20:42:14.164120+00:00 vm app - ID47 [timeQuality tzKnown=\"1\"][ex@32473 iut=\"3\" x=\"a\\]b\"] disk almost full",
            Stamp::Bsd,
        );
        assert_eq!(r.level, Some(Level::Warn));
        assert_eq!(r.origin.as_deref(), Some(&b"app"[..]));
        assert_eq!(&*r.message, b"disk almost full");
        let r = p(b"<165>1 - host - - - - \xEF\xBB\xBFhello", Stamp::Iso);
        assert_eq!(&*r.message, b"hello");
        assert_eq!(r.origin, None);
    }

    #[test]
    fn journal_meta_lines() {
        assert!(is_journal_meta(
            b"-- Boot 11111111111111111111111111111111 --"
        ));
        assert!(is_journal_meta(b"-- No entries --"));
        assert!(is_journal_meta(b"-- cursor: s=abc"));
        assert!(!is_journal_meta(b"-- not meta"));
    }
}
