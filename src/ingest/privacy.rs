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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct MaskOptions {
    /// Secret mixed into the pseudonyms (see the module comment).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
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

/// Header words that name personal data whatever the values (matched against the header with spaces and
/// punctuation removed and in lower case, so `E-mail` and `Billing Address 1` match).
const PERSONAL_WORDS: &str = "
    mail phone mobile telefon telefono teléfono fax address adresse indirizzo direccion dirección
    endereço street strasse straße postcode postalcode postleitzahl codigopostal códigopostal
    codicepostale zip birth geburt nacimiento nascimento nascita naissance ssn iban passport surname
    firstname lastname fullname givenname familyname middlename forename vorname nachname cognome
    apellido prénom prenom 姓 名字 氏名 电话 電話 手机 地址 住所 邮箱 邮编 生日 出生
";

/// Whole headers too short to be searched for inside others (`cap` is in `capacity`, `dob` in `adobe`).
const PERSONAL_HEADERS: &str = "
    tel cell plz cap cp dob
";

/// Header words of things, not people (`product_name`, `store_address`, `Lineitem name`, `Shipping Method
/// Name`): such a column is personal only if its values are e-mail addresses or phone numbers. A city is
/// not personal on its own. (The German `Marke` is not here: it is inside `marketing`.)
const NOT_PERSONAL_WORDS: &str = "
    product produkt produit prodotto producto produto item article artikel articolo articulo
    artículo description beschreibung descripcion descripción descrizione bezeichnung sku category
    kategorie categoria categoría brand marca marque store shopname shopcity shopaddress filiale
    tienda negozio magasin department supplier lieferant manufacturer hersteller vendor merchant
    variant method company city town stadt ciudad città ville 商品 产品 品名 名称 城市 店
";

/// Words for "name": with a word for a person (`Billing Name`, `Kundenname`) the header is personal; alone
/// (`name`, `Nome`) it is as often a product's or an order's name, and the values decide.
const NAME_WORDS: &str = "
    name nome nombre naam 名前
";

/// Whole headers that mean "name" (`nom` is also the start of `nominal`).
const NAME_HEADERS: &str = "
    nom 名
";

/// Words for a person, which make a header with a word for "name" the name of a person.
const PERSON_WORDS: &str = "
    customer client bill ship contact recipient receiver buyer kunde person user member owner holder
    account consignee guest patient employee 客户 顾客 收货人 会员
";

/// Tokens of people's names: common given names across languages, common family names and titles such as
/// `Mrs`, lower case, one a line. Names that are also everyday or
/// product words (`Rose`, `Max`, `Brown`) are left out, so that a match is evidence of a person.
const PERSON_NAMES: &str = include_str!("privacy_names.txt");

/// Lower-case particles inside people's names (`Ludwig van Beethoven`), not counted as words of the name.
const NAME_PARTICLES: &str = "
    de da di del della van von der den la le du dos das bin ibn al el y e ter ten zu
";

/// Words of goods and shop lines: a value holding one is a product, never a person (`Ben Sherman Shirt`).
const PRODUCT_WORDS: &str = "
    kg mg lb lbs oz ml cl ltr litre liter cm mm inch pcs pc pk pack set box bag bottle can jar tin
    pouch case kit bundle pair piece pieces roll tube refill size edition mug cup plate bowl glass
    candle holder lantern lamp frame sign mirror clock cushion pillow blanket towel curtain rug vase
    basket tray shirt t-shirt tshirt tee top dress skirt jeans trousers pants shorts jacket coat
    hoodie sweater jumper sock socks shoe shoes sneakers boots hat cap scarf gloves belt wallet
    watch necklace bracelet earrings charger cable adapter cover protector headphones earbuds
    speaker mouse keyboard monitor laptop tablet battery batteries usb hdmi book notebook pen pencil
    sticker stickers poster print toy game puzzle doll tea coffee chocolate milk cheese bread butter
    juice water wine beer sauce oil rice pasta cereal snack cookies biscuits cake soap shampoo
    conditioner lotion cream serum perfume deodorant toothpaste brush vitamin capsules tablets spray
    cleaner detergent knife pan pot spoon chair table desk shelf storage hanger heart hanging
    decoration ornament wrap ribbon gift card voucher shipping delivery fee tax discount coupon
    subscription sleeve planter backpack umbrella sunglasses jewelry jewellery apparel
    accessories electronics clothing kitchen garden beauty grocery beverages toys books furniture
    pets supplies home office sports outdoors
";

/// Words of place names (`San Jose`, `Fort Collins`): like the words of goods, never in a person's name.
const PLACE_WORDS: &str = "
    san santa sankt saint fort port los las lake mount north south east west new city
";

/// Adjectives, colours and statuses: evidence of a thing when no word of the value is a person's
/// name (`Ann White` is a person, `Green Tea` and `Fort Worth` are not).
const THING_WORDS: &str = "
    red blue green black white pink grey gray yellow orange purple brown beige navy gold silver
    ivory natural clear organic classic premium deluxe original vintage retro wireless digital
    electric portable cotton leather wool silk linen wooden ceramic metal steel plastic paper fresh
    frozen dried whole light dark mens womens kids baby unisex sale free pro plus mini large medium
    small xl xxl xs pending paid shipped delivered cancelled canceled refunded fulfilled unfulfilled
    partially open closed returned processing completed authorized voided
";

/// Street words of postal addresses (`12 Main St`, `Hauptstraße 5`, `Via Roma 3`), as whole words.
const STREET_WORDS: &str = "
    street st road rd avenue ave av lane ln drive dr boulevard blvd way court ct place pl terrace
    close crescent highway hwy parkway pkwy square sq grove gardens mews circle trail apt str
    strasse straße weg allee gasse platz ring damm rue chemin impasse allée quai via viale piazza
    corso vicolo calle avenida carrera paseo plaza camino rua travessa largo praça straat laan plein
    gracht ulica ul aleja vej gade gatan gata vägen katu cadde sokak
";

/// Endings of street names written as one word (`Hauptstraße`, `Keizersgracht`, `Storgatan`).
const STREET_ENDINGS: &str = "
    straße strasse str. straat gasse allee gracht gatan vägen vej katu weg laan plein platz damm
";

/// Street signs of scripts written without spaces, followed by the house number (`建国路88号`, `1丁目2`).
const STREET_SIGNS: &str = "
    路 街 大道 丁目 거리 로 길
";

/// Values of yes/no columns (`Accepts Email Marketing`): a flag about a person is not their data.
const FLAGS: &str = "
    yes no true false y n 0 1 ja nein oui non si sí
";

/// The value word lists, split once per column judged and sorted to be searched by halves.
struct Lexicon {
    names: Vec<&'static str>,
    particles: Vec<&'static str>,
    products: Vec<&'static str>,
    places: Vec<&'static str>,
    things: Vec<&'static str>,
    streets: Vec<&'static str>,
    endings: Vec<&'static str>,
    signs: Vec<&'static str>,
    flags: Vec<&'static str>,
}

impl Lexicon {
    fn new() -> Lexicon {
        let sorted = |list: &'static str| {
            let mut words: Vec<&str> = list.split_whitespace().collect();
            crate::sorting::sort_by(&mut words, &|a, b| a.cmp(b));
            words
        };
        Lexicon {
            names: sorted(PERSON_NAMES),
            particles: sorted(NAME_PARTICLES),
            products: sorted(PRODUCT_WORDS),
            places: sorted(PLACE_WORDS),
            things: sorted(THING_WORDS),
            streets: sorted(STREET_WORDS),
            endings: sorted(STREET_ENDINGS),
            signs: sorted(STREET_SIGNS),
            flags: sorted(FLAGS),
        }
    }
}

