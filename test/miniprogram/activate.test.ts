/**
 * @jest-environment jsdom
 */
import { fakeTransport, settle, tap, textOf } from './harness';
import { fieldError, fieldValue, fillRealName, isDisabled, ok, open, premiumCard, typeInto } from './membership-kit';

const ACTIVATE = 'pages/activate/index';

describe('activate page', () => {
  test('explore', async () => {
    const transport = fakeTransport(() => ok({ card: premiumCard() }));
    const page = await open(ACTIVATE, {}, { transport });
    console.log(page.dom?.innerHTML.slice(0, 3000));
    const f = page.querySelector('#cardNo'); console.log(!!f, !!page.querySelector('#cardNo >>> .van-field__control'), !!page.querySelector('#cardNo >>> van-cell'));
    await typeInto(page, '#cardNo', '88601234');
    console.log(fieldValue(page, '#cardNo'), page.data['cardNo']);
    await typeInto(page, '#realname >>> #idNumber', '123');
    console.log(fieldError(page, '#realname >>> #idNumber'));
    console.log(isDisabled(page, '#submit'));
    await fillRealName(page, { name: '张三丰', idNumber: '110101198003070033', phone: '13800138000' });
    console.log(isDisabled(page, '#submit'), page.data['consent']);
    console.log(textOf(page));
    await tap(page, '#submit');
    await settle();
    console.log(transport.calls, textOf(page));
  });
});
