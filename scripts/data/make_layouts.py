#!/usr/bin/env python3
"""Writes tests/layouts/: the same underlying order lines as the exports people actually have, one file per
platform or system, each with that system's real column names, encodings, date and number styles and quirks
(Shopify's order-level fields on an order's first line only, e-mails as the only customer id, refunds as a
status, shipping lines, Amazon's item-price as a line total, GBK, Shift_JIS, EUC-KR, Windows-1251, decimal
commas, full-width and currency-marked numbers, CJK date words), plus expected.json: the facts a correct
reader must find in each (customers, orders, products, net revenue, first and last day), computed here from
the underlying lines, independently of the reader.

Seeded and deterministic: `python3 scripts/data/make_layouts.py tests/layouts` rewrites the same bytes.

What counts as bought, in every file: orders whose status is paid, fulfilled, completed, shipped, won or
pending; refunded, cancelled, voided and lost orders are not purchases (and their customers, if they bought
nothing else, are not customers). Shipping, tax and tip lines are not products.
"""
import csv
import io
import json
import os
import random
import sys
from datetime import datetime, timedelta

OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/layouts"
rng = random.Random(20261202)

PRODUCTS = [
    # sku, English, Chinese, Japanese, Korean, Portuguese, Russian, price
    ("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "白色心形挂饰", "白いハート型キャンドルホルダー", "흰색 하트 촛대", "Porta-vela coração branco", "Белый подсвечник-сердце", 2.55),
    ("71053", "WHITE METAL LANTERN", "白色金属灯笼", "白い金属ランタン", "흰색 금속 랜턴", "Lanterna de metal branca", "Белый металлический фонарь", 3.39),
    ("84406B", "CREAM CUPID HEARTS COAT HANGER", "奶油色丘比特衣架", "クリーム色キューピッドのハンガー", "크림색 큐피드 옷걸이", "Cabide cupido creme", "Кремовая вешалка с купидоном", 2.75),
    ("84029G", "KNITTED UNION FLAG HOT WATER BOTTLE", "针织国旗热水袋", "ニットのユニオンフラッグ湯たんぽ", "니트 유니언기 보온병", "Bolsa de água quente tricô", "Вязаная грелка с флагом", 3.39),
    ("22752", "SET 7 BABUSHKA NESTING BOXES", "七件套俄罗斯套娃盒", "マトリョーシカ入れ子箱7個セット", "바부시카 네스팅 박스 7종", "Conjunto 7 caixas babushka", "Набор из 7 шкатулок-матрёшек", 7.65),
    ("21730", "GLASS STAR FROSTED T-LIGHT HOLDER", "磨砂玻璃星形烛台", "すりガラスの星型キャンドル立て", "젖빛 유리 별 촛대", "Porta-vela estrela de vidro", "Стеклянный подсвечник-звезда", 4.25),
    ("22633", "HAND WARMER UNION JACK", "英国国旗暖手宝", "ユニオンジャックのハンドウォーマー", "유니언잭 손난로", "Aquecedor de mãos Union Jack", "Грелка для рук «Юнион Джек»", 1.85),
    ("22632", "HAND WARMER RED POLKA DOT", "红色波点暖手宝", "赤い水玉のハンドウォーマー", "빨간 물방울 손난로", "Aquecedor de mãos bolinhas", "Грелка для рук в горошек", 1.85),
    ("84879", "ASSORTED COLOUR BIRD ORNAMENT", "彩色小鸟挂件", "カラフルな鳥のオーナメント", "다양한 색 새 장식", "Enfeite de pássaro colorido", "Разноцветное украшение-птичка", 1.69),
    ("22745", "POPPY'S PLAYHOUSE BEDROOM", "罂粟花玩具屋卧室", "ポピーのおもちゃの寝室", "포피의 놀이집 침실", "Casinha Poppy quarto", "Кукольный домик: спальня", 2.10),
    ("22748", "POPPY'S PLAYHOUSE KITCHEN", "罂粟花玩具屋厨房", "ポピーのおもちゃのキッチン", "포피의 놀이집 부엌", "Casinha Poppy cozinha", "Кукольный домик: кухня", 2.10),
    ("22749", "FELTCRAFT PRINCESS CHARLOTTE DOLL", "毛毡公主夏洛特娃娃", "フェルトのシャーロット姫人形", "펠트 샬럿 공주 인형", "Boneca de feltro princesa", "Фетровая кукла-принцесса", 3.75),
    ("22310", "IVORY KNITTED MUG COSY", "象牙色针织杯套", "アイボリーのニットマグカバー", "아이보리 니트 머그 커버", "Capa de caneca tricô marfim", "Вязаный чехол для кружки", 1.65),
    ("84969", "BOX OF 6 ASSORTED COLOUR TEASPOONS", "六色茶匙礼盒", "カラフルなティースプーン6本箱", "색색 티스푼 6개 상자", "Caixa 6 colheres coloridas", "Набор из 6 цветных ложек", 4.25),
    ("22623", "BOX OF VINTAGE JIGSAW BLOCKS", "复古拼图积木盒", "ヴィンテージのジグソーブロック箱", "빈티지 직소 블록 상자", "Caixa de blocos vintage", "Коробка винтажных кубиков", 4.95),
    ("22622", "BOX OF VINTAGE ALPHABET BLOCKS", "复古字母积木盒", "ヴィンテージのアルファベット積み木", "빈티지 알파벳 블록 상자", "Caixa de letras vintage", "Коробка винтажных букв", 9.95),
    ("21754", "HOME BUILDING BLOCK WORD", "HOME字母积木", "HOMEの積み木", "HOME 단어 블록", "Bloco palavra HOME", "Кубики со словом HOME", 5.95),
    ("21755", "LOVE BUILDING BLOCK WORD", "LOVE字母积木", "LOVEの積み木", "LOVE 단어 블록", "Bloco palavra LOVE", "Кубики со словом LOVE", 5.95),
    ("21777", "RECIPE BOX WITH METAL HEART", "金属心形食谱盒", "メタルハートのレシピボックス", "금속 하트 레시피 상자", "Caixa de receitas coração", "Шкатулка для рецептов", 7.95),
    ("48187", "DOORMAT NEW ENGLAND", "新英格兰门垫", "ニューイングランドの玄関マット", "뉴잉글랜드 현관 매트", "Capacho Nova Inglaterra", "Коврик «Новая Англия»", 7.95),
    ("22960", "JAM MAKING SET WITH JARS", "果酱制作套装（含罐）", "ジャム作りセット（瓶付き）", "잼 만들기 세트(병 포함)", "Kit de geleia com potes", "Набор для варенья с банками", 4.25),
    ("22913", "RED COAT RACK PARIS FASHION", "红色巴黎时尚衣帽架", "赤いパリファッションのコートラック", "빨간 파리 패션 옷걸이", "Cabideiro vermelho Paris", "Красная вешалка «Париж»", 4.95),
    ("22912", "YELLOW COAT RACK PARIS FASHION", "黄色巴黎时尚衣帽架", "黄色いパリファッションのコートラック", "노란 파리 패션 옷걸이", "Cabideiro amarelo Paris", "Жёлтая вешалка «Париж»", 4.95),
    ("22914", "BLUE COAT RACK PARIS FASHION", "蓝色巴黎时尚衣帽架", "青いパリファッションのコートラック", "파란 파리 패션 옷걸이", "Cabideiro azul Paris", "Синяя вешалка «Париж»", 4.95),
    ("21756", "BATH BUILDING BLOCK WORD", "BATH字母积木", "BATHの積み木", "BATH 단어 블록", "Bloco palavra BATH", "Кубики со словом BATH", 5.95),
    ("22728", "ALARM CLOCK BAKELIKE PINK", "粉色复古闹钟", "ピンクのレトロ目覚まし時計", "분홍 레트로 알람 시계", "Despertador retrô rosa", "Розовый будильник ретро", 3.75),
    ("22727", "ALARM CLOCK BAKELIKE RED", "红色复古闹钟", "赤いレトロ目覚まし時計", "빨간 레트로 알람 시계", "Despertador retrô vermelho", "Красный будильник ретро", 3.75),
    ("22726", "ALARM CLOCK BAKELIKE GREEN", "绿色复古闹钟", "緑のレトロ目覚まし時計", "초록 레트로 알람 시계", "Despertador retrô verde", "Зелёный будильник ретро", 3.75),
    ("22386", "JUMBO BAG PINK POLKADOT", "粉色波点大号购物袋", "ピンク水玉のジャンボバッグ", "분홍 물방울 점보 가방", "Sacola jumbo rosa de bolinhas", "Большая сумка в розовый горошек", 1.95),
    ("85099B", "JUMBO BAG RED RETROSPOT", "红色复古圆点大号购物袋", "赤いレトロ水玉のジャンボバッグ", "빨간 레트로 점보 가방", "Sacola jumbo vermelha retrô", "Большая красная сумка в горошек", 1.95),
]
FIRST = ["Ann", "Bob", "Chen", "Dana", "Emil", "Fatima", "Grace", "Hiro", "Ines", "Jae", "Kofi", "Lena", "Marco",
         "Nadia", "Oscar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Victor", "Wen", "Yuki", "Zoe"]
LAST = ["Smith", "Garcia", "Wang", "Kim", "Müller", "Rossi", "Silva", "Ivanova", "Tanaka", "Dubois", "Nowak",
        "Yilmaz", "Nguyen", "Santos", "Khan", "Novak"]
CITIES = ["Springfield", "Riverton", "Lakeside", "Hillview", "Fairmont"]

# The underlying lines: customers, orders (with a status), lines.
customers = []
for i in range(120):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    customers.append({
        "id": 10001 + i,
        "first": first,
        "last": last,
        "email": f"{first.lower()}.{last.lower().replace('ü', 'u')}{i}@example.com",
        "phone": f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "city": rng.choice(CITIES),
    })
start = datetime(2017, 1, 1, 8, 0)
orders = []
for n in range(260):
    c = rng.choice(customers[: 60 + n // 4 if n < 240 else 120])
    when = start + timedelta(days=rng.randint(0, 540), hours=rng.randint(0, 12), minutes=rng.randint(0, 59))
    status = rng.choices(["paid", "refunded", "pending"], [0.9, 0.07, 0.03])[0]
    items = rng.sample(PRODUCTS, rng.randint(1, 5))
    lines = [(p, rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 12])) for p in items]
    orders.append({"n": 1001 + n, "customer": c, "when": when, "status": status, "lines": lines,
                   "shipping": rng.choice([0.0, 4.95, 4.95, 6.5])})
orders.sort(key=lambda o: o["when"])
for i, o in enumerate(orders):
    o["n"] = 1001 + i
# Every refunded order's customer also has a paid order, so "customers" means the same in every file.
paid_customers = {o["customer"]["id"] for o in orders if o["status"] != "refunded"}
for o in orders:
    if o["status"] == "refunded" and o["customer"]["id"] not in paid_customers:
        o["status"] = "paid"
        paid_customers.add(o["customer"]["id"])


def facts(scale=1, with_products=True, with_customers=True):
    bought = [o for o in orders if o["status"] != "refunded"]
    net = sum(round(p[7] * scale, 2) * q for o in bought for p, q in o["lines"])
    days = [o["when"].date().isoformat() for o in bought]
    f = {
        "orders": len(bought),
        "netAmount": round(net, 2),
        "firstDate": min(days),
        "lastDate": max(days),
    }
    if with_customers:
        f["customers"] = len({o["customer"]["id"] for o in bought})
    if with_products:
        f["products"] = len({p[0] for o in bought for p, _ in o["lines"]})
    return f


expected = {}

# The currency each export's amounts are in, as the reader must name it: the currency column's ISO code, else
# the sign or word the amounts carry (or their headers); None where nothing in the file says.
CURRENCY = {
    "amazon_order_report.txt": "USD", "bigcommerce_orders.csv": "USD", "de_rechnungen_1252.csv": None,
    "etsy_sold_order_items.csv": "USD", "fr_boutique_1252.csv": "€", "hubspot_line_items.csv": None,
    "ja_orders_sjis.csv": "¥", "ko_orders_euckr.csv": "원", "magento_order_items.csv": None,
    "prestashop_orders.csv": None, "pt_br_pedidos.csv": "R$", "ru_zakazy_1251.csv": "руб.",
    "salesforce_opportunity_products.csv": "USD", "shopify_orders_export.csv": "USD", "square_item_details.csv": "$",
    "stripe_payments.csv": "USD", "tab_ragged_total_1252.tsv": None, "uci_online_retail_layout.csv": None,
    "woocommerce_orders.csv": "USD", "zh_crm_header_currency_gbk.csv": "元", "zh_orders_gbk.csv": "¥",
    "zh_taobao_utf8_bom.csv": "元",
}


def write(name, header, rows, encoding="utf-8", delimiter=",", bom=False, facts_=None, options=None):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if encoding != "utf-8" else "\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    entry = dict(facts_ or facts())
    entry["currency"] = CURRENCY[name]
    if options:
        entry["options"] = options
    expected[name] = entry


def money(v, fmt="{:.2f}"):
    return fmt.format(v)


os.makedirs(OUT, exist_ok=True)

# Shopify orders export: an order's fields on its first line only; customers known by e-mail (in mixed case
# on some orders); Name is the order number; refunds are a financial status; timestamps with an offset.
rows = []
for o in orders:
    c = o["customer"]
    email = c["email"].upper() if o["n"] % 7 == 0 else c["email"]
    subtotal = sum(p[7] * q for p, q in o["lines"])
    for i, (p, q) in enumerate(o["lines"]):
        r = {"Name": f"#{o['n']}", "Email": email, "Lineitem quantity": q, "Lineitem name": p[1].title(),
             "Lineitem price": money(p[7]), "Lineitem sku": p[0], "Lineitem requires shipping": "true",
             "Lineitem taxable": "true", "Lineitem fulfillment status": "fulfilled", "Vendor": "Gift Co"}
        if i == 0:
            r.update({
                "Financial Status": {"paid": "paid", "refunded": "refunded", "pending": "pending"}[o["status"]],
                "Paid at": o["when"].strftime("%Y-%m-%d %H:%M:%S -0500"),
                "Fulfillment Status": "fulfilled", "Fulfilled at": "", "Accepts Marketing": "no",
                "Currency": "USD", "Subtotal": money(subtotal), "Shipping": money(o["shipping"]),
                "Taxes": money(subtotal * 0.08), "Total": money(subtotal * 1.08 + o["shipping"]),
                "Created at": o["when"].strftime("%Y-%m-%d %H:%M:%S -0500"),
                "Billing Name": f"{c['first']} {c['last']}", "Billing Street": f"{rng.randint(1, 99)} Main St",
                "Billing City": c["city"], "Billing Zip": f"{rng.randint(10000, 99999)}", "Billing Phone": c["phone"],
                "Payment Method": "Shopify Payments", "Id": 450789469 + o["n"],
            })
        rows.append(r)
write("shopify_orders_export.csv",
      ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
       "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount",
       "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
       "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable",
       "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing City", "Billing Zip",
       "Billing Phone", "Notes", "Payment Method", "Vendor", "Id"], rows)

