// Serves www/ on 127.0.0.1 only, with the headers of www/_headers (the Content-Security-Policy among them: a
// meta tag does not reach Web Workers; the header does). Usage: node scripts/serve.mjs [port] [dir]
// Port 0 picks a free one; dir defaults to www/. Prints the URL on the first line of stdout.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WWW = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'www');
const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const root = path.resolve(process.argv[3] ?? WWW);

// The headers of www/_headers (the file static hosts read), whatever `dir` is served: its one `/*` block,
// `Name: value` per line.
const HEADERS = Object.fromEntries((await readFile(path.join(WWW, '_headers'), 'utf8')).split('\n')
  .filter((line) => /^\s+[\w-]+:/.test(line))
  .map((line) => line.trim().match(/^([\w-]+):\s*(.*)$/).slice(1)));
// Another policy, for the tests of what a stricter one blocks.
if (process.env.SHOPSCOPE_CSP) HEADERS['Content-Security-Policy'] = process.env.SHOPSCOPE_CSP;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) throw Object.assign(new Error('outside root'), { status: 403 });
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      ...HEADERS,
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  } catch (e) {
    res.writeHead(e.status ?? 404, { 'Content-Type': 'text/plain' });
    res.end(e.status === 403 ? 'forbidden' : 'not found');
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
