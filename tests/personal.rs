//! The personal-data detector over a labelled set of real-world column headers with sample values
//! (tests/personal/columns.tsv): people's names, e-mails, phones, addresses, postcodes and birth dates
//! against product names, descriptions, order names, codes, categories, brands, places and statuses.

use shopscope::ingest::privacy::is_personal;
use shopscope::ingest::{inspect, IngestOptions, Role};

#[test]
fn labelled_columns_are_judged_as_labelled() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/personal/columns.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let (mut true_pos, mut false_neg, mut true_neg, mut false_pos) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut fields = line.split('\t');
        let label = fields.next().unwrap();
        let header = fields.next().unwrap();
        let values: Vec<&str> = fields.collect();
        assert!(
            (10..=20).contains(&values.len()),
            "{header}: {} values",
            values.len()
        );
        let flagged = is_personal(header, &values);
        let counter = match (label, flagged) {
            ("personal", true) => &mut true_pos,
            ("personal", false) => &mut false_neg,
            ("not", false) => &mut true_neg,
            ("not", true) => &mut false_pos,
            _ => panic!("{header}: label `{label}` is neither `personal` nor `not`"),
        };
        *counter += 1;
        if flagged != (label == "personal") {
            wrong.push(format!("{label}: {header} {values:?}"));
        }
    }
    println!(
        "personal flagged {true_pos}, personal missed {false_neg}; \
         not personal passed {true_neg}, not personal flagged {false_pos}"
    );
    assert!(true_pos + false_neg >= 30 && true_neg + false_pos >= 30);
    assert!(wrong.is_empty(), "judged wrongly:\n{}", wrong.join("\n"));
}

#[test]
fn a_shopify_order_export_keeps_its_order_names_and_products() {
    let text = "Name,Email,Financial Status,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,\
                Billing Name,Billing Phone,Billing City\n\
                #1001,ann@example.com,paid,1,Classic Tee - Black / M,20.00,TEE-BLK-M,Ann Lee,+1 555 0100,Leeds\n\
                #1001,ann@example.com,paid,2,Canvas Tote Bag,15.00,TOTE-01,Ann Lee,+1 555 0100,Leeds\n\
                #1002,bob@example.org,paid,1,Ceramic Mug 350ml,12.00,MUG-350,Bob Roy,+1 555 0101,York\n\
                #1003,carla@example.es,pending,1,Canvas Tote Bag,15.00,TOTE-01,Carla Diaz,+1 555 0102,Bath\n";
    let seen = inspect(text.as_bytes(), &IngestOptions::default()).unwrap();
    // The e-mail is the only customer identifier: it is the customer id (pseudonymised), not left out.
    assert_eq!(seen.personal_columns, ["Billing Name", "Billing Phone"]);
    assert_eq!(seen.mapping[&Role::Customer], "Email");
    assert!(seen.preview.iter().all(|row| !row[1].contains('@')));
    // The order names (`#1001`) under `Name` are no longer taken for people, nor for product names.
    assert_eq!(seen.mapping[&Role::ProductName], "Lineitem name");
    assert_eq!(seen.mapping[&Role::Order], "Name");
}