# WooCommerce (an order-export plugin's common columns): shipping as a line with no SKU; guests by e-mail.
rows = []
for o in orders:
    c = o["customer"]
    st = {"paid": "Completed", "refunded": "Refunded", "pending": "Processing"}[o["status"]]
    base = {"Order Number": o["n"], "Order Status": st, "Order Date": o["when"].strftime("%Y-%m-%d %H:%M"),
            "Billing First Name": c["first"], "Billing Last Name": c["last"], "Billing Email": c["email"],
            "Billing Phone": c["phone"], "Order Currency": "USD"}
    for p, q in o["lines"]:
        rows.append(dict(base, **{"Item Name": p[1].title(), "SKU": p[0], "Quantity": q, "Item Cost": money(p[7]),
                                  "Order Line Total": money(p[7] * q)}))
    if o["shipping"]:
        rows.append(dict(base, **{"Item Name": "Shipping", "Quantity": 1, "Item Cost": money(o["shipping"]),
                                  "Order Line Total": money(o["shipping"])}))
write("woocommerce_orders.csv",
      ["Order Number", "Order Status", "Order Date", "Billing First Name", "Billing Last Name", "Billing Email",
       "Billing Phone", "Item Name", "SKU", "Quantity", "Item Cost", "Order Line Total", "Order Currency"], rows)

