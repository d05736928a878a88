/**
 * 数据导出与删除 (我的 → 数据导出与删除): the member's rights over their own data (PIPL).
 *
 * 导出我的数据 calls `privacy.export` and shows what it answered as a short summary (how many
 * cards, orders, records, messages…); 保存为文件 writes the answer as JSON and hands it to
 * WeChat's sheet (adapters/export-file.ts). 删除我的个人信息 states the consequence in a dialog,
 * asks the member to type 确认删除, then calls `privacy.erase`. Whether an erasure may happen now
 * (an open order, family still on the card) is the function's call: its refusal is shown as it
 * came. Built with Component(), like every page here.
 */
import type { ErasureReport, PrivacyExport } from '../../../../typings/contract';
import { saveExportFile, type SaveResult } from '../../../adapters/export-file';
import { switchTab } from '../../../adapters/nav';
import { messageOf } from '../../../services/call';
import { ERASE_CONFIRM, eraseMine, exportMine } from '../../../services/privacy';
import { definePage } from '../../../utils/page';

type ExportView = 'idle' | 'loading' | 'ready' | 'error';

/** One line of the summary: what, how many, in which unit. */
interface SummaryRow {
  key: string;
  label: string;
  count: number;
  unit: string;
}

interface MyDataData {
  /** done: the erasure went through; nothing else is offered */
  view: 'ready' | 'done';
  exportView: ExportView;
  exportError: string;
  summary: SummaryRow[];
  exportedAt: string;
  saving: boolean;
  /** what became of 保存为文件, '' until tried (or when the member closed the sheet) */
  saveNote: string;
  saveFailed: boolean;
  consequence: string;
  confirmWord: string;
  eraseOpen: boolean;
  typed: string;
  /** the member typed the confirmation word */
  confirmed: boolean;
  erasing: boolean;
  eraseError: string;
  report: ErasureReport | null;
  /** the export as it will be saved (not rendered) */
  _file: string;
  _fileName: string;
  _seq: number;
}

/** The rule's consequence, stated before the member confirms (ui-guide: destructive actions). */
const CONSEQUENCE = '删除后，您的姓名、证件号、手机号、健康档案和咨询内容将被清除，且无法恢复；已使用的服务次数保留。';

const SAVE_NOTE: Readonly<Record<SaveResult, string>> = {
  shared: '文件已发送。您可以在聊天中打开或保存它。',
  cancelled: '',
  unsupported: '当前微信版本不能发送文件，请升级微信后再试。',
  failed: '文件没有保存成功，请稍后重试。',
};

const HOME = '/pages/home/index';

/** What the export holds, counted: the member reads this before saving the file. */
function summaryOf(data: PrivacyExport): SummaryRow[] {
  const messages = data.conversations.reduce((n, c) => n + c.messages.length, 0);
  const rows: SummaryRow[] = [
    { key: 'cards', label: '蓝卡', count: new Set(data.memberships.map((m) => m.cardId)).size, unit: '张' },
    { key: 'orders', label: '服务订单', count: data.orders.length, unit: '笔' },
    { key: 'records', label: '健康档案', count: data.records.length, unit: '份' },
    { key: 'conversations', label: '咨询与管家对话', count: data.conversations.length, unit: '段' },
    { key: 'messages', label: '对话消息', count: messages, unit: '条' },
    { key: 'signings', label: '家庭医生签约', count: data.signings.length, unit: '个' },
    { key: 'ledger', label: '额度使用记录', count: data.ledger.length, unit: '条' },
    { key: 'notices', label: '短信与服务通知', count: data.notices.length, unit: '条' },
    { key: 'subscriptions', label: '订阅消息授权', count: data.subscriptions.length, unit: '项' },
    { key: 'invites', label: '家庭邀请', count: data.invites.length, unit: '次' },
    { key: 'staffViews', label: '服务人员查看记录', count: data.staffViews.length, unit: '次' },
  ];
  return rows;
}

/** 太医蓝卡-我的数据-20260310.json, dated by when the function answered. */
function fileNameOf(data: PrivacyExport): string {
  return `太医蓝卡-我的数据-${data.exportedAt.slice(0, 10).replace(/-/g, '')}.json`;
}

const initialData: MyDataData = {
  view: 'ready',
  exportView: 'idle',
  exportError: '',
  summary: [],
  exportedAt: '',
  saving: false,
  saveNote: '',
  saveFailed: false,
  consequence: CONSEQUENCE,
  confirmWord: ERASE_CONFIRM,
  eraseOpen: false,
  typed: '',
  confirmed: false,
  erasing: false,
  eraseError: '',
  report: null,
  _file: '',
  _fileName: '',
  _seq: 0,
};

definePage({
  data: initialData,

  methods: {
    /** 导出我的数据 (and 重试): asks the function afresh each time. */
    async onExport(): Promise<void> {
      if (this.data.exportView === 'loading') return;
      const seq = this.data._seq + 1;
      this.setData({ _seq: seq, exportView: 'loading', exportError: '', saveNote: '', saveFailed: false });
      try {
        const data = await exportMine();
        if (seq !== this.data._seq) return;
        this.setData({
          exportView: 'ready',
          summary: summaryOf(data),
          exportedAt: data.exportedAt,
          _file: JSON.stringify(data, null, 2),
          _fileName: fileNameOf(data),
        });
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ exportView: 'error', exportError: messageOf(err) });
      }
    },

    /** 保存为文件: runs in the tap, so WeChat lets the share sheet open. */
    async onSave(): Promise<void> {
      if (this.data.saving || this.data._file === '') return;
      const saved = saveExportFile(this.data._fileName, this.data._file);
      this.setData({ saving: true, saveNote: '', saveFailed: false });
      const result = await saved;
      this.setData({ saving: false, saveNote: SAVE_NOTE[result], saveFailed: result !== 'shared' });
    },

    onAskErase() {
      this.setData({ eraseOpen: true, typed: '', confirmed: false, eraseError: '' });
    },

    /** van-field's change: its detail is the text as typed. */
    onTyped(e: WechatMiniprogram.CustomEvent) {
      const typed = typeof e.detail === 'string' ? e.detail : '';
      this.setData({ typed, confirmed: typed.trim() === ERASE_CONFIRM });
    },

    onCancelErase() {
      this.setData({ eraseOpen: false, typed: '', confirmed: false });
    },

    /** The dialog's 确认删除: enabled only once the word is typed; the function decides the rest. */
    async onConfirmErase(): Promise<void> {
      if (!this.data.confirmed || this.data.erasing) return;
      this.setData({ erasing: true });
      try {
        const report = await eraseMine();
        this.setData({ erasing: false, eraseOpen: false, view: 'done', report });
      } catch (err) {
        this.setData({ erasing: false, eraseOpen: false, typed: '', confirmed: false, eraseError: messageOf(err) });
      }
    },

    onHome() {
      switchTab(HOME);
    },
  },
});
