// Temporary helper (deleted after use): screenshots of selected elements.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, views } from './render-views.ts';

const [name, width, ...selectors] = process.argv.slice(2);
const dir = await mkdtemp(path.join(os.tmpdir(), 'inspect-'));
const v = views.find((x) => x.name === name)!;
await writeFile(path.join(dir, `${name}.html`), v.html());
const server = await startServer(dir);
const port = (server.address() as any).port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
await page.goto(`http://127.0.0.1:${port}/views/${name}.html`, { waitUntil: 'networkidle' });
await page.waitForSelector('html[data-fr-js="true"]');
let i = 0;
for (const sel of selectors) {
  await page.locator(sel).first().screenshot({ path: `/tmp/inspect-${i++}.png` });
}
await browser.close();
server.close();
