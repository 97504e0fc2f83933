//! Turns the raw bytes of a file into UTF-8 text: strips a BOM, decodes UTF-16, and decodes the legacy
//! encodings spreadsheet programs and shop systems write (Windows-1252 from Excel on Western Windows,
//! GBK/GB18030 on Chinese Windows, Big5, Shift_JIS, EUC-JP, EUC-KR, Windows-1251, KOI8-R, ...), and
//! recognises files that are not text at all.
//!
//! A file that is valid UTF-8 is UTF-8 (legacy CJK text is almost never valid UTF-8 by accident); one whose
//! head is UTF-8 beyond ASCII but which holds bytes further on that are not is UTF-8 with those bytes read as
//! Windows-1252 (the report says so). For
//! anything else the encoding is guessed here from byte statistics (`guess`), the same natively and in the
//! browser, or named by the caller. The decoding itself is the WHATWG Encoding Standard's: `encoding_rs`
//! natively; in the browser and Node, the platform's `TextDecoder` (the same decoders), handed in by the
//! binding as `Decoder`, since linking `encoding_rs`'s tables into the wasm would double its size.

use crate::error::{Error, ErrorCode, Result};
use std::borrow::Cow;

/// The text and the encoding it was read as (shown to the user, since a wrong guess garbles names).
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Decodes a legacy encoding a chunk at a time (a character may be split between chunks; `last` is set on
/// the final one); malformed bytes become U+FFFD.
pub trait ChunkDecoder {
    fn decode(&mut self, bytes: &[u8], last: bool) -> String;
}

/// Makes a decoder for a WHATWG label; `None` if the label is not one the platform knows.
pub type Decoder = fn(&str) -> Option<Box<dyn ChunkDecoder>>;

/// How many bytes the detector looks at: enough for thousands of rows of names, and bounded so a large
/// file is not scanned twice.
const DETECT_BYTES: usize = 256 * 1024;

/// The encodings `guess` can return. A caller may name these or the others `canonical` knows (UTF-8, UTF-16,
/// KOI8-U, Windows-1250 and 1253-1258, Windows-874), by their usual labels.
pub const GUESSED: [&str; 8] = [
    "windows-1252",
    "gb18030",
    "big5",
    "shift_jis",
    "euc-jp",
    "euc-kr",
    "windows-1251",
    "koi8-r",
];

/// How a file's bytes become text, decided from its head.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Encoding {
    pub name: &'static str,
    /// Bytes of the byte-order mark the text starts after.
    pub bom: usize,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Detected: the head is UTF-8, and the rest is taken as written (a reader that meets a byte that is
    /// not UTF-8 reads the file again as `after_invalid_utf8` says).
    Utf8,
    /// Named by the caller: malformed bytes become U+FFFD.
    Utf8Lossy,
    /// UTF-8 by its head, with bytes further on that are not: those are read as Windows-1252 (a file
    /// pieced together from exports of two systems, or edited by a program that writes Windows-1252).
    Utf8With1252,
    Utf16 {
        little_endian: bool,
    },
    Legacy,
}

impl Encoding {
    /// Text known to be UTF-8.
    pub(crate) const UTF8: Encoding = Encoding::new("UTF-8", 0, Kind::Utf8);

    const fn new(name: &'static str, bom: usize, kind: Kind) -> Encoding {
        Encoding { name, bom, kind }
    }

    /// Detects the encoding of a file from its `head` (its first bytes, cut at a character boundary), unless
    /// `chosen` names one (a WHATWG label such as `gbk`, `shift_jis`, `windows-1251`, `utf-8`).
    pub fn detect(head: &[u8], chosen: Option<&str>) -> Result<Encoding> {
        if let Some(label) = chosen.map(str::trim).filter(|l| !l.is_empty()) {
            let name = canonical(label).ok_or_else(|| unknown_label(label))?;
            let bom = |mark: &[u8]| {
                if head.starts_with(mark) {
                    mark.len()
                } else {
                    0
                }
            };
            return Ok(match name {
                "UTF-8" => Encoding::new(name, bom(b"\xEF\xBB\xBF"), Kind::Utf8Lossy),
                "UTF-16LE" => Encoding::new(
                    name,
                    bom(b"\xFF\xFE"),
                    Kind::Utf16 {
                        little_endian: true,
                    },
                ),
                "UTF-16BE" => Encoding::new(
                    name,
                    bom(b"\xFE\xFF"),
                    Kind::Utf16 {
                        little_endian: false,
                    },
                ),
                _ => Encoding::new(name, 0, Kind::Legacy),
            });
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            return Ok(detected(&head[3..], 3));
        }
        for (bom, little_endian, name) in [
            (b"\xFF\xFE", true, "UTF-16LE"),
            (b"\xFE\xFF", false, "UTF-16BE"),
        ] {
            if head.starts_with(bom) {
                return Ok(Encoding::new(name, 2, Kind::Utf16 { little_endian }));
            }
        }
        if let Some(kind) = binary_kind(head) {
            return Err(Error::new(
                ErrorCode::Binary,
                format!(
                    "this looks like {kind}, not a CSV text file: export or save it as CSV first"
                ),
            ));
        }
        Ok(detected(head, 0))
    }

    /// Whether the reader must check that the text is UTF-8 (and read it again as `after_invalid_utf8` says if not).
    pub fn unchecked_utf8(&self) -> bool {
        self.kind == Kind::Utf8
    }

    /// How to read a file whose head is UTF-8 but whose later bytes are not, from its `head`: where the
    /// head holds UTF-8 characters beyond ASCII the file is UTF-8, and the bytes that are not are read as
    /// Windows-1252; an ASCII head says nothing, and the file is in the legacy encoding its head suggests.
    pub fn after_invalid_utf8(head: &[u8]) -> Encoding {
        let bom = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let body = &head[bom..];
        if body.is_ascii() {
            Encoding::new(guess(body), bom, Kind::Legacy)
        } else {
            Encoding::new("UTF-8, with Windows-1252 bytes", bom, Kind::Utf8With1252)
        }
    }

    /// Whether bytes that are not UTF-8 are read as Windows-1252 (the report says so).
    pub fn mixed(&self) -> bool {
        self.kind == Kind::Utf8With1252
    }

    /// A decoder of the text after the byte-order mark, fed chunk by chunk. `decoder` makes legacy decoders;
    /// `None` uses the native one.
    pub fn chunks(&self, decoder: Option<Decoder>) -> Result<Chunks> {
        Ok(match self.kind {
            Kind::Utf8 => Chunks::Utf8,
            Kind::Utf8Lossy => Chunks::Utf8Lossy {
                carry: Vec::new(),
                as_1252: false,
            },
            Kind::Utf8With1252 => Chunks::Utf8Lossy {
                carry: Vec::new(),
                as_1252: true,
            },
            Kind::Utf16 { little_endian } => Chunks::Utf16 {
                little_endian,
                carry: Vec::new(),
                name: self.name,
            },
            Kind::Legacy => Chunks::Legacy(decoder.unwrap_or(native::decoder)(self.name).ok_or_else(
                || {
                    Error::new(
                        ErrorCode::InvalidOption,
                        format!(
                            "this file looks like {} text, which cannot be decoded here: save it as UTF-8",
                            self.name
                        ),
                    )
                },
            )?),
        })
    }
}

/// UTF-8 unless the bytes say otherwise (legacy CJK text is almost never valid UTF-8 by accident).
fn detected(body: &[u8], bom: usize) -> Encoding {
    match std::str::from_utf8(body) {
        Ok(_) => Encoding::new("UTF-8", bom, Kind::Utf8),
        Err(_) => Encoding::new(guess(body), bom, Kind::Legacy),
    }
}

/// Turns a file's bytes into UTF-8 a chunk at a time.
pub enum Chunks {
    /// Passed through as they are: the reader checks them.
    Utf8,
    /// UTF-8 whose malformed bytes become U+FFFD, or (`as_1252`) the Windows-1252 characters they are;
    /// `carry`: the bytes of a character cut by the end of the last chunk.
    Utf8Lossy {
        carry: Vec<u8>,
        as_1252: bool,
    },
    Utf16 {
        little_endian: bool,
        /// An odd byte, or a high surrogate, left by the last chunk.
        carry: Vec<u8>,
        name: &'static str,
    },
    Legacy(Box<dyn ChunkDecoder>),
}

impl Chunks {
    /// Appends the UTF-8 text of `bytes` to `out`.
    pub fn decode(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>) -> Result<()> {
        match self {
            Chunks::Utf8 => out.extend_from_slice(bytes),
            Chunks::Utf8Lossy { carry, as_1252 } => {
                carry.extend_from_slice(bytes);
                let mut rest = &carry[..];
                loop {
                    match std::str::from_utf8(rest) {
                        Ok(_) => {
                            out.extend_from_slice(rest);
                            rest = &[];
                            break;
                        }
                        Err(e) => {
                            let (valid, after) = rest.split_at(e.valid_up_to());
                            out.extend_from_slice(valid);
                            let bad = match e.error_len() {
                                Some(n) => n,
                                None if !last => {
                                    rest = after;
                                    break;
                                }
                                None => after.len(),
                            };
                            if *as_1252 {
                                let text: String =
                                    after[..bad].iter().map(|&b| cp1252(b)).collect();
                                out.extend_from_slice(text.as_bytes());
                            } else {
                                out.extend_from_slice("\u{FFFD}".as_bytes());
                            }
                            rest = &after[bad..];
                        }
                    }
                }
                let kept = rest.len();
                carry.drain(..carry.len() - kept);
            }
            Chunks::Utf16 {
                little_endian,
                carry,
                name,
            } => {
                carry.extend_from_slice(bytes);
                let pairs = carry.len() / 2;
                let unit = |i: usize| {
                    let pair = [carry[2 * i], carry[2 * i + 1]];
                    if *little_endian {
                        u16::from_le_bytes(pair)
                    } else {
                        u16::from_be_bytes(pair)
                    }
                };
                // A high surrogate at the end of a chunk pairs with the first unit of the next.
                let whole = if !last && pairs > 0 && (0xD800..0xDC00).contains(&unit(pairs - 1)) {
                    pairs - 1
                } else {
                    pairs
                };
                let text: std::result::Result<String, _> =
                    char::decode_utf16((0..whole).map(unit)).collect();
                match text {
                    Ok(text) if !(last && carry.len() % 2 == 1) => {
                        out.extend_from_slice(text.as_bytes())
                    }
                    _ => {
                        return Err(Error::new(
                            ErrorCode::Binary,
                            format!(
                                "the file starts like {name} text but contains invalid characters"
                            ),
                        ))
                    }
                }
                carry.drain(..2 * whole);
            }
            Chunks::Legacy(decoder) => {
                out.extend_from_slice(decoder.decode(bytes, last).as_bytes())
            }
        }
        Ok(())
    }
}

/// Decodes `bytes` (a whole table), detecting the encoding unless `chosen` names one. `decoder` makes
/// legacy decoders; `None` uses the native one.
pub fn decode<'a>(
    bytes: &'a [u8],
    chosen: Option<&str>,
    decoder: Option<Decoder>,
) -> Result<Decoded<'a>> {
    decode_as(bytes, &Encoding::detect(bytes, chosen)?, decoder, true)
}

