//! Turns the raw bytes of a file into UTF-8 text: strips a BOM, decodes UTF-16 and Windows-1252 (a superset
//! of Latin-1, what Excel on Windows writes), and recognises files that are not text at all.

use crate::error::{Error, ErrorCode, Result};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// The text and the encoding it was read as (shown to the user, since a wrong guess garbles names).
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == UTF_16LE || encoding == UTF_16BE {
            let (text, _, had_errors) = encoding.decode(bytes);
            if had_errors {
                return Err(Error::new(
                    ErrorCode::Binary,
                    "the file starts like UTF-16 text but contains invalid characters",
                ));
            }
            return Ok(Decoded {
                text: Cow::Owned(text.into_owned()),
                encoding: encoding.name(),
            });
        }
        return decode_utf8_or_1252(body);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(Error::new(
            ErrorCode::Binary,
            format!("this looks like {kind}, not a CSV text file: export or save it as CSV first"),
        ));
    }
    decode_utf8_or_1252(bytes)
}

fn decode_utf8_or_1252(bytes: &[u8]) -> Result<Decoded<'_>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
        }),
        // Not UTF-8: Windows-1252 maps every byte to a character, so this cannot fail; the report says which
        // encoding was used so a user with another legacy encoding can re-save the file as UTF-8.
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok(Decoded {
                text: Cow::Owned(text.into_owned()),
                encoding: WINDOWS_1252.name(),
            })
        }
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
    }

    #[test]
    fn rejects_xlsx_with_advice() {
        let e = decode(b"PK\x03\x04rest").err().unwrap();
        assert_eq!(e.code, ErrorCode::Binary);
        assert!(e.message.contains("Excel"), "{}", e.message);
    }
}
