// Arrays of records (what a CRM's own API returns) as CSV text, so that they take the same road through
// ingest as a file: the same column detection, cleaning and report. RFC 4180 quoting; dates as ISO 8601.
import { fail } from './errors.js';

/**
 * The columns of `records`: every key of every record, in the order first seen.
 * @param {readonly any[]} records
 */
export function columnsOf(records) {
  const seen = new Set();
  for (const record of records) for (const key of Object.keys(record ?? {})) seen.add(key);
  return [...seen];
}

/** @param {unknown} value */
function field(value) {
  if (value === null || value === undefined) return '';
  let text;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : value.toISOString();
  else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * CSV text with a header row. `columns` picks and orders the columns (default: every key seen); a record
 * without a column gets an empty field there.
 * @param {readonly any[]} records
 * @param {string[]} [columns]
 */
export function recordsToCsv(records, columns = columnsOf(records)) {
  if (!Array.isArray(records)) throw fail('invalid_option', 'loadRecords() takes an array of objects');
  const lines = [columns.map(field).join(',')];
  for (const record of records) lines.push(columns.map((c) => field(record?.[c])).join(','));
  return `${lines.join('\n')}\n`;
}
