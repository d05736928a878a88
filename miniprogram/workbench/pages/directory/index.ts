/**
 * 目录管理 (admins): the hospitals (with their departments), experts and family doctors that
 * members choose from (`admin.listDirectory`, inactive ones too) — adding, editing, and
 * switching an entry off (`admin.upsertDirectory`; an entry is never deleted, orders keep
 * pointing at it). One tab per kind.
 */
import type { DirectoryEntry, DirectoryEntryInput, DirectoryKind } from '../../../../typings/contract';
import { toast } from '../../../adapters/ui';
import { listDirectory, upsertDirectory } from '../../../services/admin';
import { messageOf } from '../../../services/call';
import { booleanOf, dataText, textOf } from '../../../utils/events';
import { definePage } from '../../../utils/page';
import { loadOnAttach } from '../../../utils/reload';
import { departmentsOf } from '../../lib/departments';

export type ManagedKind = Exclude<DirectoryKind, 'article'>;
export const KINDS: readonly ManagedKind[] = ['hospital', 'expert', 'familyDoctor'];

type View = 'loading' | 'error' | 'empty' | 'list';

/** Every field of every kind's form, as typed. */
export interface EntryForm {
  id: string;
  name: string;
  city: string;
  level: string;
  address: string;
  public: boolean;
  /** one department per line (or separated by 、，,) */
  departments: string;
  title: string;
  hospital: string;
  department: string;
  specialty: string;
  active: boolean;
}

type TextField = Exclude<keyof EntryForm, 'public' | 'active' | 'id'>;

/** Which fields each kind's form has, and what they are called. */
export const FIELDS: Readonly<Record<ManagedKind, readonly { key: TextField; label: string; placeholder: string }[]>> =
  {
    hospital: [
      { key: 'name', label: '医院名称', placeholder: '如 复旦大学附属中山医院' },
      { key: 'city', label: '城市', placeholder: '如 上海' },
      { key: 'level', label: '医院等级', placeholder: '如 三级甲等' },
      { key: 'address', label: '地址', placeholder: '取号、就诊的地址' },
      { key: 'departments', label: '科室', placeholder: '每行一个科室' },
    ],
    expert: [
      { key: 'name', label: '姓名', placeholder: '专家姓名' },
      { key: 'title', label: '职称', placeholder: '如 主任医师' },
      { key: 'hospital', label: '医院', placeholder: '执业医院' },
      { key: 'department', label: '科室', placeholder: '如 心内科' },
      { key: 'specialty', label: '擅长', placeholder: '擅长的疾病与领域' },
    ],
    familyDoctor: [
      { key: 'name', label: '姓名', placeholder: '医生姓名' },
      { key: 'title', label: '职称', placeholder: '如 副主任医师' },
      { key: 'hospital', label: '医院', placeholder: '执业医院' },
      { key: 'specialty', label: '擅长', placeholder: '擅长的疾病与领域' },
    ],
  };

interface DirectoryData {
  kinds: readonly ManagedKind[];
  active: number;
  kind: ManagedKind;
  view: View;
  error: string;
  entries: DirectoryEntry[];
  editing: boolean;
  form: EntryForm;
  fields: readonly { key: TextField; label: string; placeholder: string }[];
  errors: Partial<Record<TextField | 'submit', string>>;
  busy: boolean;
  _seq: number;
}

function blankForm(): EntryForm {
  return {
    id: '',
    name: '',
    city: '',
    level: '',
    address: '',
    public: true,
    departments: '',
    title: '',
    hospital: '',
    department: '',
    specialty: '',
    active: true,
  };
}

function formOf(entry: DirectoryEntry): EntryForm {
  const form = { ...blankForm(), id: entry.id, name: entry.name, active: entry.active };
  switch (entry.kind) {
    case 'hospital':
      return { ...form, ...entry.data, departments: entry.data.departments.join('\n') };
    case 'expert':
      return { ...form, ...entry.data };
    case 'familyDoctor':
      return { ...form, ...entry.data };
    default:
      return form;
  }
}

function inputOf(kind: ManagedKind, f: EntryForm): DirectoryEntryInput {
  const base = { ...(f.id ? { id: f.id } : {}), name: f.name.trim(), active: f.active };
  switch (kind) {
    case 'hospital':
      return {
        ...base,
        kind,
        data: {
          city: f.city.trim(),
          level: f.level.trim(),
          address: f.address.trim(),
          public: f.public,
          departments: departmentsOf(f.departments),
        },
      };
    case 'expert':
      return {
        ...base,
        kind,
        data: {
          title: f.title.trim(),
          hospital: f.hospital.trim(),
          department: f.department.trim(),
          specialty: f.specialty.trim(),
        },
      };
    case 'familyDoctor':
      return {
        ...base,
        kind,
        data: { title: f.title.trim(), hospital: f.hospital.trim(), specialty: f.specialty.trim() },
      };
  }
}

const initialData: DirectoryData = {
  kinds: KINDS,
  active: 0,
  kind: 'hospital',
  view: 'loading',
  error: '',
  entries: [],
  editing: false,
  form: blankForm(),
  fields: FIELDS.hospital,
  errors: {},
  busy: false,
  _seq: 0,
};

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  reload: {
    read: ({ kind }) => listDirectory({ kind, includeInactive: true }),
    show: ({ entries }) => ({ view: entries.length > 0 ? 'list' : 'empty', entries, error: '' }),
    shown: 'list',
  },

  methods: {
    onKind(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const kind = KINDS[event.detail.index];
      if (!kind || kind === this.data.kind) return;
      this.setData({ active: event.detail.index, kind, fields: FIELDS[kind], entries: [] });
      void this.load(false);
    },

    onAdd() {
      this.setData({ editing: true, form: blankForm(), errors: {} });
    },

    onEdit(event: WechatMiniprogram.TouchEvent) {
      const entry = this.data.entries.find((e) => e.id === dataText(event, 'id'));
      if (entry) this.setData({ editing: true, form: formOf(entry), errors: {} });
    },

    onClose() {
      if (!this.data.busy) this.setData({ editing: false });
    },

    onField(event: WechatMiniprogram.CustomEvent) {
      const field = dataText(event, 'field');
      this.setData({ [`form.${field}`]: textOf(event.detail), [`errors.${field}`]: '', 'errors.submit': '' });
    },

    onSwitch(event: WechatMiniprogram.CustomEvent) {
      this.setData({ [`form.${dataText(event, 'field')}`]: booleanOf(event.detail) });
    },

    async onSave(): Promise<void> {
      if (this.data.busy) return;
      const { kind, form, fields } = this.data;
      const errors: DirectoryData['errors'] = {};
      for (const f of fields) {
        if (form[f.key].trim() === '') errors[f.key] = `请填写${f.label}`;
      }
      if (Object.keys(errors).length > 0) {
        this.setData({ errors });
        return;
      }
      this.setData({ busy: true, errors: {} });
      try {
        await upsertDirectory({ entry: inputOf(kind, form) });
        this.setData({ busy: false, editing: false });
        toast('已保存');
        await this.load(true);
      } catch (err) {
        this.setData({ busy: false, 'errors.submit': messageOf(err) });
      }
    },
  },
});
