/**
 * 人员与岗位 (admins): who is staff and with which roles (`staff.roster`), adding someone by their
 * openid, changing roles, and taking every role away (`admin.setStaff` with no roles: the person
 * is no longer staff). The person's openid comes from the developer (CloudBase console or logs):
 * the app never shows a member's openid.
 */
import type { StaffMember, StaffRole } from '../../../../typings/contract';
import { toast } from '../../../adapters/ui';
import { setStaff } from '../../../services/admin';
import { messageOf } from '../../../services/call';
import { roster } from '../../../services/staff';
import { dataText, textOf } from '../../../utils/events';
import { definePage } from '../../../utils/page';
import { loadOnAttach } from '../../../utils/reload';

/** Every role, in the form's order. */
export const ROLES: readonly StaffRole[] = ['butler', 'manager', 'doctor', 'agent', 'escortManager', 'admin'];

type View = 'loading' | 'error' | 'empty' | 'list';

interface Editing {
  /** false: a new person (the openid is typed in) */
  existing: boolean;
  openid: string;
  name: string;
  roles: StaffRole[];
}

interface Errors {
  openid: string;
  name: string;
  roles: string;
  submit: string;
}

interface StaffPageData {
  view: View;
  error: string;
  staff: StaffMember[];
  editing: Editing | null;
  allRoles: readonly StaffRole[];
  /** roles ticked in the form, by role: what the chips show */
  ticked: Partial<Record<StaffRole, boolean>>;
  errors: Errors;
  busy: boolean;
  removing: boolean;
  _seq: number;
}

function noErrors(): Errors {
  return { openid: '', name: '', roles: '', submit: '' };
}

function tickedOf(roles: readonly StaffRole[]): Partial<Record<StaffRole, boolean>> {
  const out: Partial<Record<StaffRole, boolean>> = {};
  for (const r of roles) out[r] = true;
  return out;
}

const initialData: StaffPageData = {
  view: 'loading',
  error: '',
  staff: [],
  editing: null,
  allRoles: ROLES,
  ticked: {},
  errors: noErrors(),
  busy: false,
  removing: false,
  _seq: 0,
};

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  reload: {
    read: roster,
    show: ({ staff }) => ({ view: staff.length > 0 ? 'list' : 'empty', staff, error: '' }),
    shown: 'list',
  },

  methods: {
    onAdd() {
      this.setData({ editing: { existing: false, openid: '', name: '', roles: [] }, ticked: {}, errors: noErrors() });
    },

    onEdit(event: WechatMiniprogram.TouchEvent) {
      const member = this.data.staff.find((s) => s.openid === dataText(event, 'openid'));
      if (!member) return;
      this.setData({
        editing: { existing: true, openid: member.openid, name: member.name, roles: [...member.roles] },
        ticked: tickedOf(member.roles),
        errors: noErrors(),
      });
    },

    onClose() {
      if (!this.data.busy) this.setData({ editing: null });
    },

    onField(event: WechatMiniprogram.CustomEvent) {
      const field = dataText(event, 'field');
      this.setData({ [`editing.${field}`]: textOf(event.detail), [`errors.${field}`]: '', 'errors.submit': '' });
    },

    onToggle(event: WechatMiniprogram.TouchEvent) {
      const editing = this.data.editing;
      const role = ROLES.find((r) => r === dataText(event, 'role'));
      if (!editing || !role) return;
      const roles = editing.roles.includes(role) ? editing.roles.filter((r) => r !== role) : [...editing.roles, role];
      // kept in the form's order
      const ordered = ROLES.filter((r) => roles.includes(r));
      this.setData({ 'editing.roles': ordered, ticked: tickedOf(ordered), 'errors.roles': '', 'errors.submit': '' });
    },

    async onSave(): Promise<void> {
      const editing = this.data.editing;
      if (!editing || this.data.busy) return;
      const errors = noErrors();
      const openid = editing.openid.trim();
      const name = editing.name.trim();
      if (!openid) errors.openid = '请填写人员的 openid';
      else if (!/^[A-Za-z0-9_-]{1,128}$/.test(openid)) errors.openid = 'openid 只含字母、数字、- 和 _';
      if (!name) errors.name = '请填写姓名';
      else if (name.length > 20) errors.name = '姓名最多 20 个字';
      if (editing.roles.length === 0) errors.roles = '请至少选择一个岗位；要停用此人请用“移除全部岗位”';
      if (Object.values(errors).some((e) => e !== '')) {
        this.setData({ errors });
        return;
      }
      await this.save({ openid, name, roles: editing.roles }, '已保存');
    },

    onAskRemove() {
      if (this.data.editing?.existing) this.setData({ removing: true });
    },

    onCancelRemove() {
      this.setData({ removing: false });
    },

    async onConfirmRemove(): Promise<void> {
      const editing = this.data.editing;
      this.setData({ removing: false });
      if (!editing) return;
      await this.save(
        { openid: editing.openid, name: editing.name.trim() || editing.name, roles: [] },
        '已移除全部岗位',
      );
    },

    async save(req: { openid: string; name: string; roles: StaffRole[] }, done: string): Promise<void> {
      this.setData({ busy: true, 'errors.submit': '' });
      try {
        await setStaff(req);
        this.setData({ busy: false, editing: null });
        toast(done);
        await this.load(true);
      } catch (err) {
        this.setData({ busy: false, 'errors.submit': messageOf(err) });
      }
    },
  },
});