# Magento / Adobe Commerce order items: month-name timestamps; `closed` is Magento's refunded.
rows = []
for o in orders:
    c = o["customer"]
    st = {"paid": "complete", "refunded": "closed", "pending": "processing"}[o["status"]]
    grand = sum(p[7] * q for p, q in o["lines"]) + o["shipping"]
    for i, (p, q) in enumerate(o["lines"]):
        rows.append({"Order #": 100000000 + o["n"], "Purchase Date": o["when"].strftime("%b %-d, %Y %-I:%M:%S %p"),
                     "Bill-to Name": f"{c['first']} {c['last']}", "Customer Email": c["email"], "Status": st,
                     "SKU": p[0], "Product Name": p[1].title(), "Qty Ordered": f"{q}.0000",
                     "Price": money(p[7]), "Row Total": money(p[7] * q),
                     "Grand Total (Purchased)": money(grand) if i == 0 else ""})
write("magento_order_items.csv",
      ["Order #", "Purchase Date", "Bill-to Name", "Customer Email", "Status", "SKU", "Product Name",
       "Qty Ordered", "Price", "Row Total", "Grand Total (Purchased)"], rows)

# BigCommerce: day-first dates, customer ids.
rows = []
for o in orders:
    c = o["customer"]
    st = {"paid": "Completed", "refunded": "Refunded", "pending": "Awaiting Fulfillment"}[o["status"]]
    for p, q in o["lines"]:
        rows.append({"Order ID": o["n"], "Customer ID": c["id"], "Customer Email": c["email"],
                     "Order Date": o["when"].strftime("%d/%m/%Y"), "Order Status": st, "Product SKU": p[0],
                     "Product Name": p[1].title(), "Product Qty": q, "Product Unit Price": money(p[7]),
                     "Product Total Price": money(p[7] * q), "Order Currency Code": "USD"})
