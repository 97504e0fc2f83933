// Types of the shopscope JS API (client.js). Every result is plain JSON-able data; every failure is a
// ShopScopeError with a stable `code`.

/** Stable error codes a UI can switch on. */
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
  | 'too_large'
  /** The worker failed unexpectedly (a bug: please report it with the message). */
  | 'internal';

/** An error with a stable `code` and a message meant for people. */
export class ShopScopeError extends Error {
  constructor(code: ErrorCode, message: string);
  readonly name: 'ShopScopeError';
  readonly code: ErrorCode;
}

/** Progress and cancellation for long calls. */
export interface RunOptions {
  /** Called as the work goes: `fraction` in 0..1, `stage` names the step ("reading", "k = 4"...). */
  onProgress?: (fraction: number, stage: string) => void;
  /** Aborting it rejects the call with code 'cancelled' (in a worker: stops the worker at once). */
  signal?: AbortSignal;
}

/** What a column is used as. */
export type Role =
  | 'customer' | 'order' | 'date' | 'productId' | 'productName' | 'quantity' | 'unitPrice' | 'lineAmount'
  /** An order's or payment's status: cancelled, refunded, voided, failed and lost orders are not purchases. */
  | 'status'
  /** The currency of the amounts: several currencies are not added up without `currencyRates`. */
  | 'currency';

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
  dateOrder?: 'ymd' | 'mdy' | 'dmy';
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

export interface LoadResult {
  /** Bytes of CSV text loaded. */
  size: number;
  inspection: Inspection;
}

/** Rows set aside or treated specially, with the first 20 row numbers (1-based, header = row 1). */
export interface RowGroup {
  count: number;
  firstRows: number[];
}

