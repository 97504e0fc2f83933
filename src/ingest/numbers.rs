//! Reading numbers as spreadsheets and shop systems write them: `12.5`, `1,25` (decimal comma, in files
//! separated by `;`), `1,234.50`, `1.234,50`, `1'234.50` (Swiss), `1 234,50` (French, Russian), `1,23,456.78`
//! (Indian grouping), full-width digits (`１２．５`, as East Asian input methods type them), a currency sign or
//! code before or after (`$`, `R$ 12,50`, `￥1.50`, `12.50 元`, `CNY 12.50`, `12,50 zł`), `-3`.

use std::borrow::Cow;

/// Parses a (trimmed) field as a finite number. `decimal_comma` says which separator is the decimal one.
/// Returns `None` for anything that is not a number, including `NaN` and `inf`, which Rust's parser accepts.
pub fn parse_number(field: &str, decimal_comma: bool) -> Option<f64> {
    // Fast path: the plain form, which is nearly every field of a machine-written file.
    if !decimal_comma {
        if let Some(v) = parse_plain(field) {
            return Some(v);
        }
    }
    let folded = fold_width(field);
    let (negative, body) = split_sign(strip_currency(&folded));
    let decimal = if decimal_comma { ',' } else { '.' };
    if !body
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b as char == decimal)
    {
        return None;
    }
    let (int_part, frac_part) = match body.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if !valid_grouping(int_part, decimal_comma) {
        return None;
    }
    let mut plain = String::with_capacity(body.len() + 1);
    if negative {
        plain.push('-');
    }
    plain.extend(int_part.chars().filter(char::is_ascii_digit));
    if let Some(frac) = frac_part {
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        plain.push('.');
        plain.push_str(frac);
    }
    parse_plain(&plain)
}

/// A number in Rust's own syntax (`-12.5`, `.5`, `1e3`), if finite: lexical's compact parser, correctly
/// rounded as `str::parse` is, without the standard library's table of powers of five (BENCHMARKS.md, "The
/// wasm budget").
fn parse_plain(s: &str) -> Option<f64> {
    use lexical_parse_float::FromLexical;
    f64::from_lexical(s.as_bytes())
        .ok()
        .filter(|v| v.is_finite())
}

/// Full-width forms (U+FF01..U+FF5E) as their ASCII letters, the ideographic space and the no-break spaces
/// that French and Russian use between thousands as a plain space, and full-width currency signs as the
/// usual ones; ASCII text is returned as it is.
pub fn fold_width(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' | '\u{00A0}' | '\u{202F}' | '\u{2009}' => ' ',
                '\u{FFE5}' => '¥',
                '\u{FFE6}' => '₩',
                '\u{FFE1}' => '£',
                '\u{FFE0}' => '¢',
                '\u{2212}' => '-',
                other => other,
            })
            .collect(),
    )
}

/// Currency signs, and the codes and words written before or after amounts (after `fold_width`; compared
/// case-sensitively, since `kr`, `zł` and `TL` are written so).
const CURRENCY_WORDS: &[&str] = &[
    // A backslash: the yen sign as Japanese Windows writes it in Shift_JIS (byte 0x5C), which the Encoding
    // Standard decodes as a backslash.
    "\\", "US$", "HK$", "NT$", "A$", "C$", "S$", "R$", "$", "€", "£", "¥", "₩", "₹", "₽", "₺", "₴",
    "₪", "₫", "฿", "₱", "₦", "₡", "₲", "₸", "₼", "₾", "¢", "元", "円", "원", "руб.", "руб", "р.",
    "₨", "Rs.", "Rs", "Rp", "RM", "zł", "Kč", "kr.", "kr", "Ft", "lei", "лв", "TL", "CHF", "Fr.",
    "USD", "EUR", "GBP", "CNY", "RMB", "JPY", "KRW", "INR", "RUB", "TRY", "BRL", "PLN", "CZK",
    "HUF", "SEK", "NOK", "DKK", "AUD", "CAD", "NZD", "HKD", "TWD", "SGD", "MYR", "IDR", "THB",
    "VND", "PHP", "MXN", "ARS", "CLP", "COP", "PEN", "ZAR", "AED", "SAR", "EGP", "ILS", "UAH",
    "KZT", "NGN", "RON", "BGN",
];

/// The field without one currency sign or code at either end (and the spaces beside it).
pub fn strip_currency(s: &str) -> &str {
    split_currency(s).0
}

/// The currency sign or code written before or after an amount (`R$` of `R$ 12,50`, `руб.` of `1,95 руб.`),
/// after `fold_width` (`￥` is `¥`).
pub fn currency_word(field: &str) -> Option<&'static str> {
    let folded = fold_width(field);
    let unsigned = folded.trim().trim_start_matches(['-', '+']);
    // Shift_JIS writes the yen sign as the byte the Encoding Standard decodes as a backslash.
    split_currency(unsigned)
        .1
        .map(|w| if w == "\\" { "¥" } else { w })
}

