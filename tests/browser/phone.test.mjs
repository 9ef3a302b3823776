// On a phone (390 CSS pixels wide) every page fits the screen: nothing
// scrolls sideways but a wide chart inside its own scroller, and the
// tables of figures (scorecards, days late by quarter, the calendar) turn
// into one block per row with each figure's column named beside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, firstLink, launch, signIn } from './support.mjs';

const PHONE = { width: 390, height: 844 };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The elements that stick out past the right edge of the screen, outside
// any element that scrolls sideways on its own; empty when the page fits.
async function overflowing(page, path) {
  await page.goto(`${BASE}${path}`);
  return page.evaluate((path) => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
      }
      return false;
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1 && !scrolls(el)) {
        out.push(`${path}: <${el.tagName.toLowerCase()} class="${el.className}"> ends at ${Math.round(r.right)} px`);
      }
    }
    if (document.documentElement.scrollWidth > width + 1) out.push(`${path}: the page is ${document.documentElement.scrollWidth} px wide`);
    return out.slice(0, 5);
  }, path);
}

test('public pages fit a phone screen', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const paths = ['/', '/public', '/matters', '/agencies', '/agencies/cbp', '/agencies/dhs', '/theories', '/provisions',
    '/calendar', '/search?q=biometric'];
  paths.push(await firstLink(page, '/matters', '/matters/'));
  paths.push(await firstLink(page, '/theories', '/theories/'));
  paths.push(await firstLink(page, '/provisions', '/provisions/'));
  const found = [];
  for (const path of paths) found.push(...await overflowing(page, path));
  assert.deepEqual(found, [], found.join('\n'));
  await context.close();
});

test('working pages fit a phone screen', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, 'attorney', 'attorney-demo');
  const found = [];
  for (const path of ['/', '/portfolio', '/matters/new?kind=foia_request', '/matters/new?kind=lawsuit', '/notifications',
    '/drafts', '/account/tokens']) {
    found.push(...await overflowing(page, path));
  }
  const matter = await firstLink(page, '/matters', '/matters/');
  for (const path of [matter, `${matter}/edit`, `${matter}/history`]) found.push(...await overflowing(page, path));
  await context.close();
  const admin = await browser.newContext({ viewport: PHONE });
  const adminPage = await admin.newPage();
  await signIn(adminPage, 'admin', 'admin-demo');
  for (const path of ['/admin/users', '/admin/import', '/calendar']) found.push(...await overflowing(adminPage, path));
  await admin.close();
  assert.deepEqual(found, [], found.join('\n'));
});

test('a scorecard is a table on a wide screen and labelled blocks on a phone', async () => {
  const display = async (viewport) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${BASE}/agencies/cbp`);
    const cell = page.locator('#scorecard td[data-label="Median days late"]');
    const shown = await cell.evaluate((td) => getComputedStyle(td).display);
    const label = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
    await context.close();
    return { shown, label };
  };
  const wide = await display({ width: 1280, height: 900 });
  const phone = await display(PHONE);
  assert.equal(wide.shown, 'table-cell');
  assert.equal(phone.shown, 'flex');
  assert.match(phone.label, /Median days late/, 'the figure is named on a phone');
});
