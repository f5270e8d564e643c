// The citizen's everyday pages on a wide screen and on a phone: the bill's
// landing page (its height at 1366 px), and for each page visited here, at
// 390 px, how wide the page is (nothing may be wider than the screen) and
// what axe finds.
//
// Called from check.mjs's main() with the helpers it already has.

import fsp from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

// What sticks out of the viewport: the document's width and the widest
// elements past its right edge.
async function overflow(page) {
  return page.evaluate((limit) => {
    const width = document.documentElement.scrollWidth;
    const culprits = [];
    if (width > limit) {
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > limit + 1 && r.width > 0) {
          const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
            (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
          culprits.push(`${name} (${Math.round(r.right)} px)`);
        }
        if (culprits.length >= 3) break;
      }
      // Text wider than its box (a long word) has no element of its own.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (culprits.length < 3 && walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(walker.currentNode);
        const r = range.getBoundingClientRect();
        if (r.right > limit + 1) {
          culprits.push(`text "${walker.currentNode.textContent.trim().slice(0, 30)}" in ${walker.currentNode.parentElement.tagName.toLowerCase()} (${Math.round(r.right)} px)`);
        }
      }
    }
    return { width, culprits };
  }, PHONE.width);
}

async function shot(page, name) {
  const dir = process.env.CODRAFT_SCREENSHOTS;
  if (!dir) return null;
  await fsp.mkdir(dir, { recursive: true });
  const file = path.join(dir, `everyday-${name}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: 20_000 });
  return file;
}

export async function everydayPages({ page, step, goto, expectOk, log, baseUrl, numerique, published }) {
  const api = async (p) => (await fetch(`${baseUrl}/api/v1${p}`)).json();
  const bill = await api(numerique);
  const article = bill.articles.find((a) => a.label === 'Article 19') || bill.articles[0];
  const articlePath = `${numerique}/articles/${article.id}`;

  // The landing page and an article page at 1366 px.
  await page.setViewportSize(WIDE);
  await step(page, 'landing-1366', async () => {
    expectOk(await goto(page, numerique), 'GET bill page');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const articles = await page.locator('.article-line').count();
    if (articles !== bill.articles.length) throw new Error(`${articles} article lines for ${bill.articles.length} articles`);
    if (height >= 6000) throw new Error(`the bill page is ${height} px high at 1366 px`);
    const file = await shot(page, 'bill-1366');
    return `${height} px high at 1366 px, ${articles} article lines${file ? `, ${file}` : ''}`;
  });
  await step(page, 'article-1366', async () => {
    expectOk(await goto(page, articlePath), 'GET article page');
    const columns = await page.locator('.debate-column').count();
    if (columns !== 2) throw new Error(`${columns} argument columns`);
    const [left, right] = await Promise.all(
      ['.debate-for', '.debate-against'].map((s) => page.locator(s).boundingBox()),
    );
    if (!(left && right && Math.abs(left.y - right.y) < 2 && left.x < right.x)) {
      throw new Error('the arguments for and against are not side by side');
    }
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const file = await shot(page, 'article-1366');
    return `for and against side by side, ${height} px high${file ? `, ${file}` : ''}`;
  });

  // Every page of this walk on a phone: nothing wider than the screen.
  const contribution = await (async () => {
    await goto(page, articlePath);
    const href = await page.locator('a[href^="/contributions/"]').first().getAttribute('href').catch(() => null);
    return href;
  })();
  const pages = [
    ['home', '/'],
    ['landing', numerique],
    ['proposals', `${numerique}/proposals`],
    ['article', articlePath],
    ['contribution', contribution],
    ['search', `${numerique}/search?q=donn%C3%A9es`],
    ['trash', `${numerique}/trash`],
    ['open-data', `${numerique}/open-data`],
    ['published', published],
    ['synthesis', `${published}/synthesis`],
    ['comparative', `${published}/comparative-table`],
    ['arbitration', `${numerique}/arbitration`],
    ['account', '/account'],
    ['audit', '/audit'],
  ].filter(([, p]) => p);
  await page.setViewportSize(PHONE);
  const widths = [];
  for (const [name, p] of pages) {
    await step(page, `phone-${name}`, async () => {
      const res = await goto(page, p);
      if (res.status() === 403) return 'not for this account (403)';
      expectOk(res, `GET ${p}`);
      const { width, culprits } = await overflow(page);
      widths.push(`${name} ${width}`);
      if (name === 'landing' || name === 'article') await shot(page, `${name === 'landing' ? 'bill' : 'article'}-390`);
      if (width > PHONE.width) throw new Error(`${width} px wide at ${PHONE.width} px: ${culprits.join(', ')}`);
      return `${width} px wide at ${PHONE.width} px`;
    });
  }
  log(`     widths at ${PHONE.width} px: ${widths.join(', ')}`);
  await page.setViewportSize({ width: 1280, height: 900 });
}
