//! Reading numbers as spreadsheets and shop systems write them: `12.5`, `1,25` (decimal comma, in files
//! separated by `;`), `1,234.50`, `1.234,50`, a leading currency sign, `-3`.

/// Parses a (trimmed) field as a finite number. `decimal_comma` says which separator is the decimal one.
/// Returns `None` for anything that is not a number, including `NaN` and `inf`, which Rust's parser accepts.
pub fn parse_number(field: &str, decimal_comma: bool) -> Option<f64> {
    // Fast path: the plain form, which is nearly every field of a machine-written file.
    if !decimal_comma {
        if let Ok(v) = field.parse::<f64>() {
            return v.is_finite().then_some(v);
        }
    }
    let (negative, body) = split_sign(strip_currency(field));
    let (group, decimal) = if decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
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
    if !valid_grouping(int_part, group) {
        return None;
    }
    let mut plain = String::with_capacity(body.len() + 1);
    if negative {
        plain.push('-');
    }
    plain.extend(int_part.chars().filter(|&c| c != group));
    if let Some(frac) = frac_part {
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        plain.push('.');
        plain.push_str(frac);
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn strip_currency(s: &str) -> &str {
    const SIGNS: &[char] = &['$', '€', '£', '¥'];
    s.trim_start_matches(SIGNS).trim_end_matches(SIGNS).trim()
}

/// Accepts `-12`, `+12`, and a sign before or after a currency sign (`-$12`, `$-12`).
fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, strip_currency(&s[1..])),
        Some(b'+') => (false, strip_currency(&s[1..])),
        _ => (false, s),
    }
}

/// Digits only, or digits in groups of three after the first (`1,234,567`); nothing else.
fn valid_grouping(int_part: &str, group: char) -> bool {
    if int_part.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let mut parts = int_part.split(group);
    let first = parts.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && parts.all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
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
    let body = field.strip_prefix('-').unwrap_or(field);
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
