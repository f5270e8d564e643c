// Headless-browser walk-through and accessibility check of the codraft web app.
//
// Usage: node tests/browser/check.mjs PATH/TO/codraft
//
// Starts `codraft serve` on a free loopback port with a throw-away SQLite
// database and data directory (no SMTP: mail lands as .eml files under
// DATA_DIR/outbox/), then drives Debian's Chromium through the public pages
// and the register -> confirm -> login -> switch language journey, running
// axe-core (WCAG 2.0/2.1 A and AA rules) on every page. A violation of impact
// "serious" or "critical" fails the page.
//
// Environment (all optional):
//   CODRAFT_CHROMIUM        Chromium binary (default /usr/bin/chromium)
//   CODRAFT_SCREENSHOTS     directory to write one full-page PNG per page into
//   CODRAFT_CHECK_TIMEOUT   overall time limit in seconds (default 180)
//   CODRAFT_KEEP_TMP=1      keep the temporary data directory for inspection
// Other CODRAFT_* variables are passed to the server (CODRAFT_SMTP* is
// dropped; CODRAFT_OUTBOX_POLL_MS defaults to 250 here).
//
// The last line printed is `N passed, M failed`; the exit status is non-zero
// if anything failed.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { reportSteps } from './steps/report.mjs';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { simpleParser } = require('mailparser');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CHROMIUM = process.env.CODRAFT_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OVERALL_TIMEOUT_MS = (Number(process.env.CODRAFT_CHECK_TIMEOUT) || 300) * 1000;
const HEALTH_TIMEOUT_MS = 60_000;
const MAIL_TIMEOUT_MS = 30_000;
const NAV_TIMEOUT_MS = 20_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

const PASSWORD = 'Quinze-Articles-2026!';
const DISPLAY_NAME = 'Camille Browser-Check';

// ---------------------------------------------------------------- state

const state = {
  tmpDir: null,
  server: null,
  serverExited: null, // promise resolved with {code, signal}
  serverLog: [],
  context: null,
  passed: 0,
  failed: 0,
  shotIndex: 0,
  cleanedUp: false,
  finished: false,
};

// ---------------------------------------------------------------- helpers

function log(line = '') {
  try {
    process.stdout.write(`${line}\n`);
  } catch {
    /* stdout closed: keep going so that cleanup still happens */
  }
}
process.stdout.on('error', () => {});

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function serverLogTail(lines = 40) {
  const all = state.serverLog.join('').split('\n');
  return all.slice(-lines).join('\n');
}

async function startServer(bin, port, tmpDir) {
  const env = { ...process.env };
  // Mail must go to the outbox directory, never to a real SMTP relay.
  for (const key of Object.keys(env)) {
    if (key.startsWith('CODRAFT_SMTP')) delete env[key];
  }
  // Other CODRAFT_* settings from the caller are passed through; the outbox
  // is polled often so that the confirmation mail arrives quickly.
  if (!env.CODRAFT_OUTBOX_POLL_MS) env.CODRAFT_OUTBOX_POLL_MS = '250';
  Object.assign(env, {
    CODRAFT_BIND: `127.0.0.1:${port}`,
    CODRAFT_DATABASE_URL: `sqlite://${path.join(tmpDir, 'codraft.db')}`,
    CODRAFT_DATA_DIR: tmpDir,
    CODRAFT_BASE_URL: `http://127.0.0.1:${port}`,
  });
  const logFile = fs.createWriteStream(path.join(tmpDir, 'server.log'));
  const child = spawn(bin, ['serve', '--demo'], {
    env,
    cwd: tmpDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so the whole group can be stopped
  });
  const keep = (chunk) => {
    const text = chunk.toString();
    state.serverLog.push(text);
    if (state.serverLog.length > 2000) state.serverLog.splice(0, 1000);
    logFile.write(text);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  state.server = child;
  state.serverExited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      logFile.end();
      resolve({ code, signal });
    });
    child.on('error', (err) => {
      keep(`failed to start ${bin}: ${err.message}\n`);
      resolve({ code: null, signal: null, error: err });
    });
  });
  return child;
}

