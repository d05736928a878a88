/**
 * @jest-environment jsdom
 *
 * 目录管理 (admins): hospitals (with departments), experts and family doctors as
 * admin.listDirectory answers them, and adding / editing / switching off through
 * admin.upsertDirectory, with every state.
 */
import type { DirectoryEntry, Envelope } from '../../typings/contract';
import { departmentsOf } from '../../miniprogram/workbench/lib/departments';
import { deferred, loadPage, settle, tap, textOf } from './harness';
import { emit, fieldError, invoke } from './membership-kit';
import { answering, callsOf, fill, ok, refused } from './workbench-kit';

const DIRECTORY = 'workbench/pages/directory/index';

afterEach(() => jest.restoreAllMocks());

const HOSPITAL: DirectoryEntry = {
  id: 'hos-1',
  kind: 'hospital',
  name: '复旦大学附属中山医院',
  data: {
    city: '上海',
    level: '三级甲等',
    address: '上海市徐汇区枫林路180号',
    public: true,
    departments: ['心血管内科', '消化内科'],
  },
  active: true,
};
const EXPERT: DirectoryEntry = {
  id: 'exp-1',
  kind: 'expert',
  name: '王建国',
  data: { title: '主任医师', hospital: '北京协和医院', department: '心内科', specialty: '高血压' },
  active: false,
};

describe('workbench directory', () => {
  test('departments are read one per line or separated by 、，, and deduplicated', () => {
    expect(departmentsOf('心内科\n消化内科、骨科，心内科, 眼科\n\n')).toEqual(['心内科', '消化内科', '骨科', '眼科']);
  });

  test('loading, then the hospitals with city, level, departments; tabs load each kind', async () => {
    const answer = deferred<Envelope<unknown>>();
    let first = true;
    const transport = answering({
      'admin.listDirectory': (data) => {
        if (first) {
          first = false;
          return answer.promise;
        }
        return ok({ entries: data['kind'] === 'expert' ? [EXPERT] : [] });
      },
    });
    const page = loadPage(DIRECTORY, { transport });
    await settle();
    expect(page.querySelector('.directory__loading')).toBeTruthy();
    answer.resolve(ok({ entries: [HOSPITAL] }));
    await settle();
    expect(callsOf(transport, 'admin.listDirectory')).toEqual([{ kind: 'hospital', includeInactive: true }]);
    expect(textOf(page)).toContain('复旦大学附属中山医院 上海 · 三级甲等 · 2 个科室 上海市徐汇区枫林路180号');

    await invoke(page, 'onKind', { detail: { index: 1 } });
    await settle();
    expect(callsOf(transport, 'admin.listDirectory').at(-1)).toEqual({ kind: 'expert', includeInactive: true });
    expect(textOf(page)).toContain('王建国 已停用 主任医师 · 北京协和医院 · 心内科');

    await invoke(page, 'onKind', { detail: { index: 2 } });
    await settle();
    expect(textOf(page)).toContain('还没有家庭医生，添加第一条吧');
  });

  test('a new hospital: required fields inline, departments split, sent as the contract’s entry', async () => {
    const transport = answering({
      'admin.listDirectory': ok({ entries: [HOSPITAL] }),
      'admin.upsertDirectory': (data) => ok({ entry: { id: 'hos-2', ...(data['entry'] as object) } }),
    });
    const page = loadPage(DIRECTORY, { transport });
    await settle();
    await tap(page, '#add');
    await settle(400);
    await tap(page, '#save');
    expect(fieldError(page, '#field-name')).toBe('请填写医院名称');
    expect(fieldError(page, '#field-departments')).toBe('请填写科室');

    await fill(page, '#field-name', '北京协和医院');
    await fill(page, '#field-city', '北京');
    await fill(page, '#field-level', '三级甲等');
    await fill(page, '#field-address', '北京市东城区帅府园1号');
    await fill(page, '#field-departments', '心内科\n消化内科');
    await emit(page, '#public', 'change', false);
    await tap(page, '#save');
    await settle();
    expect(callsOf(transport, 'admin.upsertDirectory')).toEqual([
      {
        entry: {
          kind: 'hospital',
          name: '北京协和医院',
          active: true,
          data: {
            city: '北京',
            level: '三级甲等',
            address: '北京市东城区帅府园1号',
            public: false,
            departments: ['心内科', '消化内科'],
          },
        },
      },
    ]);
    expect(callsOf(transport, 'admin.listDirectory')).toHaveLength(2);
  });

  test('editing an entry keeps its id; switching it off; a refusal is shown in the form', async () => {
    const transport = answering({
      'admin.listDirectory': ok({ entries: [HOSPITAL] }),
      'admin.upsertDirectory': refused('INVALID_ARGUMENT', '已有同名医院，请修改原条目'),
    });
    const page = loadPage(DIRECTORY, { transport });
    await settle();
    await tap(page, '#entry-hos-1');
    await settle(400);
    expect(page.data['form']).toMatchObject({
      id: 'hos-1',
      name: '复旦大学附属中山医院',
      departments: '心血管内科\n消化内科',
      public: true,
      active: true,
    });
    await emit(page, '#active', 'change', false);
    await tap(page, '#save');
    await settle();
    expect(callsOf(transport, 'admin.upsertDirectory')[0]).toMatchObject({
      entry: { id: 'hos-1', kind: 'hospital', active: false },
    });
    expect(page.querySelector('#submit-error')?.dom?.textContent).toBe('已有同名医院，请修改原条目');
  });

  test('an error shows the message and 重试', async () => {
    let fail = true;
    const transport = answering({
      'admin.listDirectory': () => (fail ? refused('INTERNAL', '服务繁忙，请稍后重试') : ok({ entries: [HOSPITAL] })),
    });
    const page = loadPage(DIRECTORY, { transport });
    await settle();
    expect(textOf(page)).toContain('服务繁忙，请稍后重试 重试');
    fail = false;
    await tap(page, '#retry');
    expect(textOf(page)).toContain('复旦大学附属中山医院');
  });
});
