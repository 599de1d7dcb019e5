//! Timestamps: parsed by hand on the hot path (fixed digit positions), normalised to UTC here.
//!
//! Logs often write local time without a zone, and some formats leave out the year. A
//! `TimeContext` holds what is needed to settle both: the zone that zone-less times are read in,
//! and a reference time (the file's modification time, or now) that the year is inferred from.

use jiff::tz::TimeZone;

use super::stamp::Civil;

/// A point in time: microseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

pub const MICROS_PER_SEC: i64 = 1_000_000;

impl Timestamp {
    /// 0001-01-01T00:00:00Z: the earliest time a log line is believed to carry.
    pub const MIN: Timestamp = Timestamp(-62_135_596_800 * MICROS_PER_SEC);
    /// 9999-12-31T23:59:59.999999Z: the latest. Past these a "time" is noise (a huge number in
    /// a JSON field, a corrupt journal), and arithmetic on it (time buckets, labels) overflows.
    pub const MAX: Timestamp = Timestamp(253_402_300_800 * MICROS_PER_SEC - 1);

    /// The time if it lies between [`Timestamp::MIN`] and [`Timestamp::MAX`].
    pub fn plausible(self) -> Option<Timestamp> {
        (Timestamp::MIN..=Timestamp::MAX)
            .contains(&self)
            .then_some(self)
    }

    pub fn from_unix_seconds(secs: i64) -> Timestamp {
        Timestamp(secs.saturating_mul(MICROS_PER_SEC))
    }

    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(MICROS_PER_SEC)
    }

    /// Days since the epoch of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// A UTC wall-clock time. Returns `None` for fields out of range.
    pub fn from_utc(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        micros: u32,
    ) -> Option<Timestamp> {
        if !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
            || micros >= 1_000_000
            || !(1..=9999).contains(&year)
        {
            return None;
        }
        let days = Timestamp::days_from_civil(year, month, day);
        let secs = days * 86_400 + hour as i64 * 3600 + minute as i64 * 60 + second as i64;
        Some(Timestamp(secs * MICROS_PER_SEC + micros as i64))
    }

    /// RFC 3339 in UTC with a `Z`, with fractional seconds only where there are any.
    pub fn to_rfc3339(self) -> String {
        match jiff::Timestamp::from_microsecond(self.0) {
            Ok(ts) => {
                if self.0.rem_euclid(MICROS_PER_SEC) == 0 {
                    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
                } else {
                    ts.strftime("%Y-%m-%dT%H:%M:%S%.fZ").to_string()
                }
            }
            Err(_) => String::from("invalid"),
        }
    }

    /// The UTC calendar date and time: (year, month, day, hour, minute, second).
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let secs = self.unix_seconds();
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // civil_from_days (Howard Hinnant).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = if m <= 2 { y + 1 } else { y };
        (
            y,
            m,
            d,
            (rem / 3600) as u32,
            (rem % 3600 / 60) as u32,
            (rem % 60) as u32,
        )
    }
}

/// What zone-less and year-less timestamps are read against. Cheap to clone (one per worker).
#[derive(Debug, Clone)]
pub struct TimeContext {
    zone: TimeZone,
    /// UTC offset of `zone` in seconds when the zone has a single fixed offset (UTC, `+02:00`):
    /// then no look-up is needed per line.
    fixed_offset: Option<i32>,
    /// The reference time: no timestamp of a year-less format is taken to be later than this
    /// (plus a day of slack for clock differences).
    reference: Timestamp,
    reference_year: i64,
    /// Last look-up of a zone offset, by the hour it was for: logs run in time order, so one
    /// look-up serves thousands of lines.
    cache: Option<(i64, i32)>,
    /// The last calendar time resolved, per shape (with or without a year, with or without an
    /// offset), and what it resolved to: consecutive lines of one program mostly share their
    /// second. See [`TimeContext::memo`].
    resolved: [Option<(Civil, Option<Timestamp>)>; 4],
    /// The first 16 bytes of the last syslog stamp read (`Nov 14 22:13:20 `) and its time:
    /// see [`super::stamp::syslog_stamp_resolved`].
    syslog_head: Option<(u128, Option<Timestamp>)>,
}

impl TimeContext {
    pub fn new(zone: TimeZone, reference: Timestamp) -> TimeContext {
        let fixed_offset = zone.to_fixed_offset().ok().map(|o| o.seconds());
        TimeContext {
            zone,
            fixed_offset,
            reference,
            reference_year: reference.civil().0,
            cache: None,
            resolved: [None; 4],
            syslog_head: None,
        }
    }

    /// UTC, with `reference` as the time year-less stamps are inferred against.
    pub fn utc(reference: Timestamp) -> TimeContext {
        TimeContext::new(TimeZone::UTC, reference)
    }

