//! Opening an input: recognising compression by its magic bytes and decompressing as a stream,
//! then reading UTF-16 text (a byte-order mark, or the NUL bytes of UTF-16 text without one) or
//! text in an encoding the user names as UTF-8, also as a stream.

use std::fs::File;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::archive::{self, Archive, ArchiveKind};
use super::walk::{Input, InputKind};

/// Compression recognised from the first bytes of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
    Bzip2,
    Xz,
}

impl Compression {
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
        }
    }

    fn sniff(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else if head.starts_with(b"BZh") && head.get(3).is_some_and(|b| (b'1'..=b'9').contains(b))
        {
            Some(Compression::Bzip2)
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Some(Compression::Xz)
        } else {
            None
        }
    }
}

/// How the text of the inputs is encoded (`--encoding`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 or bytes, unless the input says otherwise: a UTF-16 byte-order mark, or the first
    /// bytes reading as UTF-16 text without one, make it read as UTF-16; a UTF-8 byte-order
    /// mark is dropped.
    #[default]
    Auto,
    /// The bytes as they are, byte-order marks and all (`--encoding none`).
    Bytes,
    /// UTF-8 (or bytes), unless a UTF-16 byte-order mark says otherwise; a UTF-8 mark is
    /// dropped.
    Utf8,
    /// Transcoded from this encoding, unless the input starts with a byte-order mark: the mark
    /// says what the text is (and is dropped).
    Named(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// `auto`, `none`, or a WHATWG encoding label: `utf-16le`, `utf-16be`, `latin1`,
    /// `windows-1252`, `shift_jis`, ... (the labels web browsers know).
    pub fn from_label(label: &str) -> Option<TextEncoding> {
        match label.to_ascii_lowercase().as_str() {
            "auto" => Some(TextEncoding::Auto),
            "none" => Some(TextEncoding::Bytes),
            l => {
                let e = encoding_rs::Encoding::for_label(l.as_bytes())?;
                Some(if e == encoding_rs::UTF_8 {
                    TextEncoding::Utf8
                } else {
                    TextEncoding::Named(e)
                })
            }
        }
    }
}

/// The byte-order marks an input may start with.
const UTF8_BOM: &[u8] = &[0xef, 0xbb, 0xbf];
const UTF16LE_BOM: &[u8] = &[0xff, 0xfe];
const UTF16BE_BOM: &[u8] = &[0xfe, 0xff];

/// How many bytes are looked at to tell UTF-16 text without a byte-order mark.
const SNIFF_TEXT: usize = 512;

/// What an opened input holds.
pub enum Content<'a> {
    /// Text: a reader of its (decompressed, decoded) bytes.
    Text(Box<dyn Read + 'a>),
    /// An archive, whose members are inputs of their own.
    Archive(Archive<'a>),
}

/// An opened input: what it holds and what is known about it.
pub struct Opened<'a> {
    pub content: Content<'a>,
    pub compression: Option<Compression>,
    /// The encoding the input was transcoded from to UTF-8; `None` when its bytes are read as
    /// they are.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Bytes read so far from the file or pipe itself, before decompressing and decoding: what
    /// progress is measured in against the files' sizes.
    pub consumed: Arc<AtomicU64>,
    /// Size on disk of a regular file (compressed size for a compressed one).
    pub size: Option<u64>,
    /// Modification time of a regular file: year-less timestamps are inferred against it.
    pub modified: Option<std::time::SystemTime>,
}

/// Opens an input and wraps it in the decompressor its first bytes call for, then in the decoder
/// its text calls for; or, when it is an archive, opens the archive.
pub fn open(input: &Input, text: TextEncoding) -> io::Result<Opened<'static>> {
    let consumed = Arc::new(AtomicU64::new(0));
    let (raw, size, modified): (Box<dyn Read>, _, _) = match &input.kind {
        InputKind::Stdin => (Box::new(io::stdin()), None, None),
        InputKind::File(path) => {
            let mut file = File::open(path)?;
            let meta = file.metadata()?;
            if meta.is_dir() {
                return Err(io::Error::other("is a folder"));
            }
            let size = meta.is_file().then_some(meta.len());
            let modified = meta.modified().ok();
            // A zip file is read by its central directory, at its end.
            if meta.is_file() && archive::is_zip_file(&mut file)? {
                return Ok(Opened {
                    content: Content::Archive(Archive::zip_file(Counted {
                        inner: file,
                        count: consumed.clone(),
                    })),
                    compression: None,
                    encoding: None,
                    consumed,
                    size,
                    modified,
                });
            }
            (Box::new(file), size, modified)
        }
    };
    let raw = Box::new(Counted {
        inner: raw,
        count: consumed.clone(),
    });
    let (content, compression, encoding) = open_stream(raw, text)?;
    Ok(Opened {
        content,
        compression,
        encoding,
        consumed,
        size,
        modified,
    })
}

