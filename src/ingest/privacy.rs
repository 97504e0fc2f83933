//! Optional masking of personal data on load (`mask` in the reading options): customer ids become keyed
//! pseudonyms, and columns that hold people's names, e-mail addresses, phone numbers or postal addresses
//! are found and left out of everything the module keeps or shows.
//!
//! Pseudonyms are SipHash-2-4 of the id under a 128-bit key drawn from the caller's salt: with a secret
//! random salt per session they cannot be reversed by hashing guessed ids; with the same salt, one customer
//! gets the same pseudonym in every file (so files can still be joined). An empty salt gives stable but
//! guessable pseudonyms.

use super::roles::normalise_header;
use serde::{Deserialize, Serialize};
use siphasher::sip::SipHasher24;
use std::hash::Hasher;

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct MaskOptions {
    /// Secret mixed into the pseudonyms (see the module comment).
    pub salt: String,
}

/// Turns ids into pseudonyms such as `anon-3f9c0a1b7d2e4c55`.
pub struct Masker {
    key: (u64, u64),
}

impl Masker {
    pub fn new(opts: &MaskOptions) -> Masker {
        // Two fixed, different keys stretch the salt into the 128-bit key.
        let half = |k0: u64, k1: u64| {
            let mut h = SipHasher24::new_with_keys(k0, k1);
            h.write(opts.salt.as_bytes());
            h.finish()
        };
        Masker {
            key: (
                half(0x736f_6d65_7073_6575, 0x646f_7261_6e64_6f6d),
                half(0x6c79_6765_6e65_7261, 0x7465_6462_7974_6573),
            ),
        }
    }

    pub fn pseudonym(&self, id: &str) -> String {
        let mut h = SipHasher24::new_with_keys(self.key.0, self.key.1);
        h.write(id.as_bytes());
        format!("anon-{:016x}", h.finish())
    }
}

/// Header words that name personal data (matched against the header with spaces and punctuation removed).
const PERSONAL_WORDS: &[&str] = &[
    "name",
    "email",
    "mail",
    "phone",
    "mobile",
    "telephone",
    "fax",
    "address",
    "street",
    "postcode",
    "zip",
    "birth",
    "dob",
    "ssn",
    "iban",
    "passport",
];

/// Header words of things, not people (`product_name`, `store_address`).
const NOT_PERSONAL_WORDS: &[&str] = &[
    "product",
    "item",
    "article",
    "description",
    "sku",
    "category",
    "brand",
    "store",
    "department",
    "supplier",
    "manufacturer",
];

/// Whether a column holds personal data, from its header or, whatever the header, from values that are
/// mostly e-mail addresses.
pub fn is_personal(header: &str, values: &[&str]) -> bool {
    let h = normalise_header(header);
    if NOT_PERSONAL_WORDS.iter().any(|w| h.contains(w)) {
        return false;
    }
    if PERSONAL_WORDS.iter().any(|w| h.contains(w)) || h == "tel" || h == "cell" {
        return true;
    }
    let filled: Vec<&&str> = values.iter().filter(|v| !v.is_empty()).collect();
    let emails = filled.iter().filter(|v| looks_like_email(v)).count();
    !filled.is_empty() && emails * 2 >= filled.len()
}

/// Whether a column holds e-mail addresses or phone numbers: what identifies a customer when nothing else
/// does.
pub fn is_contact(header: &str, values: &[&str]) -> bool {
    let h = normalise_header(header);
    let filled: Vec<&&str> = values.iter().filter(|v| !v.is_empty()).collect();
    let emails = filled.iter().filter(|v| looks_like_email(v)).count();
    let phones = filled.iter().filter(|v| looks_like_phone(v)).count();
    let worded = ["email", "mail", "phone", "mobile", "telephone"]
        .iter()
        .any(|w| h.contains(w));
    !filled.is_empty() && (emails * 2 >= filled.len() || worded && phones * 2 >= filled.len())
}

/// 7 to 15 digits, with the usual `+ ( ) - . /` and spaces between them.
fn looks_like_phone(v: &str) -> bool {
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b"+()-./ ".contains(&b))
}

fn looks_like_email(v: &str) -> bool {
    match v.split_once('@') {
        Some((user, domain)) => !user.is_empty() && domain.contains('.') && !v.contains(' '),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_per_salt_and_differ_across_salts() {
        let a = Masker::new(&MaskOptions { salt: "s1".into() });
        let b = Masker::new(&MaskOptions { salt: "s2".into() });
        assert_eq!(a.pseudonym("12345"), a.pseudonym("12345"));
        assert_ne!(a.pseudonym("12345"), a.pseudonym("12346"));
        assert_ne!(a.pseudonym("12345"), b.pseudonym("12345"));
        assert!(a.pseudonym("12345").starts_with("anon-"));
        assert_eq!(a.pseudonym("x").len(), 21);
    }

    #[test]
    fn finds_personal_columns_by_header_and_by_content() {
        for header in [
            "E-mail",
            "first_name",
            "Phone number",
            "tel",
            "Street address",
            "ZIP",
        ] {
            assert!(is_personal(header, &[]), "{header}");
        }
        assert!(is_personal(
            "contact",
            &["ann@example.com", "", "bob@example.org"]
        ));
        for header in ["quantity", "household_id", "age_desc", "income", "store"] {
            assert!(!is_personal(header, &["1", "2"]), "{header}");
        }
        assert!(!is_personal("note", &["call me @ noon", "x"]));
    }
}
