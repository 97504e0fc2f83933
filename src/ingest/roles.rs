//! Column roles: what each column of a transaction file means, inferred from header names (the table in
//! `header_names`) and confirmed by the values, with caller overrides.

use super::header_names::{EXACT, HINTS};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// An order's or a payment's status (`paid`, `refunded`, `cancelled`, `Closed Lost`): see `status`.
    Status,
    /// The currency of the line's amounts (`USD`, `EUR`).
    Currency,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Customer,
        Role::Order,
        Role::Date,
        Role::ProductId,
        Role::ProductName,
        Role::Quantity,
        Role::UnitPrice,
        Role::LineAmount,
        Role::Status,
        Role::Currency,
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
            Role::Status => "status",
            Role::Currency => "currency",
        }
    }

    /// Whether the values must be numbers for the column to take this role.
    pub fn is_numeric(self) -> bool {
        matches!(self, Role::Quantity | Role::UnitPrice | Role::LineAmount)
    }
}

/// Lower case, letters and digits only: `Customer ID`, `customer_id` and `CustomerID` all become
/// `customerid`.
pub fn normalise_header(name: &str) -> String {
    // The ordinal signs of `Nº pedido`, `1ª` are letters to Unicode, punctuation to the people who write them.
    name.chars()
        .filter(|&c| c.is_alphanumeric() && c != 'º' && c != 'ª')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The header-name table with its names normalised once, for the headers of one file.
pub struct HeaderNames {
    exact: Vec<(Role, Vec<String>)>,
    hints: Vec<(Role, Vec<String>)>,
}

impl Default for HeaderNames {
    fn default() -> Self {
        Self::new()
    }
}

impl HeaderNames {
    pub fn new() -> HeaderNames {
        let normalised = |table: &[(Role, &[&str])]| {
            table
                .iter()
                .map(|(role, names)| (*role, names.iter().map(|n| normalise_header(n)).collect()))
                .collect()
        };
        HeaderNames {
            exact: normalised(EXACT),
            hints: normalised(HINTS),
        }
    }

    fn names(table: &[(Role, Vec<String>)], role: Role) -> &[String] {
        table
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(&[], |(_, names)| names.as_slice())
    }

    /// How strongly a header name suggests a role: 3 for an exact name, 1 for a hint word, 0 for none; and
    /// for an exact name, its rank in the role's list (lower is more specific).
    pub fn score(&self, header: &str, role: Role) -> (u8, usize) {
        let h = normalise_header(header);
        if let Some(rank) = Self::names(&self.exact, role).iter().position(|n| *n == h) {
            return (3, rank);
        }
        let hinted = |role: Role| {
            Self::names(&self.hints, role)
                .iter()
                .any(|w| h.contains(w.as_str()))
        };
        // "order_date" hints at a date, not at an order id; a date word wins over an id word.
        if role != Role::Date && hinted(Role::Date) {
            return (0, 0);
        }
        if hinted(role) {
            return (1, usize::MAX);
        }
        (0, 0)
    }
}

/// Which column (by index) plays each role; `None` where no column does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    columns: [Option<usize>; Role::ALL.len()],
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
        let names = HeaderNames::new();
        let score = |h: &str, r: Role| names.score(h, r).0;
        assert_eq!(score("household_id", Role::Customer), 3);
        assert_eq!(score("Loyalty customer", Role::Customer), 1);
        assert_eq!(score("order_date", Role::Order), 0);
        assert_eq!(score("order_date", Role::Date), 3);
        assert_eq!(score("order_placed_date", Role::Date), 1);
        assert_eq!(score("transaction_timestamp", Role::Date), 3);
        assert_eq!(score("week", Role::Date), 0);
        assert_eq!(score("retail_disc", Role::LineAmount), 0);
        assert_eq!(score("客户ID", Role::Customer), 3);
        assert_eq!(score("下单时间", Role::Date), 3);
        assert_eq!(score("订单支付时间", Role::Date), 1);
        assert_eq!(score("订单支付时间", Role::Order), 0);
        assert_eq!(score("Кол-во", Role::Quantity), 3);
        assert_eq!(score("Müşteri No", Role::Customer), 3);
        assert_eq!(score("N° commande", Role::Order), 3);
        assert_eq!(score("Nº pedido", Role::Order), 3);
        assert_eq!(score("Account", Role::Customer), 3);
        assert_eq!(score("Net value", Role::LineAmount), 3);
        assert_eq!(score("Prix unitaire TTC", Role::UnitPrice), 3);
        assert_eq!(score("Prix de vente", Role::UnitPrice), 1);
        assert_eq!(score("Montant TTC", Role::LineAmount), 3);
        assert!(
            names.score("Order ID", Role::Order).1 < names.score("Transaction ID", Role::Order).1
        );
    }

    #[test]
    fn every_role_has_names_and_no_name_repeats_within_a_role() {
        let names = HeaderNames::new();
        for role in Role::ALL {
            let list = HeaderNames::names(&names.exact, role);
            assert!(!list.is_empty(), "{role:?}");
            for (i, n) in list.iter().enumerate() {
                assert!(!n.is_empty(), "{role:?} has a name with no letters");
                assert!(!list[..i].contains(n), "{role:?} lists `{n}` twice");
            }
        }
    }
}
