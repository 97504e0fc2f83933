//! Turns the raw bytes of a file into UTF-8 text: strips a BOM, decodes UTF-16, and decodes the legacy
//! encodings spreadsheet programs and shop systems write (Windows-1252 from Excel on Western Windows,
//! GBK/GB18030 on Chinese Windows, Big5, Shift_JIS, EUC-KR, Windows-1251, ...), and recognises files that
//! are not text at all.
//!
//! A file that is valid UTF-8 is UTF-8 (legacy CJK text is almost never valid UTF-8 by accident). Anything
//! else is guessed by `chardetng`, Firefox's detector for legacy web content, from byte statistics, and
//! decoded by `encoding_rs` (the WHATWG Encoding Standard, the same decoders as the browser's
//! `TextDecoder`); the caller can name the encoding instead. The guess is reported, since a wrong one
//! garbles names.

use crate::error::{Error, ErrorCode, Result};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// The text and the encoding it was read as (shown to the user, since a wrong guess garbles names).
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// How many bytes the detector looks at: enough for thousands of rows of names, and bounded so a large
/// file is not scanned twice.
const DETECT_BYTES: usize = 256 * 1024;

/// Decodes `bytes`, detecting the encoding unless `chosen` names one (a WHATWG label such as `gbk`,
/// `shift_jis`, `windows-1251`, `utf-8`).
pub fn decode<'a>(bytes: &'a [u8], chosen: Option<&str>) -> Result<Decoded<'a>> {
    if let Some(label) = chosen.filter(|l| !l.trim().is_empty()) {
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "encoding `{label}` is not one this reader knows; use a name such as utf-8, \
                     windows-1252, gbk, gb18030, big5, shift_jis, euc-kr or windows-1251"
                ),
            )
        })?;
        return Ok(decode_as(bytes, encoding));
    }
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(decode_detected(body));
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(body) = bytes.strip_prefix(bom) {
            return decode_utf16(body, encoding);
        }
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(Error::new(
            ErrorCode::Binary,
            format!("this looks like {kind}, not a CSV text file: export or save it as CSV first"),
        ));
    }
    Ok(decode_detected(bytes))
}

/// Decodes with a named encoding, skipping that encoding's BOM if the file has one.
fn decode_as<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> Decoded<'a> {
    let body = match Encoding::for_bom(bytes) {
        Some((bom_encoding, len)) if bom_encoding == encoding => &bytes[len..],
        _ => bytes,
    };
    Decoded {
        text: encoding.decode_without_bom_handling(body).0,
        encoding: encoding.name(),
    }
}

fn decode_utf16<'a>(body: &'a [u8], encoding: &'static Encoding) -> Result<Decoded<'a>> {
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(Error::new(
            ErrorCode::Binary,
            format!(
                "the file starts like {} text but contains invalid characters",
                encoding.name()
            ),
        ));
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
    })
}

fn decode_detected(bytes: &[u8]) -> Decoded<'_> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
        };
    }
    decode_as(bytes, guess(bytes))
}

/// The detector's guess for text that is not UTF-8. Windows-1252 when it has nothing to go on (what Excel on
/// Western Windows writes, and a decoding that cannot fail).
fn guess(bytes: &[u8]) -> &'static Encoding {
    let head = &bytes[..bytes.len().min(DETECT_BYTES)];
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    // A head cut inside a multi-byte character costs the detector one character, not the guess.
    if !detector.feed(head, head.len() == bytes.len()) {
        return WINDOWS_1252;
    }
    detector.guess(None, Utf8Detection::Deny)
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

    fn enc(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn strips_utf8_bom() {
        let d = decode(b"\xEF\xBB\xBFa,b\n1,2\n", None).unwrap();
        assert_eq!(d.text, "a,b\n1,2\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn decodes_windows_1252() {
        let d = decode(b"name\nCaf\xE9 \x80\n", None).unwrap();
        assert_eq!(d.text, "name\nCaf\u{e9} \u{20ac}\n");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let d = decode(b"\xFF\xFEa\0,\0b\0", None).unwrap();
        assert_eq!(d.text, "a,b");
        let d = decode(b"\xFE\xFF\0a\0,\0b", None).unwrap();
        assert_eq!(d.text, "a,b");
        assert_eq!(d.encoding, "UTF-16BE");
        assert_eq!(
            decode(b"\xFF\xFE\x00\xD8", None).err().unwrap().code,
            ErrorCode::Binary
        );
    }

    #[test]
    fn detects_legacy_cjk_and_cyrillic_encodings() {
        let cases: [(&str, &'static Encoding); 5] = [
            (
                "订单号,客户ID,下单时间,商品名称\nA1,1001,2017/1/1,白色心形挂饰\nA2,1002,2017/1/2,复古红色闹钟\n",
                encoding_rs::GBK,
            ),
            (
                "注文番号,顧客ID,注文日,商品名\nA1,1001,2017/1/1,白いハート型キャンドルホルダー\nA2,1002,2017/1/2,赤い目覚まし時計\n",
                encoding_rs::SHIFT_JIS,
            ),
            (
                "주문번호,고객ID,주문일자,상품명\nA1,1001,2017-01-01,흰색 하트 촛대\nA2,1002,2017-01-02,빨간 알람 시계\n",
                encoding_rs::EUC_KR,
            ),
            (
                "訂單編號,客戶編號,交易時間,商品名稱\nA1,1001,2017/1/1,白色心形掛飾\nA2,1002,2017/1/2,復古紅色鬧鐘\n",
                encoding_rs::BIG5,
            ),
            (
                "Номер заказа;Покупатель;Дата;Товар\nA1;1001;01.01.2017;Белый подсвечник в форме сердца\nA2;1002;02.01.2017;Красный будильник\n",
                encoding_rs::WINDOWS_1251,
            ),
        ];
        for (text, encoding) in cases {
            let bytes = enc(text, encoding);
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.encoding, encoding.name(), "{text}");
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn a_named_encoding_wins_and_a_wrong_name_is_explained() {
        let bytes = enc("商品\n白色\n", encoding_rs::GBK);
        let d = decode(&bytes, Some("GB18030")).unwrap();
        assert_eq!((d.encoding, d.text.as_ref()), ("gb18030", "商品\n白色\n"));
        let e = decode(b"a", Some("klingon")).err().unwrap();
        assert_eq!(e.code, ErrorCode::InvalidOption);
        assert!(e.message.contains("gbk"), "{}", e.message);
        let d = decode(b"\xEF\xBB\xBFa", Some("utf-8")).unwrap();
        assert_eq!(d.text, "a");
    }

    #[test]
    fn rejects_xlsx_with_advice() {
        let e = decode(b"PK\x03\x04rest", None).err().unwrap();
        assert_eq!(e.code, ErrorCode::Binary);
        assert!(e.message.contains("Excel"), "{}", e.message);
    }
}
