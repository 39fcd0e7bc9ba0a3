/**
 * Problems found in a campaign definition, kept as data until they are shown to a person:
 * where (file, line, column, field path), what was expected and what was found.
 */

export type FieldPath = (string | number)[];

export interface DefinitionIssue {
  file: string;
  line?: number;
  column?: number;
  path: FieldPath;
  /** Short English phrase, e.g. "a date YYYY-MM-DD"; translated by {@link formatIssue}. */
  expected: string;
  /** What was there, as the user wrote it (JSON-ish), if anything. */
  found?: string;
}

/** Raised when a definition cannot be used; carries every issue found, not only the first. */
export class DefinitionError extends Error {
  readonly code = 'DEFINITION';
  constructor(readonly issues: DefinitionIssue[]) {
    super(issues.map((issue) => formatIssue(issue, 'en')).join('\n'));
  }
}

export type Language = 'en' | 'zh';

/** `a.yaml:12:7: obligations[2].due.date: expected a date YYYY-MM-DD, found "2022-13-01"` */
export function formatIssue(issue: DefinitionIssue, language: Language): string {
  const where = [issue.file, issue.line, issue.column].filter((part) => part !== undefined).join(':');
  const path = formatPath(issue.path);
  if (language === 'zh') {
    const found = issue.found === undefined ? '' : `，实际为 ${issue.found}`;
    return `${where}：${path ? `${path}：` : ''}应为${translate(issue.expected)}${found}`;
  }
  const found = issue.found === undefined ? '' : `, found ${issue.found}`;
  return `${where}: ${path ? `${path}: ` : ''}expected ${issue.expected}${found}`;
}

export function formatPath(path: FieldPath): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** How a value found in the file is shown: strings quoted, objects abbreviated. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return `a mapping {${Object.keys(value).slice(0, 4).join(', ')}${Object.keys(value).length > 4 ? ', …' : ''}}`;
  return String(value);
}

/** Chinese for the phrases the schema and the validator use; parts in backquotes stay as they are. */
const phrases: [RegExp, string][] = [
  [/^one of (.+)$/, '以下之一：$1'],
  [/^a date YYYY-MM-DD$/, '日期（YYYY-MM-DD）'],
  [/^a real calendar date YYYY-MM-DD$/, '真实存在的日期（YYYY-MM-DD）'],
  [/^a time of day HH:MM$/, '时刻（HH:MM）'],
  [/^an id \(lower-case letters, digits, -\)$/, '标识（小写字母、数字、连字符）'],
  [/^an email address$/, '电子邮箱地址'],
  [/^a non-empty text$/, '非空文本'],
  [/^a text$/, '文本'],
  [/^a whole number(.*)$/, '整数$1'],
  [/^a number$/, '数字'],
  [/^true or false$/, 'true 或 false'],
  [/^at least one (.+)$/, '至少一个$1'],
  [/^exactly one of days or workingDays$/, 'days 与 workingDays 二者之一'],
  [/^either date, or start and end$/, 'date，或 start 与 end'],
  [/^no key (.+)$/, '不应有字段 $1'],
  [/^a unique id$/, '唯一的标识'],
  [/^a known unit or group$/, '已定义的单位或单位组'],
  [/^a known unit$/, '已定义的单位'],
  [/^a known event$/, '已定义的重要时间节点'],
  [/^a known obligation$/, '已定义的任务'],
  [/^a known message template$/, '已定义的消息模板'],
  [/^a known escalation level$/, '已定义的督办层级'],
  [/^a template variable, one of (.+)$/, '模板变量，以下之一：$1'],
  [/^a deadline within the campaign period (.+)$/, '活动期限内的截止时间 $1'],
  [/^deadlines that do not depend on themselves$/, '不循环依赖的截止时间'],
  [/^valid YAML$/, '合法的 YAML'],
  [/^a readable file$/, '可读取的文件'],
  [/^a mapping$/, '映射（键值对）'],
  [/^a JSON-Logic expression/, 'JSON-Logic 表达式'],
  [/^a JSON-Logic operator, one of (.+)$/, 'JSON-Logic 运算符，以下之一：$1'],
  [/^a rule variable, one of (.+)$/, '规则变量，以下之一：$1'],
  [/^min <= max$/, '最小值不大于最大值'],
  [/^a key defined in only one file$/, '只在一个文件中定义的字段'],
  [/^a date covered by the official holiday calendar/, '官方节假日安排已覆盖的日期'],
  [/^a period whose start is not after its end$/, '开始日期不晚于结束日期'],
  [/^a known time zone$/, '有效的时区'],
  [/^message templates for every kind: (.+)$/, '每类消息的模板：$1'],
];

function translate(expected: string): string {
  for (const [pattern, replacement] of phrases) {
    if (pattern.test(expected)) return expected.replace(pattern, replacement);
  }
  return expected;
}
