// The shapes the wasm core takes and gives, one type per Rust struct or enum, named after it and with
// serde's camelCase field names. A stand-in: these will be generated from the Rust types by ts-rs. Fields
// marked "set by the binding" are not serde's: src/wasm sets them on the serialised object (typed arrays
// come from src/wasm/columns.rs); the JS API's own additions (millis, ...) are declared in client.js.

// ---- errors (src/error.rs) ----

/** Stable error codes a UI can switch on (client.js adds 'internal': a bug, please report it). */
export type ErrorCode =
  /** The input has no bytes, or only blank lines. */
  | 'empty'
  /** The input is not text (a spreadsheet, an archive, an image...). */
  | 'binary'
  /** The input is text but not rows of fields: a row wider than 10,000 fields, or a field over 64 KiB. */
  | 'malformed'
  /** The input has a header but no data rows. */
  | 'header_only'
  /** A column mapping names a column that is not there, or maps a column twice. */
  | 'mapping'
  /** The file lacks a column the requested analysis needs. */
  | 'missing_column'
  /** Every data row was rejected; the message quotes the first problem. */
  | 'no_usable_rows'
  /** An option is unknown, of the wrong type or out of range; or calls came in the wrong order. */
  | 'invalid_option'
  /** The call was cancelled (AbortSignal, or terminate()). */
  | 'cancelled'
  /** The work would need more memory than is allowed. */
  | 'too_large';

// ---- reading a file (src/ingest) ----

/** What a column is used as. */
export type Role =
  | 'customer' | 'order' | 'date' | 'productId' | 'productName' | 'quantity' | 'unitPrice' | 'lineAmount'
  /** An order's or payment's status: cancelled, refunded, voided, failed and lost orders are not purchases. */
  | 'status'
  /** The currency of the amounts: several currencies are not added up without `currencyRates`. */
  | 'currency';

/** Day/month order for dates like 01/02/2011. */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';

/** How to read a transactions file. Every field is optional: by default all is detected. */
export interface IngestOptions {
  /** One character: ',', ';', '\t', '|'... */
  delimiter?: string;
  hasHeader?: boolean;
  /**
   * The file's encoding as a WHATWG label ('utf-8', 'windows-1252', 'gbk', 'big5', 'shift_jis', 'euc-kr',
   * 'windows-1251', ...); default: detected from the bytes.
   */
  encoding?: string;
  /** Role -> column name, overriding detection; null says "the file has no such column". */
  mapping?: Partial<Record<Role, string | null>>;
  /** Day/month order for dates like 01/02/2011, when the values cannot tell. */
  dateOrder?: DateOrder;
  /** Numbers written 1.234,56 (default: detected). */
  decimalComma?: boolean;
  /** Skip rows repeating an earlier row exactly (default: only when the file has an order column). */
  dropDuplicates?: boolean;
  /** Keep lines with quantity 0 and purchases with a negative price (skipped by default). */
  keepNonpositive?: boolean;
  /** Mask personal data: customer ids become pseudonyms, personal columns are hidden from the preview. */
  mask?: MaskOptions;
  /**
   * Where customers are known only by e-mail address or phone number, keep those as the ids (default: they
   * are normalised and replaced by pseudonyms, with `mask.salt` when given).
   */
  showContactIds?: boolean;
  /** Exchange rates into one currency ({ EUR: 1.08 }: one unit's value) for files in several currencies. */
  currencyRates?: Record<string, number>;
  /**
   * Refuse (error `too_large`), before allocating, a file whose read needs more memory than this many MB
   * (default 3072: a wasm module has 4 GB of address space, and the analyses need room after the read).
   */
  memoryLimitMb?: number;
}

/**
 * Masking of personal data on load. Customer ids become `anon-` + 16 hex digits (SipHash-2-4 keyed by the
 * salt): with a secret random salt they cannot be reversed by hashing guessed ids; the same salt gives the
 * same pseudonyms in the transactions and the customer table. Columns of names, e-mails, phones and
 * addresses are never read by the analyses, masked or not; masking also hides them in the preview and
 * drops them from customer tables.
 */
export interface MaskOptions {
  salt?: string;
}

