import { it } from 'vitest';
import { checkoutUrl, startHarness } from './support.js';
it('probe', async () => {
  const h = await startHarness();
  const page = await h.newPage();
  page.on('request', (r) => console.log('REQ', r.method(), r.url()));
  await page.goto(checkoutUrl(h.shop));
  await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
  await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
  console.log('--- back');
  await page.goBack();
  console.log('URL', page.url(), await page.getByRole('button', { name: 'ABORT', exact: true }).count());
  await h.close();
});
