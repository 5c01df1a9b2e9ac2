import { describe, expect, test } from 'vitest';
import {
  addDays,
  cardinalGroups,
  daysBetween,
  digitReadings,
  digitsForReadback,
  formatAmountForSpeech,
  formatDateForSpeech,
  formatTimeForSpeech,
  isoDate,
  matchesShape,
  parseAmount,
  parseCode,
  parseDate,
  parseDateParts,
  parseDayPart,
  parseDigits,
  parsePhone,
  parseTime,
  parseYesNo,
  parseZip,
  spellForReadback,
  timeAsWords,
  tokenize,
  weekdayOf,
} from './spoken-forms.ts';

// A Tuesday.
const TODAY = '2026-11-10';

describe('parseCode', () => {
  test.each([
    ['a as in apple b three seven nine two', 'AB3792'],
    ['A AS IN APPLE B AS IN BOY THREE SEVEN NINE TWO', 'AB3792'],
    ['AB3792', 'AB3792'],
    ['ab3792', 'AB3792'],
    ['AB-3792.', 'AB3792'],
    ['AB 3792', 'AB3792'],
    ['My order number is AB3792.', 'AB3792'],
    ['It is A B 3 7 9 2', 'AB3792'],
    ['alpha bravo three seven nine two', 'AB3792'],
    ['a like apple b like boy 3792', 'AB3792'],
    ['a for apple b for boy three seven nine two', 'AB3792'],
    ['as in apple as in boy three seven nine two', 'AB3792'],
    ['d as in boy', 'B'], // the spelling word wins over a misheard letter
    ['x as in x-ray', 'X'],
    ['x as in x ray', 'X'],
    ['m as in mary four eight two seven one nine three', 'M4827193'],
    ['I think it is M as in Mary four eight two seven one nine three', 'M4827193'],
    ['bravo double five oh one', 'B5501'],
    ['k triple seven two', 'K7772'],
    ['double e', 'EE'],
    ['double u', 'W'],
    ['double you', 'W'],
    ['h d zero eight four seven', 'HD0847'],
    ['h d oh eight four seven', 'HD0847'],
    ['bee cee dee', 'BCD'],
    ['can you see', null], // "see" and "you" are words here, not C and U
    ['c two oh four one seven', 'C20417'],
    ['++garbage++ a b three', 'AB3'],
    ['<unk>', null],
    ['[noise]', null],
    ['', null],
    ['um my order number is', null],
  ])('%j → %j', (text, code) => {
    expect(parseCode(text)).toBe(code);
  });

  test.each([
    ['A B thirty seven ninety two', 'LLDDDD', 'AB3792'],
    ['h d oh eight forty seven', 'LLDDDD', 'HD0847'],
    ['h d o eight four seven', 'LLDDDD', 'HD0847'], // "o" is a letter unless the shape wants a digit
    ['z x ninety fifty one', 'LLDDDD', 'ZX9051'],
    ['zero k four four one zero', 'LLDDDD', 'OK4410'], // and "zero" becomes O where a letter belongs
    ['m forty eight twenty seven one ninety three', 'LDDDDDDD', 'M4827193'],
  ])('with shape: %j (%s) → %j', (text, shape, code) => {
    expect(parseCode(text, { shape })).toBe(code);
  });

  test('without a fitting reading, the most likely one is returned', () => {
    expect(parseCode('a b three', { shape: 'LLDDDD' })).toBe('AB3');
  });

  test('matchesShape', () => {
    expect(matchesShape('AB3792', 'LLDDDD')).toBe(true);
    expect(matchesShape('AB379', 'LLDDDD')).toBe(false);
    expect(matchesShape('A83792', 'LLDDDD')).toBe(false);
    // "L+": a spelled name, letters only, any length (an "oh" is the letter O there).
    expect(matchesShape('CINDY', 'L+')).toBe(true);
    expect(matchesShape('C1NDY', 'L+')).toBe(false);
    expect(parseCode('c i n d oh', { shape: 'L+' })).toBe('CINDO');
    expect(matchesShape('A83792', 'LADDDD')).toBe(true);
  });
});