async function waitForHealth(baseUrl) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let exited = null;
  state.serverExited.then((r) => {
    exited = r;
  });
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(
        `server exited before becoming healthy (code ${exited.code}, signal ${exited.signal})`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      lastError = `GET /healthz answered ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code || err.message;
    }
    await sleep(250);
  }
  throw new Error(`server not healthy after ${HEALTH_TIMEOUT_MS / 1000} s (${lastError})`);
}

async function stopServer() {
  const child = state.server;
  if (!child || child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    }
  };
  signalGroup('SIGTERM');
  const done = await Promise.race([state.serverExited.then(() => true), sleep(5000).then(() => false)]);
  if (!done) {
    signalGroup('SIGKILL');
    await Promise.race([state.serverExited, sleep(2000)]);
  }
}

async function cleanup() {
  if (state.cleanedUp) return;
  state.cleanedUp = true;
  if (state.context) {
    await Promise.race([state.context.close().catch(() => {}), sleep(5000)]);
  }
  await stopServer();
  if (state.tmpDir) {
    if (process.env.CODRAFT_KEEP_TMP === '1') {
      log(`kept temporary directory ${state.tmpDir}`);
    } else {
      await fsp.rm(state.tmpDir, { recursive: true, force: true }).catch(() => {});
    }
  }
}

async function finish(exitCode) {
  if (state.finished) return;
  state.finished = true;
  await cleanup();
  log(`${state.passed} passed, ${state.failed} failed`);
  process.exit(exitCode ?? (state.failed > 0 ? 1 : 0));
}

// ---------------------------------------------------------------- axe

async function runAxe(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    // Evaluated through the DevTools protocol, so the page's
    // Content-Security-Policy (no inline scripts) does not block it.
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      count: v.nodes.length,
    }));
  }, AXE_TAGS);
}

function summarizeViolations(violations) {
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
  for (const v of violations) counts[v.impact in counts ? v.impact : 'minor'] += 1;
  return IMPACTS.map((i) => `${counts[i]} ${i}`).join(', ');
}

async function screenshot(page, name) {
  const dir = process.env.CODRAFT_SCREENSHOTS;
  if (!dir) return;
  try {
    await fsp.mkdir(dir, { recursive: true });
    state.shotIndex += 1;
    const file = path.join(dir, `${String(state.shotIndex).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
  } catch (err) {
    log(`     (screenshot of ${name} failed: ${err.message})`);
  }
}

// Runs one step: `body` performs the navigation/interaction and functional
// expectations (throwing on failure) and returns a short description; axe is
// then run on whatever page is showing.
async function step(page, name, body) {
  const problems = [];
  let description = '';
  let violations = [];
  try {
    description = (await body()) || '';
  } catch (err) {
    problems.push(err.message.split('\n')[0]);
  }
  try {
    violations = await runAxe(page);
  } catch (err) {
    problems.push(`axe could not run: ${err.message.split('\n')[0]}`);
  }
  await screenshot(page, name);
  const failing = violations.filter((v) => FAILING_IMPACTS.has(v.impact));
  const ok = problems.length === 0 && failing.length === 0;
  let where = '';
  try {
    where = new URL(page.url()).pathname;
  } catch {
    where = page.url();
  }
  log(
    `${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(16)} ${where.padEnd(20)} axe: ${summarizeViolations(violations)}` +
      (description ? `  (${description})` : ''),
  );
  for (const p of problems) log(`       - ${p}`);
  for (const v of failing) {
    log(`       - axe ${v.id} [${v.impact}] ${v.help} (${v.count} node${v.count === 1 ? '' : 's'})`);
    for (const t of v.targets) log(`           at ${t}`);
    log(`           see ${v.helpUrl}`);
  }
  if (ok) state.passed += 1;
  else state.failed += 1;
  return ok;
}

async function goto(page, url) {
  const res = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  if (!res) throw new Error(`no response for ${url}`);
  return res;
}

function expectOk(res, what) {
  if (res.status() >= 400) throw new Error(`${what} answered HTTP ${res.status()}`);
}

// Submits the form that contains `fieldSelector` with its own submit button
// and waits for the resulting navigation; returns the final response.
async function submitForm(page, fieldSelector) {
  const form = page.locator('form').filter({ has: page.locator(fieldSelector) }).first();
  const button = form
    .locator('button[type="submit"], input[type="submit"], button:not([type])')
    .first();
  if ((await button.count()) === 0) throw new Error('form has no submit button');
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }),
    button.click({ timeout: NAV_TIMEOUT_MS }),
  ]);
  if (!res) throw new Error('submitting the form gave no response');
  return res;
}