export interface Skipped extends RowGroup {
  reason: 'wrong_field_count' | 'bad_value' | 'missing_value' | 'zero_quantity' | 'negative_price' | 'duplicate' | 'footer'
    | 'not_purchased' | 'not_a_product';
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
export interface IngestReport extends Omit<Inspection, 'dateAmbiguous'> {
  rowsRead: number;
  rowsUsed: number;
  skipped: Skipped[];
  /** Cancellations and returns: kept (they reduce net spend), not counted as purchases. */
  returns: RowGroup;
  /** Lines without a customer id: kept for baskets, left out of customer analyses. */
  missingCustomer: RowGroup;
  /** Purchases with price 0: kept in baskets, add nothing to spend. */
  freeItems: RowGroup;
  customers: number;
  /** Orders with at least one purchase (an order column's ids, or a customer's lines on one day). */
  orders: number;
  /** Orders holding only returns or cancellations (UCI's `C536379` invoices): not counted in `orders`. */
  returnOrders: number;
  products: number;
  /** YYYY-MM-DD, or null without dates. */
  firstDate: string | null;
  lastDate: string | null;
  /**
   * The file has no calendar dates: dates are relative days built from order numbers and days since the
   * prior order, day 0 shown as 2000-01-01 (the warnings say how they were aligned).
   */
  relativeDays: boolean;
  /** Purchases minus returns, where the file has prices or amounts. */
  netAmount: number | null;
  capabilities: Capability[];
  /** Bytes of the in-memory model, and per kept row. */
  modelBytes: number;
  bytesPerRow: number;
  /** Customer ids were replaced by pseudonyms (`mask`). */
  idsMasked: boolean;
}

export interface IngestResult {
  report: IngestReport;
  millis: number;
  /** The wasm module's linear memory after reading (it only grows). */
  wasmMemoryBytes: number;
}

/** Customer features k-means can cluster on. */
export type Feature = 'recency' | 'frequency' | 'monetary' | 'averageOrderValue' | 'tenure' | 'distinctProducts';

export interface RfmOptions {
  /** YYYY-MM-DD; recency is counted to this day. Default: the day after the last purchase. */
  analysisDate?: string;
}

export interface KMeansOptions {
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
 * RFM of every scored customer, one typed array per field (columns, not an object per customer: large
 * results stay compact and move from the worker without copying). Customer `i` is `customerIds[i]` of the
 * result: e.g. `customers.monetary[i]`, `customers.segment[i]`.
 */
export interface RfmColumns {
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

export interface ClusterProfile {
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
  scores: { k: number; inertia: number; silhouette: number | null }[];
  elbowK: number | null;
  /** Cluster of each row (0 has the most revenue). */
  labels: Uint32Array;
  profiles: ClusterProfile[];
}

export interface SegmentResult {
  rfm: { analysisDay: number; hasMonetary: boolean; customers: RfmColumns; withoutPurchases: number };
  summary: SegmentSummary[];
  /** null when called with `kmeans: false`. */
  kmeans: Segmentation | null;
  /** The id of each customer of `rfm.customers` (and of `kmeans.labels`). */
  customerIds: string[];
  /** One row per customer: id, RFM values and scores, segment, cluster. */
  exportCsv: string;
  millis: number;
}

export interface LifetimeValueOptions {
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

/**
 * Every modelled customer's prediction, one typed array per field (see `RfmColumns`); customer `i` is
 * `customerIds[i]` of the result.
 */
export interface CustomerValues {
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

export interface LifetimeValueResult {
  calibrationEnd: string;
  timeUnitDays: number;
  horizonDays: number;
  /** BG/NBD. */
  purchaseModel: { r: number; alpha: number; a: number; b: number };
  purchaseFit: FitReport;
  /** Gamma-Gamma; null without prices or too few repeat buyers (see `spendNote`). */
  spendModel: { p: number; q: number; gamma: number } | null;
  spendFit: FitReport | null;
  spendNote: string | null;
  spendFrequencyCorrelation: number | null;
  valueUnit: 'money' | 'purchases';
  intervalLevel: number;
  customers: CustomerValues;
  customerIds: string[];
  totals: {
    customers: number; repeatBuyers: number; expectedPurchases: number; value: number; valueLow: number;
    valueHigh: number; meanPAlive: number; atRisk: number;
  };
  /** Predicted against actual purchases after `calibrationEnd`; null without it. */
  holdout: {
    days: number; actualTotal: number; predictedTotal: number;
    buckets: { repeatPurchases: string; customers: number; actual: number; predicted: number }[];
  } | null;
  /** P(alive) by repeat purchases (rows) and days since the last purchase (columns). */
  aliveGrid: { ageDays: number; repeatPurchases: number[]; daysSinceLast: number[]; pAlive: number[][] };
  /** Indexes into the `customers` columns of the at-risk repeat buyers, most valuable first. */
  atRisk: number[];
  firstBoughtInHoldout: number;
  exportCsv: string;
  millis: number;
}

export interface MiningOptions {
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
  /** A column of the product table (loadProductTable) whose values stand for products, e.g. a category. */
  itemColumn?: string;
}

export interface MiningResult {
  baskets: number;
  items: number;
  /** The support used: as given (minCount / baskets for a minCount), or chosen from the data. */
  minSupport: number;
  minCount: number;
  supportChosenBy: 'given' | 'data';
  itemsets: number;
  /** Itemsets of size 1, 2, ... */
  bySize: number[];
  /** With itemColumn: how much of the file the column covers. */
  coverage: { column: string; products: number; productsWithoutValue: number; basketsWithoutValue: number } | null;
  millis: number;
}

export type Metric = 'support' | 'confidence' | 'lift' | 'leverage' | 'conviction' | 'zhang';

export interface RuleOptions {
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

/** `antecedent -> consequent`, with mlxtend's metrics. */
export interface Rule {
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

export interface RulesResult {
  rules: Rule[];
  exportCsv: string;
}

export interface RecommenderOptions {
  /** Most similar products kept per product (default 200). */
  neighbours?: number;
  /** Default 'rp3Beta'. */
  weighting?: 'rp3Beta' | 'bm25' | 'tfIdf' | 'cosine';
  /** RP3beta's exponents (defaults 1.0, 0.6). */
  alpha?: number;
  beta?: number;
  /** BM25's (defaults 1.2, 0.75). */
  bm25K1?: number;
  bm25B?: number;
}

export interface RecommenderSummary {
  customers: number;
  products: number;
  /** Customer x product pairs learnt from. */
  pairs: number;
  similarities: number;
  /** Every customer the model knows. */
  customerIds: string[];
  millis: number;
}

export interface RecommendOptions {
  /** Default 10. */
  n?: number;
  /** Leave out what the customer bought (default true). */
  excludeBought?: boolean;
  /** Bought products quoted as the reason for each (default 3). */
  explain?: number;
  /** With excludeBought false: weight of "buys it again" against the neighbours (default 2). */
  repeatWeight?: number;
}

export interface Product {
  /** The product's id. */
  product: string;
  /**
   * Its name: from the file's product-name column, else from the loaded products table's `nameColumn`;
   * null when neither names it.
   */
  name: string | null;
  /** For people: "name (id)", or the id alone when no name is known. */
  label: string;
}

export interface Recommendation extends Product {
  score: number;
  /** From the popularity fallback rather than the customer's history. */
  popular: boolean;
  /** The share of the customer's purchases that were this product. */
  repeatShare: number;
  because: (Product & { share: number })[];
}

export interface Recommendations {
  customer: string;
  /** false: the customer is not in the data, and gets the most popular products. */
  known: boolean;
  /** Distinct products the customer bought. */
  bought: number;
  recommendations: Recommendation[];
}

export interface TogetherOptions {
  /** Default 10. */
  n?: number;
  /** Baskets a product must share with the cart (default 2). */
  minCount?: number;
}

export interface BoughtTogether {
  /** Baskets with any of the given products. */
  cartBaskets: number;
  /** The cart's products as shown: "Name (id)" where a name is known, else the id. */
  cartLabels: string[];
  items: (Product & { count: number; confidence: number; lift: number })[];
}

export interface EvaluateOptions {
  /** Default 'lastOrder' when the file has orders and dates, else 'random'. */
  split?: 'lastOrder' | 'random';
  /** With 'random' (default 0.2). */
  testShare?: number;
  seed?: number;
  /** Cut-off of the metrics (default 10). */
  k?: number;
  excludeBought?: boolean;
  knn?: RecommenderOptions;
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
  split: 'lastOrder' | 'random';
  model: Metrics;
  popularity: Metrics;
  /** "What they bought most", when excludeBought is false. */
  buyAgain: Metrics | null;
  millis: number;
}

export interface TableOptions {
  /** Default: the column whose header names a customer (or product), else the first. */
  idColumn?: string;
  delimiter?: string;
  /** Drop columns of personal data; in a customer table, also replace ids by pseudonyms (see MaskOptions). */
  mask?: MaskOptions;
  /** As IngestOptions.encoding. */
  encoding?: string;
}

export interface CustomerTableSummary {
  idColumn: string;
  rows: number;
  /**
   * Numeric columns; `banded`: ranges like "35-44" read as their middle; `keeps`: customers with a value;
   * `byDefault`: clustered on when no columns are given (a value for at least 90% of the customers).
   */
  numeric: { name: string; banded: boolean; missing: number; keeps: number; byDefault: boolean }[];
  otherColumns: string[];
  duplicateIds: number;
  /** Columns of personal data dropped (`mask`). */
  maskedColumns: string[];
}

export interface TableSegmentOptions {
  /** Numeric columns to cluster on (default: those with `byDefault` in the summary). */
  columns?: string[];
  /** Log-transform first, for skewed values (default false). */
  log?: boolean;
  kmeans?: KMeansOptions;
}

export interface TableSegmentResult {
  /** Indexes of the rows clustered (rows missing a value are left out). */
  rows: Uint32Array;
  rowsMissingValues: number;
  /**
   * k is chosen in minK..maxK, cut to a cluster per 20 customers kept, as the best silhouette whose clusters
   * are all described differently; this says why k is not the best silhouette, or that two clusters are
   * described alike. Null otherwise.
   */
  kNote: string | null;
  segmentation: Segmentation;
  customerIds: string[];
  /** Per chosen column (in the order of `segmentation.features`), its values in the clustered rows. */
  values: Float64Array[];
  exportCsv: string;
  millis: number;
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
  columns: { name: string; distinct: number; missing: number }[];
  duplicateIds: number;
}

/** What load() reads. */
export type Source = File | Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | Response | string;

/** The values a record given to loadRecords() may hold (others are written with String() or as JSON). */
export type RecordValue = string | number | boolean | Date | null | undefined;

/**
 * One analysis session: a transactions file (plus optional product and customer tables) and the models fitted
 * on it. Calls run in a Web Worker and resolve to plain data.
 */
export class ShopScope {
  /** `workerUrl`: where worker.js is served, if not next to this module. */
  constructor(options?: { workerUrl?: string | URL });

