#!/usr/bin/env python3
"""Three messy exports a new user might bring, seeded, with their ground truth in expected.json: a
Shopify-style orders export (order fields on the first line only, refunded and voided orders), a Chinese
CRM export in GBK (Chinese headers, 2024/3/5 dates, a 合计 total line) and a European one (semicolons,
decimal commas, dd.mm.yyyy, cancellations, duplicated lines). Made by a session trying the page as a new
user (2026-12-03); in its GBK file customer KH10135's lifetime-value interval is implausibly wide (see that day's note).
Usage: python3 scripts/data/new_user_exports.py [OUT_DIR]    (default /tmp/newuser)"""
import csv, io, json, os, random, sys
from datetime import datetime, timedelta

OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/newuser'
os.makedirs(OUT, exist_ok=True)
exp = {}

# ---------------------------------------------------------------- (a) Shopify
r = random.Random(1)
products = [
    ('Classic Tee, Blue / M', 'TEE-BLU-M', 24.00), ('Classic Tee, Blue / L', 'TEE-BLU-L', 24.00),
    ('Classic Tee, Black / M', 'TEE-BLK-M', 24.00), ('Hoodie "Cloud" Grey', 'HOOD-GRY', 59.90),
    ('Canvas Tote Bag', 'TOTE-01', 18.50), ('Wool Beanie', 'BEAN-01', 22.00),
    ('Socks 3-pack', 'SOCK-3', 12.99), ('Water Bottle 750ml', 'BOTT-750', 29.00),
    ('Gift Card $50', '', 50.00), ('Sticker Pack', 'STK-01', 4.50),
    ('Denim Jacket', 'DEN-JKT', 119.00), ('Cap – Embroidered', 'CAP-EMB', 27.00),
    ('Running Shorts', 'RUN-SH', 34.95), ('Yoga Mat', 'YOGA-01', 45.00),
    ('Phone Case', 'CASE-01', 19.99), ('Scarf', 'SCARF-01', 32.00),
]
first = ['Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Felix', 'Grace', 'Hugo', 'Isla', 'Jack', 'Kira', 'Liam', 'Mia', 'Noah', 'Olivia', 'Paul']
last = ['Smith', 'Jones', 'Brown', 'Taylor', "O'Neil", 'Wilson', 'Davies', 'Evans', 'Müller', 'Garcia']
ncust = 140
custs = []
for i in range(ncust):
    fn, ln = r.choice(first), r.choice(last)
    custs.append((f'{fn} {ln}', f'{fn.lower()}.{ln.lower().replace(chr(39), "")}{i}@example.com'))
# popularity weights (zipf-like), correlated pairs tee+socks, hoodie+beanie
weights = [1 / (k + 1) ** 0.8 for k in range(len(products))]
header = ['Name', 'Email', 'Financial Status', 'Paid at', 'Fulfillment Status', 'Fulfilled at', 'Accepts Marketing',
          'Currency', 'Subtotal', 'Shipping', 'Taxes', 'Total', 'Discount Code', 'Discount Amount', 'Shipping Method',
          'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem compare at price',
          'Lineitem sku', 'Lineitem requires shipping', 'Lineitem taxable', 'Lineitem fulfillment status',
          'Billing Name', 'Billing City', 'Billing Country', 'Notes', 'Refunded Amount', 'Id']
rows = []
start = datetime(2023, 1, 3, 9, 0)
n_orders = 520
order_times = sorted(start + timedelta(minutes=r.randint(0, 60 * 24 * 540)) for _ in range(n_orders))
stats = dict(lines=0, orders=0, qty=0, gross=0.0, paid_gross=0.0, refunded_orders=0, voided_orders=0, pending_orders=0,
             cust=set(), paid_cust=set(), prods=set(), paid_orders=0, partially_refunded=0)
