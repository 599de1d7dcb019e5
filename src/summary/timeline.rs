//! Events over time, in buckets that coarsen as the covered span grows.

use std::collections::BTreeMap;

use crate::record::{Level, Timestamp};

/// Microseconds a second: the unit of [`Timestamp`].
const MICROS_PER_SEC: i64 = 1_000_000;

/// Bucket widths in seconds. Each divides the next, so counts kept at one width re-bucket
/// exactly into any wider one, and the width a run ends at is the smallest that keeps the
/// bucket count under [`MAX_BUCKETS`], whatever the chunking (the count of distinct buckets
/// only falls as the width grows).
pub const WIDTHS: &[i64] = &[
    1, 2, 10, 60, 300, 600, 3600, 21_600, 86_400, 604_800, 31_449_600,
];
const MAX_BUCKETS: usize = 4096;

/// Counts per bucket: all events, warnings, errors (error and worse).
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    width_index: usize,
    buckets: BTreeMap<i64, BucketCounts>,
    /// The bucket the last event fell in and what was counted in it since: settled into
    /// `buckets` when an event falls in another bucket or the timeline is combined. Logs run in
    /// time order, so most events are counted here without a map look-up. Its key is always in
    /// `buckets` already (so the bucket count, and when to coarsen, are as without it).
    open: Option<Open>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Open {
    /// Seconds `start..start + width`: the bucket at the width it was opened at.
    start: i64,
    /// The same span in microseconds (saturated), `from..until`, the unit of [`Timestamp`]:
    /// an event is placed in the open bucket without dividing its time down to seconds.
    from: i64,
    until: i64,
    counts: BucketCounts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BucketCounts {
    pub events: u64,
    pub warn: u64,
    pub error: u64,
}

impl BucketCounts {
    fn add(&mut self, o: BucketCounts) {
        self.events += o.events;
        self.warn += o.warn;
        self.error += o.error;
    }
}

/// Equal when the counts are, whichever bucket happens to be open.
impl PartialEq for Timeline {
    fn eq(&self, other: &Timeline) -> bool {
        self.width_index == other.width_index && self.settled() == other.settled()
    }
}

impl Eq for Timeline {}

impl Timeline {
    pub fn width(&self) -> i64 {
        WIDTHS[self.width_index]
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    pub fn add(&mut self, t: Timestamp, level: Option<Level>) {
        // `start <= secs < end` for `secs = t.unix_seconds()`, a floor division: the same as
        // `start * 10^6 <= t < end * 10^6`. Where a bound saturates, the test can only fail
        // where the exact one holds (t == i64::MAX), and reopening the same bucket is harmless.
        let open = match &mut self.open {
            Some(o) if o.from <= t.0 && t.0 < o.until => o,
            _ => self.open_bucket(t.unix_seconds()),
        };
        let c = &mut open.counts;
        c.events += 1;
        match level {
            Some(l) if l >= Level::Error => c.error += 1,
            Some(Level::Warn) => c.warn += 1,
            _ => {}
        }
    }

    /// Settles the open bucket and opens the one `secs` falls in, creating it (and coarsening
    /// when that makes too many) as counting into it directly would.
    fn open_bucket(&mut self, secs: i64) -> &mut Open {
        self.settle();
        let start = secs.div_euclid(self.width()) * self.width();
        self.buckets.entry(start).or_default();
        if self.buckets.len() > MAX_BUCKETS {
            self.coarsen_until_fits();
        }
        // After coarsening, the wider bucket holding `start` (widths divide each other).
        let width = self.width();
        let start = secs.div_euclid(width) * width;
        self.open.insert(Open {
            start,
            from: start.saturating_mul(MICROS_PER_SEC),
            until: (start + width).saturating_mul(MICROS_PER_SEC),
            counts: BucketCounts::default(),
        })
    }

    /// Adds the open bucket's counts into `buckets`.
    fn settle(&mut self) {
        if let Some(o) = self.open.take() {
            self.buckets.entry(o.start).or_default().add(o.counts);
        }
    }

    /// The buckets with the open one's counts in them.
    fn settled(&self) -> BTreeMap<i64, BucketCounts> {
        let mut b = self.buckets.clone();
        if let Some(o) = &self.open {
            b.entry(o.start).or_default().add(o.counts);
        }
        b
    }

    pub fn absorb(&mut self, mut later: Timeline) {
        self.settle();
        later.settle();
        let target = self.width_index.max(later.width_index);
        self.rebucket(target);
        let width = WIDTHS[target];
        for (start, c) in later.buckets {
            self.buckets
                .entry(start.div_euclid(width) * width)
                .or_default()
                .add(c);
        }
        self.coarsen_until_fits();
    }

    fn coarsen_until_fits(&mut self) {
        while self.buckets.len() > MAX_BUCKETS && self.width_index + 1 < WIDTHS.len() {
            self.rebucket(self.width_index + 1);
        }
    }

    fn rebucket(&mut self, index: usize) {
        if index <= self.width_index {
            return;
        }
        self.settle();
        self.width_index = index;
        let width = WIDTHS[index];
        let old = std::mem::take(&mut self.buckets);
        for (start, c) in old {
            self.buckets
                .entry(start.div_euclid(width) * width)
                .or_default()
                .add(c);
        }
    }

    /// The counts re-bucketed to the narrowest width of [`WIDTHS`] that shows the whole span in
    /// at most `max` buckets, every bucket of the span listed (empty ones too), oldest first.
    pub fn resample(&self, max: usize) -> (i64, Vec<(i64, BucketCounts)>) {
        let (Some((&first, _)), Some((&last, _))) = (
            self.buckets.first_key_value(),
            self.buckets.last_key_value(),
        ) else {
            return (self.width(), Vec::new());
        };
        let max = max.max(1) as i64;
        let mut index = self.width_index;
        while index + 1 < WIDTHS.len() {
            let w = WIDTHS[index];
            let n = last.div_euclid(w) - first.div_euclid(w) + 1;
            if n <= max {
                break;
            }
            index += 1;
        }
        let width = WIDTHS[index];
        let start = first.div_euclid(width) * width;
        let n = (last.div_euclid(width) * width - start) / width + 1;
        let mut out: Vec<(i64, BucketCounts)> = (0..n)
            .map(|i| (start + i * width, BucketCounts::default()))
            .collect();
        let open = self.open.iter().map(|o| (o.start, o.counts));
        for (s, c) in self.buckets.iter().map(|(&s, &c)| (s, c)).chain(open) {
            let i = ((s.div_euclid(width) * width - start) / width) as usize;
            out[i].1.add(c);
        }
        (width, out)
    }
}

/// Buckets a [`Hist`] keeps at most: the report's timeline resolution, so a series re-buckets
/// exactly into the report's buckets in the common case.
pub const HIST_BUCKETS: usize = 60;

/// One series' occurrences over time in at most [`HIST_BUCKETS`] buckets of a [`WIDTHS`]
/// width, coarsening as its span grows: a problem cluster's own timeline, small enough to keep
/// for every cluster. Like [`Timeline`], the width it ends at depends only on what was added,
/// not on the order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hist {
    width_index: u8,
    /// `(start, count)`, by start.
    buckets: Vec<(i64, u64)>,
}

impl Hist {
    pub fn width(&self) -> i64 {
        WIDTHS[self.width_index as usize]
    }

    /// `(start, count)` of each non-empty bucket, oldest first.
    pub fn buckets(&self) -> &[(i64, u64)] {
        &self.buckets
    }

    pub fn add(&mut self, t: Timestamp) {
        self.add_count(t.unix_seconds(), 1);
    }

    fn add_count(&mut self, secs: i64, n: u64) {
        let w = self.width();
        let start = secs.div_euclid(w) * w;
        if let Some(last) = self.buckets.last_mut() {
            if last.0 == start {
                last.1 += n;
                return;
            }
        }
        match self.buckets.binary_search_by_key(&start, |b| b.0) {
            Ok(i) => self.buckets[i].1 += n,
            Err(i) => {
                self.buckets.insert(i, (start, n));
                self.coarsen_until_fits();
            }
        }
    }

    /// Adds `other`'s counts.
    pub fn absorb(&mut self, other: &Hist) {
        self.rebucket(self.width_index.max(other.width_index));
        for &(start, n) in &other.buckets {
            self.add_count(start, n);
        }
    }

    fn coarsen_until_fits(&mut self) {
        while self.buckets.len() > HIST_BUCKETS && (self.width_index as usize) + 1 < WIDTHS.len() {
            self.rebucket(self.width_index + 1);
        }
    }

    fn rebucket(&mut self, index: u8) {
        if index <= self.width_index {
            return;
        }
        self.width_index = index;
        let w = self.width();
        let mut out: Vec<(i64, u64)> = Vec::with_capacity(self.buckets.len());
        for &(start, n) in &self.buckets {
            let s = start.div_euclid(w) * w;
            match out.last_mut() {
                Some(last) if last.0 == s => last.1 += n,
                _ => out.push((s, n)),
            }
        }
        self.buckets = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Timeline::add` as it was, dividing every time down to seconds: the reference for the
    /// one that compares microseconds.
    fn add_by_seconds(tl: &mut Timeline, t: Timestamp, level: Option<Level>) {
        let secs = t.unix_seconds();
        let width = tl.width();
        let open = match &mut tl.open {
            Some(o) if o.start <= secs && secs < o.start + width => o,
            _ => tl.open_bucket(secs),
        };
        let c = &mut open.counts;
        c.events += 1;
        match level {
            Some(l) if l >= Level::Error => c.error += 1,
            Some(Level::Warn) => c.warn += 1,
            _ => {}
        }
    }

    fn micros() -> impl proptest::strategy::Strategy<Value = i64> {
        use proptest::prelude::*;
        prop_oneof![
            // Around one second boundary, and around a day's.
            (-3_000_000i64..3_000_000).prop_map(|d| 1_700_000_000 * MICROS_PER_SEC + d),
            (-3_000_000i64..3_000_000).prop_map(|d| 86_400 * MICROS_PER_SEC + d),
            (-3_000_000i64..3_000_000),
            // Spread over years, coarsening the buckets.
            (0i64..4_000_000_000).prop_map(|s| s * 1_000_003 % (i64::MAX / 4)),
            // The ends of the range, where the bounds in microseconds saturate.
            (0i64..3_000_000).prop_map(|d| i64::MAX - d),
            (0i64..3_000_000).prop_map(|d| i64::MIN + d),
        ]
    }

    proptest::proptest! {
        #[test]
        fn add_in_micros_counts_as_add_in_seconds(
            base in micros(),
            whole in proptest::bool::ANY,
            steps in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        0i64..3,
                        // Just short of, on and just past the next second, the next minute.
                        MICROS_PER_SEC - 2..MICROS_PER_SEC + 2,
                        60 * MICROS_PER_SEC - 2..60 * MICROS_PER_SEC + 2,
                        -2 * MICROS_PER_SEC..2 * MICROS_PER_SEC,
                        0i64..i64::MAX / 8,
                    ],
                    0usize..4,
                ),
                0..400,
            ),
        ) {
            let levels = [None, Some(Level::Info), Some(Level::Warn), Some(Level::Error)];
            let mut fast = Timeline::default();
            let mut slow = Timeline::default();
            // From a time on a whole second or not, in steps that land on bucket bounds.
            let mut t = if whole { base.saturating_sub(base.rem_euclid(MICROS_PER_SEC)) } else { base };
            for &(step, l) in &steps {
                t = t.saturating_add(step);
                fast.add(Timestamp(t), levels[l]);
                add_by_seconds(&mut slow, Timestamp(t), levels[l]);
            }
            proptest::prop_assert_eq!(fast.width_index, slow.width_index);
            proptest::prop_assert_eq!(fast.settled(), slow.settled());
        }
    }

    #[test]
    fn micros_per_sec_is_the_unit_of_timestamps() {
        assert_eq!(Timestamp::from_unix_seconds(3).0, 3 * MICROS_PER_SEC);
    }

    #[test]
    fn coarsens_deterministically() {
        let mut whole = Timeline::default();
        let mut a = Timeline::default();
        let mut b = Timeline::default();
        for i in 0..20_000i64 {
            let t = Timestamp::from_unix_seconds(1_700_000_000 + i * 3);
            whole.add(t, Some(Level::Error));
            if i < 5_000 {
                a.add(t, Some(Level::Error))
            } else {
                b.add(t, Some(Level::Error))
            }
        }
        a.absorb(b);
        assert_eq!(a, whole);
        assert!(whole.buckets.len() <= MAX_BUCKETS);
    }

    #[test]
    fn open_bucket_is_counted_wherever_events_jump() {
        // Events back and forth in time, fed in two different orders: the same counts.
        let times: Vec<i64> = (0..9_000i64).map(|i| (i * 7919) % 20_011).collect();
        let mut forward = Timeline::default();
        let mut backward = Timeline::default();
        for (k, &t) in times.iter().enumerate() {
            let level = [Some(Level::Error), Some(Level::Warn), None][k % 3];
            forward.add(Timestamp::from_unix_seconds(t), level);
        }
        for (k, &t) in times.iter().enumerate().rev() {
            let level = [Some(Level::Error), Some(Level::Warn), None][k % 3];
            backward.add(Timestamp::from_unix_seconds(t), level);
        }
        assert_eq!(forward, backward);
        assert_eq!(forward.resample(60), backward.resample(60));
        let total: u64 = forward.resample(60).1.iter().map(|(_, c)| c.events).sum();
        assert_eq!(total, times.len() as u64);
    }

    #[test]
    fn resample_lists_every_bucket_of_the_span() {
        let mut t = Timeline::default();
        t.add(Timestamp::from_unix_seconds(0), Some(Level::Error));
        t.add(Timestamp::from_unix_seconds(600), Some(Level::Warn));
        let (width, buckets) = t.resample(60);
        assert_eq!(width, 60);
        assert_eq!(buckets.len(), 11);
        assert_eq!(buckets[0].1.error, 1);
        assert_eq!(buckets[10].1.warn, 1);
    }

    #[test]
    fn a_hist_ends_the_same_whatever_the_order_and_split() {
        let times: Vec<i64> = (0..5_000i64)
            .map(|i| 1_700_000_000 + (i * 7919) % 40_000)
            .collect();
        let mut whole = Hist::default();
        for &t in &times {
            whole.add(Timestamp::from_unix_seconds(t));
        }
        let mut a = Hist::default();
        let mut b = Hist::default();
        for &t in times.iter().rev().take(1234) {
            b.add(Timestamp::from_unix_seconds(t));
        }
        for &t in times.iter().rev().skip(1234) {
            a.add(Timestamp::from_unix_seconds(t));
        }
        a.absorb(&b);
        assert_eq!(a, whole);
        assert!(whole.buckets().len() <= HIST_BUCKETS);
        assert_eq!(whole.buckets().iter().map(|b| b.1).sum::<u64>(), 5_000);
        // 40,000 s in at most 60 buckets: 10-minute buckets make 67, so hours.
        assert_eq!(whole.width(), 3600);
    }
}
