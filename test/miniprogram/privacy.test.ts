/**
 * @jest-environment jsdom
 */
import { loadPage, settle, textOf } from './harness';

const PRIVACY = 'member/pages/privacy/index';

describe('隐私政策', () => {
  test('says what is collected, why, who sees it, how it is kept, for how long, and how to ask', async () => {
    const page = loadPage(PRIVACY);
    await settle();
    const text = textOf(page);

    for (const heading of [
      '我们收集哪些信息',
      '我们为什么使用这些信息',
      '谁能看到您的信息',
      '我们如何保护您的信息',
      '保存多久',
      '您的权利',
      '联系我们',
    ]) {
      expect(text).toContain(heading);
    }
    // what is collected
    expect(text).toMatch(/姓名、身份证号码、手机号码/);
    expect(text).toContain('《健康信息处理授权》');
    // who sees it, as the functions decide it (docs/decisions.md)
    expect(text).toContain('只有被服务的人和下单的人能看到');
    expect(text).toContain('打码后的姓名');
    expect(text).toContain('您所在蓝卡的持卡人');
    // encryption at rest, masking
    expect(text).toContain('加密保存');
    expect(text).toContain('卡号只显示后四位');
    // export and erasure: where the member does them, and what erase does and refuses (privacy.erase)
    expect(text).toContain('我的 → 数据导出与删除');
    expect(text).toContain('导出我的数据');
    expect(text).toContain('删除我的个人信息');
    expect(text).toContain(
      '删除后，您的姓名、证件号、手机号、健康档案和咨询内容将被清除，且无法恢复；已使用的服务次数保留',
    );
    expect(text).toContain('有进行中的服务时，请在服务完成或取消后再删除');
    expect(text).toContain('请先移除家庭成员');
    expect(text).not.toContain('15 个工作日内处理');
    expect(text).toContain('联系健康管家');
  });

  test('大字模式 applies to the policy too', () => {
    const getStorageSync = jest
      .spyOn(wx, 'getStorageSync')
      .mockImplementation((key: string) => key === 'bluecard.elderMode');
    const page = loadPage(PRIVACY);
    expect(page.querySelector('.privacy')?.dom?.className).toMatch(/\belder\b/);
    getStorageSync.mockRestore();

    const plain = loadPage(PRIVACY);
    expect(plain.querySelector('.privacy')?.dom?.className).not.toMatch(/\belder\b/);
  });
});
