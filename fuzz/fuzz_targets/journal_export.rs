//! `journalctl -o export` streams: every entry is handed over once, its line numbers in order.
#![no_main]

use culprit::record::{is_export, read_export, TimeContext, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = is_export(data);
    let mut ctx = TimeContext::utc(Timestamp::from_unix_seconds(1_700_000_000));
    let mut last_end = 0u64;
    let lines = data.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let r = read_export(data, &mut ctx, |e| {
        assert!(
            e.line >= 1 && e.line <= e.end_line,
            "entry lines {}..{}",
            e.line,
            e.end_line
        );
        assert!(e.line > last_end, "entries overlap");
        assert!(e.end_line <= lines, "entry ends past the stream");
        assert!(e.message.len() <= data.len());
        last_end = e.end_line;
    });
    assert!(r.is_ok(), "reading from memory cannot fail: {r:?}");
});
