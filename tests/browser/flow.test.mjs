// Issue 5's main flow in a real browser, JavaScript on: file a FOIA request,
// log the acknowledgement, a fee request and its answer and an extension
// notice, watching the deadline move and reading why; the request is past
// due with no determination, so "may sue now"; sue on it in one click, log
// service on the U.S. attorney and see the answer deadline; find it all by
// searching.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, fileRequest, launch, signIn } from './support.mjs';

let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Logs one quick action on the current matter page and waits for the
// timeline to show it.
async function logEvent(page, label, date, fill = async () => {}) {
  const quick = page.locator('details.quick', { hasText: label }).first();
  await quick.locator('summary').click();
  await quick.locator('input[type=date]').fill(date);
  await fill(quick);
  await quick.locator('.due-preview .preview-h').waitFor();
  const events = page.locator('ol.timeline li.event');
  const before = await events.count();
  await quick.locator('button[type=submit]').click();
  await page.waitForFunction(
    ([n]) => document.querySelectorAll('ol.timeline li.event').length > n, [before], { timeout: 15000 });
}

// The response deadline's date on the request's timeline.
async function responseDue(page) {
  const item = page.locator('ol.timeline li.deadline', { hasText: 'Agency determination on the request' });
  return item.locator('time').getAttribute('datetime');
}

test('a request runs from filing to lawsuit in the browser', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await signIn(page, 'attorney', 'attorney-demo');
  const title = `Kiosk photo retention ${Date.now()}`;
  await fileRequest(page, title);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30000 });
  // 20 business days after Mon 3 Nov 2025 (Veterans Day, Thanksgiving skipped).
  assert.equal(await responseDue(page), '2025-12-03');

  await logEvent(page, 'Acknowledged by the agency', '2025-11-05', (q) => q.locator('input[name$="[tracking_number]"]').fill('CBP-2026-004711'));
  await logEvent(page, 'Agency asked about fees', '2025-11-10');
  await logEvent(page, 'Our answer on fees received', '2025-11-17');
  const tolled = await responseDue(page);
  assert.ok(tolled > '2025-12-03', `the fee question moved the date: ${tolled}`);
  await logEvent(page, 'Unusual-circumstances extension notice', '2025-11-20');
  const extended = await responseDue(page);
  assert.ok(extended > tolled, `the extension moved it again: ${tolled} -> ${extended}`);

  // Why this date: the explanation names the tolling and the extension, and
  // the deadline keeps its earlier dates.
  const deadline = page.locator('ol.timeline li.deadline', { hasText: 'Agency determination on the request' });
  await deadline.locator('summary', { hasText: 'Why this date?' }).click();
  const why = await deadline.locator('.explanation').textContent();
  assert.match(why, /fee/i);
  assert.match(why, /Extended by 10 business days/);
  assert.ok(await deadline.locator('a.cite').count() > 0, 'the provisions are linked');
  assert.ok(await deadline.locator('p.moved').count() >= 2, 'both moves are in its history');

  // Long past due with no determination: constructively exhausted.
  await page.waitForSelector('p.banner.may-sue');
  assert.match(await page.locator('p.banner.may-sue').textContent(), /May sue now/);

  // Sue on it in one click: the lawsuit's edit page opens.
  await Promise.all([
    page.waitForURL(/\/matters\/[a-z0-9-]+\/edit$/, { timeout: 15000 }),
    page.locator('form.sue button[type=submit]').click(),
  ]);
  const lawsuit = new URL(page.url()).pathname.replace(/\/edit$/, '');
  await page.goto(`${BASE}${lawsuit}`);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30000 });
  assert.match(await page.locator('h1').textContent(), /lawsuit/);
  assert.ok(await page.locator('ul.links a', { hasText: title }).count() > 0,
    'the lawsuit is linked to the request');

  // Service on the U.S. attorney starts the 30-day answer clock.
  await logEvent(page, 'Served on the U.S. Attorney', '2026-11-02');
  const answer = page.locator('ol.timeline li.deadline', { hasText: /answer/i }).first();
  assert.equal(await answer.locator('time').getAttribute('datetime'), '2026-12-02');

  // Search finds the request and the lawsuit.
  await page.fill('#site-search-q', 'kiosk photo retention');
  await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('form.site-search button').click()]);
  await page.waitForSelector('ol.search-hits');
  const hits = await page.locator('ol.search-hits').textContent();
  assert.ok(hits.includes(title), `the request is found: ${hits.slice(0, 300)}`);
  assert.deepEqual(errors, []);
  await context.close();
});