cust_weights = [r.paretovariate(1.2) for _ in range(ncust)]
for k, t in enumerate(order_times):
    num = 1001 + k
    ci = r.choices(range(ncust), cust_weights)[0]
    name, email = custs[ci]
    status = r.choices(['paid', 'refunded', 'voided', 'pending', 'partially_refunded'], [85, 5, 3, 4, 3])[0]
    nl = r.choices([1, 2, 3, 4, 5], [40, 30, 15, 10, 5])[0]
    idxs = set()
    while len(idxs) < nl:
        p = r.choices(range(len(products)), weights)[0]
        idxs.add(p)
        if p in (0, 1, 2) and r.random() < 0.5: idxs.add(6)
        if p == 3 and r.random() < 0.5: idxs.add(5)
    idxs = sorted(idxs)
    lines = []
    for p in idxs:
        q = r.choices([1, 2, 3], [80, 15, 5])[0]
        lines.append((p, q))
    sub = sum(products[p][2] * q for p, q in lines)
    ship = 0 if sub > 75 else 5.90
    tax = round(sub * 0.08, 2)
    paid_at = '' if status in ('pending', 'voided') else (t + timedelta(minutes=1)).strftime('%Y-%m-%d %H:%M:%S -0500')
    created = t.strftime('%Y-%m-%d %H:%M:%S -0500')
    for j, (p, q) in enumerate(lines):
        pn, sku, price = products[p]
        row = dict.fromkeys(header, '')
        row['Name'] = f'#{num}'
        row['Created at'] = created
        row['Lineitem quantity'] = q
        row['Lineitem name'] = pn
        row['Lineitem price'] = f'{price:.2f}'
        row['Lineitem sku'] = sku
        row['Lineitem requires shipping'] = 'true'
        row['Lineitem taxable'] = 'true'
        row['Lineitem fulfillment status'] = 'fulfilled' if status == 'paid' else 'pending'
        if j == 0:
            row.update({'Email': email, 'Financial Status': status, 'Paid at': paid_at,
                        'Fulfillment Status': 'fulfilled' if status == 'paid' else 'unfulfilled',
                        'Accepts Marketing': r.choice(['yes', 'no']), 'Currency': 'USD', 'Subtotal': f'{sub:.2f}',
                        'Shipping': f'{ship:.2f}', 'Taxes': f'{tax:.2f}', 'Total': f'{sub + ship + tax:.2f}',
                        'Discount Amount': '0.00', 'Shipping Method': 'Standard', 'Billing Name': name,
                        'Billing City': r.choice(['Boston', 'Austin', 'Denver', 'Seattle']), 'Billing Country': 'US',
                        'Notes': r.choice(['', '', '', 'Please gift wrap,\nthanks!', 'Leave at door']),
                        'Refunded Amount': f'{sub + ship + tax:.2f}' if status == 'refunded' else ('10.00' if status == 'partially_refunded' else '0.00'),
                        'Id': str(4500000000000 + num)})
        rows.append(row)
        stats['lines'] += 1; stats['qty'] += q; stats['gross'] += price * q; stats['prods'].add(pn)
        if status in ('paid', 'partially_refunded'):
            stats['paid_gross'] += price * q
    stats['orders'] += 1; stats['cust'].add(email)
    if status in ('paid', 'partially_refunded'):
        stats['paid_cust'].add(email); stats['paid_orders'] += 1
    stats[{'paid': 'paid_orders_', 'refunded': 'refunded_orders', 'voided': 'voided_orders', 'pending': 'pending_orders', 'partially_refunded': 'partially_refunded'}.get(status, 'x')] = stats.get({'paid': 'paid_orders_', 'refunded': 'refunded_orders', 'voided': 'voided_orders', 'pending': 'pending_orders', 'partially_refunded': 'partially_refunded'}[status], 0) + 1