/// Whether `word` is in the sorted `list`.
fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// What one value looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Email,
    Phone,
    Flag,
    Address,
    /// One word holding a digit: an order name (`#1001`), a code, a number, a date.
    Id,
    /// A product, a description, a category, a place, a status.
    Thing,
    /// One word that is a known name of a person (`Ann`, `Müller`).
    Person,
    /// Two to four words of a name, one of them a known name of a person (`Ann Lee`, `Lee, Ann`).
    FullName,
    /// Anything else: a name not in the table, a word, a brand.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    /// Names personal data (`E-mail`, `Billing Name`).
    Personal,
    /// Names a thing (`Item Name`, `store city`).
    Thing,
    /// `name` and its translations alone: a person's name unless the values are clearly things.
    Name,
    /// Says nothing either way (`contact`, `Title`): personal only if the values clearly are.
    Neutral,
}

fn header_kind(header: &str) -> Header {
    let h = normalise_header(header);
    let has = |words: &str| words.split_whitespace().any(|w| h.contains(w));
    let is = |words: &str| words.split_whitespace().any(|w| h == w);
    if has(NOT_PERSONAL_WORDS) {
        Header::Thing
    } else if has(PERSONAL_WORDS) || is(PERSONAL_HEADERS) {
        Header::Personal
    } else if has(NAME_WORDS) || (h.starts_with("nom") && has(PERSON_WORDS)) {
        // `Nom du client` starts with the French word; `Nom` alone is among the whole headers.
        if has(PERSON_WORDS) {
            Header::Personal
        } else {
            Header::Name
        }
    } else if is(NAME_HEADERS) {
        Header::Name
    } else {
        Header::Neutral
    }
}

