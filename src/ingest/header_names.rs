//! The header names that name each role, as one table: the common exports' spellings (UCI Online Retail,
//! Dunnhumby/84.51°, CDNOW), the shop and CRM platforms' export columns (Shopify, WooCommerce, Magento,
//! BigCommerce, PrestaShop, Stripe, Square, Etsy, Amazon, HubSpot, Salesforce) and the words of other
//! languages. Names are compared after `normalise_header` (lower case, letters and digits only), so they are
//! written here as people write them. Within a role, a name listed earlier wins over one listed later
//! (`Order ID` over `Transaction ID` in an Etsy export, `SKU` over `Item` in a Square one).

use super::roles::Role;

/// An export layout recognised by its header set, and the roles its columns take there when the names alone
/// would mislead (`None`: the column that looks like it is not that role in this layout).
pub struct Platform {
    pub name: &'static str,
    /// Headers that together identify the layout.
    pub signature: &'static [&'static str],
    pub roles: &'static [(Role, Option<&'static str>)],
}

/// The platforms' export layouts (README's data-format table lists what is read from each).
pub const PLATFORMS: &[Platform] = &[
    Platform {
        name: "Shopify orders export",
        signature: &["Name", "Lineitem name", "Lineitem quantity"],
        // `Name` is the order number (`#1001`); `Total` and `Subtotal` are order totals.
        roles: &[(Role::Order, Some("Name")), (Role::LineAmount, None)],
    },
    Platform {
        name: "WooCommerce order export",
        signature: &["Order Number", "Order Status", "Item Name"],
        roles: &[],
    },
    Platform {
        name: "Magento / Adobe Commerce order items",
        signature: &["Order #", "Purchase Date", "Qty Ordered"],
        roles: &[],
    },
    Platform {
        name: "BigCommerce orders export",
        signature: &["Order ID", "Product SKU", "Product Qty"],
        roles: &[],
    },
    Platform {
        name: "PrestaShop orders export",
        signature: &["ID commande", "Référence produit"],
        roles: &[],
    },
    Platform {
        name: "Stripe payments export",
        signature: &["id", "Amount Refunded", "Captured"],
        // One charge per order, no line items: `Description` is the payment's, not a product.
        roles: &[
            (Role::Order, Some("id")),
            (Role::ProductName, None),
            (Role::ProductId, None),
        ],
    },
    Platform {
        name: "Square item details",
        signature: &["Transaction ID", "Net Sales", "Event Type"],
        roles: &[(Role::UnitPrice, None)],
    },
    Platform {
        name: "Etsy sold order items",
        signature: &["Sale Date", "Item Name", "Buyer"],
        roles: &[(Role::Order, Some("Order ID"))],
    },
    Platform {
        name: "Amazon seller order report",
        signature: &["amazon-order-id", "item-price"],
        // `item-price` is the line's total (price × quantity).
        roles: &[
            (Role::LineAmount, Some("item-price")),
            (Role::UnitPrice, None),
        ],
    },
    Platform {
        name: "HubSpot deal line items",
        signature: &["Deal ID", "Name", "Unit price"],
        roles: &[(Role::ProductName, Some("Name"))],
    },
    Platform {
        name: "Salesforce opportunity products",
        signature: &["Opportunity ID", "Product Name"],
        roles: &[],
    },
];