/// The field without its currency sign or code, and that sign or code (the one after, where there are two).
fn split_currency(s: &str) -> (&str, Option<&'static str>) {
    let mut s = s.trim();
    let mut found = None;
    // The longest match, so `RMB` is not read as `RM` and a `B`.
    let longest = |fits: &dyn Fn(&str) -> bool| {
        CURRENCY_WORDS
            .iter()
            .filter(|w| fits(w))
            .max_by_key(|w| w.len())
    };
    let first = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "+-.".contains(c));
    if first && s.ends_with(|c: char| c.is_ascii_digit()) {
        return (s, None);
    }
    if let Some(w) = longest(&|w| s.starts_with(w)) {
        s = s[w.len()..].trim_start();
        found = Some(*w);
    }
    if let Some(w) = longest(&|w| s.ends_with(w)) {
        let rest = &s[..s.len() - w.len()];
        // A code glued to letters (`12 ABCUSD`) is not a currency; glued to a digit (`12USD`) it is.
        if !rest.ends_with(|c: char| c.is_alphabetic()) {
            s = rest.trim_end();
            found = Some(*w);
        }
    }
    (s, found)
}

/// Accepts `-12`, `+12`, and a sign before or after a currency sign (`-$12`, `$-12`).
fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, strip_currency(&s[1..])),
        Some(b'+') => (false, strip_currency(&s[1..])),
        _ => (false, s),
    }
}

/// Digits only, or digits grouped by one separator: in thousands (`1,234,567`) or in the Indian way
/// (`12,34,567`: groups of two before the last three). The group separators are `,` (`.` with a decimal
/// comma), an apostrophe or a space.
fn valid_grouping(int_part: &str, decimal_comma: bool) -> bool {
    if int_part.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let main = if decimal_comma { '.' } else { ',' };
    let Some(group) = int_part.chars().find(|c| !c.is_ascii_digit()) else {
        return true;
    };
    if ![main, '\'', ' '].contains(&group) {
        return false;
    }
    let parts: Vec<&str> = int_part.split(group).collect();
    let digits = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (first, rest) = (parts[0], &parts[1..]);
    if !parts.iter().all(digits) || first.len() > 3 {
        return false;
    }
    let thousands = rest.iter().all(|p| p.len() == 3);
    let indian = group == ','
        && first.len() <= 2
        && rest
            .split_last()
            .is_some_and(|(last, mid)| last.len() == 3 && mid.iter().all(|p| p.len() == 2));
    thousands || indian
}

/// Reads a value written as a band, as survey and CRM exports write ages and incomes: `35-44` (the midpoint,
/// 39.5), `65+` (the lower bound), `50-74K` (62,000: a `K` multiplies both ends), `Under 15K` (7,500: the
/// midpoint of 0 and the bound); a plain number is itself.
pub fn parse_band(field: &str) -> Option<f64> {
    if let Some(v) = parse_number(field, false) {
        return Some(v);
    }
    let lower = field.trim().to_ascii_lowercase();
    let (body, scale) = match lower.strip_suffix('k') {
        Some(b) => (b, 1000.0),
        None => (lower.as_str(), 1.0),
    };
    let number = |s: &str| {
        let s = s.trim();
        let (s, k) = match s.strip_suffix('k') {
            Some(b) => (b, 1000.0),
            None => (s, scale),
        };
        parse_number(s, false).map(|v| v * k)
    };
    if let Some(b) = body.strip_suffix('+') {
        return number(b);
    }
    if let Some(b) = body
        .strip_prefix("under ")
        .or_else(|| body.strip_prefix('<'))
    {
        return number(b).map(|v| v / 2.0);
    }
    let (lo, hi) = body.split_once('-')?;
    let (lo, hi) = (number(lo)?, number(hi)?);
    (lo <= hi).then_some((lo + hi) / 2.0)
}

