// Vite 5-7's dev server pre-bundles dependencies into .vite/deps, where the package's
// `new URL('./worker.js', import.meta.url)` no longer finds the worker (a 404, reported as worker_load);
// excluding the package serves it from node_modules as it is. Builds and Vite 8 need nothing.
export default { optimizeDeps: { exclude: ['shopscope'] } };