/// Role, then the names that name it outright, most specific first.
#[rustfmt::skip]
pub const EXACT: &[(Role, &[&str])] = &[
    (
        Role::Customer,
        &[
            "CustomerID", "Customer Number", "Customer No", "Customer Code", "cust_id", "household_key",
            "household_id", "household", "user_id", "client_id", "member_id", "account_id", "buyer_id",
            "shopper_id", "card_id", "Customer Reference ID", "Buyer", "Buyer Username", "customer", "user",
            "Account", "Account Name", "Account Number", "Account No", "Customer Account", "Company",
            "client", "Kundennr", "Kundennummer", "Kunden-ID", "Kunde", "numero client", "cliente",
            "id cliente", "codigo cliente", "código cliente", "klantnummer", "klant", "客户ID", "客户编号", "客户号",
            "客户编码", "客户代码", "顾客ID", "顾客编号", "会员ID", "会员编号", "会员号", "会员卡号", "用户ID", "用户编号", "买家ID", "买家会员名",
            "买家昵称", "客户", "顾客", "会员", "买家", "客戶ID", "客戶編號", "客戶代號", "顧客編號", "會員ID", "會員編號", "用戶ID", "客戶",
            "會員", "買家", "顧客ID", "顧客番号", "顧客コード", "会員番号", "お客様番号", "ユーザーID", "購入者ID", "顧客", "購入者", "고객ID",
            "고객번호", "고객코드", "회원ID", "회원번호", "사용자ID", "구매자ID", "고객", "회원", "구매자", "код клиента", "ID клиента",
            "номер клиента", "код покупателя", "клиент", "покупатель", "контрагент", "müşteri no",
            "müşteri numarası", "müşteri kodu", "müşteri id", "müşteri", "id klienta", "numer klienta",
            "kod klienta", "klient", "nabywca", "رقم العميل", "معرف العميل", "كود العميل", "العميل", "الزبون",
            "ग्राहक आईडी", "ग्राहक", "id pelanggan", "kode pelanggan", "nomor pelanggan", "pelanggan",
            "pembeli", "mã khách hàng", "mã KH", "khách hàng", "người mua",
        ],
    ),
    (
        Role::Order,
        &[
            "InvoiceNo", "Invoice", "invoice_id", "Invoice Number", "Order ID", "Order Number", "Order No",
            "order", "amazon-order-id", "increment_id", "Opportunity ID", "Deal ID", "Order Reference",
            "basket_id", "basket", "receipt_id", "receipt", "receipt no", "ticket_id", "cart_id", "bill_no",
            "transaction_id", "tid", "Bestellnummer", "Bestellnr", "Bestellung", "Rechnungsnummer",
            "Rechnungsnr", "Rechnung", "Belegnr", "Beleg", "Bon", "id commande", "numéro de commande", "N° commande",
            "Nº pedido", "No pedido", "Núm pedido", "número de pedido", "Nº factura", "número de factura",
            "N° de commande", "numéro commande", "réf commande", "commande", "N° facture", "numéro de facture", "facture", "pedido",
            "numero pedido", "número do pedido", "id pedido", "factura", "ordine", "bestelling", "factuur",
            "订单号", "订单编号", "订单ID", "单号", "交易号", "交易单号", "流水号", "小票号", "销售单号", "订单", "訂單編號", "訂單號", "交易編號",
            "單號", "訂單", "注文番号", "注文ID", "受注番号", "伝票番号", "レシート番号", "取引ID", "取引番号", "주문번호", "주문ID", "주문코드",
            "거래번호", "영수증번호", "номер заказа", "ID заказа", "код заказа", "заказ", "номер чека", "чек",
            "номер документа", "sipariş no", "sipariş numarası", "sipariş", "fatura no", "fatura", "fiş no",
            "numer zamówienia", "nr zamówienia", "id zamówienia", "zamówienie", "paragon", "nr faktury",
            "faktura", "رقم الطلب", "الطلب", "رقم الفاتورة", "الفاتورة", "ऑर्डर आईडी", "ऑर्डर संख्या",
            "ऑर्डर नंबर", "ऑर्डर", "बिल संख्या", "id pesanan", "nomor pesanan", "no pesanan", "pesanan",
            "nomor transaksi", "id transaksi", "faktur", "mã đơn hàng", "mã đơn", "đơn hàng", "số hóa đơn",
            "hóa đơn", "mã giao dịch",
           
        ],
    ),
    (
        Role::Date,
        &[
            "InvoiceDate", "transaction_timestamp", "Order Date", "Created at", "Created (UTC)",
            "purchase-date", "Sale Date", "Close Date", "Date Created", "transaction_date",
            "transaction_time", "ordered_at", "created", "date", "timestamp", "ts", "datetime", "time", "day",
            "Datum", "Bestelldatum", "Rechnungsdatum", "fecha", "date achat", "下单时间", "下单日期", "订单时间", "订单日期",
            "订单创建时间", "交易时间", "交易日期", "购买时间", "购买日期", "创建时间", "付款时间", "支付时间", "销售日期", "消费时间", "日期", "时间",
            "下單時間", "訂單日期", "交易時間", "購買日期", "建立時間", "時間", "注文日", "注文日時", "受注日", "購入日", "購入日時", "売上日", "取引日",
            "取引日時", "日付", "日時", "주문일", "주문일자", "주문일시", "주문날짜", "거래일", "거래일시", "구매일", "구매일자", "결제일", "날짜",
            "일자", "일시", "data", "data pedido", "data do pedido", "data da compra", "data venda",
            "data da venda", "data emissão", "дата заказа", "дата покупки", "дата продажи", "время заказа",
            "дата документа", "дата", "sipariş tarihi", "işlem tarihi", "satış tarihi", "fatura tarihi",
            "tarih", "data zamówienia", "data zakupu", "data sprzedaży", "data transakcji", "تاريخ الطلب",
            "تاريخ الشراء", "تاريخ الفاتورة", "التاريخ", "ऑर्डर की तारीख", "ऑर्डर दिनांक", "तारीख", "दिनांक",
            "tanggal pesanan", "tanggal transaksi", "tanggal pembelian", "tanggal", "waktu pesanan", "waktu",
            "ngày đặt hàng", "ngày mua", "ngày giao dịch", "ngày tạo", "ngày", "thời gian",
        ],
    ),
    (
        Role::ProductId,
        &[
            "StockCode", "product_id", "Lineitem sku", "Product SKU", "sku", "Product Code",
            "Product Reference", "item_id", "article_id", "item_code", "upc", "ean", "asin", "movie_id",
            "prod_id", "product", "item", "article", "Artikelnummer", "Artikelnr", "Artikel", "Produkt",
            "produit", "producto", "prodotto", "articulo", "articolo", "productnr", "商品编号", "商品ID", "商品编码",
            "商品代码", "商品货号", "货号", "商家编码", "宝贝ID", "产品编号", "产品ID", "产品编码", "物料编码", "条码", "商品編號", "商品代號",
            "產品編號", "貨號", "品號", "商品番号", "商品コード", "品番", "品目コード", "JANコード", "型番", "상품번호", "상품코드", "상품ID",
            "제품번호", "제품코드", "품번", "품목코드", "código do produto", "codigo produto", "cod produto", "id produto",
            "referência", "produto", "артикул", "код товара", "ID товара", "товар", "ürün kodu", "stok kodu",
            "ürün id", "ürün", "kod produktu", "id produktu", "kod towaru", "indeks", "towar", "رمز المنتج",
            "كود المنتج", "رقم المنتج", "المنتج", "उत्पाद आईडी", "उत्पाद कोड", "उत्पाद", "kode produk",
            "id produk", "kode barang", "produk", "barang", "mã sản phẩm", "mã hàng", "mã SP", "sản phẩm",
            "référence produit", "réf produit", "code article",
        ],
    ),
    (
        Role::ProductName,
        &[
            "Description", "Lineitem name", "product_name", "Item Name", "product_description",
            "item_description", "title", "movie_title", "product_title", "article_name", "item",
            "Bezeichnung", "Artikelbezeichnung", "Beschreibung", "libelle", "descripcion", "descrizione",
            "omschrijving", "商品名称", "商品名", "品名", "商品标题", "宝贝标题", "产品名称", "货品名称", "商品描述", "商品名稱", "產品名稱",
            "製品名", "상품명", "제품명", "품명", "상품이름", "nome do produto", "nome produto", "descrição",
            "наименование товара", "название товара", "наименование", "номенклатура", "название", "описание",
            "ürün adı", "ürün ismi", "açıklama", "nazwa produktu", "nazwa towaru", "nazwa", "opis",
            "اسم المنتج", "الوصف", "الصنف", "उत्पाद का नाम", "विवरण", "nama produk", "nama barang",
            "deskripsi", "tên sản phẩm", "tên hàng", "mô tả",
            "nom du produit", "nom produit", "désignation", "nombre del producto", "nome prodotto",
            // Last: the id where no other column is (see `infer_from_headers`).
            "product",
        ],
    ),
    (
        Role::Quantity,
        &[
            "Quantity", "Lineitem quantity", "Product Qty", "Qty Ordered", "quantity-purchased", "qty",
            "units", "units_sold", "quantity_ordered", "cds_bought", "num_items", "item_count", "pieces",
            "Menge", "Anzahl", "Stueck", "Stück", "quantite", "cantidad", "quantita", "aantal", "数量", "购买数量",
            "商品数量", "销售数量", "订购数量", "件数", "數量", "購買數量", "個数", "注文数", "購入数", "수량", "주문수량", "구매수량",
            "quantidade", "qtd", "qtde", "количество", "кол-во", "adet", "miktar", "ilość", "liczba",
            "الكمية", "كمية", "मात्रा", "jumlah", "kuantitas", "số lượng", "SL",
            "quantité", "qté", "cantidad pedida",
        ],
    ),
    (
        Role::UnitPrice,
        &[
            "UnitPrice", "Lineitem price", "Product Unit Price", "Item Cost", "Sales Price", "price",
            "item_price", "price_each", "unit_cost", "price_per_unit", "selling_price", "sale_price",
            "Product Price", "Preis", "Einzelpreis", "Stückpreis", "prix", "prix unitaire", "prix unitaire TTC",
            "prix unitaire HT", "PU TTC", "PU HT", "prix TTC", "prix HT", "precio",
            "precio unitario", "prezzo", "prijs", "单价", "商品单价", "销售单价", "售价", "成交价", "商品价格", "价格", "零售价",
            "單價", "售價", "價格", "単価", "税込単価", "販売価格", "商品価格", "価格", "단가", "판매가", "판매가격", "상품가격", "가격",
            "preço unitário", "valor unitário", "preço", "цена", "цена за ед", "цена за единицу",
            "birim fiyat", "birim fiyatı", "satış fiyatı", "fiyat", "cena jednostkowa", "cena", "سعر الوحدة",
            "السعر", "इकाई मूल्य", "मूल्य", "कीमत", "harga satuan", "harga", "đơn giá", "giá",
        ],
    ),
    (
        Role::LineAmount,
        &[
            "sales_value", "Lineitem total", "Product Total Price", "Row Total", "Item Total",
            "Order Line Total", "Total Price", "line_total", "line_amount", "Net Sales", "amount",
            "amount_usd", "total", "revenue", "sales", "spent", "spend", "value", "subtotal", "total_amount",
            "sale_amount", "extended_price", "monetary", "Net value", "Net amount", "Line value", "Net Total",
            "Betrag", "Umsatz", "Gesamtpreis", "Summe",
            "montant", "montant TTC", "montant HT", "total TTC", "total HT", "prix total", "prix total TTC", "importe",
            "totale", "bedrag", "金额", "实付金额", "实付款", "支付金额", "成交金额", "商品金额", "应付金额",
            "总金额", "总价", "销售额", "小计", "金額", "實付金額", "總金額", "總價", "小計", "合計金額", "売上金額", "支払金額", "税込金額", "売上",
            "금액", "결제금액", "판매금액", "총금액", "합계금액", "소계", "매출", "valor total", "valor", "сумма", "стоимость",
            "сумма продажи", "tutar", "toplam tutar", "toplam", "wartość", "kwota", "suma", "المبلغ",
            "الإجمالي", "المجموع", "राशि", "कुल राशि", "कुल", "total harga", "nominal", "thành tiền",
            "tổng tiền", "số tiền", "tổng cộng",
        ],
    ),
    (
        Role::Status,
        &[
            "Financial Status", "order-status", "Payment Status", "Deal Stage", "Stage", "status",
            "Bestellstatus", "statut", "estado", "stato", "订单状态", "交易状态", "状态", "訂單狀態", "狀態", "注文ステータス",
            "ステータス", "주문상태", "상태", "status do pedido", "статус заказа", "статус", "sipariş durumu", "durum",
            "status zamówienia", "حالة الطلب", "الحالة", "स्थिति", "status pesanan", "trạng thái",
        ],
    ),
    (
        Role::Currency,
        &[
            "Currency", "Currency Code", "Order Currency", "Order Currency Code", "Opportunity Currency",
            "Währung", "devise", "moneda", "valuta", "币种", "货币", "幣別", "貨幣", "通貨", "통화", "moeda", "валюта",
            "para birimi", "waluta", "العملة", "मुद्रा", "mata uang", "tiền tệ",
        ],
    ),
];

