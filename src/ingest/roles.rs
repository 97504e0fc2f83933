//! Column roles: what each column of a transaction file means, inferred from header names (the spellings
//! of the common exports: UCI Online Retail, Dunnhumby/84.51°, CDNOW, Shopify-like order lines) and
//! confirmed by the values, with caller overrides.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Customer,
    Order,
    Date,
    ProductId,
    ProductName,
    Quantity,
    UnitPrice,
    LineAmount,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Customer,
        Role::Order,
        Role::Date,
        Role::ProductId,
        Role::ProductName,
        Role::Quantity,
        Role::UnitPrice,
        Role::LineAmount,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Customer => "customer id",
            Role::Order => "order id",
            Role::Date => "date/time",
            Role::ProductId => "product id",
            Role::ProductName => "product name",
            Role::Quantity => "quantity",
            Role::UnitPrice => "unit price",
            Role::LineAmount => "line amount",
        }
    }

    /// Whether the values must be numbers for the column to take this role.
    pub fn is_numeric(self) -> bool {
        matches!(self, Role::Quantity | Role::UnitPrice | Role::LineAmount)
    }

    /// Header names (lower case, letters and digits only) that name this role outright.
    fn exact_names(self) -> &'static [&'static str] {
        match self {
            Role::Customer => &[
                "customerid",
                "customer",
                "custid",
                "customerno",
                "customernumber",
                "customercode",
                "householdid",
                "household",
                "householdkey",
                "userid",
                "user",
                "clientid",
                "client",
                "memberid",
                "accountid",
                "buyerid",
                "shopperid",
                "cardid",
                // de, fr, es/it/pt, nl
                "kunde",
                "kundennr",
                "kundennummer",
                "kundenid",
                "cliente",
                "klant",
                "klantnummer",
                "numeroclient",
            ],
            Role::Order => &[
                "invoiceno",
                "invoice",
                "invoiceid",
                "invoicenumber",
                "basketid",
                "basket",
                "orderid",
                "order",
                "orderno",
                "ordernumber",
                "transactionid",
                "receiptid",
                "receipt",
                "receiptno",
                "ticketid",
                "cartid",
                "billno",
                "tid",
                "bestellung",
                "bestellnr",
                "bestellnummer",
                "rechnung",
                "rechnungsnr",
                "rechnungsnummer",
                "beleg",
                "belegnr",
                "bon",
                "commande",
                "facture",
                "pedido",
                "factura",
                "ordine",
                "bestelling",
                "factuur",
            ],
            Role::Date => &[
                "invoicedate",
                "transactiontimestamp",
                "date",
                "timestamp",
                "ts",
                "orderdate",
                "datetime",
                "purchasedate",
                "transactiondate",
                "transactiontime",
                "time",
                "createdat",
                "orderedat",
                "day",
                "saledate",
                "datum",
                "bestelldatum",
                "rechnungsdatum",
                "fecha",
                "dateachat",
            ],
            Role::ProductId => &[
                "stockcode",
                "productid",
                "product",
                "sku",
                "itemid",
                "item",
                "articleid",
                "article",
                "productcode",
                "itemcode",
                "upc",
                "ean",
                "movieid",
                "asin",
                "prodid",
                "artikel",
                "artikelnr",
                "artikelnummer",
                "produkt",
                "produit",
                "producto",
                "prodotto",
                "articulo",
                "articolo",
                "productnr",
            ],
            Role::ProductName => &[
                "description",
                "productname",
                "itemname",
                "productdescription",
                "itemdescription",
                "title",
                "movietitle",
                "producttitle",
                "articlename",
                "bezeichnung",
                "artikelbezeichnung",
                "beschreibung",
                "libelle",
                "descripcion",
                "descrizione",
                "omschrijving",
            ],
            Role::Quantity => &[
                "quantity",
                "qty",
                "units",
                "unitssold",
                "quantityordered",
                "cdsbought",
                "numitems",
                "itemcount",
                "pieces",
                "menge",
                "anzahl",
                "stueck",
                "stuck",
                "quantite",
                "cantidad",
                "quantita",
                "aantal",
            ],
            Role::UnitPrice => &[
                "unitprice",
                "price",
                "itemprice",
                "priceeach",
                "unitcost",
                "priceperunit",
                "sellingprice",
                "saleprice",
                "preis",
                "einzelpreis",
                "stueckpreis",
                "prix",
                "prixunitaire",
                "precio",
                "preciounitario",
                "prezzo",
                "prijs",
            ],
            Role::LineAmount => &[
                "salesvalue",
                "amount",
                "amountusd",
                "total",
                "linetotal",
                "revenue",
                "sales",
                "spent",
                "spend",
                "value",
                "lineamount",
                "totalprice",
                "subtotal",
                "netsales",
                "totalamount",
                "saleamount",
                "extendedprice",
                "monetary",
                "betrag",
                "umsatz",
                "gesamtpreis",
                "summe",
                "montant",
                "importe",
                "totale",
                "bedrag",
            ],
        }
    }

    /// Words that suggest the role when they appear inside a longer header name.
    fn hint_words(self) -> &'static [&'static str] {
        match self {
            Role::Customer => &["customer", "household", "client", "member", "shopper"],
            Role::Order => &["invoice", "basket", "order", "receipt", "transaction"],
            Role::Date => &["date", "time"],
            Role::ProductId => &["product", "sku", "stock", "article"],
            Role::ProductName => &["description", "name", "title"],
            Role::Quantity => &["qty", "quantity"],
            Role::UnitPrice => &["price"],
            Role::LineAmount => &["amount", "revenue", "sales", "total", "spent"],
        }
    }
}