/** How the head of a file reads, before reading all of it. */
export interface Inspection {
  encoding: string;
  /** The platform export layout recognised by its header set ('Shopify orders export'), or null. */
  platform: string | null;
  delimiter: string;
  hasHeader: boolean;
  decimalComma: boolean;
  columns: string[];
  /** Detected role -> column name. */
  mapping: Partial<Record<Role, string>>;
  /** e.g. "M/D/YYYY [time]"; null when no date column was found. */
  dateFormat: string | null;
  /** Day/month order could not be told from the values (set `dateOrder`). */
  dateAmbiguous: boolean;
  warnings: string[];
  /** Columns that look like personal data (names, e-mails, phones, addresses); never read by the analyses. */
  personalColumns: string[];
  /** The first rows, as text. */
  preview: string[][];
}

/** Rows set aside or treated specially, with the first 20 row numbers (1-based, header = row 1). */
export interface RowGroup {
  count: number;
  firstRows: number[];
}

export type SkipReason =
  | 'wrong_field_count' | 'bad_value' | 'missing_value' | 'zero_quantity' | 'negative_price' | 'duplicate'
  | 'not_purchased' | 'not_a_product' | 'footer';

/** Rows skipped for one reason: the row group's fields inline (a hand-written Serialize). */
export interface Skipped extends RowGroup {
  reason: SkipReason;
  /** The reason in words. */
  label: string;
  /** The first offending value or line. */
  example: string | null;
}

/** Whether an analysis can run on this file, and if not, why. */
export interface Capability {
  analysis: 'segmentation' | 'rules' | 'recommendations' | 'lifetime_value';
  available: boolean;
  note: string;
}

/** How a file was read: what was kept, skipped and why. */
export interface IngestReport {
  encoding: string;
  platform: string | null;
  delimiter: string;
  hasHeader: boolean;
  decimalComma: boolean;
  columns: string[];
  /** Role -> column name, for the roles that were found. */
  mapping: Partial<Record<Role, string>>;
  dateFormat: string | null;
  rowsRead: number;
  rowsUsed: number;
  skipped: Skipped[];
  /** Cancellations and returns: kept (they reduce net spend), not counted as purchases. */
  returns: RowGroup;
  /** Lines without a customer id: kept for baskets, left out of customer analyses. */
  missingCustomer: RowGroup;
  /** Purchases with price 0: kept in baskets, add nothing to spend. */
  freeItems: RowGroup;
  warnings: string[];
  customers: number;
  /** Orders with at least one purchase (an order column's ids, or a customer's lines on one day). */
  orders: number;
  /** Orders holding only returns or cancellations (UCI's `C536379` invoices): not counted in `orders`. */
  returnOrders: number;
  products: number;
  /** YYYY-MM-DD, or null without dates. */
  firstDate: string | null;
  lastDate: string | null;
  /** Purchases minus returns, where the file has prices or amounts. */
  netAmount: number | null;
  capabilities: Capability[];
  /** Bytes of the in-memory model, and per kept row. */
  modelBytes: number;
  bytesPerRow: number;
  /** The first rows, as text (masked when `mask` is on). */
  preview: string[][];
  /** Columns that look like personal data; never read into the model. */
  personalColumns: string[];
  /** Customer ids were replaced by pseudonyms (`mask`). */
  idsMasked: boolean;
  /**
   * The file has no calendar dates: dates are relative days built from order numbers and days since the
   * prior order, day 0 shown as 2000-01-01 (the warnings say how they were aligned).
   */
  relativeDays: boolean;
}

// ---- segments (src/segment) ----

/** Customer features k-means can cluster on. */
export type Feature = 'recency' | 'frequency' | 'monetary' | 'averageOrderValue' | 'tenure' | 'distinctProducts';

export interface RfmParams {
  /** YYYY-MM-DD; recency is counted to this day. Default: the day after the last purchase. */
  analysisDate?: string;
}