/// Decodes `bytes` as `encoding`: the whole file, or (`whole` false) its head, whose last character may be
/// cut.
pub fn decode_as<'a>(
    bytes: &'a [u8],
    encoding: &Encoding,
    decoder: Option<Decoder>,
    whole: bool,
) -> Result<Decoded<'a>> {
    let body = &bytes[encoding.bom.min(bytes.len())..];
    if encoding.unchecked_utf8() {
        if let Ok(text) = std::str::from_utf8(body) {
            return Ok(Decoded {
                text: Cow::Borrowed(text),
                encoding: encoding.name,
            });
        }
    }
    let mut text = Vec::with_capacity(body.len() + body.len() / 2);
    encoding.chunks(decoder)?.decode(body, whole, &mut text)?;
    Ok(Decoded {
        // Every decoder writes UTF-8 but the pass-through, whose bytes were not (a file read again).
        text: Cow::Owned(
            String::from_utf8(text)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
        encoding: encoding.name,
    })
}

fn unknown_label(label: &str) -> Error {
    Error::new(
        ErrorCode::InvalidOption,
        format!(
            "encoding `{label}` is not one this reader knows; use a name such as {}",
            GUESSED.join(", ")
        ),
    )
}

/// The WHATWG name of a label, for the labels people use (the platform decoder accepts more).
fn canonical(label: &str) -> Option<&'static str> {
    let l = label.to_ascii_lowercase().replace('_', "-");
    Some(match l.as_str() {
        "utf-8" | "utf8" => "UTF-8",
        "utf-16" | "utf-16le" => "UTF-16LE",
        "utf-16be" => "UTF-16BE",
        "gb18030" | "gbk" | "gb2312" | "cp936" | "x-gbk" | "chinese" => "gb18030",
        "big5" | "big5-hkscs" | "cp950" => "Big5",
        "shift-jis" | "sjis" | "cp932" | "windows-31j" | "ms932" => "Shift_JIS",
        "euc-jp" => "EUC-JP",
        "euc-kr" | "cp949" | "ks-c-5601-1987" | "windows-949" => "EUC-KR",
        "koi8-r" => "KOI8-R",
        "koi8-u" => "KOI8-U",
        "latin1" | "iso-8859-1" | "cp1252" | "windows-1252" | "ascii" => "windows-1252",
        l => {
            let n = l
                .strip_prefix("windows-")
                .or_else(|| l.strip_prefix("cp"))?;
            match n {
                "1250" => "windows-1250",
                "1251" => "windows-1251",
                "1253" => "windows-1253",
                "1254" => "windows-1254",
                "1255" => "windows-1255",
                "1256" => "windows-1256",
                "1257" => "windows-1257",
                "1258" => "windows-1258",
                "874" => "windows-874",
                _ => return None,
            }
        }
    })
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::ChunkDecoder;

    impl ChunkDecoder for encoding_rs::Decoder {
        fn decode(&mut self, bytes: &[u8], last: bool) -> String {
            let mut text =
                String::with_capacity(self.max_utf8_buffer_length(bytes.len()).unwrap_or(0));
            // The capacity is the most the bytes can decode to, so one call decodes them all.
            let _ = self.decode_to_string(bytes, &mut text, last);
            text
        }
    }

    pub fn decoder(label: &str) -> Option<Box<dyn ChunkDecoder>> {
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes())?;
        Some(Box::new(encoding.new_decoder_without_bom_handling()))
    }
}