describe('parseDigits / parsePhone / parseZip', () => {
  test.each([
    ['four one five five five five oh one three four', '4155550134'],
    ['four fifteen five five five oh one three four', '4155550134'],
    ['four one five, five five five, zero one three four', '4155550134'],
    ['FOUR ONE FIVE FIVE FIVE FIVE OH ONE THREE FOUR', '4155550134'],
    ['four one five triple five oh one three four', '4155550134'],
    ['four one five double five five oh one three four', '4155550134'],
    ['four fifteen five fifty five oh one thirty four', '4155550134'],
    ['four one five five five five zero one thirty four', '4155550134'],
    ['(415) 555-0134', '4155550134'],
    ['415-555-0134', '4155550134'],
    ['415.555.0134', null], // dots are not separators in spoken text; written with dots it is one token
    ['+1 415 555 0134', '4155550134'],
    ['1 (415) 555-0134', '4155550134'],
    ['one four one five five five five oh one three four', '4155550134'],
    ['plus one four one five five five five oh one three four', '4155550134'],
    ['4155550134', '4155550134'],
    ['my number is 415 555 0134 thanks', '4155550134'],
    ['eight hundred five five five one two one two', '8005551212'],
    ['one eight hundred five five five one two one two', '8005551212'],
    ['four hundred fifteen five five five oh one three four', '4155550134'],
    ['two one two five five five oh one eight seven', '2125550187'],
    ['four one five five five five', null],
    ['++garbage++', null],
    ['yes', null],
  ])('parsePhone(%j) → %j', (text, phone) => {
    expect(parsePhone(text)).toBe(phone);
  });

  test.each([
    ['nine four one one zero', '94110'],
    ['ninety four one ten', '94110'],
    ['94110', '94110'],
    ['94110-1234', '94110'],
    ['my zip is one zero zero zero one', '10001'],
    ['ten thousand one', '10001'],
    ['nine four one one', null],
  ])('parseZip(%j) → %j', (text, zip) => {
    expect(parseZip(text)).toBe(zip);
  });

  test.each([
    ['one two three', undefined, '123'],
    ['twenty twenty', undefined, '2020'],
    ['nineteen eighty five', undefined, '1985'],
    ['two thousand five', undefined, '2005'],
    ['two thousand and ten', undefined, '2010'],
    ['a hundred', undefined, '100'],
    ['double oh seven', undefined, '007'],
    ['forty two', undefined, '42'],
    ['forty two', 3, '402'],
    ['no digits here', undefined, null],
  ])('parseDigits(%j, length %s) → %j', (text, length, digits) => {
    expect(parseDigits(text, length === undefined ? {} : { length })).toBe(digits);
  });

  test('digitReadings lists the alternatives, most likely first', () => {
    expect(digitReadings(['eight', 'hundred', 'five'])).toEqual(['8005', '805']);
    expect(digitReadings(['four', 'hundred', 'fifteen'])).toEqual(['415', '40015']);
    expect(digitReadings(['forty', 'two'])).toEqual(['42', '402']);
  });

  test('cardinalGroups splits numbers where one ends', () => {
    expect(cardinalGroups(['one', 'hundred', 'twenty', 'three'])).toEqual([123]);
    expect(cardinalGroups(['twelve', 'fifty'])).toEqual([12, 50]);
    expect(cardinalGroups(['nineteen', 'eighty', 'five'])).toEqual([19, 85]);
    expect(cardinalGroups(['two', 'thousand', 'three', 'hundred'])).toEqual([2300]);
  });
});