    /// What `key` resolved to last time, if it was the last of its shape; else `resolve`'s
    /// answer, remembered. `resolve` must be a function of `key` alone, as the resolutions
    /// of a [`Civil`] are: the zone and the reference time do not change.
    pub(crate) fn memo(
        &mut self,
        key: Civil,
        resolve: impl FnOnce(&mut TimeContext) -> Option<Timestamp>,
    ) -> Option<Timestamp> {
        let slot = usize::from(key.year.is_some()) * 2 + usize::from(key.offset.is_some());
        if let Some((k, t)) = self.resolved[slot] {
            if k == key {
                return t;
            }
        }
        let t = resolve(self);
        self.resolved[slot] = Some((key, t));
        t
    }

    /// The last syslog stamp's first 16 bytes and time, if one was read.
    #[inline]
    pub(crate) fn syslog_head(&self) -> Option<(u128, Option<Timestamp>)> {
        self.syslog_head
    }

    #[inline]
    pub(crate) fn set_syslog_head(&mut self, head: u128, t: Option<Timestamp>) {
        self.syslog_head = Some((head, t));
    }

    pub fn reference(&self) -> Timestamp {
        self.reference
    }

    /// A wall-clock time with an explicit UTC offset (seconds east of UTC).
    #[allow(clippy::too_many_arguments)] // the fields of a calendar time; a struct would only rename them
    pub fn with_offset(
        &self,
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        micros: u32,
        offset_seconds: i32,
    ) -> Option<Timestamp> {
        let t = Timestamp::from_utc(year, month, day, hour, minute, second, micros)?;
        Some(Timestamp(t.0 - offset_seconds as i64 * MICROS_PER_SEC))
    }

    /// A wall-clock time without a zone, read in this context's zone.
    #[allow(clippy::too_many_arguments)] // the fields of a calendar time; a struct would only rename them
    pub fn local(
        &mut self,
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        micros: u32,
    ) -> Option<Timestamp> {
        let naive = Timestamp::from_utc(year, month, day, hour, minute, second, micros)?;
        let offset = match self.fixed_offset {
            Some(o) => o,
            None => {
                let hour_key = naive.0.div_euclid(3600 * MICROS_PER_SEC);
                match self.cache {
                    Some((k, o)) if k == hour_key => o,
                    _ => {
                        let o = self.lookup_offset(naive);
                        self.cache = Some((hour_key, o));
                        o
                    }
                }
            }
        };
        Some(Timestamp(naive.0 - offset as i64 * MICROS_PER_SEC))
    }

    fn lookup_offset(&self, naive: Timestamp) -> i32 {
        let (y, mo, d, h, mi, s) = naive.civil();
        let Ok(dt) =
            jiff::civil::DateTime::new(y as i16, mo as i8, d as i8, h as i8, mi as i8, s as i8, 0)
        else {
            return 0;
        };
        match self.zone.to_ambiguous_zoned_datetime(dt).compatible() {
            Ok(z) => z.offset().seconds(),
            Err(_) => 0,
        }
    }

    /// A wall-clock time whose format leaves out the year (RFC 3164 syslog, klog): the year is
    /// the reference's, or the one before when that would put the time more than a day after
    /// the reference (a December line read in January).
    #[allow(clippy::too_many_arguments)] // the fields of a calendar time; a struct would only rename them
    pub fn local_without_year(
        &mut self,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        micros: u32,
    ) -> Option<Timestamp> {
        let year = self.reference_year;
        let t = self.local(year, month, day, hour, minute, second, micros)?;
        if t.0 > self.reference.0 + 86_400 * MICROS_PER_SEC {
            self.local(year - 1, month, day, hour, minute, second, micros)
        } else {
            Some(t)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        let t = Timestamp::from_utc(2026, 11, 26, 12, 3, 1, 0).unwrap();
        assert_eq!(t.civil(), (2026, 11, 26, 12, 3, 1));
        assert_eq!(t.to_rfc3339(), "2026-11-26T12:03:01Z");
        let leap = Timestamp::from_utc(2024, 2, 29, 0, 0, 0, 500_000).unwrap();
        assert_eq!(leap.to_rfc3339(), "2024-02-29T00:00:00.5Z");
    }

    #[test]
    fn out_of_range_fields_are_no_time() {
        assert_eq!(Timestamp::from_utc(2026, 13, 1, 0, 0, 0, 0), None);
        assert_eq!(Timestamp::from_utc(2026, 1, 1, 24, 0, 0, 0), None);
    }

    #[test]
    fn year_is_inferred_backwards_across_new_year() {
        let reference = Timestamp::from_utc(2026, 1, 2, 0, 0, 0, 0).unwrap();
        let mut ctx = TimeContext::utc(reference);
        let dec = ctx.local_without_year(12, 31, 23, 0, 0, 0).unwrap();
        assert_eq!(dec.civil().0, 2025);
        let jan = ctx.local_without_year(1, 1, 23, 0, 0, 0).unwrap();
        assert_eq!(jan.civil().0, 2026);
    }

    #[test]
    fn zoned_local_times_become_utc() {
        let zone = TimeZone::fixed(jiff::tz::offset(2));
        let mut ctx = TimeContext::new(zone, Timestamp(0));
        let t = ctx.local(2026, 6, 1, 12, 0, 0, 0).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-06-01T10:00:00Z");
    }
}