/// Whether a column holds personal data: from the header where it names personal data or a thing, from
/// the values where the header is ambiguous (`name`) or silent, and whatever the header when the values are
/// mostly e-mail addresses or phone numbers.
pub fn is_personal(header: &str, values: &[&str]) -> bool {
    let lexicon = Lexicon::new();
    let mut count = [0usize; Kind::Other as usize + 1];
    let mut filled = 0;
    for v in values {
        let v = v.trim();
        if !v.is_empty() {
            filled += 1;
            count[kind(v, &lexicon) as usize] += 1;
        }
    }
    let n = |k: Kind| count[k as usize];
    // At least this share of the filled values: a column is judged by most of it, not by a stray value.
    let share = |k: usize, num: usize, den: usize| filled > 0 && k * den >= filled * num;
    if share(n(Kind::Email), 1, 2) || share(n(Kind::Phone), 3, 5) {
        return true;
    }
    let people = n(Kind::Person) + n(Kind::FullName);
    let things = n(Kind::Id) + n(Kind::Thing) + n(Kind::Flag);
    match header_kind(header) {
        Header::Thing => false,
        Header::Personal => !(filled > 0 && n(Kind::Flag) == filled),
        Header::Name => !(share(things, 3, 10) && things > 2 * people),
        Header::Neutral => {
            filled >= 3 && (share(n(Kind::FullName), 1, 2) || share(n(Kind::Address), 1, 2))
        }
    }
}

/// Whether a column's values are mostly people's full names (`LAMBERT Stéphane`, `Ann Lee`): a customer
/// column holding them identifies people as an e-mail column does.
pub fn holds_full_names(values: &[&str]) -> bool {
    let lexicon = Lexicon::new();
    let filled: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    let names = filled
        .iter()
        .filter(|v| kind(v, &lexicon) == Kind::FullName)
        .count();
    filled.len() >= 3 && names * 2 >= filled.len()
}

/// Whether most filled values are codes (`#1001`, `TEE-BLK-M`, numbers). Shopify names its orders `#1001`
/// in a column called `Name`: not a person's name, and not a product's name either.
pub fn holds_codes(values: &[&str]) -> bool {
    let filled = values.iter().filter(|v| !v.trim().is_empty()).count();
    let codes = values.iter().filter(|v| is_code(v.trim())).count();
    filled > 0 && codes * 2 > filled
}