#[cfg(target_arch = "wasm32")]
mod native {
    use super::ChunkDecoder;

    /// In wasm the binding hands in the platform's decoder; without it only Windows-1252, which needs no
    /// table beyond Latin-1's, is decoded.
    struct Cp1252;

    impl ChunkDecoder for Cp1252 {
        fn decode(&mut self, bytes: &[u8], _last: bool) -> String {
            bytes.iter().map(|&b| super::cp1252(b)).collect()
        }
    }

    pub fn decoder(label: &str) -> Option<Box<dyn ChunkDecoder>> {
        (label == "windows-1252").then(|| Box::new(Cp1252) as Box<dyn ChunkDecoder>)
    }
}

/// Windows-1252: Latin-1 but for the 0x80..0x9F block (the five unassigned bytes become U+FFFD).
fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(HIGH[(b - 0x80) as usize] as u32).unwrap_or('\u{FFFD}'),
        _ => b as char,
    }
}

/// Byte statistics of text that is not UTF-8, enough to tell the legacy encodings people meet apart.
#[derive(Default)]
struct Stats {
    high: usize,
    /// Non-ASCII bytes that follow another non-ASCII byte (single-byte scripts written in runs).
    high_runs: usize,
    /// Bytes 0xC0..0xDF and 0xE0..0xFF (upper and lower case Cyrillic in Windows-1251, the other way round
    /// in KOI8-R).
    c0_df: usize,
    e0_ff: usize,
}

