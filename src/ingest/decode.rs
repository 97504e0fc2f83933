//! Turns the raw bytes of a file into UTF-8 text: strips a BOM, decodes UTF-16 and Windows-1252 (a superset
//! of Latin-1, what Excel on Windows writes), and recognises files that are not text at all.
//!
//! `yore` decodes Windows-1252 from one 256-entry table; `encoding_rs` would link every encoding's tables
//! (about 180 KB of wasm) for these two.

use crate::error::{Error, ErrorCode, Result};
use std::borrow::Cow;
use yore::code_pages::CP1252;
use yore::CodePage;

/// The text and the encoding it was read as (shown to the user, since a wrong guess garbles names).
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>> {
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(decode_utf8_or_1252(body));
    }
    for (bom, little_endian, name) in [
        (b"\xFF\xFE", true, "UTF-16LE"),
        (b"\xFE\xFF", false, "UTF-16BE"),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            return decode_utf16(body, little_endian, name);
        }
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(Error::new(
            ErrorCode::Binary,
            format!("this looks like {kind}, not a CSV text file: export or save it as CSV first"),
        ));
    }
    Ok(decode_utf8_or_1252(bytes))
}

fn decode_utf16<'a>(body: &[u8], little_endian: bool, name: &'static str) -> Result<Decoded<'a>> {
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let text: std::result::Result<String, _> = char::decode_utf16(units).collect();
    match text {
        Ok(text) if body.len() % 2 == 0 => Ok(Decoded {
            text: Cow::Owned(text),
            encoding: name,
        }),
        _ => Err(Error::new(
            ErrorCode::Binary,
            format!("the file starts like {name} text but contains invalid characters"),
        )),
    }
}

fn decode_utf8_or_1252(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
        },
        // Not UTF-8: Windows-1252 maps nearly every byte to a character (the five unassigned ones become
        // U+FFFD), so this cannot fail; the report names the encoding used, so a user with another legacy
        // encoding knows to re-save the file as UTF-8.
        Err(_) => Decoded {
            text: Cow::Owned(CP1252.decode_lossy(bytes).into_owned()),
            encoding: "windows-1252",
        },
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBFa,b\n1,2\n").unwrap();
        assert_eq!(d.text, "a,b\n1,2\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn decodes_windows_1252() {
        let d = decode(b"name\nCaf\xE9 \x80\n").unwrap();
        assert_eq!(d.text, "name\nCaf\u{e9} \u{20ac}\n");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn decodes_utf16le_with_bom() {
        let d = decode(b"\xFF\xFEa\0,\0b\0").unwrap();
        assert_eq!(d.text, "a,b");
        let d = decode(b"\xFE\xFF\0a\0,\0b").unwrap();
        assert_eq!(d.text, "a,b");
        assert_eq!(d.encoding, "UTF-16BE");
        assert_eq!(
            decode(b"\xFF\xFE\x00\xD8").err().unwrap().code,
            ErrorCode::Binary
        );
    }

    #[test]
    fn rejects_xlsx_with_advice() {
        let e = decode(b"PK\x03\x04rest").err().unwrap();
        assert_eq!(e.code, ErrorCode::Binary);
        assert!(e.message.contains("Excel"), "{}", e.message);
    }
}