with open(f'{OUT}/shopify_orders_export.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, header, lineterminator='\r\n')
    w.writeheader(); w.writerows(rows)
exp['shopify'] = {k: (len(v) if isinstance(v, set) else (round(v, 2) if isinstance(v, float) else v)) for k, v in stats.items()}

# ---------------------------------------------------------------- (b) Chinese CRM, GBK
r = random.Random(2)
cn_products = [
    ('SP001', '红富士苹果 5斤装', 39.9), ('SP002', '五常大米 10kg', 89.0), ('SP003', '金龙鱼食用油 5L', 79.9),
    ('SP004', '伊利纯牛奶 250ml*24', 65.0), ('SP005', '农夫山泉 550ml*24', 36.0), ('SP006', '三只松鼠坚果礼盒', 128.0),
    ('SP007', '蒙牛酸奶 12杯', 45.5), ('SP008', '海天酱油 1.9L', 23.8), ('SP009', '老干妈风味豆豉', 12.5),
    ('SP010', '洗衣液 3kg', 49.9), ('SP011', '维达抽纸 24包', 59.9), ('SP012', '华为手环 8', 1299.0),
    ('SP013', '小米充电宝 20000mAh', 149.0), ('SP014', '茅台迎宾酒 500ml', 268.0), ('SP015', '龙井茶叶 250g', 198.0),
    ('SP016', '速冻水饺 1kg', 32.9), ('SP017', '鸡蛋 30枚', 28.8), ('SP018', '橄榄油 1L', 99.0),
]
surn = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平']
cn_cust = [(f'KH{10000 + i}', r.choice(surn) + r.choice(given) + r.choice(['', r.choice(given)])) for i in range(180)]
cw = [r.paretovariate(1.3) for _ in cn_cust]
hdr = ['订单号', '客户编号', '客户姓名', '手机号', '下单时间', '商品编号', '商品名称', '数量', '单价(元)', '金额(元)', '支付方式', '订单状态', '收货地址']
crow = []
st = dict(lines=0, qty=0, amount=0.0, cust=set(), orders=set(), prods=set())
t0 = datetime(2024, 1, 1)
for k in range(700):
    ci = r.choices(range(len(cn_cust)), cw)[0]
    cid, cname = cn_cust[ci]
    t = t0 + timedelta(minutes=r.randint(0, 60 * 24 * 300))
    oid = f'DD{t:%Y%m%d}{k:05d}'
    nl = r.choices([1, 2, 3, 4], [45, 30, 15, 10])[0]
    for p in r.sample(range(len(cn_products)), nl):
        pid, pn, price = cn_products[p]
        q = r.choices([1, 2, 3, 5], [70, 20, 7, 3])[0]
        amt = round(price * q, 2)
        unit = f'{price:,.2f}' if price >= 1000 else f'{price:.2f}'
        crow.append([oid, cid, cname, f'1{r.randint(3, 8)}{r.randint(0, 999999999):09d}', f'{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}',
                     pid, pn, q, unit, f'{amt:,.2f}', r.choice(['微信支付', '支付宝', '银联']), '已完成',
                     r.choice(['北京市朝阳区建国路88号', '上海市浦东新区世纪大道100号', '广州市天河区天河路385号', '深圳市南山区科技园'])])
        st['lines'] += 1; st['qty'] += q; st['amount'] += amt; st['cust'].add(cid); st['orders'].add(oid); st['prods'].add(pid)
crow.sort(key=lambda x: x[0])
buf = io.StringIO()
w = csv.writer(buf, lineterminator='\r\n')
w.writerow(hdr); w.writerows(crow)
w.writerow(['合计', '', '', '', '', '', '', st['qty'], '', f'{st["amount"]:,.2f}', '', '', ''])
with open(f'{OUT}/crm_orders_gbk.csv', 'wb') as f:
    f.write(buf.getvalue().encode('gbk'))
exp['crm_gbk'] = {k: (len(v) if isinstance(v, set) else (round(v, 2) if isinstance(v, float) else v)) for k, v in st.items()}

# ---------------------------------------------------------------- (c) European, ; and decimal comma, cp1252
r = random.Random(3)
eu_products = [
    ('A-1001', 'Käse Gouda jung 400g', 3.49), ('A-1002', 'Vollkornbrötchen 6 Stk.', 2.29), ('A-1003', 'Espresso Bohnen 1kg', 17.90),
    ('A-1004', 'Kaffeemühle "Barista"', 89.00), ('A-1005', 'Milchaufschäumer', 34.95), ('A-1006', 'Porzellantasse 0,3l', 7.50),
    ('A-1007', 'Weißwein Riesling 0,75l', 8.99), ('A-1008', 'Olivenöl extra vergine', 11.49), ('A-1009', 'Schokolade Zartbitter', 1.99),
    ('A-1010', 'Geschenkkorb Groß', 1249.00), ('A-1011', 'Teekanne Glas', 24.90), ('A-1012', 'Honig 500g', 6.79),
    ('A-1013', 'Müsli Nuss', 4.29), ('A-1014', 'Espressomaschine Pro', 1899.00),
]
eh = ['Kundennr.', 'Kunde', 'Rechnungsnr.', 'Rechnungsdatum', 'Artikelnr.', 'Bezeichnung', 'Menge', 'Einzelpreis', 'Gesamtpreis', 'Währung', 'Land']
names = ['Müller GmbH', 'Schäfer, Jürgen', 'Dupont SARL', 'Bäckerei Groß', 'Hoffmann & Söhne', 'Lefèvre Café', 'Jansen BV', 'Weiß KG']
ecust = [(f'K{20000 + i}', f'{r.choice(names)} {i}') for i in range(220)]
ew = [r.paretovariate(1.1) for _ in ecust]
def de(x):
    s = f'{x:,.2f}'
    return s.replace(',', 'X').replace('.', ',').replace('X', '.')
erows = []
est = dict(lines=0, net=0.0, gross_pos=0.0, cancel_lines=0, cancel_amount=0.0, dup_lines=0, dup_amount=0.0, cust=set(), orders=set(), prods=set())
t0 = datetime(2023, 6, 1)
for k in range(800):
    ci = r.choices(range(len(ecust)), ew)[0]
    cid, cname = ecust[ci]
    t = t0 + timedelta(days=r.randint(0, 420))
    inv = f'RE-{2023 + (t.year - 2023)}-{k + 1:05d}'
    nl = r.choices([1, 2, 3], [50, 35, 15])[0]
    for p in r.sample(range(len(eu_products)), nl):
        pid, pn, price = eu_products[p]
        q = r.choices([1, 2, 3, 6, 12], [60, 20, 10, 6, 4])[0]
        row = [cid, cname, inv, t.strftime('%d.%m.%Y'), pid, pn, str(q), de(price), de(price * q), 'EUR', r.choice(['DE', 'AT', 'FR', 'NL'])]
        erows.append(row)
        est['lines'] += 1; est['net'] += price * q; est['gross_pos'] += price * q
        est['cust'].add(cid); est['orders'].add(inv); est['prods'].add(pid)
        # cancellation: a later credit note with negative quantity
        if r.random() < 0.025:
            ct = t + timedelta(days=r.randint(1, 20))
            erows.append([cid, cname, f'GS-{k + 1:05d}', ct.strftime('%d.%m.%Y'), pid, pn, str(-q), de(price), de(-price * q), 'EUR', row[10]])
            est['lines'] += 1; est['net'] -= price * q; est['cancel_lines'] += 1; est['cancel_amount'] += price * q
        # duplicate the line (export glitch)
        if r.random() < 0.012:
            erows.append(list(row))
            est['lines'] += 1; est['dup_lines'] += 1; est['dup_amount'] += price * q
erows.sort(key=lambda x: (datetime.strptime(x[3], '%d.%m.%Y'), x[2]))
buf = io.StringIO()
w = csv.writer(buf, delimiter=';', lineterminator='\r\n')
w.writerow(eh); w.writerows(erows)
with open(f'{OUT}/eu_invoices_semicolon.csv', 'wb') as f:
    f.write(buf.getvalue().encode('cp1252'))
e = {k: (len(v) if isinstance(v, set) else (round(v, 2) if isinstance(v, float) else v)) for k, v in est.items()}
e['net_with_dups'] = round(est['net'] + est['dup_amount'], 2)
e['orders_incl_credit_notes'] = len({x[2] for x in erows})
exp['eu'] = e
json.dump(exp, open(f'{OUT}/expected.json', 'w'), indent=1, ensure_ascii=False)
print(json.dumps(exp, indent=1, ensure_ascii=False))
