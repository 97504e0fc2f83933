"""Reference TF-IDF weights and cosines of products (src/recommend/next_basket/content.rs, checked by
tests/next_basket.rs), from scikit-learn's TfidfVectorizer on a small products table this script writes.

Run from the project root (needs scikit-learn; any recent version):

    python3 -m venv /tmp/cbv && /tmp/cbv/bin/pip install scikit-learn
    /tmp/cbv/bin/python scripts/reference/content_reference.py

It writes tests/golden/content_fixture_products.csv (a products table in complete_journey's layout),
content_fixture_weights.csv (product,word,weight: every non-zero weight) and content_fixture_cosine.csv
(a,b,cosine: every pair of products, a before b in file order).

Settings: a product's document is, per column other than the id, sklearn's own default tokenizer
(token_pattern \\b\\w\\w+\\b) on the lowercased value, each word tagged "<column>=<word>" (the Rust side's
tagColumns); TfidfVectorizer's defaults otherwise (raw counts, smooth idf = ln((1 + n) / (1 + df)) + 1, l2
norm) with max_df = 0.5 (the Rust side's maxShare): words in more than half the products are dropped.
"""
import csv
import os

from sklearn.feature_extraction.text import TfidfVectorizer

MAX_DF = 0.5
HEADER = ["product_id", "manufacturer_id", "department", "brand", "product_category", "product_type",
          "package_size"]
ROWS = [
    ["101", "69", "GROCERY", "Private", "FLUID MILK PRODUCTS", "FLUID MILK WHITE ONLY", "1 GA"],
    ["102", "69", "GROCERY", "Private", "FLUID MILK PRODUCTS", "FLUID MILK WHITE ONLY", "64 OZ"],
    ["103", "2", "GROCERY", "National", "FLUID MILK PRODUCTS", "SOY MILK", "64 OZ"],
    ["104", "2", "GROCERY", "National", "CHEESE", "SHREDDED CHEESE", "8 OZ"],
    ["105", "317", "GROCERY", "National", "CHEESE", "STRING CHEESE", "12 OZ"],
    ["106", "69", "PASTRY", "Private", "BREAD", "BREAD:ITALIAN/FRENCH", ""],
    ["107", "5", "PASTRY", "National", "BREAD", "BREAD:WHEAT", "20 OZ"],
    ["108", "5", "PRODUCE", "National", "VEGETABLES - ALL OTHERS", "CUCUMBERS", ""],
    ["109", "", "MISCELLANEOUS", "", "", "", ""],
    ["110", "1208", "DRUG GM", "National", "SOFT DRINKS", "SOFT DRINKS 12/18&15PK CAN CAR", "12 OZ"],
    ["111", "1208", "GROCERY", "National", "SOFT DRINKS", "SOFT DRINKS 2LTR BTL CARB INCL", "2 LTR"],
    ["112", "69", "PRODUCE", "Private", "VEGETABLES - ALL OTHERS", "CARROTS MINI PEELED", "16 OZ"],
]


def main():
    out = "tests/golden"
    tokenize = TfidfVectorizer().build_tokenizer()
    columns = HEADER[1:]

    def analyzer(row):
        return [f"{c}={w}" for c, v in zip(columns, row[1:]) for w in tokenize(v.lower())]

    vectorizer = TfidfVectorizer(analyzer=analyzer, max_df=MAX_DF)
    x = vectorizer.fit_transform(ROWS)
    words = vectorizer.get_feature_names_out()
    cosine = (x @ x.T).toarray()
    with open(os.path.join(out, "content_fixture_products.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(ROWS)
    with open(os.path.join(out, "content_fixture_weights.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["product", "word", "weight"])
        dense = x.toarray()
        for i, row in enumerate(ROWS):
            for j, word in enumerate(words):
                if dense[i, j] != 0.0:
                    w.writerow([row[0], word, repr(float(dense[i, j]))])
    with open(os.path.join(out, "content_fixture_cosine.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["a", "b", "cosine"])
        for i in range(len(ROWS)):
            for j in range(i + 1, len(ROWS)):
                w.writerow([ROWS[i][0], ROWS[j][0], repr(float(cosine[i, j]))])


if __name__ == "__main__":
    main()
