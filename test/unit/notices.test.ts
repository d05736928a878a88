/**
 * R5.1 / R5.2 notice templates and rendering: the SMS texts, WeChat's field rules for
 * subscription messages (thing ≤ 20, phrase ≤ 5 Chinese characters, name ≤ 10, time and date
 * formats), the ops settings that configure them, and the guard that keeps ID numbers and full
 * mobile numbers out of every text. Times are Shanghai wall clocks whatever the process zone:
 * the instants below are written in UTC, and the suite also runs under TZ=America/Los_Angeles.
 */
import fc from 'fast-check';
import {
  DEFAULT_NOTICE_SETTINGS,
  SUBSCRIBE_TEMPLATES,
  SUBSCRIBE_TEMPLATE_NAMES,
  dateText,
  fieldValueOk,
  findSensitive,
  isPlaceholderId,
  kindOfKey,
  maskPhone,
  redactSensitive,
  renderField,
  renderSms,
  renderSubscribe,
  resolveNoticeSettings,
  smsSlots,
  timeText,
  type SlotValue,
} from '../../server/domain/notices';

const S = DEFAULT_NOTICE_SETTINGS;

describe('R5.1 SMS texts', () => {
  it('doctor taken and booking made read as the handbook writes them, with the provider and account names', () => {
    expect(renderSms('doctorTaken', { doctor: '陈明' }, S)).toBe(
      '【太医蓝卡】陈明医生已经接诊，请尽快登录太平洋医疗健康公众号与医生进行病情沟通，请尽快前往查看。',
    );
    expect(
      renderSms(
        'bookingMade',
        { date: '12月1日', period: '上午', hospital: '北京协和医院', address: '北京市东城区帅府园1号' },
        S,
      ),
    ).toBe(
      '【太医蓝卡】您好，请持医保卡于12月1日上午内前往北京协和医院的窗口或自助机取号。地址：北京市东城区帅府园1号。就诊需携带身份证、医保卡，请勿迟到，号源过时将作废。',
    );
  });

  it('R5.2 the activation-deadline reminder goes by SMS (there is no openid before activation)', () => {
    expect(renderSms('activationDeadline', { date: '4月5日' }, S)).toBe(
      '【太医蓝卡】您的太医蓝卡激活截止日期为4月5日，请在此之前登录太平洋医疗健康公众号完成激活，逾期将无法激活。',
    );
  });

  it('a slot without a value throws rather than sending “{date}”', () => {
    expect(() => renderSms('bookingMade', { date: '12月1日' }, S)).toThrow(/period/);
  });

  it('the provider template parameters are the slots in order, without signature and account', () => {
    expect(smsSlots('bookingMade')).toEqual(['date', 'period', 'hospital', 'address']);
    expect(smsSlots('doctorTaken')).toEqual(['doctor']);
    expect(S.sms.activationDeadline.params).toEqual(['date']);
  });

  it('an ID number or a mobile number typed into an address does not reach the text', () => {
    const text = renderSms(
      'bookingMade',
      {
        date: '12月1日',
        period: '上午',
        hospital: '某医院',
        address: '某路1号 联系人13912345678 身份证11010119900307001X',
      },
      S,
    );
    expect(findSensitive(text)).toEqual([]);
    expect(text).toContain('139****5678');
    expect(text).not.toContain('11010119900307001X');
  });
});

