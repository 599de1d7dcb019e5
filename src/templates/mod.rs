//! Template mining: similar messages folded into templates with `<*>` for their variable parts.
//!
//! Two stages, so that mining is parallel, mergeable and deterministic:
//!
//! 1. [`signature`] is a pure function of one message: it masks the parts that are variable on
//!    their own (numbers, addresses, ids ...) and returns the masked text. Workers call it on every
//!    line; equal signatures are counted in a map, and maps merge by adding counts, so the set of
//!    signatures does not depend on how the input was cut or how many threads read it.
//! 2. [`mine`] runs once over the merged, distinct signatures (with their counts) and groups them
//!    into templates, deciding which of the remaining tokens vary. Its input is small (distinct
//!    signatures, not lines) and given in a canonical order, so its result is deterministic.

mod mask;
mod mine;

/// Writes the signature of `message` into `out` (cleared first).
///
/// Pure: the same message always gives the same signature.
pub fn signature(message: &str, out: &mut String) {
    mask::signature(message, out);
}

/// [`signature`] of log bytes read as text: as UTF-8 when they are valid, lossy otherwise
/// (`report::sanitize::text`). Cheaper than that and [`signature`] when the message repeats.
pub fn signature_of_bytes(message: &[u8], out: &mut String) {
    mask::signature_of_bytes(message, out);
}

/// The templates found over a set of signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mined {
    /// The template texts, `<*>` for variable parts.
    pub templates: Vec<String>,
    /// For each input signature, the index of its template in `templates`.
    pub of: Vec<u32>,
}

/// Groups distinct signatures (with how many lines had each) into templates.
///
/// `signatures` holds each distinct signature once, in the order of first occurrence in the
/// input. The result depends only on this slice.
pub fn mine(signatures: &[(&str, u64)]) -> Mined {
    mine::mine(signatures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_masked() {
        let mut s = String::new();
        signature("took 12 ms", &mut s);
        assert_eq!(s, "took <*> ms");
    }
}
