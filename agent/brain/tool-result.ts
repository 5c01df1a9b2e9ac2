/**
 * Reading tool results (typed `unknown` at the ToolRunner seam) without trusting their shape:
 * a missing or mistyped field reads as absent, so a changed tool degrades to "not found" rather
 * than a crash mid-call.
 */
export type ResultRecord = Record<string, unknown>;

export function asRecord(value: unknown): ResultRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as ResultRecord)
    : {};
}

export function field(result: ResultRecord, key: string): string | undefined {
  const value = result[key];
  return typeof value === 'string' ? value : undefined;
}

export function numberField(result: ResultRecord, key: string): number | undefined {
  const value = result[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function isOk(result: ResultRecord): boolean {
  return result.ok === true;
}

export function stringList(result: ResultRecord, key: string): string[] {
  const value = result[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function recordList(result: ResultRecord, key: string): ResultRecord[] {
  const value = result[key];
  return Array.isArray(value) ? value.map(asRecord) : [];
}
