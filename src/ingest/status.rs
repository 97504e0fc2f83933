//! What an order's status and a line's product text say about the line: bought, not bought (cancelled,
//! refunded, voided, failed; a lost deal), or not a product at all (shipping, tax, tips, discounts written
//! as lines).

/// What a status value means for the lines of its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Bought,
    /// Partly refunded, or not paid yet (pending, authorised): kept, and counted in the report.
    PartlyPaid,
    /// Cancelled, fully refunded, voided, failed, declined, or a lost deal: not a purchase.
    NotPurchased,
}

/// Word stems of statuses that undo a purchase, in the platforms' and other languages' spellings (compared
/// lower-case, anywhere in the value).
#[rustfmt::skip]
const UNDONE: &[&str] = &[
    "refund", "cancel", "void", "fail", "declin", "reject", "lost", "chargeback", "storn", "annul",
    "erstattet", "rembours", "reembols", "rimbors", "取消", "退款", "交易关闭", "已关闭", "關閉", "キャンセル", "返金", "취소",
    "환불", "отмен", "возврат", "iptal", "iade", "anulow", "zwrot", "dibatalkan", "hủy",
];

/// Statuses of orders paid for in part or not yet.
#[rustfmt::skip]
const PARTLY: &[&str] = &[
    "partial", "pending", "authori", "unpaid", "on-hold", "awaiting", "teilweise", "ausstehend", "attente",
    "pendiente", "attesa", "pendente", "待付款", "未付款", "未払", "입금대기", "ожида",
];

/// Whole statuses that undo a purchase although no stem above says so (Magento's `closed` is refunded).
const UNDONE_WHOLE: &[&str] = &["closed"];

pub fn classify(status: &str) -> Status {
    let s = status.trim().to_lowercase();
    if UNDONE_WHOLE.contains(&s.as_str()) {
        Status::NotPurchased
    } else if PARTLY.iter().any(|w| s.contains(w)) {
        Status::PartlyPaid
    } else if UNDONE.iter().any(|w| s.contains(w)) {
        Status::NotPurchased
    } else {
        Status::Bought
    }
}

/// Product texts that are charges or reductions rather than products (whole value, lower case).
#[rustfmt::skip]
const CHARGES: &[&str] = &[
    "shipping", "shipping fee", "shipping cost", "shipping costs", "delivery", "delivery fee",
    "delivery charge", "postage", "tax", "taxes", "vat", "sales tax", "discount", "coupon", "tip", "tips",
    "gratuity", "service charge", "handling", "fee", "versand", "versandkosten", "rabatt", "frais de port",
    "remise", "envío", "descuento", "frete", "desconto", "运费", "邮费", "快递费", "税费", "优惠", "折扣", "送料", "消費税",
    "割引", "배송비", "할인", "доставка", "скидка", "kargo", "indirim", "wysyłka", "rabat", "ongkir", "diskon",
    "phí vận chuyển", "giảm giá",
];

/// Called for every line: product ids (digits, long codes) are turned away before any comparison.
pub fn is_charge(product: &str) -> bool {
    let p = product.trim();
    if p.is_empty() || p.len() > 24 || p.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    if p.is_ascii() {
        CHARGES.iter().any(|c| c.eq_ignore_ascii_case(p))
    } else {
        CHARGES.contains(&p.to_lowercase().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        for s in ["paid", "Closed Won", "completed", "Shipped", "已付款", ""] {
            assert_eq!(classify(s), Status::Bought, "{s}");
        }
        for s in [
            "refunded",
            "Cancelled",
            "voided",
            "Closed Lost",
            "交易关闭",
            "Отменен",
            "failed",
        ] {
            assert_eq!(classify(s), Status::NotPurchased, "{s}");
        }
        for s in [
            "partially_refunded",
            "pending",
            "Authorized",
            "wc-on-hold",
            "En attente de paiement",
        ] {
            assert_eq!(classify(s), Status::PartlyPaid, "{s}");
        }
    }

    #[test]
    fn charges() {
        assert!(is_charge("Shipping"));
        assert!(is_charge(" 运费 "));
        assert!(!is_charge("POSTAGE STAMP SET"));
        assert!(!is_charge(""));
    }
}
