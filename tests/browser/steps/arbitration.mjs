// Arbitration that helps decide, a confirmation before an irreversible act,
// and open data for people: each page checked with axe like the others, and
// the open-data charts photographed.
//
// Called from check.mjs's main() once the sponsor is signed in, with the
// helpers it needs.

import path from 'node:path';
import fsp from 'node:fs/promises';

export async function arbitrationSteps({ page, step, goto, expectOk, numerique, published, tmpDir, log }) {
  await step(page, 'arbitration-diff', async () => {
    const res = await goto(page, `${numerique}/arbitration?pending=1`);
    expectOk(res, 'GET arbitration');
    const diffs = await page.locator('.diff-blocks').count();
    if (diffs === 0) throw new Error('no amendment shown as a diff against its article');
    const first = page.locator('select[name="decision"]').first();
    if ((await first.inputValue()) !== '') throw new Error('a decision is chosen in advance');
    return `${diffs} amendments shown as diffs, no decision chosen in advance`;
  });

  await step(page, 'decision-refused', async () => {
    const form = page.locator('form[action$="/decision"]').first();
    const text = 'Réflexion en cours, à garder';
    await form.locator('textarea[name="justification"]').fill(text);
    const [res] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      form.locator('button[type="submit"]').click(),
    ]);
    if (res.status() !== 422) throw new Error(`HTTP ${res.status()} instead of 422`);
    if ((await page.locator('.field-error').count()) === 0) throw new Error('no message by the field');
    if ((await page.locator(`textarea:has-text("${text}")`).count()) === 0) throw new Error('the justification was lost');
    return 'HTTP 422, message by the field, input kept';
  });

  await step(page, 'close-confirmation', async () => {
    const res = await goto(page, numerique);
    expectOk(res, 'GET bill');
    const button = page.locator('form[action$="/transitions"] button[type="submit"]').first();
    if ((await button.count()) === 0) throw new Error('no transition button for the sponsor');
    const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
    expectOk(answer, 'POST transitions');
    if ((await page.locator('input[name="confirm"][value="yes"]').count()) !== 1) {
      throw new Error('no confirmation asked');
    }
    const cancel = await page.locator('.confirm-actions a').first().getAttribute('href');
    return `asks before acting; "Annuler" leads to ${cancel}`;
  });

  await step(page, 'open-data-charts', async () => {
    const res = await goto(page, `${published}/open-data`);
    expectOk(res, 'GET open data');
    const charts = await page.locator('svg.chart').count();
    if (charts < 3) throw new Error(`${charts} charts`);
    const tables = await page.locator('figure details table').count();
    if (tables !== charts) throw new Error(`${tables} data tables for ${charts} charts`);
    const dir = process.env.CODRAFT_SCREENSHOTS || tmpDir;
    await fsp.mkdir(dir, { recursive: true });
    const file = path.join(dir, 'open-data-charts.png');
    await page.locator('section[aria-labelledby="od-charts-h"]').screenshot({ path: file });
    log(`     charts of the open-data page: ${file}`);
    return `${charts} charts, each with its figures`;
  });
}
