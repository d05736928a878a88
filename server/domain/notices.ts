/**
 * R5 notices: the template table (configuration, not strings spread through code) and rendering.
 * SMS texts are R5.1's; the provider and public account names are settings ops can change.
 * Nothing personal beyond what the member must read goes into a notice: no ID number, no
 * diagnosis, no full phone number in any text.
 */
export interface NoticeSettings {
  /** 【…】 signature of SMS texts */
  provider: string;
  /** the public account members are sent to */
  account: string;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = { provider: '太医蓝卡', account: '太平洋医疗健康' };

export const SMS_TEMPLATES = {
  /** R5.1 doctor taken */
  doctorTaken: '【{provider}】{doctor}医生已经接诊，请尽快登录{account}公众号与医生进行病情沟通，请尽快前往查看。',
  /** R5.1 booking made */
  bookingMade:
    '【{provider}】您好，请持医保卡于{date}{period}内前往{hospital}的窗口或自助机取号。地址：{address}。就诊需携带身份证、医保卡，请勿迟到，号源过时将作废。',
} as const;

export type SmsTemplate = keyof typeof SMS_TEMPLATES;

/** Fills {name} slots; a slot without a value is an error, never a literal "{name}" sent out. */
export function renderSms(template: SmsTemplate, vars: Readonly<Record<string, string>>, settings: NoticeSettings): string {
  const all: Record<string, string> = { provider: settings.provider, account: settings.account, ...vars };
  return SMS_TEMPLATES[template].replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = all[k];
    if (v === undefined) throw new Error(`sms ${template}: no value for {${k}}`);
    return v;
  });
}

/** 2026-06-02 → 6月2日, as a member reads a date in a text message. */
export function chineseDate(day: string): string {
  const [, m, d] = day.split('-');
  return `${Number(m)}月${Number(d)}日`;
}
