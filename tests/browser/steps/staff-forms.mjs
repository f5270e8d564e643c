// A moderator's refused form comes back on its own page: HTTP 422, the
// error summary at the top focused, the message by its field, the page
// checked with axe like the others.
//
// Called from check.mjs's main() while the moderator is signed in.

export async function staffFormsSteps({ page, step, goto, expectOk, numerique }) {
  await step(page, 'moderation-refused', async () => {
    const origin = new URL(page.url()).origin;
    const list = await (await fetch(`${origin}/api/v1${numerique}/contributions?limit=1`)).json();
    if (!list.items || list.items.length === 0) throw new Error('no contribution to moderate');
    const id = list.items[0].id;
    const res = await goto(page, `/contributions/${id}`);
    expectOk(res, 'GET contribution');
    const form = page.locator('form[action*="/moderation"]');
    if ((await form.count()) === 0) throw new Error('no moderation form for the moderator');
    await form.locator('#action-hide').check();
    // Blank: the browser lets it through, the platform refuses it.
    await form.locator('#moderation-reason').fill('   ');
    const [answer] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      form.locator('button[type="submit"]').click(),
    ]);
    if (answer.status() !== 422) throw new Error(`HTTP ${answer.status()} instead of 422`);
    // The browser moves the focus to an `autofocus` element when it next
    // renders, which may come a moment after the load event: wait for it.
    const onSummary = await page
      .waitForFunction(() => document.activeElement && document.activeElement.id === 'form-errors', null, { timeout: 5000 })
      .then(() => true, () => false);
    if (!onSummary) {
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
      throw new Error(`the focus is on "${focused}", not the summary`);
    }
    if ((await page.locator('#moderation-reason-error').count()) === 0) throw new Error('no message by the reason');
    if (!(await page.locator('#action-hide').isChecked())) throw new Error('the action chosen was lost');
    return 'HTTP 422 on the contribution page, summary focused, message by the reason';
  });
}
