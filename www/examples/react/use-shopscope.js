// A React hook over the package, the pattern README's "React" describes (tests/e2e/toolchains.test.mjs runs
// it in a Next.js client component). One ShopScope per component, its worker ended when the component goes;
// `analyse` runs again when `deps` change, and the run it replaces is aborted: only that call is stopped,
// what the scope has loaded stays.
import { useEffect, useRef, useState } from 'react';
import { ShopScope } from 'shopscope';

/**
 * @template T
 * @typedef {{ status: 'working' | 'done' | 'cancelled' | 'error', progress: number, result?: T, error?: import('shopscope').ShopScopeError }} ShopScopeState
 */

/**
 * @template T
 * @param {(scope: ShopScope, run: { signal: AbortSignal, onProgress: (fraction: number) => void }) => Promise<T>} analyse
 *   the calls to make; pass `run` to those that take it (ingest, segment, recommender, ...)
 * @param {unknown[]} deps when to run it again
 * @returns {ShopScopeState<T> & { cancel: () => void }}
 */
export function useShopScope(analyse, deps) {
  const scope = useRef(/** @type {ShopScope | null} */ (null));
  const running = useRef(/** @type {AbortController | null} */ (null));
  const [state, setState] = useState(/** @type {ShopScopeState<T>} */ ({ status: 'working', progress: 0 }));

  useEffect(() => () => {
    scope.current?.terminate();
    scope.current = null;
  }, []);

  useEffect(() => {
    scope.current ??= new ShopScope();
    const run = new AbortController();
    running.current = run;
    setState({ status: 'working', progress: 0 });
    // A replaced run says nothing more: the state is the current run's.
    const set = (/** @type {Parameters<typeof setState>[0]} */ next) => running.current === run && setState(next);
    const onProgress = (/** @type {number} */ progress) => set((s) => ({ ...s, progress }));
    analyse(scope.current, { signal: run.signal, onProgress }).then(
      (result) => set({ status: 'done', progress: 1, result }),
      (error) => set(run.signal.aborted ? { status: 'cancelled', progress: 0 } : { status: 'error', progress: 0, error }),
    );
    return () => run.abort();
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps -- the caller says when to run again

  return { ...state, cancel: () => running.current?.abort() };
}
