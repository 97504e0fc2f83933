// Types only (types.d.ts): this empty module is what `export * from './types.js'` and JSDoc's
// `import('./types.js')` find at run time.