describe('parseDate', () => {
  test.each([
    ['march third', '2027-03-03'],
    ['March 3rd', '2027-03-03'],
    ['march the third', '2027-03-03'],
    ['the third of march', '2027-03-03'],
    ['3 March', '2027-03-03'],
    ['march third twenty twenty seven', '2027-03-03'],
    ['march 3, 2027', '2027-03-03'],
    ['the twenty third of november', '2026-11-23'],
    ['the 23rd of november', '2026-11-23'],
    ['November 23rd', '2026-11-23'],
    ['november twenty three', '2026-11-23'],
    ['THE TWENTY THIRD OF NOVEMBER', '2026-11-23'],
    ['november tenth', '2026-11-10'], // today is still ahead
    ['november ninth', '2027-11-09'],
    ['11/27', '2026-11-27'],
    ['11/27/2026', '2026-11-27'],
    ['11-27', '2026-11-27'],
    ['2026-12-01', '2026-12-01'],
    ['eleven twenty seven', '2026-11-27'],
    ['twelve fifth', '2026-12-05'],
    ['one twenty', '2027-01-20'],
    ['oh three fifteen', '2027-03-15'],
    ['tomorrow', '2026-11-11'],
    ['today', '2026-11-10'],
    ['the day after tomorrow', '2026-11-12'],
    ['tuesday', '2026-11-17'], // a Tuesday today: the next one
    ['next tuesday', '2026-11-17'],
    ['this friday', '2026-11-13'],
    ['next friday', '2026-11-13'],
    ['friday after next', '2026-11-20'],
    ['monday', '2026-11-16'],
    ['the fifteenth', '2026-11-15'],
    ['on the 15th', '2026-11-15'],
    ['the fifth', '2026-12-05'],
    ['tomorrow at three pm', '2026-11-11'],
    ['tuesday march third', '2027-03-03'],
    ['next thursday in the afternoon', '2026-11-12'],
    ['february thirtieth', null],
    ['february twenty ninth', '2028-02-29'],
    ['march', null],
    ['the one on tuesday', '2026-11-17'],
    ['yes', null],
    ['++garbage++', null],
    ['', null],
  ])('%j → %j', (text, iso) => {
    expect(parseDate(text, TODAY)).toBe(iso);
  });

  test.each([
    ['march fifteenth nineteen eighty five', '1985-03-15'],
    ['March 15, 1985', '1985-03-15'],
    ['3/15/85', '1985-03-15'],
    ['3/15/05', '2005-03-15'],
    ['03151985', '1985-03-15'],
    ['031585', '1985-03-15'],
    ['oh three one five one nine eight five', '1985-03-15'],
    ['march fifteenth eighty five', '1985-03-15'],
    ['the fifteenth of march nineteen eighty five', '1985-03-15'],
    ['three fifteen eighty five', '1985-03-15'],
    ['eleven twenty seven nineteen ninety', '1990-11-27'],
    ['july fourth nineteen seventy eight', '1978-07-04'],
    ['july fourth two thousand', '2000-07-04'],
    ['january first two thousand five', '2005-01-01'],
    ['march fifteenth', null], // a birth date needs its year
    ['last friday', null],
  ])('date of birth %j → %j', (text, iso) => {
    expect(parseDate(text, TODAY, { prefer: 'past', requireYear: true })).toBe(iso);
  });

  test('looking back without a year', () => {
    expect(parseDate('march third', TODAY, { prefer: 'past' })).toBe('2026-03-03');
    expect(parseDate('december first', TODAY, { prefer: 'past' })).toBe('2025-12-01');
    expect(parseDate('last friday', TODAY, { prefer: 'past' })).toBe('2026-11-06');
    expect(parseDate('the fifteenth', TODAY, { prefer: 'past' })).toBe('2026-10-15');
  });

  test('parseDateParts keeps what was said', () => {
    expect(parseDateParts('march fifteenth eighty five')).toEqual({
      month: 3,
      day: 15,
      year: 85,
      yearDigits: 2,
    });
    expect(parseDateParts('march fifteenth')).toEqual({ month: 3, day: 15 });
    expect(parseDateParts('tomorrow')).toBeNull();
  });

  test('rejects a malformed today', () => {
    expect(() => parseDate('tomorrow', '11/10/2026')).toThrow(/YYYY-MM-DD/);
  });
});

