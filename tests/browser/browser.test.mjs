// Docket in a real browser (Debian's Chromium through playwright-core):
// the dashboard hydrates with no console errors, a hydrated control works,
// and pages read the same with JavaScript off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, fileRequest, launch, signIn } from './support.mjs';

let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


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
  assert.equal(await five.getAttribute('aria-current'), 'true');
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/', 'filtered without a page load');
  const days = await page.locator('#upcoming .due-words').allTextContents();
  for (const d of days) assert.match(d, /^(due today|1 business day|[1-5] business days)$/);
  await page.locator('.toggle a', { hasText: 'All' }).click();
  assert.equal(await page.locator('#upcoming tbody tr').count(), all);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const js of [true, false]) {
  test(`a date on the dashboard opens why it falls there (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    await signIn(page, 'attorney', 'attorney-demo');
    const date = page.locator('#upcoming .due a').first();
    const due = await date.locator('time').getAttribute('datetime');
    await Promise.all([page.waitForURL(/\/matters\/[a-z0-9-]+\?why=\d+#deadline-\d+$/), date.click()]);
    const id = new URL(page.url()).hash;
    const item = page.locator(`li${id}`);
    assert.equal(await item.locator('time').getAttribute('datetime'), due, 'the same deadline');
    assert.equal(await item.evaluate((li) => li.matches(':target')), true, 'the page goes to it');
    assert.equal(await item.locator('details.why').getAttribute('open'), '', 'its explanation is open');
    assert.ok(await item.locator('details.why > :not(summary)').first().isVisible(), 'and shows');
    assert.ok(await item.locator('details.why a[href^="/provisions/"]').first().isVisible(), 'with the provision linked');
    assert.equal(await page.locator('details.why[open]').count(), 1, 'and only its');
    await context.close();
  });
}

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
    let preview = '';
    if (js) {
      // Before saving, the form says what the fee request would do, computed
      // in the browser by the same engine.
      await quick.locator('.due-preview li').first().waitFor();
      preview = await quick.locator('.due-preview').textContent();
      assert.match(preview, /If you save this/);
      assert.match(preview, /Wed 3 Dec 2025/);
      await quick.locator('button[type=submit]').click();
      await page.waitForSelector('ol.timeline li.event:has-text("Agency asked about fees")');
    } else {
      await Promise.all([page.waitForNavigation(), quick.locator('button[type=submit]').click()]);
    }
    assert.ok(await page.locator('ol.timeline li.event', { hasText: 'Agency asked about fees' }).count() === 1);
    // Back on the page, at the form's section, which says the event was logged.
    assert.equal(new URL(page.url()).hash, '#saved');
    assert.match(await page.locator('.quick-actions #saved').textContent(), /^Logged\./);
    if (js) {
      // What the preview promised is what the server stored.
      const stored = (await page.locator('li.deadline time').first().textContent()).trim();
      assert.ok(preview.includes(stored), `preview "${preview}" vs stored ${stored}`);
    } else {
      assert.equal(await page.locator('.due-preview li').count(), 0, 'no preview without JavaScript');
    }
    assert.equal(await page.locator('.badges .badge').nth(1).textContent(), 'Processing');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

// RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at Unix time `at`.
async function totp(secret, at) {
  const { createHmac } = await import('node:crypto');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, '0');
}

test('a student files, an attorney approves, an admin adds an attorney who turns on two-factor sign-in (no JavaScript)', async () => {
  const as = async (user, password) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, user, password);
    return { context, page };
  };
  // The student's filing is a draft.
  const student = await as('student', 'student-demo');
  const title = `Student request ${Date.now()}`;
  await fileRequest(student.page, title);
  assert.match(await student.page.locator('main').textContent(), /Draft: waiting for an attorney's approval/);
  await student.context.close();

  // The attorney approves it from the queue: two clicks.
  const attorney = await as('attorney', 'attorney-demo');
  await attorney.page.click('a[href="/drafts"]');
  const item = attorney.page.locator('li.draft', { hasText: title });
  await Promise.all([attorney.page.waitForNavigation(), item.locator('button[value=approve]').click()]);
  assert.equal(await attorney.page.locator('li.draft', { hasText: title }).count(), 0, 'no longer waiting');
  await attorney.context.close();

  // The admin adds an attorney; the generated password is shown once.
  const admin = await as('admin', 'admin-demo');
  await admin.page.goto(`${BASE}/admin/users`);
  const username = `ana${Date.now() % 100000}`;
  await admin.page.fill('#f-username', username);
  await admin.page.fill('#f-name', 'Ana Lopez');
  await admin.page.selectOption('#f-role', 'attorney');
  await admin.page.selectOption('#f-organization', 'border-privacy-clinic');
  await Promise.all([admin.page.waitForNavigation(), admin.page.click('button:has-text("Add user")')]);
  const password = (await admin.page.locator('.password-once code').textContent()).trim();
  assert.ok(password.length >= 12, 'a generated password is shown');
  await admin.context.close();

  // The new attorney turns on two-factor sign-in with an authenticator code.
  const ana = await as(username, password);
  await ana.page.goto(`${BASE}/account/security`);
  await Promise.all([ana.page.waitForNavigation(), ana.page.click('button:has-text("Set up two-factor sign-in")')]);
  assert.equal(await ana.page.locator('.qr-code svg').count(), 1, 'a QR code to scan');
  const secret = (await ana.page.locator('figcaption code.secret').textContent()).trim();
  const now = Date.now() / 1000;
  await ana.page.fill('#f-code', await totp(secret, now));
  await Promise.all([ana.page.waitForNavigation(), ana.page.click('button:has-text("Turn on")')]);
  assert.match(await ana.page.locator('main').textContent(), /Two-factor sign-in is on/);
  await ana.context.close();

  // Signing in now takes the password and then the next code.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${BASE}/login/two-factor`), page.click('main button[type=submit]')]);
  await page.fill('input[name=code]', await totp(secret, now + 30));
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('main button[type=submit]')]);
  assert.match(await page.locator('header').textContent(), /Ana Lopez/);
  await context.close();
});

