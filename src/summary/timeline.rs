//! Events over time, in buckets that coarsen as the covered span grows.

use std::collections::BTreeMap;

use crate::record::{Level, Timestamp};

/// Bucket widths in seconds. Each divides the next, so counts kept at one width re-bucket
/// exactly into any wider one, and the width a run ends at is the smallest that keeps the
/// bucket count under [`MAX_BUCKETS`], whatever the chunking (the count of distinct buckets
/// only falls as the width grows).
pub const WIDTHS: &[i64] = &[
    1, 2, 10, 60, 300, 600, 3600, 21_600, 86_400, 604_800, 31_449_600,
];
const MAX_BUCKETS: usize = 4096;

/// Counts per bucket: all events, warnings, errors (error and worse).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    width_index: usize,
    buckets: BTreeMap<i64, BucketCounts>,
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

impl Timeline {
    pub fn width(&self) -> i64 {
        WIDTHS[self.width_index]
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    pub fn add(&mut self, t: Timestamp, level: Option<Level>) {
        let start = t.unix_seconds().div_euclid(self.width()) * self.width();
        let b = self.buckets.entry(start).or_default();
        b.events += 1;
        match level {
            Some(l) if l >= Level::Error => b.error += 1,
            Some(Level::Warn) => b.warn += 1,
            _ => {}
        }
        if self.buckets.len() > MAX_BUCKETS {
            self.coarsen_until_fits();
        }
    }

    pub fn absorb(&mut self, later: Timeline) {
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
        for (&s, &c) in &self.buckets {
            let i = ((s.div_euclid(width) * width - start) / width) as usize;
            out[i].1.add(c);
        }
        (width, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
