import {
  ageOn,
  birthDateOf,
  idCheckChar,
  isValidIdNumber,
  isValidName,
  isValidPhone,
  maskCardNo,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizeIdNumber,
  normalizeName,
} from '../../server/domain/identity';

/**
 * The GB 11643-1999 check character, computed here independently of the module: sum of digit ×
 * (2^(17-i) mod 11) for positions i = 0..16, then the standard's table indexed by sum mod 11.
 */
function withCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (2 ** (17 - i) % 11);
  return body + ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][sum % 11];
}

/** Any check character except the right one. */
function wrongCheck(body: string): string {
  const right = withCheck(body).slice(-1);
  return body + (right === '0' ? '1' : '0');
}

describe('R2.3 ID number', () => {
  it('R2.3 the standard example 11010519491231002X is valid', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(withCheck('11010519491231002')).toBe('11010519491231002X');
  });

  it.each([
    '44030419900307123',
    '31011520000229456', // born on a leap day
    '65010219851231987',
    '11010520240101001',
    '81000019800101002', // Hong Kong residents' residence permit, same format
  ])('R2.3 %s + its check character is valid; any other check character is not', (body) => {
    expect(isValidIdNumber(withCheck(body))).toBe(true);
    expect(idCheckChar(body)).toBe(withCheck(body).slice(-1));
    expect(isValidIdNumber(wrongCheck(body))).toBe(false);
  });

  it('R2.3 a check character X in lower case is accepted and normalised', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(normalizeIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X');
    // Full-width, as a Chinese input method types it.
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(isValidIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe(true);
  });

  it.each([
    ['wrong check character', '110105194912310021'],
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['old 15-digit number', '110105491231002'],
    ['letter inside', '1101051949123100AX'],
    ['X not last', 'X10105194912310021'],
    ['leading zero area', withCheck('01010519491231002')],
    ['30 February', withCheck('11010519900230002')],
    ['29 February of a common year', withCheck('11010519990229002')],
    ['month 13', withCheck('11010519901301002')],
    ['born before 1900', withCheck('44052418800101001')],
    ['empty', ''],
  ])('R2.3 refuses %s', (_why, id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it('R2.3 a birth date after today is refused when today is given', () => {
    const id = withCheck('11010520300101001');
    expect(isValidIdNumber(id)).toBe(true);
    expect(isValidIdNumber(id, '2026-03-10')).toBe(false);
    expect(isValidIdNumber(withCheck('11010520260310001'), '2026-03-10')).toBe(true);
  });
});

describe('R4.4 birth date and age from the ID number', () => {
  const id1956 = withCheck('11010519560310001');
  const leapBorn = withCheck('31011520000229456');

  it('reads the birth date in positions 7-14', () => {
    expect(birthDateOf(id1956)).toBe('1956-03-10');
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
    expect(birthDateOf('110105194912310021')).toBeNull();
  });

  it('R4.4 ages are full years: 70 on the birthday, 69 the day before', () => {
    expect(ageOn(id1956, '2026-03-09')).toBe(69);
    expect(ageOn(id1956, '2026-03-10')).toBe(70);
    expect(ageOn(id1956, '2027-03-10')).toBe(71);
    expect(ageOn(id1956, '1950-01-01')).toBeNull();
    expect(ageOn(id1956, 'not a day')).toBeNull();
  });

  it('R4.4 a 29 February birthday counts on 1 March in common years', () => {
    expect(ageOn(leapBorn, '2014-02-28')).toBe(13);
    expect(ageOn(leapBorn, '2014-03-01')).toBe(14);
    expect(ageOn(leapBorn, '2016-02-29')).toBe(16);
  });
});

describe('R2.3 phone', () => {
  it.each(['13812345678', '19900001111', ' 15012345678 '])('R2.3 accepts %s', (p) => {
    expect(isValidPhone(p)).toBe(true);
  });

  it.each(['23812345678', '1381234567', '138123456789', '138-1234-5678', '+8613812345678', '1381234567a', ''])(
    'R2.3 refuses %s',
    (p) => {
      expect(isValidPhone(p)).toBe(false);
    },
  );
});

describe('R2.3 name', () => {
  it.each(['张三', '张三丰', '欧阳娜娜', '阿依古丽·买买提', ' 李四 ', 'John Smith', 'Zoë', '王'.repeat(20)])(
    'R2.3 accepts %s',
    (n) => {
      expect(isValidName(n)).toBe(true);
    },
  );

  it.each([
    ['one character', '张'],
    ['21 characters', '王'.repeat(21)],
    ['only spaces', '   '],
    ['digits', '张3'],
    ['punctuation', '张三!'],
    ['leading dot', '·张三'],
    ['double dot', '阿依古丽··买买提'],
    ['emoji', '张三😀'],
  ])('R2.3 refuses %s', (_why, n) => {
    expect(isValidName(n)).toBe(false);
  });

  it('R2.3 counts code points, not UTF-16 units', () => {
    // 𠀀 (U+20000) is one character but two UTF-16 units: 20 of them are 40 units.
    expect(isValidName('𠀀'.repeat(20))).toBe(true);
    expect(isValidName('𠀀'.repeat(21))).toBe(false);
  });

  it('normalises look-alike dots and spaces', () => {
    expect(normalizeName('阿依古丽•买买提')).toBe('阿依古丽·买买提');
    expect(normalizeName('阿依古丽 ・ 买买提')).toBe('阿依古丽·买买提');
    expect(normalizeName('  John   Smith ')).toBe('John Smith');
    expect(isValidName('阿依古丽•买买提')).toBe(true);
  });
});

describe('masks', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['阿依古丽·买买提', '阿**丽·买*提'],
    ['John Smith', 'J**n S***h'],
    ['Li', 'L*'],
    ['J Smith', 'J S***h'],
    ['张', '*'],
    ['', ''],
  ])('maskName(%s) → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('maskPhone keeps the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('123')).toBe('***');
  });

  it('maskIdNumber keeps the first 3 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('110***********002X');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
    expect(maskIdNumber('1234567')).toBe('*******');
  });

  it('maskCardNo keeps the last 4 digits', () => {
    expect(maskCardNo('6200123412341234')).toBe('**** 1234');
    expect(maskCardNo('6200 1234 1234 9876')).toBe('**** 9876');
    expect(maskCardNo('1234')).toBe('****');
  });
});