/// Whether the text parses as pairs of a lead byte and a trail byte in the given ranges (single bytes in
/// `single` allowed), with at most a few mistakes; and the pairs' lead bytes, for the statistics.
fn pairs(
    b: &[u8],
    lead: impl Fn(u8) -> bool,
    trail: impl Fn(u8) -> bool,
    single: impl Fn(u8) -> bool,
) -> Option<Vec<(u8, u8)>> {
    let (mut i, mut bad, mut found) = (0, 0usize, Vec::new());
    while i < b.len() {
        let c = b[i];
        if c < 0x80 || single(c) {
            i += 1;
        } else if lead(c) && i + 1 < b.len() && trail(b[i + 1]) {
            found.push((c, b[i + 1]));
            i += 2;
        } else {
            // A head cut inside a character is not a mistake.
            bad += usize::from(i + 1 < b.len());
            i += 1;
        }
    }
    // A stray byte in a hundred characters does not rule an encoding out.
    (bad <= found.len() / 100).then_some(found)
}

/// The legacy encoding `bytes` (not UTF-8) are most likely in.
///
/// East Asian double-byte encodings are told by their byte structure and where their common characters
/// lie: GB2312's simplified hanzi spread over lead bytes 0xB0..0xF7 while EUC-KR's Hangul stay in
/// 0xB0..0xC8; Japanese text is thick with kana (EUC-JP leads 0xA4/0xA5, Shift_JIS leads 0x82/0x83); Big5's
/// trail bytes fall in 0x40..0x7E about half the time, GB2312's never. Single-byte Cyrillic is written in
/// runs of high bytes, mostly lower case; Western text has a high byte here and there.
fn guess(bytes: &[u8]) -> &'static str {
    let b = &bytes[..bytes.len().min(DETECT_BYTES)];
    let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
    let euc = pairs(
        b,
        |c| (0xA1..=0xFE).contains(&c),
        |c| (0xA1..=0xFE).contains(&c),
        |c| c == 0x8E,
    );
    if let Some(p) = euc.filter(|p| !p.is_empty()) {
        let kana = p.iter().filter(|(l, _)| *l == 0xA4 || *l == 0xA5).count();
        let past_hangul = p.iter().filter(|(l, _)| (0xC9..=0xF7).contains(l)).count();
        let hangul = p.iter().filter(|(l, _)| (0xB0..=0xC8).contains(l)).count();
        return if share(kana, p.len()) > 0.2 {
            "EUC-JP"
        } else if share(past_hangul, p.len()) < 0.05 && share(hangul, p.len()) > 0.5 {
            "EUC-KR"
        } else {
            "gb18030"
        };
    }
    let sjis_lead = |c: u8| (0x81..=0x9F).contains(&c) || (0xE0..=0xFC).contains(&c);
    let sjis_trail = |c: u8| (0x40..=0xFC).contains(&c) && c != 0x7F;
    let sjis = pairs(b, sjis_lead, sjis_trail, |c| (0xA1..=0xDF).contains(&c));
    if let Some(p) = sjis.filter(|p| !p.is_empty()) {
        let kana = p.iter().filter(|(l, _)| *l == 0x82 || *l == 0x83).count();
        if share(kana, p.len()) > 0.1 {
            return "Shift_JIS";
        }
    }
    let big5 = pairs(
        b,
        |c| (0xA1..=0xF9).contains(&c),
        |c| (0x40..=0x7E).contains(&c) || (0xA1..=0xFE).contains(&c),
        |_| false,
    );
    if let Some(p) = big5.filter(|p| !p.is_empty()) {
        let low_trail = p.iter().filter(|(_, t)| *t <= 0x7E).count();
        // Latin text read as Big5 pairs an accented letter with the ASCII letter after it, every time.
        if share(low_trail, p.len()) > 0.15 && share(low_trail, p.len()) < 0.8 {
            return "Big5";
        }
    }
    let gbk = pairs(
        b,
        |c| c >= 0x81 && c != 0xFF,
        |c| c >= 0x40 && c != 0x7F && c != 0xFF,
        |_| false,
    );
    if let Some(p) = gbk.filter(|p| !p.is_empty()) {
        let low_trail = p.iter().filter(|(_, t)| *t < 0x80).count();
        if share(low_trail, p.len()) < 0.5 {
            return "gb18030";
        }
    }
    let mut st = Stats::default();
    for (i, &c) in b.iter().enumerate() {
        if c >= 0x80 {
            st.high += 1;
            st.high_runs += usize::from(i > 0 && b[i - 1] >= 0x80);
            st.c0_df += usize::from((0xC0..=0xDF).contains(&c));
            st.e0_ff += usize::from(c >= 0xE0);
        }
    }
    if share(st.high_runs, st.high) > 0.5 && share(st.c0_df + st.e0_ff, st.high) > 0.8 {
        return if st.e0_ff >= st.c0_df {
            "windows-1251"
        } else {
            "KOI8-R"
        };
    }
    "windows-1252"
}

