//! Reading `--since`/`--until` values the way journalctl users write them.

use jiff::tz::TimeZone;
use jiff::{civil, Span, ZonedDateTime as Zoned};

use crate::record::Timestamp;

/// Reads a time: `now`, `today`, `yesterday`, `tomorrow`; a relative time `-2h`, `+30m`,
/// `-1d 6h`, `2 hours ago`; an RFC 3339 time `2026-11-26T12:00:00Z`; a local date and time
/// `2026-11-26 12:00[:00]` or date `2026-11-26` (in `zone`); or a local time of today `12:00`.
pub fn parse_when(text: &str, now: jiff::Timestamp, zone: &TimeZone) -> Result<Timestamp, String> {
    let s = text.trim();
    let now_z = now.to_zoned_datetime(zone.clone());
    let zoned: Result<Zoned, String> = match s {
        "now" => Ok(now_z.clone()),
        "today" => now_z.start_of_day().map_err(|e| e.to_string()),
        "yesterday" => now_z
            .start_of_day()
            .and_then(|d| d.checked_sub(Span::new().days(1)))
            .map_err(|e| e.to_string()),
        "tomorrow" => now_z
            .start_of_day()
            .and_then(|d| d.checked_add(Span::new().days(1)))
            .map_err(|e| e.to_string()),
        _ => {
            if let Some(rest) = s.strip_prefix('-') {
                relative(&now_z, rest, -1)
            } else if let Some(rest) = s.strip_prefix('+') {
                relative(&now_z, rest, 1)
            } else if let Ok(span) = s.parse::<Span>() {
                now_z.checked_add(span).map_err(|e| e.to_string())
            } else if let Ok(t) = s.parse::<jiff::Timestamp>() {
                Ok(t.to_zoned_datetime(zone.clone()))
            } else if let Ok(dt) = s.replacen(' ', "T", 1).parse::<civil::DateTime>() {
                dt.to_zoned_datetime(zone.clone())
                    .map_err(|e| e.to_string())
            } else if let Ok(d) = s.parse::<civil::Date>() {
                d.to_zoned_datetime(zone.clone()).map_err(|e| e.to_string())
            } else if let Ok(t) = s.parse::<civil::Time>() {
                now_z
                    .date()
                    .to_datetime(t)
                    .to_zoned_datetime(zone.clone())
                    .map_err(|e| e.to_string())
            } else {
                Err(String::new())
            }
        }
    };
    match zoned {
        Ok(z) => Ok(Timestamp(z.timestamp().as_microsecond())),
        Err(_) => Err(format!(
            "cannot read the time '{text}': use e.g. 2026-11-26 12:00, 2026-11-26T12:00:00Z, -2h, today"
        )),
    }
}

fn relative(now: &Zoned, rest: &str, sign: i64) -> Result<Zoned, String> {
    let span: Span = rest
        .trim()
        .parse()
        .map_err(|e: jiff::Error| e.to_string())?;
    let span = if sign < 0 { span.negate() } else { span };
    now.checked_add(span).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Result<String, String> {
        let now: jiff::Timestamp = "2026-11-26T12:00:00Z".parse().unwrap();
        parse_when(s, now, &TimeZone::UTC).map(|t| t.to_rfc3339())
    }

    #[test]
    fn journalctl_style_times() {
        assert_eq!(at("-2h").unwrap(), "2026-11-26T10:00:00Z");
        assert_eq!(at("-1d").unwrap(), "2026-11-25T12:00:00Z");
        assert_eq!(at("2 hours ago").unwrap(), "2026-11-26T10:00:00Z");
        assert_eq!(at("today").unwrap(), "2026-11-26T00:00:00Z");
        assert_eq!(at("yesterday").unwrap(), "2026-11-25T00:00:00Z");
        assert_eq!(at("2026-11-20 08:30").unwrap(), "2026-11-20T08:30:00Z");
        assert_eq!(at("2026-11-20").unwrap(), "2026-11-20T00:00:00Z");
        assert_eq!(
            at("2026-11-20T08:30:00+02:00").unwrap(),
            "2026-11-20T06:30:00Z"
        );
        assert_eq!(at("09:15").unwrap(), "2026-11-26T09:15:00Z");
        assert!(at("last tuesday-ish").is_err());
    }
}