write("bigcommerce_orders.csv",
      ["Order ID", "Customer ID", "Customer Email", "Order Date", "Order Status", "Product SKU", "Product Name",
       "Product Qty", "Product Unit Price", "Product Total Price", "Order Currency Code"], rows)

# PrestaShop: `;`-separated with decimal commas, as a French shop's back office writes it.
rows = []
for o in orders:
    c = o["customer"]
    st = {"paid": "Livré", "refunded": "Remboursé", "pending": "En attente de paiement"}[o["status"]]
    for p, q in o["lines"]:
        rows.append({"ID commande": o["n"], "Référence": f"XKB{o['n']:06d}", "Date": o["when"].strftime("%Y-%m-%d %H:%M:%S"),
                     "ID client": c["id"], "Statut": st, "Référence produit": p[0], "Nom du produit": p[1].title(),
                     "Quantité": q, "Prix unitaire": money(p[7]).replace(".", ",")})
write("prestashop_orders.csv",
      ["ID commande", "Référence", "Date", "ID client", "Statut", "Référence produit", "Nom du produit",
       "Quantité", "Prix unitaire"], rows, delimiter=";")

# Stripe payments: one charge per order, no line items (so no products); refunds as a status.
rows = []
for o in orders:
    c = o["customer"]
    total = sum(p[7] * q for p, q in o["lines"])
    rows.append({"id": f"ch_1A{o['n']:08d}xYz", "Description": f"Order #{o['n']}",
                 "Created (UTC)": o["when"].strftime("%Y-%m-%d %H:%M"), "Amount": money(total),
                 "Amount Refunded": money(total if o["status"] == "refunded" else 0), "Currency": "usd",
                 "Converted Amount": money(total), "Fee": money(total * 0.029 + 0.3),
                 "Status": {"paid": "Paid", "refunded": "Refunded", "pending": "Paid"}[o["status"]],
                 "Customer ID": f"cus_{c['id']:08d}", "Customer Email": c["email"], "Captured": "true"})