describe('parseTime / parseDayPart', () => {
  test.each([
    ['three thirty pm', '15:30'],
    ['three thirty p m', '15:30'],
    ['3:30 p.m.', '15:30'],
    ['3:30 PM', '15:30'],
    ['3:30pm', '15:30'],
    ['10am', '10:00'],
    ['10 a.m.', '10:00'],
    ['ten a m', '10:00'],
    ["ten o'clock", '10:00'],
    ['ten thirty in the morning', '10:30'],
    ['two in the afternoon', '14:00'],
    ['nine at night', '21:00'],
    ['noon', '12:00'],
    ['midnight', '00:00'],
    ['twelve pm', '12:00'],
    ['twelve am', '00:00'],
    ['half past two', '14:30'],
    ['quarter past nine', '09:15'],
    ['quarter to five', '16:45'],
    ['ten past three', '15:10'],
    ['fifteen thirty', '15:30'],
    ['fifteen hundred', '15:00'],
    ['14:00', '14:00'],
    ['three', '15:00'], // business hours: three is afternoon
    ['nine', '09:00'],
    ['eleven fifteen', '11:15'],
    ['two oh five', '14:05'],
    ["how about three o'clock", '15:00'],
    ['tomorrow at 10am', '10:00'],
    ['march third at four', '16:00'],
    ['the first one', null],
    ['morning', null],
    ['yes', null],
  ])('%j → %j', (text, time) => {
    expect(parseTime(text)).toBe(time);
  });

  test('without the business-hours reading, the hour stays as said', () => {
    expect(parseTime('three', { meridiem: 'none' })).toBe('03:00');
  });

  test.each([
    ['in the morning', 'morning'],
    ['sometime after lunch', 'afternoon'],
    ['afternoon please', 'afternoon'],
    ['evening', 'evening'],
    ['three pm', null],
  ])('parseDayPart(%j) → %j', (text, part) => {
    expect(parseDayPart(text)).toBe(part);
  });
});

describe('parseYesNo', () => {
  test.each([
    ['yes', 'yes'],
    ['Yes.', 'yes'],
    ['YES', 'yes'],
    ['yeah', 'yes'],
    ['yep', 'yes'],
    ["that's right", 'yes'],
    ['that is correct', 'yes'],
    ['correct', 'yes'],
    ['right', 'yes'],
    ['sure', 'yes'],
    ['uh huh', 'yes'],
    ['yes please', 'yes'],
    ['sounds good', 'yes'],
    ["that's it", 'yes'],
    ['no', 'no'],
    ['No.', 'no'],
    ['nope', 'no'],
    ['nah', 'no'],
    ["that's wrong", 'no'],
    ['wrong', 'no'],
    ['incorrect', 'no'],
    ["that's not right", 'no'],
    ['not correct', 'no'],
    ['no it is b as in boy', 'no'],
    ["no, it's four one five", 'no'],
    ['no that is right', 'no'],
    ["I don't know", null],
    ['not sure', null],
    ['maybe', null],
    ['a b three', null],
    ['', null],
    ['++garbage++', null],
  ])('%j → %j', (text, answer) => {
    expect(parseYesNo(text)).toBe(answer);
  });
});

describe('parseAmount', () => {
  test.each([
    ['$12.50', 12.5],
    ['12.50', 12.5],
    ['$12', 12],
    ['$1,234.56', 1234.56],
    ['it was $5.5', 5.5],
    ['twelve dollars and fifty cents', 12.5],
    ['twelve dollars fifty', 12.5],
    ['twelve fifty', 12.5],
    ['a dollar fifty', 1.5],
    ['fifty cents', 0.5],
    ['one hundred twenty three dollars', 123],
    ['a hundred dollars', 100],
    ['two thousand three hundred dollars', 2300],
    ['twenty five', 25],
    ['no amount', null],
  ])('%j → %j', (text, amount) => {
    expect(parseAmount(text)).toBe(amount);
  });
});