export interface KMeansParams {
  /** Default: recency, frequency, monetary (without prices: recency, frequency). */
  features?: Feature[];
  /** A fixed number of clusters; default: chosen in minK..maxK by silhouette. */
  k?: number;
  /** Default 2. */
  minK?: number;
  /** Default 10. */
  maxK?: number;
  /** Default 42: the same seed gives the same clusters. */
  seed?: number;
  /** k-means++ restarts per k, the best kept (default 10). */
  runs?: number;
  /** Default 300. */
  maxIterations?: number;
  /** Default 1e-4. */
  tolerance?: number;
  /** Customers sampled for the silhouette (default 2000). */
  silhouetteSample?: number;
  /** Past this many customers, candidate k are fitted on a sample this size (default 5000)... */
  searchSample?: number;
  /** ...with this many restarts each (default 3). */
  searchRuns?: number;
}

export type Segment =
  | 'champions' | 'cantLoseThem' | 'loyal' | 'atRisk' | 'new' | 'promising' | 'potentialLoyalist'
  | 'needAttention' | 'aboutToSleep' | 'hibernating' | 'lost' | 'other';

/**
 * The fields of Rust's `CustomerRfm` rows as columns, one typed array per field (set by the binding,
 * src/wasm/columns.rs::rfm; no Rust struct has this shape). Customer `i` is `customerIds[i]` of the result:
 * e.g. `customers.monetary[i]`, `customers.segment[i]`.
 */
export interface CustomerRfmColumns {
  recencyDays: Float64Array;
  /** Orders. */
  frequency: Uint32Array;
  /** Net spend. */
  monetary: Float64Array;
  averageOrderValue: Float64Array;
  /** Day numbers (days since 1970-01-01). */
  firstPurchaseDay: Float64Array;
  lastPurchaseDay: Float64Array;
  tenureDays: Float64Array;
  distinctProducts: Uint32Array;
  /** Quintile scores 1-5, higher is better. */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  segment: Segment[];
}

export interface Rfm {
  /** Day number (days since 1970-01-01) recency is counted to. */
  analysisDay: number;
  hasMonetary: boolean;
  /** Set by the binding (src/wasm/columns.rs): typed-array columns. */
  customers: CustomerRfmColumns;
  withoutPurchases: number;
}

export interface SegmentSummary {
  segment: Segment;
  label: string;
  /** What to do with these customers, in a sentence. */
  advice: string;
  customers: number;
  share: number;
  revenueShare: number;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetary: number;
}

export interface KScore {
  k: number;
  inertia: number;
  silhouette: number | null;
}

/** One cluster, described. */
export interface Profile {
  cluster: number;
  customers: number;
  share: number;
  revenueShare: number;
  /** Per feature, in the order of `features`. */
  mean: number[];
  median: number[];
  /** e.g. "recent, frequent, high spend". */
  description: string;
}

export interface Segmentation {
  features: string[];
  featureLabels: string[];
  k: number;
  chosenBy: 'silhouette' | 'given';
  /** Every k tried. */
  scores: KScore[];
  elbowK: number | null;
  /** Set by the binding (a Uint32Array): the cluster of each row (0 has the most revenue). */
  labels: Uint32Array;
  profiles: Profile[];
}

/** src/wasm/mod.rs. */
export interface SegmentResult {
  rfm: Rfm;
  summary: SegmentSummary[];
  /** null when called with `kmeans: false`. */
  kmeans: Segmentation | null;
  /** The id of each customer of `rfm.customers` (and of `kmeans.labels`). */
  customerIds: string[];
  /** One row per customer: id, RFM values and scores, segment, cluster. */
  exportCsv: string;
}

// ---- lifetime value (src/clv) ----

export interface ClvParams {
  /** YYYY-MM-DD: the models learn up to this day and later purchases check them. Default: no holdout. */
  calibrationEnd?: string;
  /** The models' time unit (default 7: weeks). */
  timeUnitDays?: number;
  /** How far ahead value counts (default 365). */
  horizonDays?: number;
  /** Default 0.1. */
  annualDiscountRate?: number;
  /** Parameter draws for the intervals (default 100; 0 for none). */
  intervalDraws?: number;
  /** Default 0.9 (5th to 95th percentile). */
  intervalLevel?: number;
  /** Default 42. */
  seed?: number;
  /** Repeat buyers with a lower P(alive) are at risk (default 0.5). */
  atRiskBelow?: number;
}