write("stripe_payments.csv",
      ["id", "Description", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Converted Amount", "Fee",
       "Status", "Customer ID", "Customer Email", "Captured"], rows, facts_=facts(with_products=False))

# Square item details: dates and times in two columns, `$` amounts, refunded payments left out of the export.
rows = []
for o in orders:
    if o["status"] == "refunded":
        continue
    c = o["customer"]
    for p, q in o["lines"]:
        rows.append({"Date": o["when"].strftime("%Y-%m-%d"), "Time": o["when"].strftime("%H:%M:%S"),
                     "Time Zone": "Eastern Time (US & Canada)", "Category": "Gifts", "Item": p[1].title(),
                     "Qty": q, "Price Point Name": "Regular", "SKU": p[0], "Gross Sales": f"${p[7] * q:.2f}",
                     "Discounts": "$0.00", "Net Sales": f"${p[7] * q:.2f}", "Tax": f"${p[7] * q * 0.08:.2f}",
                     "Transaction ID": f"T{o['n']}X", "Payment ID": f"P{o['n']}Y", "Event Type": "Payment",
                     "Location": "Main Street", "Customer ID": f"SQ{c['id']}", "Customer Name": f"{c['first']} {c['last']}"})
write("square_item_details.csv",
      ["Date", "Time", "Time Zone", "Category", "Item", "Qty", "Price Point Name", "SKU", "Gross Sales",
       "Discounts", "Net Sales", "Tax", "Transaction ID", "Payment ID", "Event Type", "Location", "Customer ID",
       "Customer Name"], rows)