/// Names the kind of a binary file from its first bytes, so the message can tell the user what to do.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "a ZIP archive or an Excel .xlsx workbook"),
        (b"\xD0\xCF\x11\xE0", "an old Excel .xls workbook"),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x1F\x8B", "a gzip-compressed file"),
        (b"PAR1", "a Parquet file"),
        (b"SQLite format 3", "an SQLite database"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    // Text never contains NUL; binaries almost always do within the first few kilobytes.
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0).then_some("a binary file")
}

// The samples are encoded with encoding_rs, which only the native build links.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn enc(text: &str, label: &str) -> Vec<u8> {
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBFa,b\n1,2\n", None, None).unwrap();
        assert_eq!(d.text, "a,b\n1,2\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn decodes_windows_1252() {
        let d = decode(b"name\nCaf\xE9 \x80\nM\xFCller\n", None, None).unwrap();
        assert_eq!(d.text, "name\nCaf\u{e9} \u{20ac}\nM\u{fc}ller\n");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let d = decode(b"\xFF\xFEa\0,\0b\0", None, None).unwrap();
        assert_eq!(d.text, "a,b");
        let d = decode(b"\xFE\xFF\0a\0,\0b", None, None).unwrap();
        assert_eq!(d.text, "a,b");
        assert_eq!(d.encoding, "UTF-16BE");
        assert_eq!(
            decode(b"\xFF\xFE\x00\xD8", None, None).err().unwrap().code,
            ErrorCode::Binary
        );
    }

    const SAMPLES: [(&str, &str); 7] = [
        (
            "订单号,客户ID,下单时间,商品名称,单价\nA1,1001,2017/1/1 13:28,白色心形挂饰,￥2.55\nA2,1002,2017/1/2 9:05,复古红色闹钟,￥3.75\nA3,1003,2017/1/2 9:05,手工编织购物袋（大号）,￥12.00\n",
            "gb18030",
        ),
        (
            "注文番号,顧客ID,注文日,商品名,数量\nA1,1001,2017/1/1,白いハート型キャンドルホルダー,6\nA2,1002,2017/1/2,赤い目覚まし時計,2\nA3,1003,2017/1/3,ヴィンテージのお弁当箱,1\n",
            "Shift_JIS",
        ),
        (
            "注文番号,顧客ID,注文日,商品名,数量\nA1,1001,2017/1/1,白いハート型キャンドルホルダー,6\nA2,1002,2017/1/2,赤い目覚まし時計,2\nA3,1003,2017/1/3,ヴィンテージのお弁当箱,1\n",
            "EUC-JP",
        ),
        (
            "주문번호,고객ID,주문일자,상품명,수량\nA1,1001,2017-01-01,흰색 하트 촛대,6\nA2,1002,2017-01-02,빨간 알람 시계,2\nA3,1003,2017-01-03,빈티지 도시락 상자,1\n",
            "EUC-KR",
        ),
        (
            "訂單編號,客戶編號,交易時間,商品名稱,單價\nA1,1001,2017/1/1,白色心形掛飾,2.55\nA2,1002,2017/1/2,復古紅色鬧鐘,3.75\nA3,1003,2017/1/3,手工編織購物袋,12.00\n",
            "Big5",
        ),
        (
            "Номер заказа;Покупатель;Дата;Товар;Цена\nA1;1001;01.01.2017;Белый подсвечник в форме сердца;2,55\nA2;1002;02.01.2017;Красный будильник;3,75\n",
            "windows-1251",
        ),
        (
            "Номер заказа;Покупатель;Дата;Товар;Цена\nA1;1001;01.01.2017;Белый подсвечник в форме сердца;2,55\nA2;1002;02.01.2017;Красный будильник;3,75\n",
            "KOI8-R",
        ),
    ];

    #[test]
    fn detects_legacy_cjk_and_cyrillic_encodings() {
        for (text, label) in SAMPLES {
            let bytes = enc(text, label);
            let d = decode(&bytes, None, None).unwrap();
            assert_eq!(d.encoding, label, "{text}");
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn western_text_stays_windows_1252() {
        for text in [
            "Kunde;Artikel;Preis\n1;Müller Kaffeebohnen;12,50\n2;Grüner Tee;3,20\n3;Crème brûlée;4,00\n",
            "client,produit\n1,Théière émaillée\n2,Café moulu\n",
            "cliente;producto\n1;Jamón ibérico\n2;Piñata\n",
        ] {
            let bytes = enc(text, "windows-1252");
            let d = decode(&bytes, None, None).unwrap();
            assert_eq!((d.encoding, d.text.as_ref()), ("windows-1252", text));
        }
    }

    #[test]
    fn a_named_encoding_wins_and_a_wrong_name_is_explained() {
        let bytes = enc("商品\n白色\n", "gbk");
        let d = decode(&bytes, Some("GBK"), None).unwrap();
        assert_eq!((d.encoding, d.text.as_ref()), ("gb18030", "商品\n白色\n"));
        let e = decode(b"a", Some("klingon"), None).err().unwrap();
        assert_eq!(e.code, ErrorCode::InvalidOption);
        assert!(e.message.contains("shift_jis"), "{}", e.message);
        let d = decode(b"\xEF\xBB\xBFa", Some("utf-8"), None).unwrap();
        assert_eq!(d.text, "a");
        let bytes = enc("Grüße", "windows-1250");
        let d = decode(&bytes, Some("cp1250"), None).unwrap();
        assert_eq!((d.encoding, d.text.as_ref()), ("windows-1250", "Grüße"));
    }

    #[test]
    fn a_handed_in_decoder_is_used() {
        struct Shouting;
        impl ChunkDecoder for Shouting {
            fn decode(&mut self, bytes: &[u8], _last: bool) -> String {
                String::from_utf8_lossy(bytes).to_uppercase()
            }
        }
        fn shouting(_: &str) -> Option<Box<dyn ChunkDecoder>> {
            Some(Box::new(Shouting))
        }
        let d = decode(b"caf\xE9", None, Some(shouting)).unwrap();
        assert_eq!(d.text, "CAF\u{FFFD}");
    }

    /// The text of `bytes` fed to a decoder one byte at a time, as chunks of a file cut anywhere.
    fn byte_by_byte(bytes: &[u8], encoding: &Encoding) -> Result<String> {
        let mut chunks = encoding.chunks(None)?;
        let mut out = Vec::new();
        for (i, b) in bytes.iter().enumerate() {
            chunks.decode(std::slice::from_ref(b), i + 1 == bytes.len(), &mut out)?;
        }
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_file_cut_into_chunks_anywhere_decodes_as_it_does_whole() {
        let text = "Crème brûlée,绿茶 500克,Пельмени,😀 emoji,plain\n";
        let mut utf16 = Vec::new();
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut broken = text.as_bytes().to_vec();
        broken.extend_from_slice(b"\xE2\x82 cut \xF0\x9F\x98");
        for (bytes, label) in [
            (enc(text, "gb18030"), "gbk"),
            (enc(text, "shift_jis"), "shift_jis"),
            (utf16, "utf-16le"),
            (broken, "utf-8"),
        ] {
            let encoding = Encoding::detect(&bytes, Some(label)).unwrap();
            let whole = decode(&bytes, Some(label), None).unwrap().text.into_owned();
            assert_eq!(byte_by_byte(&bytes, &encoding).unwrap(), whole, "{label}");
            assert!(
                whole.starts_with("Crème") || label == "shift_jis",
                "{label}: {whole}"
            );
        }
        assert_eq!(
            decode(b"ok \xE2\x82 cut \xF0\x9F\x98", Some("utf-8"), None)
                .unwrap()
                .text,
            "ok \u{FFFD} cut \u{FFFD}"
        );
        let mixed = Encoding::after_invalid_utf8("Crème".as_bytes());
        let bytes = b"Cr\xC3\xA8me, Caf\xE9, \xE2\x82\xAC 5, \x80";
        let whole = decode_as(bytes, &mixed, None, true)
            .unwrap()
            .text
            .into_owned();
        assert_eq!(whole, "Crème, Café, € 5, €");
        assert_eq!(byte_by_byte(bytes, &mixed).unwrap(), whole);
        let odd = Encoding::detect(b"\xFF\xFEa\0b", None).unwrap();
        assert_eq!(
            byte_by_byte(b"a\0b", &odd).unwrap_err().code,
            ErrorCode::Binary
        );
    }

    #[test]
    fn rejects_xlsx_with_advice() {
        let e = decode(b"PK\x03\x04rest", None, None).err().unwrap();
        assert_eq!(e.code, ErrorCode::Binary);
        assert!(e.message.contains("Excel"), "{}", e.message);
    }
}