/// What a stream holds (an input's bytes, or an archive member's): it is decompressed as its
/// first bytes call for, then either read as an archive or decoded as text. Returns the
/// content, its compression and the encoding the text is transcoded from.
pub fn open_stream<'a>(
    raw: Box<dyn Read + 'a>,
    text: TextEncoding,
) -> io::Result<(
    Content<'a>,
    Option<Compression>,
    Option<&'static encoding_rs::Encoding>,
)> {
    let (reader, compression) = decompress(raw)?;
    let (head, rest) = peek(reader, ARCHIVE_SNIFF)?;
    let kind = ArchiveKind::sniff(&head);
    let joined: Box<dyn Read + 'a> = Box::new(io::Cursor::new(head).chain(rest));
    if let Some(kind) = kind {
        return Ok((
            Content::Archive(Archive::stream(kind, joined)),
            compression,
            None,
        ));
    }
    let (reader, encoding) = decode(joined, text)?;
    Ok((Content::Text(reader), compression, encoding))
}

/// Bytes looked at to tell an archive: a tar header is 512 bytes.
const ARCHIVE_SNIFF: usize = 512;

/// A reader that counts the bytes read through it.
pub(super) struct Counted<R> {
    pub(super) inner: R,
    pub(super) count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: io::Seek> io::Seek for Counted<R> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Sniffs a stream's first bytes and wraps it in the decompressor they call for (`open` on an
/// already opened stream; public as a hook for the fuzz targets in `fuzz/`).
#[doc(hidden)]
pub fn decompress<'a>(
    raw: Box<dyn Read + 'a>,
) -> io::Result<(Box<dyn Read + 'a>, Option<Compression>)> {
    let (head, rest) = peek(raw, 6)?;
    let compression = Compression::sniff(&head);
    let joined = io::Cursor::new(head).chain(rest);
    let reader: Box<dyn Read + 'a> = match compression {
        None => Box::new(joined),
        Some(Compression::Gzip) => Box::new(flate2::read::MultiGzDecoder::new(joined)),
        Some(Compression::Zstd) => Box::new(zstd::stream::read::Decoder::new(joined)?),
        Some(Compression::Bzip2) => Box::new(bzip2::read::MultiBzDecoder::new(joined)),
        Some(Compression::Xz) => Box::new(liblzma::read::XzDecoder::new_multi_decoder(joined)),
    };
    Ok((reader, compression))
}

/// Wraps a (decompressed) stream in the transcoder to UTF-8 that `text` and its first bytes call
/// for; returns the encoding transcoded from, `None` when the bytes are passed on as they are (a
/// UTF-8 byte-order mark dropped).
#[doc(hidden)]
pub fn decode<'a>(
    raw: Box<dyn Read + 'a>,
    text: TextEncoding,
) -> io::Result<(Box<dyn Read + 'a>, Option<&'static encoding_rs::Encoding>)> {
    if text == TextEncoding::Bytes {
        return Ok((raw, None));
    }
    let (mut head, rest) = peek(raw, SNIFF_TEXT)?;
    // A byte-order mark says what the text is, whatever encoding was named for the inputs (a
    // folder may hold PowerShell's UTF-16 beside Latin-1 files).
    let (encoding, bom) = match (byte_order_mark(&head), text) {
        (Some(found), _) => found,
        (None, TextEncoding::Auto) => sniff_unmarked(&head),
        (None, TextEncoding::Utf8 | TextEncoding::Bytes) => (None, 0),
        (None, TextEncoding::Named(e)) => (Some(e), 0),
    };
    head.drain(..bom);
    let joined = io::Cursor::new(head).chain(rest);
    Ok(match encoding {
        None => (Box::new(joined), None),
        Some(e) => (
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(e))
                    .build(joined),
            ),
            Some(e),
        ),
    })
}