/// One word holding a digit.
fn is_code(v: &str) -> bool {
    v.contains(|c: char| c.is_ascii_digit()) && !v.contains(|c: char| c.is_whitespace() || c == ',')
}

fn kind(v: &str, lexicon: &Lexicon) -> Kind {
    if looks_like_email(v) {
        return Kind::Email;
    }
    let lower = v.to_lowercase();
    if listed(&lexicon.flags, &lower) {
        return Kind::Flag;
    }
    if looks_like_phone(v) {
        return Kind::Phone;
    }
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let has_digit = v.chars().any(|c| c.is_ascii_digit());
    if looks_like_address(&words, &lower, has_digit, lexicon) {
        return Kind::Address;
    }
    if is_code(v) {
        return Kind::Id;
    }
    let bare: Vec<&str> = words.iter().map(|w| w.trim_matches(is_edge)).collect();
    let in_table = |table: &[&str]| bare.iter().any(|w| listed(table, w));
    if has_digit
        || words.len() >= 5
        || v.contains(is_thing_sign)
        || in_table(&lexicon.products)
        || in_table(&lexicon.places)
    {
        return Kind::Thing;
    }
    let name_words: Vec<&str> = bare
        .iter()
        .copied()
        .filter(|w| !listed(&lexicon.particles, w))
        .collect();
    let name_shaped = (1..=4).contains(&name_words.len())
        && name_words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c)));
    let known = name_words
        .iter()
        .any(|w| w.split(['-', '.']).any(|part| listed(&lexicon.names, part)));
    if name_shaped && known {
        return if name_words.len() > 1 {
            Kind::FullName
        } else {
            Kind::Person
        };
    }
    let upper_case = v.chars().any(char::is_alphabetic) && !v.chars().any(char::is_lowercase);
    if in_table(&lexicon.things) || (upper_case && words.len() > 1) {
        return Kind::Thing;
    }
    Kind::Other
}

/// Punctuation around a word (`(Blue)`, `Lee,`), but not the dot of `St.` or `J.`.
fn is_edge(c: char) -> bool {
    !c.is_alphanumeric() && !"-'’.".contains(c)
}