# Etsy sold order items: two-digit years, buyers by user name; refunded orders are not in a sold-items report.
rows = []
for o in orders:
    if o["status"] == "refunded":
        continue
    c = o["customer"]
    for k, (p, q) in enumerate(o["lines"]):
        rows.append({"Sale Date": o["when"].strftime("%m/%d/%y"), "Item Name": p[1].title(), "Buyer": f"{c['first'].lower()}{c['id']}",
                     "Quantity": q, "Price": money(p[7]), "Coupon Code": "", "Discount Amount": "0",
                     "Order Shipping": money(o["shipping"]), "Item Total": money(p[7] * q), "Currency": "USD",
                     "Transaction ID": 1_000_000 + o["n"] * 10 + k, "Listing ID": 5000 + PRODUCTS.index(p),
                     "Ship Name": f"{c['first']} {c['last']}", "Ship City": c["city"], "Order ID": 2_000_000 + o["n"],
                     "SKU": p[0]})
write("etsy_sold_order_items.csv",
      ["Sale Date", "Item Name", "Buyer", "Quantity", "Price", "Coupon Code", "Discount Amount", "Order Shipping",
       "Item Total", "Currency", "Transaction ID", "Listing ID", "Ship Name", "Ship City", "Order ID", "SKU"], rows)

# Amazon seller order report (tab-separated): item-price is the line's total, not a unit price.
rows = []
for o in orders:
    c = o["customer"]
    st = {"paid": "Shipped", "refunded": "Cancelled", "pending": "Pending"}[o["status"]]
    oid = f"114-{o['n']:07d}-{o['n'] * 7 % 10_000_000:07d}"
    for p, q in o["lines"]:
        rows.append({"amazon-order-id": oid, "merchant-order-id": "", "purchase-date": o["when"].strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                     "order-status": st, "fulfillment-channel": "Merchant", "sales-channel": "Amazon.com",
                     "product-name": p[1].title(), "sku": p[0], "asin": f"B0{PRODUCTS.index(p):08d}",
                     "quantity": q, "currency": "USD", "item-price": money(p[7] * q),
                     "item-tax": money(p[7] * q * 0.08), "shipping-price": money(o["shipping"]),
                     "buyer-email": f"{c['id']}x{c['id'] * 31 % 997}@marketplace.amazon.com", "ship-city": c["city"]})
write("amazon_order_report.txt",
      ["amazon-order-id", "merchant-order-id", "purchase-date", "order-status", "fulfillment-channel",
       "sales-channel", "product-name", "sku", "asin", "quantity", "currency", "item-price", "item-tax",
       "shipping-price", "buyer-email", "ship-city"], rows, delimiter="\t")

# HubSpot line items of deals: `Name` is the product; the contact is an e-mail; lost deals are not sales.
rows = []
for o in orders:
    c = o["customer"]
    stage = {"paid": "Closed won", "refunded": "Closed lost", "pending": "Closed won"}[o["status"]]
    for k, (p, q) in enumerate(o["lines"]):
        rows.append({"Record ID": 7_000_000 + o["n"] * 10 + k, "Name": p[1].title(), "SKU": p[0], "Quantity": q,
                     "Unit price": money(p[7]), "Amount": money(p[7] * q), "Deal ID": 900_000 + o["n"],
                     "Deal Stage": stage, "Close Date": o["when"].strftime("%Y-%m-%d %H:%M"),
                     "Associated Contact": c["email"]})
write("hubspot_line_items.csv",
      ["Record ID", "Name", "SKU", "Quantity", "Unit price", "Amount", "Deal ID", "Deal Stage", "Close Date",
       "Associated Contact"], rows)

# Salesforce opportunity products: accounts as customers, M/D/YYYY close dates, lost opportunities.
rows = []
for o in orders:
    c = o["customer"]
    stage = {"paid": "Closed Won", "refunded": "Closed Lost", "pending": "Closed Won"}[o["status"]]
    for p, q in o["lines"]:
        rows.append({"Opportunity ID": f"0065g00000{o['n']:05d}", "Opportunity Name": f"{c['last']} order {o['n']}",
                     "Account ID": f"0015g00000{c['id']:05d}", "Account Name": f"{c['last']} Ltd",
                     "Close Date": f"{o['when'].month}/{o['when'].day}/{o['when'].year}", "Stage": stage,
                     "Product Name": p[1].title(), "Product Code": p[0], "Quantity": q, "Sales Price": money(p[7]),
                     "Total Price": money(p[7] * q), "Opportunity Currency": "USD"})
write("salesforce_opportunity_products.csv",
      ["Opportunity ID", "Opportunity Name", "Account ID", "Account Name", "Close Date", "Stage", "Product Name",
       "Product Code", "Quantity", "Sales Price", "Total Price", "Opportunity Currency"], rows)