describe('R5.2 subscription messages: WeChat field rules', () => {
  it('the field kind is the key’s prefix', () => {
    expect(kindOfKey('thing12')).toBe('thing');
    expect(kindOfKey('character_string4')).toBe('character_string');
    expect(kindOfKey('phone_number3')).toBeNull(); // never filled: no phone numbers in messages
    expect(kindOfKey('thing')).toBeNull();
  });

  it('thing: at most 20 characters, cut with an ellipsis', () => {
    const long = '复旦大学附属中山医院青浦分院国际医疗部特需门诊';
    const v = renderField('thing', long);
    expect(Array.from(v)).toHaveLength(20);
    expect(v.endsWith('…')).toBe(true);
    expect(renderField('thing', '门诊绿通')).toBe('门诊绿通');
    expect(renderField('thing', '   ')).toBe('-'); // WeChat refuses empty values
  });

  it('phrase: at most 5 Chinese characters, nothing else', () => {
    expect(renderField('phrase', '已受理')).toBe('已受理');
    expect(renderField('phrase', '预约成功啦！OK')).toBe('预约成功啦');
    expect(fieldValueOk('phrase2', '已出具')).toBe(true);
    expect(fieldValueOk('phrase2', '已出具了报告单')).toBe(false);
  });

  it('name: at most 10 characters (masked names are what we pass)', () => {
    expect(renderField('name', '张*丰')).toBe('张*丰');
    expect(Array.from(renderField('name', '欧阳娜娜娜娜娜娜娜娜娜'))).toHaveLength(10);
  });

  it('time: 2026年3月20日 09:05 on the Shanghai wall clock; date: 2026年3月20日', () => {
    // 2026-03-20T01:05Z is 09:05 in Shanghai; 2026-03-19T16:30Z is already the 20th there
    expect(timeText(new Date('2026-03-20T01:05:00Z'))).toBe('2026年3月20日 09:05');
    expect(dateText({ at: new Date('2026-03-19T16:30:00Z') })).toBe('2026年3月20日');
    expect(dateText({ day: '2027-01-08' })).toBe('2027年1月8日');
    expect(fieldValueOk('time3', '2026年3月20日 09:05')).toBe(true);
    expect(fieldValueOk('date3', '2026-03-20')).toBe(false);
  });

  it('character_string: ASCII without spaces, at most 32', () => {
    expect(renderField('character_string', 'ord_mwvh7i80lyVLaU-a')).toBe('ord_mwvh7i80lyVLaU-a');
    expect(renderField('character_string', '订单 ord 1')).toBe('ord1');
  });

  it('every template rendered from any text fits WeChat’s rules and carries no ID number or mobile number', () => {
    const text = fc.string({
      unit: fc.constantFrom('医', '院', 'a', '1', ' ', '3', '8', '9', 'X', '（', '…', '\n'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBSCRIBE_TEMPLATE_NAMES),
        text,
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        (t, s, at) => {
          const fields = SUBSCRIBE_TEMPLATES[t].fields as Record<string, string>;
          const slots: Record<string, SlotValue> = {};
          for (const [slot, key] of Object.entries(fields)) {
            const kind = kindOfKey(key);
            slots[slot] = kind === 'time' ? { at } : kind === 'date' ? { at } : `${s}13800138000${s}110101198003070033`;
          }
          const data = renderSubscribe(t, slots as never, S);
          expect(Object.keys(data).sort()).toEqual(Object.values(fields).sort());
          for (const [key, value] of Object.entries(data)) {
            expect(fieldValueOk(key, value)).toBe(true);
            expect(findSensitive(value)).toEqual([]);
          }
        },
      ),
    );
  });

  it('each template has at most 5 fields and the member-facing ones open a page of the app', () => {
    for (const t of SUBSCRIBE_TEMPLATE_NAMES) {
      const def = SUBSCRIBE_TEMPLATES[t];
      expect(Object.keys(def.fields).length).toBeLessThanOrEqual(5);
      expect(def.page).toMatch(/^(pages|member\/pages)\/[a-z-]+\/index$/);
      for (const key of Object.values(def.fields)) expect(kindOfKey(key)).not.toBeNull();
    }
  });
});

describe('R5 templates are configuration (the settings document `notices`)', () => {
  it('defaults: placeholder template ids, which the deployed sender refuses', () => {
    expect(isPlaceholderId(S.subscribe.orderBooked.templateId)).toBe(true);
    expect(isPlaceholderId(S.sms.bookingMade.templateId)).toBe(true);
    expect(isPlaceholderId('aBcD-123_xyz')).toBe(false);
  });

  it('ops set names, ids, another field key (its kind follows) and parameter order; malformed pieces keep their default', () => {
    const s = resolveNoticeSettings({
      provider: '蓝卡健康',
      account: '',
      miniprogramState: 'trial',
      subscribe: {
        orderBooked: { templateId: 'tmpl-ob-1', fields: { place: 'thing7', person: 'phone_number2', nope: 'thing9' } },
        doctorTaken: 'not an object',
      },
      sms: { bookingMade: { templateId: 'sms-77', params: ['hospital', 'date'] }, doctorTaken: { params: ['evil'] } },
    });
    expect(s.provider).toBe('蓝卡健康');
    expect(s.account).toBe(S.account);
    expect(s.miniprogramState).toBe('trial');
    expect(s.subscribe.orderBooked).toEqual({
      templateId: 'tmpl-ob-1',
      fields: { ...SUBSCRIBE_TEMPLATES.orderBooked.fields, place: 'thing7' },
    });
    expect(s.subscribe.doctorTaken).toEqual(S.subscribe.doctorTaken);
    expect(s.sms.bookingMade).toEqual({ templateId: 'sms-77', params: ['hospital', 'date'] });
    expect(s.sms.doctorTaken).toEqual(S.sms.doctorTaken);
    expect(renderSms('doctorTaken', { doctor: '陈明' }, s).startsWith('【蓝卡健康】')).toBe(true);

    const data = renderSubscribe(
      'orderBooked',
      { service: '门诊绿通', person: '张*丰', date: { day: '2026-12-01' }, place: '北京协和医院', tip: '请按时就诊' },
      s,
    );
    expect(data).toEqual({
      thing1: '门诊绿通',
      name2: '张*丰',
      date3: '2026年12月1日',
      thing7: '北京协和医院',
      thing5: '请按时就诊',
    });
  });

  it('a stored document that is not an object is the defaults', () => {
    expect(resolveNoticeSettings(null)).toEqual(S);
    expect(resolveNoticeSettings('x')).toEqual(S);
  });
});

describe('no ID number, no full mobile number (R5, PIPL minimum)', () => {
  it('masks ID numbers whole and mobile numbers but their ends', () => {
    expect(redactSensitive('身份证 11010119800307003X 电话 13800138000')).toBe('身份证 ****** 电话 138****8000');
    expect(redactSensitive('电话:+8613800138000。')).toBe('电话:+******。');
    expect(redactSensitive('电话 138-0013-8000，或 139 1234 5678')).toBe('电话 138****8000，或 139****5678');
    // digits glued to a number do not hide it
    expect(findSensitive(redactSensitive('1医13800138000100'))).toEqual([]);
    expect(maskPhone('13700000001')).toBe('137****0001');
    expect(findSensitive('2026年3月20日 09:05 门诊绿通 ord_abc123')).toEqual([]);
  });
});