/// Signs of goods and codes, never in a person's name.
fn is_thing_sign(c: char) -> bool {
    "&/+%()|*®™#:;!?=_[]{}<>\"".contains(c)
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

fn looks_like_email(v: &str) -> bool {
    match v.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() > 1
                && domain.split('.').all(|part| !part.is_empty())
                && !v.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// 7 to 15 digits in the way people write phone numbers: after a `+`, with the area code in brackets, in
/// groups after a leading trunk `0` (`020 7946 0958`), or in the North American groups (`555-0100`,
/// `555.123.4567`). Plain digit runs are left out (ids and timestamps look the same), as are dates
/// (`01-05-2021`), decimals and codes in other groups (order `100-2938475`, ISBN `978-3-16-148410-0`).
fn looks_like_phone(v: &str) -> bool {
    if !v
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return false;
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if !(7..=15).contains(&digits) || v.rfind('+').is_some_and(|at| at > 0) {
        return false;
    }
    if v.starts_with('+') {
        return true;
    }
    if v.starts_with('(') {
        return v.contains(')');
    }
    let groups: Vec<usize> = v
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect();
    let dated = matches!(groups.as_slice(), [4, 1..=2, 1..=2] | [1..=2, 1..=2, 2 | 4]);
    let decimal = v.contains('.') && groups.len() < 3;
    let trunk = v.starts_with('0') && groups.len() >= 2 && groups[1..].iter().all(|&g| g >= 2);
    let north_american = matches!(
        groups.as_slice(),
        [3, 4] | [3, 3, 4] | [1, 3, 3, 4] | [3, 4, 4]
    );
    (trunk || north_american) && !dated && !decimal
}

/// A house number next to a street word (`12 Main St`, `Via Roma 3`), a street written as one word with a
/// number (`Hauptstraße 5`), or digits with the street signs of scripts without spaces.
fn looks_like_address(words: &[&str], lower: &str, has_digit: bool, lexicon: &Lexicon) -> bool {
    if !has_digit {
        return false;
    }
    let numbered_sign = lexicon.signs.iter().any(|sign| {
        lower
            .match_indices(sign)
            .any(|(at, _)| starts_with_digit(lower[at + sign.len()..].trim_start()))
    });
    if numbered_sign {
        return true;
    }
    let house_number = words.iter().any(|w| {
        starts_with_digit(w)
            && w.chars().count() <= 6
            && w.chars().filter(char::is_ascii_digit).count() <= 5
    });
    let street = words.iter().any(|w| {
        listed(&lexicon.streets, w.trim_end_matches('.'))
            || (w.chars().count() > 5 && lexicon.endings.iter().any(|e| w.ends_with(e)))
    });
    house_number && street && words.len() >= 2
}

fn starts_with_digit(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
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

    #[test]
    fn phone_shapes_exclude_dates_numbers_and_codes() {
        for v in [
            "+1 555 0100",
            "+44 (0)20 7946 0958",
            "(555) 010-0199",
            "555-0100",
            "555.123.4567",
            "1-800-555-0100",
            "020 7946 0958",
            "07700 900123",
        ] {
            assert!(looks_like_phone(v), "{v}");
        }
        for v in [
            "5550100123",
            "2021-05-01",
            "01-05-2021",
            "01.05.2021",
            "12345.67",
            "1 234 567",
            "100-2938475",
            "978-3-16-148410-0",
            "12345-6789",
            "+1 555 + 0100",
            "555-0100 ext",
        ] {
            assert!(!looks_like_phone(v), "{v}");
        }
    }

    #[test]
    fn values_decide_under_an_ambiguous_header() {
        let people = ["Ann Lee", "Bob Roy", "Carla Diaz", "Dmitri Ivanov"];
        let products = [
            "Green Tea 500g",
            "Oat Milk 1L",
            "Sourdough Bread",
            "Canvas Tote Bag",
        ];
        let orders = ["#1001", "#1002", "#1003", "#1004"];
        assert!(is_personal("name", &people));
        assert!(!is_personal("name", &products));
        assert!(!is_personal("Name", &orders));
        assert!(holds_codes(&orders) && !holds_codes(&products) && !holds_codes(&[]));
        // Unclear values leave the ambiguous header personal, and an unrevealing header not personal.
        assert!(is_personal(
            "name",
            &["Adaeze Nwosu", "Tendai Moyo", "Obinna Uche"]
        ));
        assert!(!is_personal("Title", &["Hamlet", "Moby Dick", "Ulysses"]));
        assert!(is_personal("Title", &people));
        // A thing's header wins over names in the values; a person's header over products.
        assert!(!is_personal(
            "store city",
            &["Charlotte", "Victoria", "Madison"]
        ));
        assert!(is_personal("Billing Name", &products));
        // Whatever the header, phone numbers are personal; yes/no flags about a person are not.
        assert!(is_personal(
            "Lineitem name",
            &["+1 555 0100", "+1 555 0101"]
        ));
        assert!(!is_personal(
            "Accepts Email Marketing",
            &["yes", "no", "no"]
        ));
    }

    #[test]
    fn addresses_are_found_by_house_number_and_street() {
        let addresses = ["12 Main St", "Hauptstraße 5", "Via Roma 12", "建国路88号"];
        assert!(is_personal("location", &addresses));
        assert!(!is_personal(
            "location",
            &["San Jose", "Fort Worth", "12 Piece Set"]
        ));
    }

    #[test]
    fn the_word_lists_are_in_lower_case() {
        // Values are looked up in lower case.
        let lexicon = Lexicon::new();
        assert!(lexicon.names.len() > 300);
        for list in [
            &lexicon.names,
            &lexicon.products,
            &lexicon.things,
            &lexicon.streets,
        ] {
            assert!(list.iter().all(|w| w.to_lowercase() == *w), "{list:?}");
        }
    }
}
