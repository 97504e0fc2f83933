// Errors as they cross from an operation (engine.js, records.js) or the worker's start (worker.js) to the
// caller: thrown with a code, sent from the worker as {code, message, url, directive}, turned into a
// ShopScopeError by client.js.

/**
 * What an environment error names besides its message: the URL that failed to load, the Content-Security-Policy
 * directive that blocked it.
 * @typedef {{ url?: string, directive?: string }} ErrorDetails
 */

/**
 * An error for describeError.
 * @param {import('./client.js').ErrorCode} code
 * @param {string} message
 * @param {ErrorDetails} [details]
 */
export function fail(code, message, details = {}) {
  return Object.assign(new Error(message), { code }, details);
}

/**
 * `{code, message, url?, directive?}` of anything thrown by an operation: wasm errors carry a code; anything
 * else is a bug.
 * @param {any} e
 * @returns {{ code: import('./client.js').ErrorCode, message: string } & ErrorDetails}
 */
export function describeError(e) {
  /** @type {{ code: import('./client.js').ErrorCode, message: string } & ErrorDetails} */
  const described = { code: e?.code ?? 'internal', message: e?.message ?? String(e) };
  for (const key of /** @type {const} */ (['url', 'directive'])) if (e?.[key]) described[key] = String(e[key]);
  return described;
}