# Exports from Chinese, Japanese, Korean, Brazilian and Russian systems.
def localized(name, header, line, encoding, delimiter=",", bom=False, scale=1):
    rows = []
    for o in orders:
        if o["status"] == "refunded":
            continue
        for p, q in o["lines"]:
            rows.append(dict(zip(header, line(o, p, q))))
    write(name, header, rows, encoding=encoding, delimiter=delimiter, bom=bom, facts_=facts(scale=scale))


def zh_time(t):
    return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"


localized("zh_orders_gbk.csv", ["订单号", "客户ID", "下单时间", "商品编号", "商品名称", "数量", "单价"],
          lambda o, p, q: [f"E{o['n']}", o["customer"]["id"], zh_time(o["when"]), p[0], p[2], q, f"￥{p[7]:.2f}"],
          "gbk")
localized("zh_taobao_utf8_bom.csv", ["订单编号", "买家会员名", "订单创建时间", "商家编码", "宝贝标题", "购买数量", "实付金额"],
          lambda o, p, q: [f"{o['n'] * 9973}", f"tb_{o['customer']['id']}",
                           f"{o['when'].year}年{o['when'].month}月{o['when'].day}日 {o['when'].hour}:{o['when'].minute:02d}",
                           p[0], p[2], q, f"{p[7] * q:.2f}元"],
          "utf-8", bom=True)
# A Chinese CRM's export: no product code, the currency only in the amount headers.
localized("zh_crm_header_currency_gbk.csv", ["订单号", "客户编号", "下单日期", "商品名称", "数量", "单价(元)", "金额(元)", "订单状态"],
          lambda o, p, q: [f"DD{o['n']}", f"KH{o['customer']['id']}", f"{o['when'].year}/{o['when'].month}/{o['when'].day}",
                           p[2], q, f"{p[7]:.2f}", f"{p[7] * q:.2f}", "已完成"],
          "gbk")
localized("ja_orders_sjis.csv", ["注文番号", "顧客ID", "注文日時", "商品コード", "商品名", "数量", "単価"],
          lambda o, p, q: [f"J-{o['n']}", o["customer"]["id"], o["when"].strftime("%Y/%m/%d %H:%M:%S"), p[0], p[3],
                           q, f"¥{round(p[7] * 100):,}"],
          "shift_jis", scale=100)


def ko_time(t):
    ampm = "오전" if t.hour < 12 else "오후"
    return f"{t.year}. {t.month}. {t.day}. {ampm} {(t.hour - 1) % 12 + 1}:{t.minute:02d}:00"


localized("ko_orders_euckr.csv", ["주문번호", "고객번호", "주문일시", "상품코드", "상품명", "수량", "판매가"],
          lambda o, p, q: [f"K{o['n']}", o["customer"]["id"], ko_time(o["when"]), p[0], p[4], q,
                           f"{round(p[7] * 100):,}원"],
          "euc-kr", scale=100)
localized("pt_br_pedidos.csv", ["Pedido", "Cliente", "Data", "Código do produto", "Descrição", "Quantidade", "Preço unitário"],
          lambda o, p, q: [o["n"], o["customer"]["id"], o["when"].strftime("%d/%m/%Y %H:%M"), p[0], p[5], q,
                           f"R$ {p[7]:.2f}".replace(".", ",")],
          "utf-8", delimiter=";")
localized("ru_zakazy_1251.csv", ["Номер заказа", "Код клиента", "Дата", "Артикул", "Наименование", "Кол-во", "Цена"],
          lambda o, p, q: [f"З-{o['n']}", o["customer"]["id"], o["when"].strftime("%d.%m.%Y %H:%M"), p[0], p[6], q,
                           f"{p[7]:.2f}".replace(".", ",") + " руб."],
          "cp1251", delimiter=";")

# A French shop's export: `N°` in a header, TTC prices with a decimal comma and a space between thousands,
# customers by name (a person's name is the only customer id), Windows-1252.
# One name per customer, as a shop's customer list keeps them apart: a compound first name where two share one.
french_names = {}
for c in customers:
    name, k = f"{c['last'].upper()} {c['first']}", 0
    while name in french_names.values():
        name, k = f"{c['last'].upper()} {c['first']}-{FIRST[(c['id'] + k) % len(FIRST)]}", k + 1
    french_names[c["id"]] = name
localized("fr_boutique_1252.csv", ["N° commande", "Date", "Client", "Article", "Quantité", "Prix unitaire TTC"],
          lambda o, p, q: [f"FR-{o['n']}", o["when"].strftime("%d/%m/%Y %H:%M"), french_names[o["customer"]["id"]],
                           p[1].capitalize(), q, f"{p[7] * 100:,.2f} €".replace(",", " ").replace(".", ",")],
          "cp1252", delimiter=";", scale=100)