/// Words that suggest a role when they appear inside a longer header name (after `normalise_header`).
#[rustfmt::skip]
pub const HINTS: &[(Role, &[&str])] = &[
    (
        Role::Customer,
        &[
            "customer", "household", "client", "member", "shopper", "客户", "顾客", "会员", "用户", "买家", "客戶", "顧客",
            "會員", "고객", "회원", "клиент", "покупател", "müşteri", "klient", "pelanggan", "khách",
        ],
    ),
    (
        Role::Order,
        &[
            "invoice", "basket", "order", "receipt", "transaction", "订单", "訂單", "注文", "주문", "заказ",
            "sipariş", "zamówien", "pesanan", "đơn",
        ],
    ),
    (
        Role::Date,
        &[
            "date", "time", "时间", "日期", "時間", "日時", "日付", "일시", "일자", "날짜", "дата", "tarih", "tanggal",
            "ngày",
        ],
    ),
    (
        Role::ProductId,
        &[
            "product", "sku", "stock", "article", "商品", "产品", "產品", "상품", "제품", "товар", "ürün", "produk",
        ],
    ),
    (
        Role::ProductName,
        &[
            "description", "name", "title", "名称", "名稱", "品名", "标题", "상품명", "наименование", "nazwa",
        ],
    ),
    (
        Role::Quantity,
        &[
            "qty", "quantity", "数量", "數量", "수량", "количеств", "quantidade",
        ],
    ),
    (
        Role::UnitPrice,
        &[
            "price", "prix", "precio", "preis", "prezzo", "单价", "單價", "単価", "단가", "цена", "preço", "fiyat",
            "harga",
        ],
    ),
    (
        Role::LineAmount,
        &[
            "amount", "revenue", "sales", "total", "spent", "金额", "金額", "금액", "сумма", "tutar",
        ],
    ),
];

/// Relative-time files (Instacart's `orders.csv`): no calendar date, but each customer's orders numbered
/// in sequence, with the days since that customer's previous order (see `relative`). These columns take
/// no role of their own; they are read only when the file has no date column.
/// The order's number in its customer's sequence (1 for the first order), not an order id.
#[rustfmt::skip]
pub const ORDER_SEQUENCE: &[&str] = &[
    "order_number", "order_seq", "order_sequence", "order_sequence_number", "order_index",
    "customer_order_number", "user_order_number", "purchase_number", "order_count",
];

/// Days since the customer's previous order (empty on the first).
#[rustfmt::skip]
pub const DAYS_SINCE_PRIOR: &[&str] = &[
    "days_since_prior_order", "days_since_prior", "days_since_last_order", "days_since_previous_order",
    "days_since_prior_purchase", "days_since_last_purchase", "days_since_previous_purchase",
    "days_since_last", "days_between_orders",
];

/// The hour of the day the order was placed (0–23), used for the time of day where given.
#[rustfmt::skip]
pub const ORDER_HOUR: &[&str] = &["order_hour_of_day", "hour_of_day", "order_hour", "hour"];
