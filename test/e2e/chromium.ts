import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless. The background-networking flags matter here: the machine has no internet and
 * Chromium's own connections would otherwise be refused many times at every start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
