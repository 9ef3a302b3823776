// Docket in a real browser (Debian's Chromium through playwright-core):
// the dashboard hydrates with no console errors, a hydrated control works,
// and pages read the same with JavaScript off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE = process.env.DOCKET_URL ?? 'http://127.0.0.1:3000';
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

async function signIn(page, user, password) {
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('button[type=submit]')]);
}

test('the dashboard hydrates with no console errors, and the window toggle filters in place', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await signIn(page, 'attorney', 'attorney-demo');
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30000 });
  const all = await page.locator('#upcoming tbody tr').count();
  assert.ok(all > 0, 'the upcoming table has rows');
  const five = page.locator('.toggle a', { hasText: '5 business days' });
  await five.click();
  assert.equal(await five.getAttribute('aria-pressed'), 'true');
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/', 'filtered without a page load');
  const days = await page.locator('#upcoming .due-words').allTextContents();
  for (const d of days) assert.match(d, /^(due today|1 business day|[1-5] business days)$/);
  await page.locator('.toggle a', { hasText: 'All' }).click();
  assert.equal(await page.locator('#upcoming tbody tr').count(), all);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pages read the same without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}/matters`);
  const rows = await page.locator('table.matters tbody tr').count();
  assert.ok(rows > 0, 'public matters are listed without JavaScript');
  await page.locator('table.matters a.title').first().click();
  await page.waitForSelector('ol.timeline');
  assert.ok(await page.locator('ol.timeline > li').count() > 0);
  const res = await page.goto(`${BASE}/matters/no-such-matter`);
  assert.equal(res.status(), 404);
  await context.close();
});

// Fills and submits the new FOIA request form; returns on the matter's page.
async function fileRequest(page, title) {
  await page.goto(`${BASE}/matters/new?kind=foia_request`);
  await page.fill('#f-title', title);
  await page.selectOption('#f-agency', 'cbp');
  await page.fill('#f-date_sent', '2025-11-03');
  await page.fill('#f-date_received', '2025-11-03');
  await Promise.all([page.waitForURL(/\/matters\/[a-z0-9-]+$/), page.click('form.matter-form button[type=submit]')]);
}

for (const js of [true, false]) {
  test(`an attorney files a request and logs what happens (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const errors = [];
    // The refused save answers 422 on purpose; the browser logs that as a failed load.
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of 422/.test(msg.text())) errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(String(err)));
    await signIn(page, 'attorney', 'attorney-demo');
    // A bad date is named beside its field, and nothing is created.
    await page.goto(`${BASE}/matters/new?kind=foia_request`);
    if (js) await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30000 });
    await page.fill('#f-title', `Port biometrics ${js}`);
    await page.click('form.matter-form button[type=submit]');
    await page.waitForSelector('#f-date_sent-err:not(:empty)');
    assert.match(await page.locator('#f-date_sent-err').textContent(), /date the request was sent/);

    await fileRequest(page, `Port biometrics ${js ? 'with' : 'without'} script`);
    if (js) await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30000 });
    const due = page.locator('li.deadline time').first();
    assert.equal(await due.getAttribute('datetime'), '2025-12-03');
    // Quick action: the agency's fee request tolls the clock.
    const quick = page.locator('details.quick', { hasText: 'Agency asked about fees' });
    await quick.locator('summary').click();
    await quick.locator('input[type=date]').fill('2025-11-10');
    if (js) {
      await quick.locator('button[type=submit]').click();
      await page.waitForSelector('ol.timeline li.event:has-text("Agency asked about fees")');
    } else {
      await Promise.all([page.waitForNavigation(), quick.locator('button[type=submit]').click()]);
    }
    assert.ok(await page.locator('ol.timeline li.event', { hasText: 'Agency asked about fees' }).count() === 1);
    assert.equal(await page.locator('.badges .badge').nth(1).textContent(), 'Processing');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
