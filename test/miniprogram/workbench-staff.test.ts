/**
 * @jest-environment jsdom
 *
 * 人员与岗位 (admins): staff.roster as answered, adding a person, changing roles and taking them
 * all away, through admin.setStaff, with inline validation and every state.
 */
import type { Envelope, StaffMember } from '../../typings/contract';
import { deferred, loadPage, settle, tap, textOf } from './harness';
import { fieldError } from './membership-kit';
import { answerDialog, answering, callsOf, fill, ok, refused } from './workbench-kit';

const STAFF = 'workbench/pages/staff/index';

afterEach(() => jest.restoreAllMocks());

const member = (openid: string, name: string, roles: StaffMember['roles']): StaffMember => ({
  openid,
  name,
  roles,
  updatedAt: '2026-06-01T10:00:00+08:00',
});

describe('workbench staff and roles', () => {
  test('loading, then each person with their roles', async () => {
    const answer = deferred<Envelope<unknown>>();
    const page = loadPage(STAFF, { transport: answering({ 'staff.roster': () => answer.promise }) });
    await settle();
    expect(page.querySelector('.staff-page__loading')).toBeTruthy();
    answer.resolve(ok({ staff: [member('st-1', '郑专员', ['agent']), member('st-2', '陈明', ['doctor', 'admin'])] }));
    await settle();
    const text = textOf(page);
    expect(text).toContain('郑专员 绿通专员 st-1 · 更新于 6月1日 10:00');
    expect(text).toContain('陈明 医生 管理员');
  });

  test('adding someone: openid, name and a role are required; then admin.setStaff and the list again', async () => {
    let list = [member('st-1', '郑专员', ['agent'])];
    const transport = answering({
      'staff.roster': () => ok({ staff: list }),
      'admin.setStaff': (data) => {
        list = [...list, member(String(data['openid']), String(data['name']), data['roles'] as StaffMember['roles'])];
        return ok({});
      },
    });
    const page = loadPage(STAFF, { transport });
    await settle();
    await tap(page, '#add');
    await settle(400);
    await tap(page, '#save');
    expect(fieldError(page, '#openid')).toBe('请填写人员的 openid');
    expect(fieldError(page, '#name')).toBe('请填写姓名');
    expect(textOf(page)).toContain('请至少选择一个岗位');

    await fill(page, '#openid', 'o-new-doctor');
    await fill(page, '#name', '林医生');
    await tap(page, '#role-doctor');
    await tap(page, '#role-manager');
    await tap(page, '#save');
    await settle();
    expect(callsOf(transport, 'admin.setStaff')).toEqual([
      { openid: 'o-new-doctor', name: '林医生', roles: ['manager', 'doctor'] },
    ]);
    expect(callsOf(transport, 'staff.roster')).toHaveLength(2);
    expect(textOf(page)).toContain('林医生 健康管理师 医生');
  });

  test('editing keeps the openid; 移除全部岗位 is confirmed and sends no roles', async () => {
    const transport = answering({
      'staff.roster': ok({ staff: [member('st-1', '郑专员', ['agent', 'escortManager'])] }),
      'admin.setStaff': ok({}),
    });
    const page = loadPage(STAFF, { transport });
    await settle();
    await tap(page, '#staff-st-1');
    await settle(400);
    expect(page.data['editing']).toEqual({
      existing: true,
      openid: 'st-1',
      name: '郑专员',
      roles: ['agent', 'escortManager'],
    });
    await tap(page, '#role-agent');
    await tap(page, '#save');
    await settle();
    expect(callsOf(transport, 'admin.setStaff')).toEqual([
      { openid: 'st-1', name: '郑专员', roles: ['escortManager'] },
    ]);

    await tap(page, '#staff-st-1');
    await settle(400);
    await tap(page, '#remove');
    await settle(400);
    expect(textOf(page)).toContain('移除后，TA 将不能再使用工作台');
    await answerDialog(page, '#remove-dialog', 'confirm');
    await settle();
    expect(callsOf(transport, 'admin.setStaff').at(-1)).toEqual({ openid: 'st-1', name: '郑专员', roles: [] });
  });

  test('a refused save stays in the form; empty and error states', async () => {
    const transport = answering({
      'staff.roster': ok({ staff: [] }),
      'admin.setStaff': refused('INVALID_ARGUMENT', '字段 openid 不正确'),
    });
    const page = loadPage(STAFF, { transport });
    await settle();
    expect(textOf(page)).toContain('还没有服务人员，添加第一位吧');
    await tap(page, '#add-first');
    await settle(400);
    await fill(page, '#openid', 'abc');
    await fill(page, '#name', '某人');
    await tap(page, '#role-butler');
    await tap(page, '#save');
    await settle();
    expect(page.querySelector('#submit-error')?.dom?.textContent).toBe('字段 openid 不正确');

    const failing = loadPage(STAFF, {
      transport: answering({ 'staff.roster': refused('PERMISSION_DENIED', '仅管理员可以进行此操作') }),
    });
    await settle();
    expect(textOf(failing)).toContain('仅管理员可以进行此操作 重试');
  });
});
