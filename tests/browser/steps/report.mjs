// The synthesis report on paper and in preview: the published report is
// printed to PDF and read back with pdftotext (no page but the last holds
// less than MIN_PAGE_CHARS characters: no heading left alone, no page
// holding only a title); screenshots of its first page, of an article with
// a rewrite and of the charts; the sponsor's marked preview passes axe.
import { spawnSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';

const MIN_PAGE_CHARS = 200;

function pageTexts(pdf) {
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  if (info.status !== 0) throw new Error(`pdfinfo failed: ${info.stderr}`);
  const pages = Number((info.stdout.match(/^Pages:\s+(\d+)/m) || [])[1]);
  const texts = [];
  for (let i = 1; i <= pages; i += 1) {
    const out = spawnSync('pdftotext', ['-f', String(i), '-l', String(i), pdf, '-'], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`);
    texts.push(out.stdout.replace(/\s+/g, ' ').trim());
  }
  return texts;
}

async function shoot(locator, name) {
  const dir = process.env.CODRAFT_SCREENSHOTS;
  if (!dir || (await locator.count()) === 0) return null;
  await fsp.mkdir(dir, { recursive: true });
  const file = path.join(dir, `report-${name}.png`);
  await locator.first().screenshot({ path: file, timeout: 10_000 });
  return file;
}

export async function reportSteps({ page, step, goto, expectOk, published, preview, tmpDir, log }) {
  await step(page, 'report-print', async () => {
    const res = await goto(page, `${published}/synthesis`);
    expectOk(res, 'GET synthesis');
    const pdf = path.join(tmpDir, 'synthese-print.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, format: 'A4', printBackground: false });
    await page.emulateMedia({ media: 'screen' });
    const texts = pageTexts(pdf);
    const thin = texts
      .map((t, i) => ({ page: i + 1, chars: t.length }))
      .slice(0, -1)
      .filter((p) => p.chars < MIN_PAGE_CHARS);
    if (thin.length) {
      throw new Error(`pages with little text: ${thin.map((p) => `${p.page} (${p.chars})`).join(', ')}`);
    }
    const shots = [
      await shoot(page.locator('header.title-page'), 'first-page'),
      await shoot(page.locator('section.report-article', { has: page.locator('.side-by-side') }), 'rewrite'),
      await shoot(page.locator('section.summary'), 'charts'),
    ].filter(Boolean);
    if (shots.length && log) log(`     screenshots: ${shots.join(', ')}`);
    return `${texts.length} PDF pages, each but the last with ${MIN_PAGE_CHARS}+ characters`;
  });
  await step(page, 'report-preview', async () => {
    const res = await goto(page, `${preview}/synthesis`);
    expectOk(res, 'GET synthesis preview');
    const banner = await page.locator('.preview-banner').textContent();
    if (!banner || !/non publié|not published/.test(banner)) throw new Error('the preview is not marked');
    if ((await page.locator('#foreword-body').count()) === 0) throw new Error('no foreword form');
    return 'marked as a preview, with the foreword form';
  });
}
