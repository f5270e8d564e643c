// Everyday pages: the charter, legal notice, privacy and accessibility
// pages, the site-wide search, and a citizen's account pages (my
// contributions, my follows, API tokens), each checked with axe by `step`.
// Called from main() in check.mjs with the helpers it defines.

async function signIn(page, { goto, fill, submitForm }, email, password, next) {
  const logout = page.locator('form[action="/logout"] button').first();
  if ((await logout.count()) > 0) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), logout.click()]);
  }
  await goto(page, `/login?next=${encodeURIComponent(next)}`);
  await fill(page, 'input[name="email"]', email);
  await fill(page, 'input[name="password"]', password);
  await submitForm(page, 'input[name="password"]');
  const where = new URL(page.url()).pathname;
  if (where !== next) throw new Error(`sign-in with next=${next} landed on ${where}`);
}

export async function everydayPages(page, helpers) {
  const { step, goto, expectOk } = helpers;
  for (const slug of ['charter', 'legal-notice', 'privacy', 'accessibility']) {
    await step(page, `page-${slug}`, async () => {
      const res = await goto(page, `/pages/${slug}`);
      expectOk(res, `GET /pages/${slug}`);
      const footer = await page.locator(`footer a[href="/pages/${slug}"]`).count();
      if (footer === 0) throw new Error(`the footer does not link /pages/${slug}`);
      return (await page.locator('h1').first().innerText()).slice(0, 40);
    });
  }
  await step(page, 'site-search', async () => {
    const res = await goto(page, '/search?q=neutralit%C3%A9');
    expectOk(res, 'GET /search');
    const first = (await page.locator('ol.results li').first().innerText()).replace(/\s+/g, ' ');
    if (!/Neutralité de l.internet/.test(first)) throw new Error(`first result: ${first.slice(0, 80)}`);
    return `${await page.locator('ol.results li').count()} results, the article first`;
  });
  await step(page, 'account-page', async () => {
    await signIn(page, helpers, 'camille@demo.codraft.fr', 'demo-citizen-codraft-1', '/account');
    for (const href of ['/account/contributions', '/account/follows', '/account/tokens']) {
      if ((await page.locator(`a[href="${href}"]`).count()) === 0) throw new Error(`no link to ${href}`);
    }
    return 'signed in as the demo citizen, back on /account';
  });
  for (const [name, path] of [
    ['my-contributions', '/account/contributions'],
    ['my-follows', '/account/follows'],
    ['api-tokens', '/account/tokens'],
  ]) {
    await step(page, name, async () => {
      const res = await goto(page, path);
      expectOk(res, `GET ${path}`);
      return (await page.locator('h1').first().innerText()).slice(0, 40);
    });
  }
  await step(page, 'admin-pages', async () => {
    await signIn(page, helpers, 'admin@demo.codraft.fr', 'demo-admin-codraft', '/admin/pages');
    const res = await goto(page, '/admin/pages/accessibility/fr');
    expectOk(res, 'GET the accessibility page editor');
    return 'the editor of the accessibility statement';
  });
}