/** The BG/NBD purchase model's parameters. */
export interface BgNbd {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The Gamma-Gamma spend model's parameters. */
export interface GammaGamma {
  p: number;
  q: number;
  gamma: number;
}

export interface FitReport {
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  gradient: number;
  /** Of the parameters, in their order; empty when not estimable. */
  standardErrors: number[];
  /** Why the fit is not trusted, in words; empty when it converged. */
  message: string;
  /**
   * The limit of the model the fit reached, in words (for BG/NBD: no drop-out, a = 0; one drop-out
   * probability or one purchase rate for everyone); empty for an ordinary optimum.
   */
  limit: string;
}

export type ValueUnit = 'money' | 'purchases';

/**
 * The fields of Rust's `CustomerValue` rows as columns, one typed array per field (set by the binding,
 * src/wasm/columns.rs::lifetime; no Rust struct has this shape); customer `i` is `customerIds[i]`.
 */
export interface CustomerValueColumns {
  repeatPurchases: Uint32Array;
  daysSinceLast: Float64Array;
  ageDays: Float64Array;
  spend: Float64Array;
  /** Probability the customer is still active. */
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  /** Expected value per future purchase; NaN without a spend model. */
  expectedSpend: Float64Array;
  /** Discounted value over the horizon, in money (or purchases: see `valueUnit`), with its interval. */
  value: Float64Array;
  valueLow: Float64Array;
  valueHigh: Float64Array;
  /** 1 for an at-risk repeat buyer, else 0. */
  atRisk: Uint8Array;
  holdoutPurchases: Uint32Array;
}

export interface Totals {
  customers: number;
  repeatBuyers: number;
  expectedPurchases: number;
  value: number;
  valueLow: number;
  valueHigh: number;
  meanPAlive: number;
  atRisk: number;
}

export interface HoldoutBucket {
  repeatPurchases: string;
  customers: number;
  actual: number;
  predicted: number;
}

/** Predicted against actual purchases after the calibration end. */
export interface Holdout {
  days: number;
  actualTotal: number;
  predictedTotal: number;
  buckets: HoldoutBucket[];
}

/** P(alive) by repeat purchases (rows) and days since the last purchase (columns). */
export interface AliveGrid {
  ageDays: number;
  repeatPurchases: number[];
  daysSinceLast: number[];
  pAlive: number[][];
}

export interface Clv {
  calibrationEnd: string;
  timeUnitDays: number;
  horizonDays: number;
  purchaseModel: BgNbd;
  purchaseFit: FitReport;
  /** null without prices or too few repeat buyers (see `spendNote`). */
  spendModel: GammaGamma | null;
  spendFit: FitReport | null;
  spendNote: string | null;
  spendFrequencyCorrelation: number | null;
  valueUnit: ValueUnit;
  intervalLevel: number;
  /** Set by the binding (src/wasm/columns.rs): typed-array columns. */
  customers: CustomerValueColumns;
  /** Set by the binding. */
  customerIds: string[];
  totals: Totals;
  /** null without `calibrationEnd`. */
  holdout: Holdout | null;
  aliveGrid: AliveGrid;
  /** Indexes into the `customers` columns of the at-risk repeat buyers, most valuable first. */
  atRisk: number[];
  firstBoughtInHoldout: number;
  /** Set by the binding. */
  exportCsv: string;
}

// ---- association rules (src/rules) ----

export interface MiningParams {
  /**
   * Share of baskets an itemset must be in. Default: chosen from the data, the lowest of 0.01%, 0.02%, 0.05%,
   * 0.1% ... 50% at which there are at most `itemsetBudget` itemsets, each in at least `minBaskets` baskets.
   */
  minSupport?: number;
  /** A number of baskets instead; wins over minSupport. */
  minCount?: number;
  maxLength?: number;
  /** Stop with a clear error past this many itemsets (default 2,000,000). */
  maxItemsets?: number;
  /** When the support is chosen: the most itemsets it may give (default 10,000). */
  itemsetBudget?: number;
  /** When the support is chosen: the fewest baskets an itemset may rest on (default 10). */
  minBaskets?: number;
  /**
   * A column of the products table (e.g. 'product_category') whose values stand for the products, so that
   * rules relate categories; default: products.
   */
  itemColumn?: string;
}

export type SupportChoice = 'given' | 'data';

/** With an item column: how much of the file the column covers. */
export interface Coverage {
  column: string;
  products: number;
  productsWithoutValue: number;
  basketsWithoutValue: number;
}

/** src/wasm/mod.rs: the itemsets found (kept in the worker for rules()). */
export interface ItemsetSummary {
  baskets: number;
  items: number;
  /** The support used: as given (minCount / baskets for a minCount), or chosen from the data. */
  minSupport: number;
  minCount: number;
  supportChosenBy: SupportChoice;
  itemsets: number;
  /** Itemsets of size 1, 2, ... */
  bySize: number[];
  /** With itemColumn; null otherwise. */
  coverage: Coverage | null;
}

export type Metric = 'support' | 'confidence' | 'lift' | 'leverage' | 'conviction' | 'zhang';

export interface RuleParams {
  /** Default 0.5. */
  minConfidence?: number;
  /** Default 0. */
  minLift?: number;
  maxAntecedent?: number;
  maxConsequent?: number;
  /** Item names that must (or must not) appear on a side. */
  antecedentHas?: string[];
  consequentHas?: string[];
  anySideHas?: string[];
  antecedentLacks?: string[];
  consequentLacks?: string[];
  /** Default 'lift'. */
  sortBy?: Metric;
  /** Keep the best this many. */
  top?: number;
  /** Stop with a clear error past this many rules (default 5,000,000). */
  maxRules?: number;
}

/** `antecedent -> consequent` by item names, with mlxtend's metrics (a hand-written Serialize). */
export interface NamedRule {
  antecedent: string[];
  consequent: string[];
  antecedentSupport: number;
  consequentSupport: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** null where infinite (confidence 1). */
  conviction: number | null;
  zhang: number;
  /** Baskets with every item of the rule. */
  count: number;
}

/** src/wasm/mod.rs. */
export interface RulesResult {
  rules: NamedRule[];
  exportCsv: string;
}

// ---- recommendations (src/recommend, src/wasm/recommend.rs) ----

export type Weighting = 'cosine' | 'tfIdf' | 'bm25' | 'rp3Beta';

export interface ItemKnnParams {
  /** Most similar products kept per product (default 200). */
  neighbours?: number;
  /** Default 'rp3Beta'. */
  weighting?: Weighting;
  /** BM25's (defaults 1.2, 0.75). */
  bm25K1?: number;
  bm25B?: number;
  /** RP3beta's exponents (defaults 1.0, 0.6). */
  alpha?: number;
  beta?: number;
}

/** What the fitted recommender learnt from. */
export interface ModelSummary {
  customers: number;
  products: number;
  /** Customer x product pairs learnt from. */
  pairs: number;
  similarities: number;
}

export interface RecommendParams {
  /** Default 10. */
  n?: number;
  /** Leave out what the customer bought (default true). */
  excludeBought?: boolean;
  /** Bought products quoted as the reason for each (default 3). */
  explain?: number;
  /** With excludeBought false: weight of "buys it again" against the neighbours (default 2). */
  repeatWeight?: number;
}

/** A bought product quoted as a reason for a recommendation. */
export interface Reason {
  /** The product's id. */
  product: string;
  /**
   * Its name: from the file's product-name column, else from the loaded products table's `nameColumn`;
   * null when neither names it.
   */
  name: string | null;
  /** For people: "name (id)", or the id alone when no name is known. */
  label: string;
  /** Its share of the recommendation's score. */
  share: number;
}

export interface Recommended {
  /** The product's id. */
  product: string;
  /** As Reason.name. */
  name: string | null;
  /** For people: "name (id)", or the id alone when no name is known. */
  label: string;
  score: number;
  /** From the popularity fallback rather than the customer's history. */
  popular: boolean;
  /**
   * The share of the score that comes from having bought it before (repeatWeight times its share of the
   * customer's purchases, over the score); 0 when bought products are excluded and for popular fill-ins.
   */
  repeatShare: number;
  because: Reason[];
}

/** Top-N for one customer. */
export interface ForCustomer {
  customer: string;
  /** false: the customer is not in the data, and gets the most popular products. */
  known: boolean;
  /** Distinct products the customer bought. */
  bought: number;
  recommendations: Recommended[];
}

/** A product like another, by who bought them. */
export interface Related {
  product: string;
  name: string | null;
  label: string;
  similarity: number;
}

export interface TogetherParams {
  /** Default 10. */
  n?: number;
  /** Baskets a product must share with the cart (default 2). */
  minCount?: number;
}

export interface TogetherItem {
  product: string;
  name: string | null;
  label: string;
  /** Baskets with the cart and this product. */
  count: number;
  confidence: number;
  lift: number;
}

export interface TogetherResult {
  /** Baskets with any of the given products. */
  cartBaskets: number;
  /** The cart's products as shown: "Name (id)" where a name is known, else the id. */
  cartLabels: string[];
  items: TogetherItem[];
}

/** src/wasm/recommend.rs. */
export interface EvaluationParams {
  /** Default 'lastOrder' when the file has orders and dates, else 'random'. */
  split?: 'lastOrder' | 'random';
  /** With 'random' (default 0.2). */
  testShare?: number;
  seed?: number;
  /** Cut-off of the metrics (default 10). */
  k?: number;
  excludeBought?: boolean;
  knn?: ItemKnnParams;
}

export interface Metrics {
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  hitRate: number;
  /** Share of the products that are ever recommended. */
  coverage: number;
}

export interface Evaluation {
  k: number;
  users: number;
  trainPairs: number;
  testPairs: number;
  model: Metrics;
  popularity: Metrics;
  /** "What they bought most", when excludeBought is false. */
  buyAgain: Metrics | null;
  /** Set by the binding: the split used. */
  split: 'lastOrder' | 'random';
}

// ---- side tables (src/ingest/table.rs, src/segment/attributes.rs, src/wasm/mod.rs) ----

export interface TableOptions {
  /** Default: the column whose header names a customer (or product), else the first. */
  idColumn?: string;
  delimiter?: string;
  /** Drop columns of personal data; in a customer table, also replace ids by pseudonyms (see MaskOptions). */
  mask?: MaskOptions;
  /** As IngestOptions.encoding. */
  encoding?: string;
}

/**
 * A numeric column of a customer table; `banded`: ranges like "35-44" read as their middle; `keeps`:
 * customers with a value; `byDefault`: clustered on when no columns are given (a value for at least 90% of
 * the customers).
 */
export interface TableColumn {
  name: string;
  banded: boolean;
  missing: number;
  keeps: number;
  byDefault: boolean;
}

/** A customer table as read. */
export interface TableSummary {
  idColumn: string;
  rows: number;
  numeric: TableColumn[];
  otherColumns: string[];
  duplicateIds: number;
  /** Columns of personal data dropped (`mask`). */
  maskedColumns: string[];
}

export interface TableParams {
  /** Numeric columns to cluster on (default: those with `byDefault` in the summary). */
  columns?: string[];
  /** Log-transform first, for skewed values (default false). */
  log?: boolean;
  kmeans?: KMeansParams;
}

export interface TableSegmentation {
  /** Set by the binding (a Uint32Array): indexes of the rows clustered (rows missing a value are left out). */
  rows: Uint32Array;
  rowsMissingValues: number;
  segmentation: Segmentation;
  /**
   * k is chosen in minK..maxK, cut to a cluster per 20 customers kept, as the best silhouette whose clusters
   * are all described differently; this says why k is not the best silhouette, or that two clusters are
   * described alike. Null otherwise.
   */
  kNote: string | null;
  /** Set by the binding: the id of each clustered row. */
  customerIds: string[];
  /** Set by the binding (a Float64Array per chosen column, in the order of `segmentation.features`). */
  values: Float64Array[];
  /** Set by the binding. */
  exportCsv: string;
}

export interface ProductColumn {
  name: string;
  distinct: number;
  missing: number;
}

export interface ProductTableSummary {
  idColumn: string;
  /**
   * The column that names products the transactions file leaves unnamed (its name or description, else
   * its type, else its category), in recommendations, bought-together lists and product-level rules made
   * after loading the table; null when no column says what a product is.
   */
  nameColumn: string | null;
  rows: number;
  columns: ProductColumn[];
  duplicateIds: number;
}