/// Lower case, letters and digits only: `Customer ID`, `customer_id` and `CustomerID` all become
/// `customerid`.
pub fn normalise_header(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How strongly a header name suggests a role: 3 for an exact name, 1 for a hint word, 0 for none.
pub fn header_score(header: &str, role: Role) -> u8 {
    let h = normalise_header(header);
    if role.exact_names().contains(&h.as_str()) {
        return 3;
    }
    // "order_date" hints at a date, not at an order id; a date word wins over an id word.
    let is_datey = Role::Date.hint_words().iter().any(|w| h.contains(w));
    if role != Role::Date && is_datey {
        return 0;
    }
    if role.hint_words().iter().any(|w| h.contains(w)) {
        return 1;
    }
    0
}

/// Which column (by index) plays each role; `None` where no column does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    columns: [Option<usize>; 8],
}

impl Mapping {
    pub fn get(&self, role: Role) -> Option<usize> {
        self.columns[role as usize]
    }

    pub fn set(&mut self, role: Role, column: Option<usize>) {
        self.columns[role as usize] = column;
    }

    pub fn role_of(&self, column: usize) -> Option<Role> {
        Role::ALL.into_iter().find(|&r| self.get(r) == Some(column))
    }

    pub fn has(&self, role: Role) -> bool {
        self.get(role).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_spellings() {
        assert_eq!(normalise_header("Customer ID"), "customerid");
        assert_eq!(normalise_header("customer_id"), "customerid");
        assert_eq!(normalise_header(" InvoiceNo "), "invoiceno");
    }

    #[test]
    fn scores_exact_hint_and_date_words() {
        assert_eq!(header_score("household_id", Role::Customer), 3);
        assert_eq!(header_score("Loyalty customer", Role::Customer), 1);
        assert_eq!(header_score("order_date", Role::Order), 0);
        assert_eq!(header_score("order_date", Role::Date), 3);
        assert_eq!(header_score("order_placed_date", Role::Date), 1);
        assert_eq!(header_score("transaction_timestamp", Role::Date), 3);
        assert_eq!(header_score("week", Role::Date), 0);
        assert_eq!(header_score("retail_disc", Role::LineAmount), 0);
    }
}
