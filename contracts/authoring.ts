/**
 * What the authoring editor's browser code and the server exchange (the check API's answer, the
 * editor's choices): plain types, imported by app/authoring and by web/client alike, so that the
 * two sides cannot drift apart.
 */

export interface CheckedProblem {
  /** Field path in the merged definition, e.g. ["obligations", 2, "due", "date"]. */
  path: Array<string | number>;
  /** Where, when the problem is in the draft's own text (not in an included file). */
  line?: number;
  column?: number;
  /** The included file it is in, if not the draft's own text. */
  file?: string;
  severity: 'error' | 'warning';
  /** In Chinese, without the location: 应为…，实际为… */
  message: string;
  /** As `validate --lang zh` prints it. */
  located: string;
}

export interface PreviewMoment {
  date: string;
  local: string;
  obligation: string;
  what: string;
  kind: 'reminder' | 'deadline' | 'escalation';
  units: string;
  provisional?: boolean;
}

export interface TemplatePreview {
  id: string;
  subject: string;
  text: string;
  html: string;
}

export interface CheckResult {
  valid: boolean;
  problems: CheckedProblem[];
  campaignId?: string;
  title?: string;
  instances?: number;
  period?: { start: string; end: string };
  moments?: PreviewMoment[];
  templates?: TemplatePreview[];
}

/** What the editor's form offers: the directory's units and groups, and the language's choices. */
export interface EditorOptions {
  units: Array<{ id: string; name: string; kind: string }>;
  groups: Array<{ id: string; members: string[] }>;
  unitKinds: readonly string[];
  recipients: readonly string[];
  holidayRules: readonly string[];
  messageKinds: readonly string[];
  templateVariables: Record<string, string>;
}
