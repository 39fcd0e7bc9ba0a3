/**
 * What vague date words mean. Notices say "11月中旬", "年底前", "上半年"; which day that is, is
 * the issuing office's convention, not the extractor's: every such reading is a setting here and
 * is shown beside the item it produced ("中旬 → 20日"), never applied silently.
 */
export interface Conventions {
  /** Day of the month meant by 上旬 / 中旬 / 下旬 (the last day of each third by default). */
  earlyMonth: number;
  midMonth: number;
  /** `end` = the month's last day. */
  lateMonth: number | 'end';
  /** 月初: day of the month. */
  monthStart: number;
  /** 年底 / 年末 / "到2025年": month-day. */
  yearEnd: string;
  /** 上半年 / 下半年: the month-day each half is due. */
  firstHalf: string;
  secondHalf: string;
  /** How often undated tasks (持续推进、长期坚持、常态化) report progress. */
  ongoingProgress: 'month' | 'quarter' | 'half-year' | 'year';
  /** A recurring report whose day is not stated: working days after the period ends. */
  unstatedRecurringWorkingDaysAfter: number;
}

export const defaultConventions: Conventions = {
  earlyMonth: 10,
  midMonth: 20,
  lateMonth: 'end',
  monthStart: 5,
  yearEnd: '12-31',
  firstHalf: '06-30',
  secondHalf: '12-31',
  ongoingProgress: 'quarter',
  unstatedRecurringWorkingDaysAfter: 5,
};

/** The conventions with the caller's settings over the defaults. */
export function conventionsWith(overrides: Partial<Conventions> = {}): Conventions {
  return { ...defaultConventions, ...overrides };
}