describe('read-backs', () => {
  test('spellForReadback spells letters and separates digits', () => {
    expect(spellForReadback('AB3792')).toBe('A as in apple, B as in boy, 3, 7, 9, 2');
    expect(spellForReadback('m4827193')).toBe('M as in mary, 4, 8, 2, 7, 1, 9, 3');
    expect(spellForReadback('X1')).toBe('X as in x-ray, 1');
  });

  test('every read-back word parses back to its letter', () => {
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
      const spoken = spellForReadback(letter);
      expect(parseCode(spoken), spoken).toBe(letter);
    }
  });

  test('a read-back parses back to the code', () => {
    for (const code of ['AB3792', 'HD0847', 'M4827193', 'C20417', 'ZX9051', 'OO1100'])
      expect(parseCode(spellForReadback(code))).toBe(code);
  });

  test('digitsForReadback groups phone numbers', () => {
    expect(digitsForReadback('4155550134')).toBe('4 1 5, 5 5 5, 0 1 3 4');
    expect(digitsForReadback('(415) 555-0134')).toBe('4 1 5, 5 5 5, 0 1 3 4');
    expect(digitsForReadback('5550134')).toBe('5 5 5, 0 1 3 4');
    expect(digitsForReadback('94110')).toBe('9 4 1 1 0');
    expect(parsePhone(digitsForReadback('4155550134'))).toBe('4155550134');
  });

  test('dates, times and amounts for speech', () => {
    expect(formatDateForSpeech('2026-03-03')).toBe('March 3rd');
    expect(formatDateForSpeech('2026-03-03', { weekday: true })).toBe('Tuesday, March 3rd');
    expect(formatDateForSpeech('1985-03-15', { year: true })).toBe('March 15th, 1985');
    expect(formatDateForSpeech('2026-11-11')).toBe('November 11th');
    expect(formatDateForSpeech('2026-11-22')).toBe('November 22nd');
    expect(formatTimeForSpeech('10:00')).toBe('10 AM');
    expect(formatTimeForSpeech('14:30')).toBe('2:30 PM');
    expect(formatTimeForSpeech('12:00')).toBe('noon');
    expect(formatTimeForSpeech('00:15')).toBe('12:15 AM');
    expect(timeAsWords('10:30')).toBe('ten thirty a m');
    expect(timeAsWords('14:05')).toBe('two oh five p m');
    expect(timeAsWords('09:00')).toBe('nine a m');
    expect(formatAmountForSpeech(25)).toBe('$25');
    expect(formatAmountForSpeech(12.5)).toBe('$12.50');
  });

  test('spoken forms of times and dates parse back', () => {
    for (const t of ['09:00', '10:30', '13:00', '14:05', '16:45', '12:00']) {
      expect(parseTime(timeAsWords(t))).toBe(t);
      expect(parseTime(formatTimeForSpeech(t))).toBe(t);
    }
    for (const d of ['2026-11-11', '2026-12-31', '2027-03-03'])
      expect(parseDate(formatDateForSpeech(d, { weekday: true }), TODAY)).toBe(d);
  });
});

describe('calendar and tokens', () => {
  test('calendar arithmetic', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(weekdayOf(TODAY)).toBe(2);
    expect(daysBetween('2026-11-10', '2026-12-10')).toBe(30);
    expect(isoDate(2026, 2, 29)).toBeNull();
  });

  test('tokenize drops garbage tokens and keeps apostrophes', () => {
    expect(tokenize("<sil> That's ++garbage++ [noise] right.").map((t) => t.word)).toEqual([
      "that's",
      'right',
    ]);
    expect(tokenize('x-ray A.M.').map((t) => t.word)).toEqual(['xray', 'am']);
    expect(tokenize('GARBAGE yes filler').map((t) => t.word)).toEqual(['yes']);
  });
});
