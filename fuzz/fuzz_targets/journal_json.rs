//! `journalctl -o json` lines (and JSON logging in general): detection and parsing, with the
//! fuzzer's bytes placed in a journal entry's fields as well as read as whole lines.
#![no_main]

use culprit::record::{detect, Format, Parser, TimeContext, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ctx = TimeContext::utc(Timestamp::from_unix_seconds(1_700_000_000));
    let mut parser = Parser::new(Format::Json, ctx);
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let _ = detect(&lines);
    for line in &lines {
        let _ = parser.parse(line);
    }
    // The bytes as the values of the fields journalctl writes, raw (they may break the
    // object) and as a byte array (how journalctl writes non-UTF-8 values).
    let mut line = Vec::with_capacity(data.len() * 4 + 200);
    line.extend_from_slice(b"{\"__REALTIME_TIMESTAMP\":\"");
    line.extend_from_slice(data);
    line.extend_from_slice(b"\",\"PRIORITY\":\"3\",\"MESSAGE\":[");
    for (i, b) in data.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        line.extend_from_slice(b.to_string().as_bytes());
    }
    line.extend_from_slice(b"],\"_SYSTEMD_UNIT\":\"");
    line.extend_from_slice(data);
    line.extend_from_slice(b"\"}");
    let _ = parser.parse(&line);
    let _ = detect(&[&line]);
});