/// The encoding to transcode from (`None`: the bytes as they are), and the length of the
/// byte-order mark to drop.
type Sniffed = (Option<&'static encoding_rs::Encoding>, usize);

/// The encoding a byte-order mark at the start of `head` names (`None` for UTF-8, read as it
/// is), with the mark's length.
fn byte_order_mark(head: &[u8]) -> Option<Sniffed> {
    if head.starts_with(UTF8_BOM) {
        Some((None, UTF8_BOM.len()))
    } else if head.starts_with(UTF16LE_BOM) && utf16_after_mark(&head[2..]) {
        Some((Some(encoding_rs::UTF_16LE), UTF16LE_BOM.len()))
    } else if head.starts_with(UTF16BE_BOM) && utf16_after_mark(&head[2..]) {
        Some((Some(encoding_rs::UTF_16BE), UTF16BE_BOM.len()))
    } else {
        None
    }
}

/// Whether what follows a UTF-16 byte-order mark can be UTF-16. UTF-16 holds a NUL byte beside
/// each ASCII character, line ends included: bytes after the mark without any NUL that hold a
/// line end, or read as ASCII text, are a stray pair of bytes before an 8-bit log (a
/// `\xff\xfe` that a crash or a binary write left), which read as UTF-16 would turn into one
/// line of CJK characters.
fn utf16_after_mark(rest: &[u8]) -> bool {
    if memchr::memchr(0, rest).is_some() {
        return true;
    }
    if memchr::memchr(b'\n', rest).is_some() {
        return false;
    }
    if rest.len() < 8 {
        return true;
    }
    let text = rest
        .iter()
        .filter(|&&b| b.is_ascii_graphic() || matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    text * 10 < rest.len() * 9
}

/// The encoding the first bytes of an input without a byte-order mark show: UTF-16 when they
/// read as UTF-16 text, mostly ASCII (every other byte NUL, as Windows tools write it); UTF-8
/// (bytes as they are) otherwise. The mark's length is always 0.
fn sniff_unmarked(head: &[u8]) -> Sniffed {
    if looks_like_utf16(head, 0) {
        (Some(encoding_rs::UTF_16LE), 0)
    } else if looks_like_utf16(head, 1) {
        (Some(encoding_rs::UTF_16BE), 0)
    } else {
        (None, 0)
    }
}

/// Whether `head` reads as UTF-16 text without a byte-order mark, its ASCII characters' byte
/// at `low` (0 little-endian, 1 big-endian) of each unit: at least eight units, nine in ten of
/// them an ASCII character that is text (printable, tab, line end), and none of them NUL.
fn looks_like_utf16(head: &[u8], low: usize) -> bool {
    let units = head.len() / 2;
    if units < 8 {
        return false;
    }
    let mut ascii = 0;
    for u in head.chunks_exact(2) {
        let (lo, hi) = (u[low], u[1 - low]);
        if lo == 0 && hi == 0 {
            return false;
        }
        if hi == 0 && (lo.is_ascii_graphic() || matches!(lo, b' ' | b'\t' | b'\n' | b'\r')) {
            ascii += 1;
        }
    }
    ascii * 10 >= units * 9
}

/// Reads up to `n` bytes, retrying short reads (pipes deliver what they have), and returns them
/// with the reader positioned after them.
fn peek<'a>(mut r: Box<dyn Read + 'a>, n: usize) -> io::Result<(Vec<u8>, Box<dyn Read + 'a>)> {
    let mut head = vec![0u8; n];
    let mut filled = 0;
    while filled < n {
        match r.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    head.truncate(filled);
    Ok((head, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn text_of(c: Content<'_>) -> Box<dyn Read + '_> {
        match c {
            Content::Text(r) => r,
            Content::Archive(_) => panic!("an archive, not text"),
        }
    }

    fn read_all(path: &std::path::Path) -> (Vec<u8>, Option<Compression>) {
        let o = open(&Input::file(path), TextEncoding::Auto).unwrap();
        let mut out = Vec::new();
        text_of(o.content).read_to_end(&mut out).unwrap();
        (out, o.compression)
    }

    #[test]
    fn compression_is_recognised_by_content_not_name() {
        let dir = tempfile::tempdir().unwrap();
        let text = b"line one\nline two\n";

        let gz = dir.path().join("a.log");
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text).unwrap();
        let mut bytes = e.finish().unwrap();
        // A second gzip member, as `cat a.gz b.gz` makes.
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"line three\n").unwrap();
        bytes.extend(e.finish().unwrap());
        std::fs::write(&gz, bytes).unwrap();
        assert_eq!(
            read_all(&gz),
            (
                b"line one\nline two\nline three\n".to_vec(),
                Some(Compression::Gzip)
            )
        );

        let zst = dir.path().join("b.txt");
        std::fs::write(&zst, zstd::encode_all(&text[..], 1).unwrap()).unwrap();
        assert_eq!(read_all(&zst), (text.to_vec(), Some(Compression::Zstd)));

        let bz = dir.path().join("c");
        let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        e.write_all(text).unwrap();
        std::fs::write(&bz, e.finish().unwrap()).unwrap();
        assert_eq!(read_all(&bz), (text.to_vec(), Some(Compression::Bzip2)));

        let xz = dir.path().join("d.gz");
        let mut e = liblzma::write::XzEncoder::new(Vec::new(), 1);
        e.write_all(text).unwrap();
        std::fs::write(&xz, e.finish().unwrap()).unwrap();
        assert_eq!(read_all(&xz), (text.to_vec(), Some(Compression::Xz)));

        let plain = dir.path().join("e.gz");
        std::fs::write(&plain, text).unwrap();
        assert_eq!(read_all(&plain), (text.to_vec(), None));
    }

    /// A reader that hands out at most three bytes a call, as a pipe may.
    struct Trickle(io::Cursor<Vec<u8>>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(3);
            self.0.read(&mut buf[..n])
        }
    }

    /// What `decode` makes of `bytes`: the text and the encoding it was read from.
    fn decoded(bytes: &[u8], text: TextEncoding) -> (String, Option<&'static str>) {
        let (mut r, e) = decode(Box::new(Trickle(io::Cursor::new(bytes.to_vec()))), text).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        (
            String::from_utf8_lossy(&out).into_owned(),
            e.map(|e| e.name()),
        )
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if big_endian { UTF16BE_BOM } else { UTF16LE_BOM });
        }
        for u in text.encode_utf16() {
            out.extend_from_slice(&if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    const LOG: &str =
        "2024-01-15 10:00:00 ERROR Datenträger voll: C:\\\r\n2024-01-15 10:00:01 INFO ok\r\n";

    #[test]
    fn utf16_text_is_read_as_utf8_with_or_without_a_byte_order_mark() {
        for big_endian in [false, true] {
            let name = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
            for bom in [true, false] {
                assert_eq!(
                    decoded(&utf16(LOG, big_endian, bom), TextEncoding::Auto),
                    (LOG.to_string(), Some(name)),
                    "{name}, mark {bom}"
                );
            }
        }
        // A UTF-8 byte-order mark is dropped; UTF-8 and bytes pass unchanged.
        let mut marked = UTF8_BOM.to_vec();
        marked.extend_from_slice(LOG.as_bytes());
        assert_eq!(
            decoded(&marked, TextEncoding::Auto),
            (LOG.to_string(), None)
        );
        assert_eq!(
            decoded(LOG.as_bytes(), TextEncoding::Auto),
            (LOG.to_string(), None)
        );
        let invalid = b"bad \xff\xfe byte\n";
        let (mut r, e) = decode(
            Box::new(io::Cursor::new(invalid.to_vec())),
            TextEncoding::Auto,
        )
        .unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!((out.as_slice(), e), (&invalid[..], None));
    }

    #[test]
    fn binary_content_is_not_taken_for_utf16() {
        for bytes in [
            // NUL characters: binary, whatever the rest says.
            &b"a\0b\0\0\0c\0d\0e\0f\0g\0h\0i\0"[..],
            // Too short to tell.
            b"a\0b\0c\0",
            // Mostly not ASCII text.
            b"\x01\0\x02\0\x03\0\x04\0\x05\0\x06\0\x07\0\x08\0\x0e\0\x0f\0",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
        ] {
            assert_eq!(
                (byte_order_mark(bytes), sniff_unmarked(bytes)),
                (None, (None, 0)),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn named_encodings_are_transcoded_and_none_passes_bytes_through() {
        // Latin-1, as older Windows and Java programs write it.
        let latin1 = b"2024-01-15 10:00:00 ERROR Fehler beim \xd6ffnen\n";
        let want = "2024-01-15 10:00:00 ERROR Fehler beim Öffnen\n".to_string();
        let latin = TextEncoding::from_label("latin1").unwrap();
        assert_eq!(decoded(latin1, latin), (want, Some("windows-1252")));
        // A named UTF-16 drops its own mark; a mark wins over the encoding named.
        let le = TextEncoding::from_label("UTF-16LE").unwrap();
        assert_eq!(
            decoded(&utf16(LOG, false, true), le),
            (LOG.to_string(), Some("UTF-16LE"))
        );
        for marked in [utf16(LOG, false, true), utf16(LOG, true, true)] {
            let (text, _) = decoded(&marked, latin);
            assert_eq!(text, LOG);
        }
        let mut utf8_marked = UTF8_BOM.to_vec();
        utf8_marked.extend_from_slice(LOG.as_bytes());
        assert_eq!(decoded(&utf8_marked, latin), (LOG.to_string(), None));
        // `none`: the bytes as they are, marks and NULs included.
        let raw = utf16(LOG, false, true);
        let (mut r, e) =
            decode(Box::new(io::Cursor::new(raw.clone())), TextEncoding::Bytes).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!((out, e), (raw, None));
        // `utf-8`: bytes, without a UTF-8 mark.
        let utf8 = TextEncoding::from_label("utf8").unwrap();
        assert_eq!(utf8, TextEncoding::Utf8);
        let mut marked = UTF8_BOM.to_vec();
        marked.extend_from_slice(b"x\n");
        assert_eq!(decoded(&marked, utf8), ("x\n".to_string(), None));
        assert_eq!(TextEncoding::from_label("AUTO"), Some(TextEncoding::Auto));
        assert_eq!(TextEncoding::from_label("none"), Some(TextEncoding::Bytes));
        assert_eq!(TextEncoding::from_label("klingon"), None);
    }

    #[test]
    fn a_stray_utf16_mark_before_8_bit_text_does_not_turn_it_into_utf16() {
        // Read as UTF-16, this log would become a line of CJK characters.
        let mut stray = b"\xff\xfe".to_vec();
        stray.extend_from_slice(b"\nNov 26 08:00:00 db-1 sshd[7]: session opened\n");
        let (text, e) = decoded(&stray, TextEncoding::Auto);
        assert_eq!(e, None);
        assert!(
            text.ends_with("\nNov 26 08:00:00 db-1 sshd[7]: session opened\n"),
            "{text:?}"
        );
        // A real mark, before UTF-16 text of any script, is believed.
        assert_eq!(
            decoded(
                &utf16(
                    "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30ed}\u{30b0}",
                    false,
                    true
                ),
                TextEncoding::Auto
            ),
            (
                "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{30ed}\u{30b0}".to_string(),
                Some("UTF-16LE")
            )
        );
        assert_eq!(
            decoded(&utf16(LOG, true, true), TextEncoding::Auto),
            (LOG.to_string(), Some("UTF-16BE"))
        );
    }

    #[test]
    fn compressed_utf16_is_decompressed_then_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.txt");
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&utf16(LOG, false, true)).unwrap();
        std::fs::write(&path, e.finish().unwrap()).unwrap();
        let o = open(&Input::file(&path), TextEncoding::Auto).unwrap();
        let mut out = Vec::new();
        text_of(o.content).read_to_end(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), LOG);
        assert_eq!(o.compression, Some(Compression::Gzip));
        assert_eq!(o.encoding, Some(encoding_rs::UTF_16LE));
        // Progress counts the file's own bytes, not the text they make.
        assert_eq!(
            o.consumed.load(Ordering::Relaxed),
            std::fs::metadata(&path).unwrap().len()
        );
    }
}
