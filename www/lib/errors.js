// Errors as they cross from an operation (engine.js, records.js) to the caller: thrown with a code, sent
// from the worker as {code, message}, turned into a ShopScopeError by client.js.

/**
 * An error for describeError.
 * @param {import('./client.js').ErrorCode} code
 * @param {string} message
 */
export function fail(code, message) {
  return Object.assign(new Error(message), { code });
}

/**
 * `{code, message}` of anything thrown by an operation: wasm errors carry a code; anything else is a bug.
 * @param {any} e
 * @returns {{ code: import('./client.js').ErrorCode, message: string }}
 */
export function describeError(e) {
  return { code: e?.code ?? 'internal', message: e?.message ?? String(e) };
}
