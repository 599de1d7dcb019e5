//! Format detection and every record parser. The first byte picks the format: one of
//! `Format::ALL`, `mixed`, or (any other value) whatever `detect` makes of the lines.
#![no_main]

use culprit::record::{detect, Format, Parser, TimeContext, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let lines: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    let all = Format::ALL;
    let format = match pick as usize {
        i if i < all.len() => all[i].clone(),
        i if i == all.len() => Format::from_name("mixed").expect("mixed is a format"),
        _ => detect(&lines),
    };
    let ctx = TimeContext::utc(Timestamp::from_unix_seconds(1_700_000_000));
    let mut parser = Parser::new(format, ctx);
    for line in &lines {
        let rec = parser.parse(line);
        // The message is at most the line (plus what unescaping a JSON string can add, which
        // never makes it longer than the line itself).
        assert!(
            rec.message.len() <= line.len(),
            "message longer than its line"
        );
        if let Some(ts) = rec.timestamp {
            let _ = ts.to_rfc3339();
        }
    }
});
