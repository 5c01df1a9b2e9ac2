/**
 * Okabe–Ito: eight colours told apart with every common colour-vision deficiency. Every chart
 * draws from here, always with the same meaning, and never by colour alone (labels, dashes,
 * shapes carry the meaning too).
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** What each colour means across the report. */
export const COLOR = {
  caller: OKABE_ITO.blue,
  agent: OKABE_ITO.orange,
  pass: OKABE_ITO.bluishGreen,
  fail: OKABE_ITO.vermillion,
  latency: OKABE_ITO.reddishPurple,
  neutral: '#6b6b6b',
  grid: '#e3e3e3',
  p50: OKABE_ITO.bluishGreen,
  p90: OKABE_ITO.skyBlue,
  p95: OKABE_ITO.orange,
  p99: OKABE_ITO.vermillion,
} as const;
