//! Pattern-file loading: any TOML text is loaded or refused with a `PatternError`; a loaded set
//! is matched against the text's own lines.
#![no_main]

use culprit::patterns::load_texts;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = vec![(String::from("fuzz.toml"), text.to_string())];
    match load_texts(&files) {
        Ok(set) => {
            for line in text.lines().take(64) {
                let _ = set.match_text(line.as_bytes());
            }
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.is_empty());
        }
    }
});
