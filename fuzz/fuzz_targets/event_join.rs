//! Multi-line event joining: the records of the detected (or, first byte, forced) format fed
//! through a `Joiner`. Events come out in order, each covering lines it was fed, none twice.
#![no_main]

use culprit::event::Joiner;
use culprit::record::{detect, Format, Parser, TimeContext, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let mut lines: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    if body.last() == Some(&b'\n') {
        lines.pop();
    }
    let format = match Format::ALL.get(pick as usize) {
        Some(f) if pick & 1 == 0 => f.clone(),
        _ => detect(&lines),
    };
    let ctx = TimeContext::utc(Timestamp::from_unix_seconds(1_700_000_000));
    let mut parser = Parser::new(format.clone(), ctx);
    let mut joiner = Joiner::new(format.headed());
    let mut last_end = 0u64;
    let n = lines.len() as u64;
    let mut check = |ev: &culprit::event::Event<'_>| {
        assert!(
            ev.line >= 1 && ev.line <= ev.end_line,
            "event lines {}..{}",
            ev.line,
            ev.end_line
        );
        assert!(
            ev.line > last_end,
            "events overlap or go back: {} after {last_end}",
            ev.line
        );
        assert!(
            ev.end_line <= n,
            "event ends at {} of {n} lines",
            ev.end_line
        );
        last_end = ev.end_line;
    };
    for (i, line) in lines.iter().enumerate() {
        let rec = parser.parse(line);
        joiner.feed(i as u64 + 1, rec, &mut check);
    }
    joiner.finish(&mut check);
});
