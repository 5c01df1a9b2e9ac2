/**
 * The words callers use for each kind of answer, as grammar tokens (lower case; letters are
 * "a." … "z."). Kept apart from the grammar structure so the lists are easy to review and extend.
 */

export const DIGIT_WORDS = ['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
export const NONZERO_DIGIT_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
export const TEEN_WORDS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'] as const;
export const TENS_WORDS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

export const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');
export const letterToken = (letter: string): string => `${letter.toLowerCase()}.`;

/**
 * Words that spell a letter: NATO first, then the names people use on the phone ("B as in boy").
 * A letter's words all start with it, which is what lets "as in" fix an E-set confusion.
 */
export const SPELLING_WORDS: Readonly<Record<string, readonly string[]>> = {
  a: ['alpha', 'apple', 'adam'],
  b: ['bravo', 'boy', 'baker'],
  c: ['charlie', 'cat'],
  d: ['delta', 'dog', 'david'],
  e: ['echo', 'edward', 'elephant'],
  f: ['foxtrot', 'frank', 'fox'],
  g: ['golf', 'george'],
  h: ['hotel', 'henry', 'harry'],
  i: ['india', 'ida', 'igloo'],
  j: ['juliet', 'john', 'jack'],
  k: ['kilo', 'king'],
  l: ['lima', 'larry', 'lincoln'],
  m: ['mike', 'mary', 'mother'],
  n: ['november', 'nancy', 'nora'],
  o: ['oscar', 'orange', 'ocean'],
  p: ['papa', 'peter', 'paul'],
  q: ['quebec', 'queen'],
  r: ['romeo', 'robert', 'roger'],
  s: ['sierra', 'sam', 'sugar'],
  t: ['tango', 'tom', 'thomas'],
  u: ['uniform', 'umbrella', 'uncle'],
  v: ['victor', 'victory', 'violin'],
  w: ['whiskey', 'william', 'water'],
  x: ['xray'],
  y: ['yankee', 'yellow'],
  z: ['zulu', 'zebra'],
};

/** What joins a letter to its spelling word. */
export const SPELLING_JOINERS = ['as in', 'like', 'for'] as const;

export const HESITATIONS = ['um', 'uh', 'hmm'] as const;

export const YES_PHRASES = [
  'yes', 'yeah', 'yep', 'yup', 'correct', 'right', "that's right", "that's correct", 'that is right', 'that is correct',
  "that's it", 'sure', 'okay', 'ok', 'uh-huh', 'mhm', 'absolutely', 'yes please', 'yes it is', 'yes that is correct',
  "yes that's right", "yes that's correct", 'of course', 'exactly', 'it is', 'sounds good', 'go ahead', 'please do',
] as const;

export const NO_PHRASES = [
  'no', 'nope', 'nah', 'no thanks', 'no thank you', "that's wrong", 'that is wrong', "that's not right", 'that is not right',
  "that's not correct", 'that is not correct', 'not really', 'incorrect', "no it's not", 'no it is not', 'not quite', 'negative', 'wrong',
] as const;

/** Commands a caller may say in any state (the reference agent's COMMAND_PHRASES and their variants). */
export const COMMAND_PHRASES = [
  'representative', 'agent', 'operator', 'human', 'a human', 'a person', 'a real person',
  'talk to a human', 'talk to an agent', 'talk to a representative', 'talk to someone', 'talk to a person',
  'speak to a human', 'speak to an agent', 'speak to a representative', 'speak to someone', 'speak to a person',
  'i want to talk to a human', 'i want to speak to a representative', 'i need to talk to someone', 'customer service',
  'goodbye', 'bye', "that's all", 'that is all', 'repeat that', 'say that again', 'can you repeat that', 'what was that',
  'main menu', 'start over', "i don't know", 'i do not know', 'help',
] as const;

export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** Ordinals 1–31 as spoken ("twenty first"). */
export const DAY_ORDINALS: readonly string[] = (() => {
  const units = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
  const teens = ['tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
  return [...units, ...teens, 'twentieth', ...units.map((u) => `twenty ${u}`), 'thirtieth', 'thirty first'];
})();

/**
 * What callers say when they have no entity to give or ask something instead: the free grammar's
 * sentences, and the domain words of its word loop.
 */
export const FREE_PHRASES = [
  'i want to check on my order', 'i want to check my order', 'check my order', 'check on my order', 'order status',
  'where is my order', "where's my order", 'i want to know where my order is', 'track my order', 'my package',
  'i want to book an appointment', 'i would like to book an appointment', 'book an appointment', 'make an appointment',
  'i need to make an appointment', 'schedule an appointment', 'i need an appointment', 'appointments',
  'i want to reschedule my appointment', 'reschedule my appointment', 'i need to reschedule', 'change my appointment',
  'i want to cancel my appointment', 'cancel my appointment', 'i need to cancel',
  'i want to check my benefits', 'check my benefits', 'verify my benefits', 'benefits', 'what are my benefits', 'is it covered',
  'what are your opening hours', 'what are your hours', 'when are you open',
  'sorry can you say that again', 'sorry what', 'can you say that again', 'i have a question', 'no thank you', 'thank you',
  "that's all thank you", 'yes please', 'no', 'yes', 'hello', 'hi', 'hello is anyone there',
  // Every request with the usual lead-ins ("i need to book an appointment").
  ...['i want to', 'i need to', "i'd like to", 'i would like to', 'can i', 'could i', "i'm calling to"].flatMap((lead) =>
    ['book an appointment', 'make an appointment', 'reschedule my appointment', 'cancel my appointment', 'check on my order', 'check my order', 'check my benefits', 'verify my benefits'].map((what) => `${lead} ${what}`),
  ),
];

/** Extra words for the free grammar's loop (beyond the words of FREE_PHRASES and COMMAND_PHRASES). */
export const FREE_WORDS = [
  'a', 'an', 'the', 'i', 'my', 'me', 'you', 'your', 'we', 'it', 'is', 'are', 'was', 'to', 'on', 'in', 'for', 'of', 'and', 'or',
  'with', 'about', 'can', 'could', 'would', 'like', 'want', 'need', 'have', 'get', 'know', 'please', 'thanks', 'yes', 'no', 'not',
  'what', 'when', 'where', 'how', 'why', 'order', 'orders', 'package', 'delivery', 'shipping', 'tracking', 'appointment',
  'appointments', 'doctor', 'book', 'schedule', 'reschedule', 'cancel', 'change', 'move', 'benefits', 'coverage', 'insurance',
  'plan', 'member', 'account', 'number', 'phone', 'code', 'today', 'tomorrow', 'week', 'time', 'date', 'morning', 'afternoon',
  'problem', 'question', 'help', 'again', 'sorry', 'wrong', 'right', 'okay', 'this', 'that', 'there', 'here', 'still', 'yet',
  'haven\'t', 'didn\'t', 'don\'t', 'received', 'arrived', 'late', 'refund', 'return', 'bill', 'payment', 'pay',
] as const;

/** Lead-ins before an answer ("my number is", "it's"). */
export const ANSWER_LEADS = ["it's", 'it is', 'my number is', 'the number is', "it's uh", 'sure', 'yes', 'yeah', 'okay', 'ok', 'so'] as const;
export const CODE_LEADS = [
  "it's", 'it is', 'my code is', 'the code is', 'my order number is', 'the order number is', 'my order id is',
  'my member id is', 'my confirmation code is', 'the confirmation code is', 'sure', 'yes', 'yeah', 'okay', 'ok', 'so',
] as const;
export const DATE_LEADS = ["it's", 'it is', 'on', 'how about', 'my date of birth is', 'my birthday is', 'i was born on', 'sure', 'okay', 'ok', 'yes'] as const;
export const TIME_LEADS = ["it's", 'at', 'around', 'about', 'how about', 'sure', 'okay', 'ok'] as const;
export const NAME_LEADS = ['my name is', 'this is', "it's", 'it is', "i'm", 'i am', 'the name is'] as const;
export const MENU_LEADS = ["i'd like", 'i would like', 'i want', 'i need', "let's do", 'the', 'option'] as const;
