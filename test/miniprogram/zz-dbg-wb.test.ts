/**
 * @jest-environment jsdom
 */
import { settle, tap, textOf } from './harness';
import { open } from './membership-kit';
import { answering, ok, staffOrder } from './workbench-kit';
test('dbg', async () => {
  const transport = answering({ 'staff.get': ok({ order: staffOrder(['accept', 'fail']) }) });
  const page = await open('workbench/pages/order/index', { orderId: 'o-1' }, { transport });
  await tap(page, '#steps');
  await settle(400);
  console.log(page.data['sheet'], textOf(page).slice(-200));
  const sheet = page.querySelector('#step-sheet');
  console.log(JSON.stringify(sheet?.data).slice(0, 600));
});