/// True if the field is a number written with a decimal comma and no grouping (`1,25`, `-0,5`), the sign
/// that a `;`-separated file uses decimal commas.
pub fn looks_decimal_comma(field: &str) -> bool {
    let folded = fold_width(field);
    let field = strip_currency(&folded);
    let body = strip_currency(field.strip_prefix('-').unwrap_or(field));
    match body.split_once(',') {
        Some((i, f)) => {
            !i.is_empty()
                && !f.is_empty()
                && f.len() != 3
                && i.bytes().all(|b| b.is_ascii_digit())
                && f.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_parser_reads_what_the_standard_library_reads() {
        // Random strings over the characters of numbers, and the hard cases of correct rounding (halfway
        // between two doubles, 17+ digits, subnormals, the edges of the exponent range).
        let alphabet = b"0123456789012345678901234567890123456789.+-eE_ ainfINFx";
        let mut state = 1u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut cases: Vec<String> = (0..200_000)
            .map(|_| {
                let len = 1 + next() % 24;
                (0..len)
                    .map(|_| alphabet[next() % alphabet.len()] as char)
                    .collect()
            })
            .collect();
        cases.extend(
            [
                "9007199254740993",
                "2.2250738585072011e-308",
                "4.9e-324",
                "2.4703282292062327e-324",
                "1.7976931348623157e308",
                "1.7976931348623159e308",
                "0.30000000000000004",
                "123456789012345678901234567890",
                "1e23",
                "8.589973e9",
                "-0.0",
                ".5",
                "5.",
                "+1",
                "1e",
                "e1",
                ".",
                "",
                "NaN",
                "inf",
                "-infinity",
                "12.50",
                "0.1000000000000000055511151231257827",
            ]
            .map(String::from),
        );
        for case in &cases {
            let standard = case.parse::<f64>().ok().filter(|v| v.is_finite());
            assert_eq!(
                parse_plain(case).map(f64::to_bits),
                standard.map(f64::to_bits),
                "{case:?}"
            );
        }
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(parse_number("12.5", false), Some(12.5));
        assert_eq!(parse_number("-3", false), Some(-3.0));
        assert_eq!(parse_number("0", false), Some(0.0));
        assert_eq!(parse_number(".5", false), Some(0.5));
    }

    #[test]
    fn rejects_non_numbers_and_non_finite() {
        for s in [
            "",
            "abc",
            "NaN",
            "inf",
            "-infinity",
            "1e999",
            "1.2.3",
            "12a",
            "--1",
            "1,2,3",
        ] {
            assert_eq!(parse_number(s, false), None, "{s}");
        }
    }

    #[test]
    fn grouping_and_currency() {
        assert_eq!(parse_number("1,234.50", false), Some(1234.5));
        assert_eq!(parse_number("$1,234", false), Some(1234.0));
        assert_eq!(parse_number("-$12.00", false), Some(-12.0));
        assert_eq!(parse_number("12,34", false), None);
        assert_eq!(parse_number("€3", false), Some(3.0));
    }

    #[test]
    fn the_currency_written_beside_an_amount() {
        for (field, word) in [
            ("R$ 1,95", Some("R$")),
            ("￥1.95", Some("¥")),
            ("1,95 руб.", Some("руб.")),
            ("-$12.00", Some("$")),
            ("12.50 元", Some("元")),
            ("\\195", Some("¥")),
            ("12USD", Some("USD")),
            ("12.5", None),
            ("12 ABCUSD", None),
        ] {
            assert_eq!(currency_word(field), word, "{field}");
        }
    }

    #[test]
    fn bands() {
        assert_eq!(parse_band("35-44"), Some(39.5));
        assert_eq!(parse_band("65+"), Some(65.0));
        assert_eq!(parse_band("50-74K"), Some(62_000.0));
        assert_eq!(parse_band("250K+"), Some(250_000.0));
        assert_eq!(parse_band("Under 15K"), Some(7_500.0));
        assert_eq!(parse_band("3"), Some(3.0));
        assert_eq!(parse_band("5+"), Some(5.0));
        assert_eq!(parse_band("Homeowner"), None);
        assert_eq!(parse_band("44-35"), None);
        assert_eq!(parse_band("2 Adults No Kids"), None);
    }

    #[test]
    fn world_currencies_and_groupings() {
        for (s, v) in [
            ("￥1.50", 1.5),
            ("¥1,234", 1234.0),
            ("１２．５", 12.5),
            ("￥１，２３４．５０", 1234.5),
            ("12.50 元", 12.5),
            ("12.50元", 12.5),
            ("CNY 12.50", 12.5),
            ("RMB12.50", 12.5),
            ("₩15,000", 15000.0),
            ("15,000원", 15000.0),
            ("₹1,23,456.78", 123456.78),
            ("12,34,567", 1234567.0),
            ("1'234.50", 1234.5),
            ("US$ 3.10", 3.1),
            ("-₺12.5", -12.5),
            ("3.99 USD", 3.99),
            ("\\1,234", 1234.0),
        ] {
            assert_eq!(parse_number(s, false), Some(v), "{s}");
        }
        for (s, v) in [
            ("R$ 12,50", 12.5),
            ("R$ 1.234,50", 1234.5),
            ("1 234,50 ₽", 1234.5),
            ("1\u{a0}234,50 руб.", 1234.5),
            ("12,50 zł", 12.5),
            ("Rp 15.000", 15000.0),
        ] {
            assert_eq!(parse_number(s, true), Some(v), "{s}");
        }
        for s in [
            "12 ABCUSD",
            "1,2,34",
            "1'23",
            "12,3,456",
            "US$",
            "元",
            "1 2",
        ] {
            assert_eq!(parse_number(s, false), None, "{s}");
        }
        assert!(looks_decimal_comma("R$ 12,50"));
        assert!(looks_decimal_comma("12,50 zł"));
    }

    #[test]
    fn decimal_comma() {
        assert_eq!(parse_number("1,25", true), Some(1.25));
        assert_eq!(parse_number("1.234,5", true), Some(1234.5));
        assert_eq!(parse_number("-0,5", true), Some(-0.5));
        assert_eq!(parse_number("7", true), Some(7.0));
        assert_eq!(parse_number("1.5", true), None);
        assert!(looks_decimal_comma("1,25"));
        assert!(!looks_decimal_comma("1,250"));
        assert!(!looks_decimal_comma("a,b"));
    }
}