  /**
   * The same API running in the calling thread (Node, or a worker of your own). `wasm`: the module's bytes,
   * a WebAssembly.Module, URL or Response; in Node pass the bytes of `shopscope/shopscope_bg.wasm`.
   */
  static inThisThread(options?: { wasm?: BufferSource | WebAssembly.Module | URL | string | Response }): Promise<ShopScope>;

  /** Loads a CSV file and detects how to read it. */
  load(source: Source, options?: IngestOptions): Promise<LoadResult>;
  /** Loads records (plain objects, e.g. from your own API) as a CSV with their keys (or `columns`) as header. */
  loadRecords(records: readonly object[], options?: IngestOptions & { columns?: string[] }): Promise<LoadResult>;
  /** Re-detects the layout of the loaded file with other options. */
  inspect(options?: IngestOptions): Promise<Inspection>;
  /** Reads the whole loaded file, with the options given to load() unless these override them. */
  ingest(options?: IngestOptions, run?: RunOptions): Promise<IngestResult>;

  /** RFM scores and segments, and k-means clusters unless `kmeans` is false. */
  segment(options?: { rfm?: RfmOptions; kmeans?: KMeansOptions | false }, run?: RunOptions): Promise<SegmentResult>;
  /** Lifetime value and churn: BG/NBD + Gamma-Gamma, discounted, with intervals. */
  lifetimeValue(options?: LifetimeValueOptions, run?: RunOptions): Promise<LifetimeValueResult>;

