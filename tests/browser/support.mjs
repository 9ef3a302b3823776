// What the browser tests share: Debian's Chromium through playwright-core
// (which downloads no browser) and the address of the server under test.
import { chromium } from 'playwright-core';

export const BASE = process.env.DOCKET_URL ?? 'http://127.0.0.1:3000';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