function wasRedirected(res) {
  return res.request().redirectedFrom() !== null;
}

async function flashText(page) {
  const flash = page.locator('.flash');
  if ((await flash.count()) === 0) return null;
  const text = (await flash.first().innerText()).replace(/\s+/g, ' ').trim();
  return text || null;
}

// Visible messages on the page (flash, field errors, alerts), to explain a
// failed form submission.
async function pageMessages(page) {
  try {
    const texts = await page
      .locator('.flash, .error, .errors, .field-error, [role="alert"], [aria-invalid="true"] + *')
      .allInnerTexts();
    const uniq = [...new Set(texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean))];
    return uniq.length ? `; page says: ${uniq.slice(0, 5).join(' | ').slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

async function fill(page, selector, value) {
  const field = page.locator(selector).first();
  if ((await field.count()) === 0) throw new Error(`no field ${selector}`);
  await field.fill(value, { timeout: NAV_TIMEOUT_MS });
}

// ---------------------------------------------------------------- mail

async function listEml(dir) {
  const out = [];
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listEml(full)));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.eml')) out.push(full);
  }
  return out;
}

function addressesOf(field) {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  const out = [];
  const walk = (entries) => {
    for (const entry of entries || []) {
      if (entry.address) out.push(entry.address.toLowerCase());
      if (entry.group) walk(entry.group);
    }
  };
  for (const f of list) walk(f.value);
  return out;
}

// Waits for a mail to `email` in the outbox and returns {file, parsed}.
async function waitForMail(outbox, email) {
  const deadline = Date.now() + MAIL_TIMEOUT_MS;
  const seen = new Set();
  while (Date.now() < deadline) {
    for (const file of await listEml(outbox)) {
      if (seen.has(file)) continue;
      let parsed;
      try {
        parsed = await simpleParser(await fsp.readFile(file));
      } catch {
        continue; // possibly still being written; retry on the next round
      }
      seen.add(file);
      if (addressesOf(parsed.to).includes(email.toLowerCase())) return { file, parsed };
    }
    await sleep(250);
  }
  throw new Error(`no .eml to ${email} under ${outbox} within ${MAIL_TIMEOUT_MS / 1000} s`);
}

function decodeEntities(s) {
  return s
    .replace(/&amp;/gi, '&')
    .replace(/&#x26;/gi, '&')
    .replace(/&#38;/g, '&')
    .replace(/&#x3d;/gi, '=')
    .replace(/&#61;/g, '=');
}

function findConfirmLink(parsed, baseUrl) {
  const sources = [parsed.text || '', decodeEntities(parsed.html || '')];
  const re = /(?:https?:\/\/[^\s"'<>()]+)?\/account\/confirm\?token=[^\s"'<>()]+/;
  for (const src of sources) {
    const m = src.match(re);
    if (m) {
      const link = new URL(m[0].replace(/[.,;:!?]+$/, ''), baseUrl);
      const base = new URL(baseUrl);
      link.protocol = base.protocol;
      link.host = base.host;
      return link.toString();
    }
  }
  return null;
}

// ---------------------------------------------------------------- main

async function main() {
  const binArg = process.argv[2];
  if (!binArg) {
    log('usage: node tests/browser/check.mjs PATH/TO/codraft');
    state.failed += 1;
    return finish(2);
  }
  const bin = path.resolve(binArg);
  try {
    await fsp.access(bin, fs.constants.X_OK);
  } catch {
    log(`FAIL not an executable file: ${bin}`);
    state.failed += 1;
    return finish(2);
  }
  try {
    await fsp.access(CHROMIUM, fs.constants.X_OK);
  } catch {
    log(`FAIL Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
    state.failed += 1;
    return finish(2);
  }

  state.tmpDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'codraft-browser-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const outbox = path.join(state.tmpDir, 'outbox');
  log(`starting ${bin} serve on ${baseUrl} (data in ${state.tmpDir})`);
  await startServer(bin, port, state.tmpDir);
  try {
    await waitForHealth(baseUrl);
  } catch (err) {
    log(`FAIL server: ${err.message}`);
    log('---- server output (last lines) ----');
    log(serverLogTail());
    log('------------------------------------');
    state.failed += 1;
    return finish(1);
  }
  log('server healthy');

  const profileDir = path.join(state.tmpDir, 'chromium-profile');
  await fsp.mkdir(profileDir);
  state.context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
    // A French-speaking visitor: the check then switches to English.
    locale: 'fr-FR',
    extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' },
    acceptDownloads: false,
    timeout: 60_000,
  });
  state.context.setDefaultTimeout(NAV_TIMEOUT_MS);
  state.context.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
  // Only the app under test may be reached.
  await state.context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${baseUrl}/`) || url === baseUrl || url.startsWith('data:')) {
      return route.continue();
    }
    return route.abort('blockedbyclient');
  });
  const page = state.context.pages()[0] || (await state.context.newPage());
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The deliberate visit of a missing page logs its own 404.
    if (/status of 404/.test(msg.text()) && (msg.location().url || '').includes('/no-such-page')) return;
    pageErrors.push(`console: ${msg.text()}`);
  });

  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const email = `camille.${stamp}@example.org`;

  // 1. home
  await step(page, 'home', async () => {
    const res = await goto(page, '/');
    expectOk(res, 'GET /');
    return `HTTP ${res.status()}`;
  });

  // 2. registration form, then submission
  await step(page, 'register-form', async () => {
    const res = await goto(page, '/register');
    expectOk(res, 'GET /register');
    return `HTTP ${res.status()}`;
  });
  await step(page, 'register-submit', async () => {
    if (!new URL(page.url()).pathname.startsWith('/register')) {
      await goto(page, '/register');
    }
    await fill(page, 'input[name="email"]', email);
    await fill(page, 'input[name="display_name"]', DISPLAY_NAME);
    await fill(page, 'input[name="password"]', PASSWORD);
    const category = page.locator('select[name="category"]').first();
    if ((await category.count()) === 0) throw new Error('no <select name="category">');
    const hasCitizen = await category.locator('option[value="citizen"]').count();
    if (hasCitizen > 0) await category.selectOption('citizen');
    // Tick any required checkbox (e.g. accepting the terms of use).
    const form = page.locator('form').filter({ has: page.locator('input[name="password"]') }).first();
    const required = form.locator('input[type="checkbox"][required]');
    for (let i = 0; i < (await required.count()); i += 1) await required.nth(i).check();
    const res = await submitForm(page, 'input[name="display_name"]');
    if (!wasRedirected(res)) {
      throw new Error(
        `submitting /register did not redirect (HTTP ${res.status()} at ${new URL(page.url()).pathname})` +
          (await pageMessages(page)),
      );
    }
    expectOk(res, 'page after registering');
    const flash = await flashText(page);
    if (!flash) throw new Error('no .flash message after registering');
    return `flash: ${flash.slice(0, 60)}`;
  });

  // 3. confirmation mail and link
  await step(page, 'confirm-email', async () => {
    const { file, parsed } = await waitForMail(outbox, email);
    const link = findConfirmLink(parsed, baseUrl);
    if (!link) throw new Error(`no /account/confirm?token= link in ${path.basename(file)}`);
    const res = await goto(page, link);
    expectOk(res, 'confirmation link');
    const flash = await flashText(page);
    if (!flash) {
      const main = page.locator('main');
      const text = (await main.count()) ? (await main.first().innerText()).trim() : '';
      if (!text) throw new Error('confirmation page shows neither a .flash nor <main> text');
      return `mail ${path.basename(file)}; main: ${text.replace(/\s+/g, ' ').slice(0, 50)}`;
    }
    return `mail ${path.basename(file)}; flash: ${flash.slice(0, 50)}`;
  });

  // 4. login
  await step(page, 'login-form', async () => {
    const res = await goto(page, '/login');
    expectOk(res, 'GET /login');
    return `HTTP ${res.status()}`;
  });
  await step(page, 'login-submit', async () => {
    if (new URL(page.url()).pathname !== '/login') await goto(page, '/login');
    await fill(page, 'input[name="email"]', email);
    await fill(page, 'input[name="password"]', PASSWORD);
    const res = await submitForm(page, 'input[name="password"]');
    const where = new URL(page.url()).pathname;
    if (where !== '/account') {
      throw new Error(`after login landed on ${where} (HTTP ${res.status()})${await pageMessages(page)}`);
    }
    expectOk(res, '/account');
    return `HTTP ${res.status()}`;
  });

  // 5. switch language to English
  await step(page, 'language-en', async () => {
    let link = page.locator('header a[hreflang="en"]').first();
    if ((await link.count()) === 0) {
      link = page.locator('a[hreflang="en"]').first();
      if ((await link.count()) === 0) throw new Error('no <a hreflang="en"> on the page');
      log('       (note: the hreflang="en" link is not inside <header>)');
    }
    const before = await page.evaluate(() => document.documentElement.lang);
    const [res] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }),
      link.click(),
    ]);
    if (res) expectOk(res, 'page after switching language');
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'en' && !lang.startsWith('en-')) {
      throw new Error(`<html lang="${lang}"> after switching to English (was "${before}")`);
    }
    return `lang ${before || '(none)'} -> ${lang}`;
  });

  // 6. password reset and a missing page
  await step(page, 'password-reset', async () => {
    const res = await goto(page, '/password-reset');
    expectOk(res, 'GET /password-reset');
    return `HTTP ${res.status()}`;
  });
  await step(page, 'not-found', async () => {
    const res = await goto(page, '/no-such-page');
    if (res.status() !== 404) throw new Error(`GET /no-such-page answered ${res.status()}, not 404`);
    return 'HTTP 404';
  });

  // 7. reading a consultation the demo opened
  await step(page, 'bill-page', async () => {
    await goto(page, '/');
    const link = page.locator('.bill-card a').first();
    if ((await link.count()) === 0) throw new Error('no consultation listed on the home page');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), link.click()]);
    const toc = await page.locator('nav.toc a').count();
    if (toc === 0) throw new Error('the bill page has no table of contents');
    return `${toc} entries in the contents`;
  });
  await step(page, 'article-page', async () => {
    const link = page.locator('a[href*="/articles/"]').first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), link.click()]);
    if (!/\/articles\/\d+$/.test(new URL(page.url()).pathname)) throw new Error(`landed on ${page.url()}`);
    return (await page.locator('h1').first().innerText()).slice(0, 40);
  });

  // 8. a sponsor goes from a file to an open consultation
  await step(page, 'sponsor-login', async () => {
    const logout = page.locator('form[action="/logout"] button').first();
    if ((await logout.count()) > 0) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), logout.click()]);
    }
    await goto(page, '/login');
    await fill(page, 'input[name="email"]', 'depute@demo.codraft.fr');
    await fill(page, 'input[name="password"]', 'demo-sponsor-codraft');
    await submitForm(page, 'input[name="password"]');
    if (new URL(page.url()).pathname !== '/account') throw new Error(`sponsor login landed on ${page.url()}${await pageMessages(page)}`);
    return 'signed in as the demo sponsor';
  });
  await step(page, 'import-form', async () => {
    const res = await goto(page, '/bills/import');
    expectOk(res, 'GET /bills/import');
    return `HTTP ${res.status()}`;
  });
  await step(page, 'import-preview', async () => {
    const text = [
      'PROPOSITION DE LOI relative à l\'information des usagers',
      '',
      'Article 1er',
      '',
      'Les usagers sont informés de toute interruption du service au plus tard la veille.',
      '',
      'Article 2',
      '',
      'Le code des transports est ainsi modifié :',
      '',
      '« Art. L. 1222-1. – L\'information est gratuite. »',
    ].join('\n');
    await page.locator('input[type="file"][name="file"]').setInputFiles({ name: 'texte.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await submitForm(page, 'input[name="file"]');
    const articles = await page.locator('section.article').count();
    if (articles !== 2) throw new Error(`the preview shows ${articles} articles, expected 2${await pageMessages(page)}`);
    return `${articles} articles previewed`;
  });
  let billPath = '';
  await step(page, 'import-confirm', async () => {
    await fill(page, 'input[name="title"]', 'Information des usagers des transports');
    await submitForm(page, 'input[name="title"]');
    billPath = new URL(page.url()).pathname;
    if (!billPath.startsWith('/bills/')) throw new Error(`landed on ${billPath}${await pageMessages(page)}`);
    return billPath;
  });
  await step(page, 'bill-edit', async () => {
    const res = await goto(page, `${billPath}/edit`);
    expectOk(res, 'edit page');
    // A consultation never opens without a closing date.
    await fill(page, 'input[name="closes_at"]', '2099-12-31T10:00');
    await submitForm(page, 'input[name="closes_at"]');
    return `HTTP ${res.status()}`;
  });
  await step(page, 'bill-open', async () => {
    await goto(page, billPath);
    await submitForm(page, 'input[name="to"][value="open"]');
    // Opening asks first; confirm it.
    await submitForm(page, 'input[name="confirm"][value="yes"]');
    const status = await page.locator('.status').first().innerText();
    if (!/open|ouverte/i.test(status)) throw new Error(`status after opening: ${status}`);
    return status;
  });
  await step(page, 'article-edit', async () => {
    const link = page.locator(`a[href^="${billPath}/articles/"]`).first();
    const href = await link.getAttribute('href');
    const res = await goto(page, `${href}/edit`);
    expectOk(res, 'article edit page');
    await fill(page, 'textarea[name="body"]', 'Les usagers sont informés de toute interruption du service au plus tard la veille à midi.');
    await fill(page, 'input[name="reason"]', 'Préciser l\'heure limite');
    await submitForm(page, 'textarea[name="body"]');
    if ((await page.locator('.notice').count()) === 0) throw new Error(`no "modified" notice${await pageMessages(page)}`);
    return 'new version with its reason';
  });
  await step(page, 'article-history', async () => {
    const res = await goto(page, `${new URL(page.url()).pathname}/history`);
    expectOk(res, 'history page');
    const ins = await page.locator('.diff ins').count();
    if (ins === 0) throw new Error('the diff shows no added words');
    return `${ins} insertion(s) in the diff`;
  });

  // 9. a citizen votes and proposes an amendment with the forms
  await step(page, 'citizen-vote', async () => {
    const logout = page.locator('form[action="/logout"] button').first();
    if ((await logout.count()) > 0) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), logout.click()]);
    }
    await goto(page, '/login');
    await fill(page, 'input[name="email"]', 'camille@demo.codraft.fr');
    await fill(page, 'input[name="password"]', 'demo-citizen-codraft-1');
    await submitForm(page, 'input[name="password"]');
    await goto(page, '/');
    const link = page.locator('.bill-card a', { hasText: /République numérique/ }).first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), link.click()]);
    const article = page.locator('a[href*="/articles/"]').first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), article.click()]);
    const before = await page.locator('#vote .count-agree strong').innerText();
    const button = page.locator('#vote button[name="value"][value="agree"]');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), button.click()]);
    const after = await page.locator('#vote .count-agree strong').innerText();
    if (Number(after) !== Number(before) + 1) throw new Error(`agree went from ${before} to ${after}${await pageMessages(page)}`);
    const pressed = await page.locator('#vote button[value="agree"]').getAttribute('aria-pressed');
    if (pressed !== 'true') throw new Error('the page does not show my vote');
    return `agree ${before} -> ${after}`;
  });
  await step(page, 'amendment-submit', async () => {
    await page.locator('details.contribute summary', { hasText: /amendement|amendment/i }).first().click();
    const text = page.locator('textarea[name="proposed_text"]').first();
    const current = await text.inputValue();
    await text.fill(`${current} Cette obligation entre en vigueur un an après la publication de la loi.`);
    await fill(page, 'textarea#amendment-body', 'Laisser aux administrations le temps de s\'organiser.');
    await submitForm(page, 'textarea#amendment-body');
    const flash = await flashText(page);
    if (!flash) throw new Error(`no confirmation after submitting${await pageMessages(page)}`);
    return flash.slice(0, 50);
  });
  await step(page, 'amendment-page', async () => {
    const link = page.locator('.contribution-amendment a[href^="/contributions/"]').first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), link.click()]);
    const ins = await page.locator('.diff ins').count();
    if (ins === 0) throw new Error('the amendment page shows no diff');
    return `${ins} insertion(s) in the diff`;
  });

  // 10. another citizen reports it; a moderator trashes it from the queue;
  // the public trash shows it with the reason
  let reported = null;
  const signInAs = async (email, password) => {
    const logout = page.locator('form[action="/logout"] button').first();
    if ((await logout.count()) > 0) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS }), logout.click()]);
    }
    await goto(page, '/login');
    await fill(page, 'input[name="email"]', email);
    await fill(page, 'input[name="password"]', password);
    await submitForm(page, 'input[name="password"]');
  };
  await step(page, 'report-item', async () => {
    const url = new URL(page.url());
    const id = url.pathname.split('/').pop();
    const billHref = await page.locator('.breadcrumb a[href^="/bills/"]').first().getAttribute('href');
    reported = { id, path: url.pathname, bill: billHref };
    await signInAs('dominique@demo.codraft.fr', 'demo-citizen-codraft-3');
    await goto(page, reported.path);
    await page.locator('details.report summary').click();
    await page.selectOption('#report-reason', 'off_topic');
    await fill(page, '#report-details', 'Sans rapport avec cet article.');
    await submitForm(page, '#report-details');
    const flash = await flashText(page);
    if (!flash || !/Signalement reçu|Report received/.test(flash)) throw new Error(`no receipt${await pageMessages(page)}`);
    return `reported n° ${id}`;
  });
  await step(page, 'moderation-queue', async () => {
    await signInAs('moderation@demo.codraft.fr', 'demo-moderation-codraft');
    const res = await goto(page, '/moderation');
    expectOk(res, 'GET /moderation');
    if ((await page.locator(`#queue-${reported.id}`).count()) === 0) throw new Error('the reported item is not in the queue');
    return `${await page.locator('.queue-item').count()} item(s) in the queue`;
  });
  await step(page, 'moderate-queue', async () => {
    await page.locator(`#select-${reported.id}`).check();
    await page.selectOption('#bulk-action', 'trash');
    await fill(page, '#bulk-reason', 'Hors sujet');
    await submitForm(page, '#bulk-reason');
    const flash = await flashText(page);
    if (!flash || !/Décision|decision/i.test(flash)) throw new Error(`no confirmation${await pageMessages(page)}`);
    return flash.slice(0, 50);
  });
  await step(page, 'public-trash', async () => {
    const res = await goto(page, `${reported.bill}/trash`);
    expectOk(res, 'GET trash');
    const item = page.locator(`#contribution-${reported.id}`);
    if ((await item.count()) === 0) throw new Error('the trashed item is not in the public trash');
    const text = await item.innerText();
    if (!text.includes('Hors sujet')) throw new Error('the reason is not shown');
    return 'listed with its reason';
  });
  await step(page, 'audit-log', async () => {
    const res = await goto(page, '/audit');
    expectOk(res, 'GET /audit');
    const rows = await page.locator('tbody tr', { hasText: 'contribution.trash' }).count();
    if (rows === 0) throw new Error('the trash is not in the audit log');
    return `${await page.locator('tbody tr').count()} entries`;
  });

  // 11. synthesis: the moderators' board, the sponsor's arbitration, the
  // published report (printed to PDF once), the comparative table, open data
  // Addresses carry a random part: find the demo's bills by their titles.
  const demoBillPath = async (titleStart) => {
    const list = await (await fetch(`${baseUrl}/api/v1/bills`)).json();
    const bill = list.items.find((b) => b.title.startsWith(titleStart));
    if (!bill) throw new Error(`no demo bill titled "${titleStart}…"`);
    return `/bills/${bill.slug}`;
  };
  // The demo's neutrality article carries the real arguments.
  const articleId = async (billPath, label) => {
    const bill = await (await fetch(`${baseUrl}/api/v1${billPath}`)).json();
    const article = bill.articles.find((a) => a.label === label) || bill.articles[0];
    return article.id;
  };
  const published = await demoBillPath('Information des passagers du transport aérien');
  const numerique = await demoBillPath('Projet de loi pour une République numérique');
  await step(page, 'themes-workspace', async () => {
    let res = await goto(page, `${numerique}/themes`);
    expectOk(res, 'GET themes');
    // The first look starts computing the suggestions; they show on a later one.
    for (let i = 0; i < 30 && (await page.locator('.suggestions li').count()) === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      res = await goto(page, `${numerique}/themes`);
      expectOk(res, 'GET themes');
    }
    const suggested = await page.locator('.suggestions li').count();
    if (suggested === 0) throw new Error('no suggested theme');
    return `${suggested} suggested themes; ${(await page.locator('#themes-progress').textContent()).trim()} in a theme`;
  });
  await step(page, 'theme-accepted', async () => {
    await page.locator('.suggestions li').first().locator('button[type="submit"]').click();
    await page.waitForLoadState('load');
    if (!/\/themes\/\d+$/.test(new URL(page.url()).pathname)) throw new Error(`landed on ${page.url()}`);
    const members = await page.locator('input[name="contribution_ids"]').count();
    if (members === 0) throw new Error('the accepted theme has no member');
    return `${members} members, most supported first`;
  });
  await step(page, 'argument-map', async () => {
    const res = await goto(page, `${numerique}/articles/${await articleId(numerique, 'Article 11')}/synthesis`);
    expectOk(res, 'GET article synthesis');
    const groups = await page.locator('table.argument-map tbody tr').count();
    if (groups === 0) throw new Error('no group in the argument map of Article 11');
    return `${groups} groups`;
  });
  await (await import('./steps/staff-forms.mjs')).staffFormsSteps({ page, step, goto, expectOk, numerique });
  await step(page, 'arbitration', async () => {
    await signInAs('depute@demo.codraft.fr', 'demo-sponsor-codraft');
    const res = await goto(page, `${numerique}/arbitration?pending=1`);
    expectOk(res, 'GET arbitration');
    const forms = await page.locator('form[action$="/decision"]').count();
    if (forms === 0) throw new Error('no decision form');
    return `${forms} items awaiting a decision`;
  });
  await step(page, 'synthesis-report', async () => {
    const res = await goto(page, `${published}/synthesis`);
    expectOk(res, 'GET synthesis');
    const pdf = path.join(state.tmpDir, 'synthese.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, format: 'A4', printBackground: false });
    await page.emulateMedia({ media: 'screen' });
    const size = (await fsp.stat(pdf)).size;
    const head = (await fsp.readFile(pdf)).subarray(0, 5).toString();
    if (head !== '%PDF-' || size < 10000) throw new Error(`PDF of ${size} bytes`);
    return `printed to PDF, ${Math.round(size / 1024)} KiB`;
  });
  await reportSteps({ page, step, goto, expectOk, published, preview: numerique, tmpDir: state.tmpDir, log });
  await step(page, 'comparative-table', async () => {
    const res = await goto(page, `${published}/comparative-table`);
    expectOk(res, 'GET comparative table');
    return `${await page.locator('tbody tr').count()} articles`;
  });
  await step(page, 'open-data', async () => {
    const res = await goto(page, `${published}/open-data`);
    expectOk(res, 'GET open data');
    return `${await page.locator('main li a').count()} files`;
  });
  await (await import('./steps/arbitration.mjs')).arbitrationSteps({ page, step, goto, expectOk, numerique, published, tmpDir: state.tmpDir, log });
  await (await import('./steps/everyday.mjs')).everydayPages(page, { step, goto, expectOk, fill, submitForm });

  await (await import('./steps/everyday-pages.mjs')).everydayPages({ page, step, goto, expectOk, log, baseUrl, numerique, published });
  if (pageErrors.length) {
    log(`note: ${pageErrors.length} script error(s) seen in the pages:`);
    for (const e of [...new Set(pageErrors)].slice(0, 10)) log(`       ${e}`);
  }
  if (state.failed > 0) {
    log('---- server output (last lines) ----');
    log(serverLogTail(30));
    log('------------------------------------');
  }
  return finish();
}

// ---------------------------------------------------------------- guards

setTimeout(() => {
  log(`FAIL overall time limit of ${OVERALL_TIMEOUT_MS / 1000} s reached`);
  state.failed += 1;
  finish(3);
}, OVERALL_TIMEOUT_MS);

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`FAIL interrupted by ${sig}`);
    state.failed += 1;
    finish(130);
  });
}

process.on('uncaughtException', (err) => {
  log(`FAIL uncaught error: ${err.stack || err.message}`);
  state.failed += 1;
  finish(1);
});
process.on('unhandledRejection', (err) => {
  log(`FAIL unhandled rejection: ${err?.stack || err}`);
  state.failed += 1;
  finish(1);
});

main().catch((err) => {
  log(`FAIL unexpected error: ${err.stack || err.message}`);
  if (state.serverLog.length) {
    log('---- server output (last lines) ----');
    log(serverLogTail(30));
    log('------------------------------------');
  }
  state.failed += 1;
  finish(1);
});