  /** Frequent itemsets of the baskets (orders), kept for rules(). */
  mine(options?: MiningOptions, run?: RunOptions): Promise<MiningResult>;
  /** Rules from the last mined itemsets, filtered and sorted. */
  rules(options?: RuleOptions): Promise<RulesResult>;

  /** Fits the item-kNN recommender on every purchase, kept for the calls below. */
  recommender(options?: RecommenderOptions, run?: RunOptions): Promise<RecommenderSummary>;
  /** Top-N for one customer id (an unknown id gets the most popular products). */
  recommend(customer: string | number, options?: RecommendOptions): Promise<Recommendations>;
  /** The products most like one, by who bought them. */
  similarProducts(product: string | number, n?: number): Promise<(Product & { similarity: number })[]>;
  /**
   * Top-N for every customer as CSV text (customer, rank, product_id, product_name, score, popular,
   * because: the reasons' labels).
   */
  exportRecommendations(options?: RecommendOptions): Promise<string>;
  /** Products bought with any of `products` (ids) more often than chance. */
  boughtTogether(products: (string | number)[], options?: TogetherOptions): Promise<BoughtTogether>;
  /** Offline evaluation of the recommender beside popularity. */
  evaluateRecommendations(options?: EvaluateOptions, run?: RunOptions): Promise<Evaluation>;

  /**
   * A products table (one row per product), whose columns mine() can use as items, and whose `nameColumn`
   * names products in what is made after it is loaded.
   */
  loadProductTable(source: Source, options?: TableOptions): Promise<ProductTableSummary>;
  /** A customer table (one row per customer: age, income...), for clustering on its numeric columns. */
  loadCustomerTable(source: Source, options?: TableOptions): Promise<CustomerTableSummary>;
  /** k-means on the customer table's numeric columns. */
  segmentCustomerTable(options?: TableSegmentOptions, run?: RunOptions): Promise<TableSegmentResult>;

  /** The wasm module's version. */
  version(): Promise<string>;
  /** Stops the worker (rejecting pending calls with 'cancelled') and frees its memory. */
  terminate(): void;
}
