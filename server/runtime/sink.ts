/**
 * The notice sink: where the sender hands a notice to be delivered (R5.3). A port like the store:
 * deployed it is WeChat (`cloud.openapi.subscribeMessage.send`) and CloudBase SMS
 * (`cloud.openapi.cloudbase.sendSms`); the local cloud's sink records what would have been sent
 * (server/local/sink.ts) and can be told to fail.
 *
 * A sink answers, never throws for a refused message: `{ ok: false, code }` with WeChat's errcode
 * as a string ('43101') or one of ours ('TEMPLATE_NOT_CONFIGURED'). The sender decides from the
 * code whether to retry (server/domain/delivery.ts).
 */
import type { NoticeChannel } from '../../typings/contract';
import { isPlaceholderId, type MiniprogramState } from '../domain/notices';

export interface OutgoingNotice {
  noticeId: string;
  channel: NoticeChannel;
  /** openid (subscribe) or mobile number (sms) */
  to: string;
  /** our template name */
  template: string;
  /** the id at WeChat or the SMS provider, from the `notices` settings */
  templateId: string;
  /** sms: the full text as the member reads it */
  text?: string;
  /** subscribe: WeChat field key → value */
  data?: Record<string, string>;
  /** subscribe: the page the message opens */
  page?: string;
  miniprogramState?: MiniprogramState;
  /** sms: the provider template's parameters, in order */
  params?: string[];
  /** this try's number, 1 for the first */
  attempt: number;
}

export type SendResult = { ok: true } | { ok: false; code: string; message?: string };

export interface NoticeSink {
  send(n: OutgoingNotice, now: Date): Promise<SendResult>;
}

/** A sink for hosts that send nothing (a function without the sender): every send fails, retryably. */
export const noSink: NoticeSink = {
  send: () => Promise.resolve({ ok: false, code: 'NO_SINK' }),
};

// ---------------------------------------------------------------------------------------------
// Deployed: wx-server-sdk's cloud calls (云调用). The function's config.json must list
// "subscribeMessage.send" and "cloudbase.sendSms" under permissions.openapi.

/** The part of `cloud.openapi` used here; wx-server-sdk converts camelCase keys for the API. */
export interface WxOpenapi {
  subscribeMessage: {
    send(req: {
      touser: string;
      templateId: string;
      page?: string;
      data: Record<string, { value: string }>;
      miniprogramState?: MiniprogramState;
      lang?: 'zh_CN';
    }): Promise<{ errCode?: number; errMsg?: string }>;
  };
  cloudbase: {
    sendSms(req: {
      env: string;
      phoneNumberList: string[];
      smsType: 'Notification';
      templateId: string;
      templateParamList: string[];
    }): Promise<{ errCode?: number; errMsg?: string; sendStatusList?: { code?: string; message?: string }[] }>;
  };
}

function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const code = (e as { errCode?: unknown; errcode?: unknown }).errCode ?? (e as { errcode?: unknown }).errcode;
    if (typeof code === 'number' || typeof code === 'string') return String(code);
  }
  return 'SEND_ERROR';
}

function errorMessage(e: unknown): string {
  const m = typeof e === 'object' && e !== null ? (e as { errMsg?: unknown; message?: unknown }) : {};
  const s = typeof m.errMsg === 'string' ? m.errMsg : typeof m.message === 'string' ? m.message : '';
  return s.slice(0, 200);
}

/**
 * WeChat subscription messages and CloudBase SMS. SMS needs the environment id (`env`) and a
 * notification template approved in the CloudBase console (云开发 → 短信); its signature is the
 * mini-program's name. Where ops use another SMS provider (their own 【provider】 signature),
 * this is the one place to replace.
 */
export function wxSink(openapi: WxOpenapi, env: () => string | undefined): NoticeSink {
  return {
    async send(n) {
      if (isPlaceholderId(n.templateId))
        return { ok: false, code: n.channel === 'sms' ? 'SMS_NOT_CONFIGURED' : 'TEMPLATE_NOT_CONFIGURED' };
      try {
        if (n.channel === 'subscribe') {
          const data = Object.fromEntries(Object.entries(n.data ?? {}).map(([k, value]) => [k, { value }]));
          const r = await openapi.subscribeMessage.send({
            touser: n.to,
            templateId: n.templateId,
            ...(n.page ? { page: n.page } : {}),
            data,
            ...(n.miniprogramState ? { miniprogramState: n.miniprogramState } : {}),
            lang: 'zh_CN',
          });
          if (r.errCode !== undefined && r.errCode !== 0)
            return { ok: false, code: String(r.errCode), message: r.errMsg ?? '' };
          return { ok: true };
        }
        const envId = env();
        if (!envId) return { ok: false, code: 'SMS_NOT_CONFIGURED', message: 'no environment id' };
        if (!/^1\d{10}$/.test(n.to)) return { ok: false, code: 'INVALID_RECIPIENT' };
        const r = await openapi.cloudbase.sendSms({
          env: envId,
          phoneNumberList: [`+86${n.to}`],
          smsType: 'Notification',
          templateId: n.templateId,
          templateParamList: n.params ?? [],
        });
        if (r.errCode !== undefined && r.errCode !== 0)
          return { ok: false, code: String(r.errCode), message: r.errMsg ?? '' };
        const status = r.sendStatusList?.[0];
        if (status?.code !== undefined && status.code.toLowerCase() !== 'ok') {
          return { ok: false, code: `SMS_${status.code}`, message: status.message ?? '' };
        }
        return { ok: true };
      } catch (e) {
        return { ok: false, code: errorCode(e), message: errorMessage(e) };
      }
    },
  };
}