test('the public home and a published matter read the same with and without JavaScript; an unpublished one is 404', async () => {
  const text = async (js, path) => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const errors = [];
    const bundle = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('request', (req) => { if (new URL(req.url()).pathname.startsWith('/pkg/')) bundle.push(req.url()); });
    const res = await page.goto(`${BASE}${path}`, { waitUntil: 'networkidle' });
    assert.equal(res.status(), 200, path);
    // A visitor's page is complete as served: it loads no script at all.
    assert.deepEqual(bundle, [], `${path}: no bundle for a visitor`);
    assert.equal(await page.locator('script[type=module], script[src]').count(), 0, `${path}: no script to load`);
    // Controls that only work with JavaScript (class js-only, such as Print) are left out.
    const main = (await page.locator('main').evaluate((el) => {
      const copy = el.cloneNode(true);
      copy.querySelectorAll('.js-only').forEach((n) => n.remove());
      document.body.appendChild(copy);
      const t = copy.innerText;
      copy.remove();
      return t;
    })).replace(/\s+/g, ' ').trim();
    const links = page.locator('main a[href^="/matters/"]');
    const matter = (await links.count()) > 0 ? await links.first().getAttribute('href') : null;
    await context.close();
    assert.deepEqual(errors, [], `${path} with JavaScript ${js}`);
    return { main, matter };
  };
  const home = await text(false, '/');
  assert.match(home.main, /FOIA requests and lawsuits, in public/);
  assert.equal((await text(true, '/')).main, home.main, 'the public home reads the same with JavaScript on');
  const matter = await text(false, home.matter);
  assert.equal((await text(true, home.matter)).main, matter.main, `${home.matter} reads the same with JavaScript on`);
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(`${BASE}/matters/access-now-ice-request`);
  assert.equal(res.status(), 404, 'an unpublished matter is not revealed');
  await context.close();
});

test('the header search box finds published matters, with and without JavaScript, and marks the words', async () => {
  const results = [];
  for (const js of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    await page.goto(`${BASE}/public`);
    await page.fill('header input[name=q]', 'biometric');
    await Promise.all([page.waitForURL(/\/search\?q=biometric$/), page.press('header input[name=q]', 'Enter')]);
    const hits = page.locator('ol.search-hits li');
    assert.ok(await hits.count() > 0, `hits with JavaScript ${js}`);
    const marked = (await page.locator('ol.search-hits mark').allTextContents()).map((t) => t.toLowerCase());
    assert.ok(marked.length > 0 && marked.every((t) => t.startsWith('biometric')), `marks: ${marked}`);
    const links = await page.locator('ol.search-hits a[href^="/matters/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.length > 0 && !links.some((l) => l.includes('access-now-ice-request')), 'only published matters');
    results.push(links);
    await context.close();
  }
  assert.deepEqual(results[1], results[0], 'the same hits with and without JavaScript');
});