# The layouts of issue 20's suite. UCI Online Retail: M/D/YYYY H:MM, cancellations as `C` invoices with
# negative quantities a day later, a few guest lines without a customer id.
rows, kept = [], []
guests = {o["n"] for o in orders[5:60:11] if o["status"] != "refunded"}
for o in orders:
    cid = "" if o["n"] in guests else o["customer"]["id"]
    t = o["when"]
    for p, q in o["lines"]:
        rows.append({"InvoiceNo": 536000 + o["n"], "StockCode": p[0], "Description": p[1], "Quantity": q,
                     "InvoiceDate": f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}", "UnitPrice": money(p[7]),
                     "CustomerID": cid, "Country": "United Kingdom"})
        kept.append((cid, 536000 + o["n"], p[0], q * p[7], t.date(), False))
    if o["status"] == "refunded":
        t = o["when"] + timedelta(days=1)
        for p, q in o["lines"]:
            rows.append({"InvoiceNo": f"C{537000 + o['n']}", "StockCode": p[0], "Description": p[1], "Quantity": -q,
                         "InvoiceDate": f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}",
                         "UnitPrice": money(p[7]), "CustomerID": cid, "Country": "United Kingdom"})
            kept.append((cid, f"C{537000 + o['n']}", p[0], -q * p[7], t.date(), True))


def line_facts(lines):
    """Facts of the lines a correct reader keeps: (customer, order, product, amount, day, is_return)."""
    purchase_orders = {l[1] for l in lines if not l[5]}
    return {
        "customers": len({l[0] for l in lines if l[0] != ""}),
        "orders": len(purchase_orders),
        "returnOrders": len({l[1] for l in lines} - purchase_orders),
        "products": len({l[2] for l in lines}),
        "netAmount": round(sum(l[3] for l in lines), 2),
        "firstDate": min(l[4] for l in lines).isoformat(),
        "lastDate": max(l[4] for l in lines).isoformat(),
    }


write("uci_online_retail_layout.csv",
      ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"],
      rows, facts_=line_facts(kept))

# A German shop system's export: `;`, decimal commas, D.M.YYYY, umlauts in Windows-1252.
rows, kept = [], []
for o in orders:
    if o["status"] == "refunded":
        continue
    t = o["when"]
    for p, q in o["lines"]:
        rows.append({"Rechnungsnr": f"R{o['n']}", "Artikelnr": p[0], "Bezeichnung": p[1].title().replace("White", "Weiß"),
                     "Menge": q, "Datum": t.strftime("%-d.%-m.%Y %H:%M"), "Einzelpreis": money(p[7]).replace(".", ","),
                     "Kundennr": o["customer"]["id"], "Land": "Österreich"})
        kept.append((o["customer"]["id"], o["n"], p[0], q * p[7], t.date(), False))
write("de_rechnungen_1252.csv",
      ["Rechnungsnr", "Artikelnr", "Bezeichnung", "Menge", "Datum", "Einzelpreis", "Kundennr", "Land"], rows,
      encoding="cp1252", delimiter=";", facts_=line_facts(kept))

# A Windows-1252 tab export with ragged rows (a field too many: skipped) and a total line at the end.
buf = io.StringIO()
w = csv.writer(buf, delimiter="\t", lineterminator="\r\n")
w.writerow(["Customer", "Invoice", "Date", "Item", "Description", "Qty", "Price"])
kept, total = [], 0.0
for k, o in enumerate(orders):
    if o["status"] == "refunded":
        continue
    for j, (p, q) in enumerate(o["lines"]):
        row = [o["customer"]["id"], o["n"], o["when"].strftime("%Y-%m-%d"), p[0], p[1].title() + " (café)", q, money(p[7])]
        if k % 37 == 3 and j == 0:
            row.append("see note")
        else:
            kept.append((o["customer"]["id"], o["n"], p[0], q * p[7], o["when"].date(), False))
        total += q * p[7]
        w.writerow(row)
w.writerow(["Total", "", "", "", "", "", money(total)])
with open(os.path.join(OUT, "tab_ragged_total_1252.tsv"), "wb") as f:
    f.write(buf.getvalue().encode("cp1252"))
expected["tab_ragged_total_1252.tsv"] = dict(line_facts(kept), currency=CURRENCY["tab_ragged_total_1252.tsv"])

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, ensure_ascii=False, sort_keys=True)
    f.write("\n")
print(f"wrote {len(expected)} exports to {OUT}")
