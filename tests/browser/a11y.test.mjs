// Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on every public page
// type and the pages people work in, signed out and signed in. Zero
// violations is the bar; each one found is printed with its selector.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE, firstLink, launch } from './support.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function violations(page, path) {
  await page.goto(`${BASE}${path}`);
  // The page's CSP allows only its own scripts: the test context bypasses it to add axe.
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${path}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
}

test('public pages have no axe violations', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const paths = ['/', '/public', '/matters', '/agencies', '/theories', '/provisions', '/calendar', '/login', '/search?q=biometric'];
  paths.push(await firstLink(page, '/matters', '/matters/'));
  paths.push(await firstLink(page, '/agencies', '/agencies/'));
  paths.push(await firstLink(page, '/theories', '/theories/'));
  paths.push(await firstLink(page, '/provisions', '/provisions/'));
  const found = [];
  for (const path of paths) found.push(...await violations(page, path));
  assert.deepEqual(found, [], found.join('\n'));
  await context.close();
});

async function signedIn(user) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', `${user}-demo`);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('main button[type=submit]')]);
  return { context, page };
}

test('the admin pages have no axe violations', async () => {
  const { context, page } = await signedIn('admin');
  const found = [];
  for (const path of ['/admin/users', '/calendar']) found.push(...await violations(page, path));
  assert.deepEqual(found, [], found.join('\n'));
  await context.close();
});

test('the working pages of a signed-in attorney have no axe violations', async () => {
  const { context, page } = await signedIn('attorney');
  const matter = await firstLink(page, '/matters', '/matters/');
  const paths = ['/', '/matters', matter, `${matter}/edit`, `${matter}/history`, '/matters/new?kind=foia_request',
    '/drafts', '/notifications', '/account/tokens', '/account/security', '/search?q=request', '/portfolio',
    '/portfolio?group=theory'];
  const found = [];
  for (const path of paths) found.push(...await violations(page, path));
  assert.deepEqual(found, [], found.join('\n'));
  await context.close();
});
