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

// The first link on `path` whose href starts with `prefix` (a real slug to visit).
export async function firstLink(page, path, prefix) {
  await page.goto(`${BASE}${path}`);
  return page.locator(`main a[href^="${prefix}"]`).first().getAttribute('href');
}

// Signs in through the form; returns on the dashboard.
export async function signIn(page, user, password) {
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('main button[type=submit]')]);
}

// Fills and submits the new FOIA request form; returns on the matter's page.
export async function fileRequest(page, title) {
  await page.goto(`${BASE}/matters/new?kind=foia_request`);
  await page.fill('#f-title', title);
  await page.selectOption('#f-agency', 'cbp');
  await page.fill('#f-date_sent', '2025-11-03');
  await page.fill('#f-date_received', '2025-11-03');
  await Promise.all([page.waitForURL(/\/matters\/[a-z0-9-]+$/), page.click('form.matter-form button[type=submit]')]);
}
