/**
 * Escalation rules are JSON-Logic: plain data, evaluated deterministically (inside workflows
 * too), with no way to run code. Validation checks every operator and every variable.
 */
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import type { FieldPath } from './issues';

/** What a rule can look at: the obligation instance and the unit's record in the campaign. */
export const ruleVariables = [
  'obligation.level',
  'obligation.daysLate',
  'obligation.returns',
  'record.overdueCount',
  'record.supervisionNotices',
  'record.interviews',
  'record.criticisms',
] as const;

const operators = [
  '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!', '!!', 'and', 'or', 'if', '?:',
  'var', 'in', 'cat', '+', '-', '*', '/', '%', 'min', 'max',
] as const;

/** Operators whose operands are numbers: a literal operand must be one. */
const numericOperators = ['>', '>=', '<', '<=', '+', '-', '*', '/', '%', 'min', 'max'] as const;

export interface RuleProblem {
  path: FieldPath;
  expected: string;
  found: string;
}

/** Every unknown operator or variable in `expression`, with its path inside the expression. */
export function checkRule(expression: unknown, at: FieldPath): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const visit = (node: unknown, nodePath: FieldPath) => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...nodePath, index]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push({ path: nodePath, expected: 'a JSON-Logic expression (one operator per mapping)', found: keys.length > 0 ? `keys ${keys.map((key) => JSON.stringify(key)).join(', ')}` : 'no keys' });
      return;
    }
    const operator = keys[0]!;
    const argument = (node as Record<string, unknown>)[operator];
    if (!(operators as readonly string[]).includes(operator)) {
      problems.push({ path: [...nodePath, operator], expected: `a JSON-Logic operator, one of ${operators.join(' ')}`, found: JSON.stringify(operator) });
      return;
    }
    if (operator === 'var') {
      const name = Array.isArray(argument) ? argument[0] : argument;
      if (!(ruleVariables as readonly unknown[]).includes(name)) {
        problems.push({ path: [...nodePath, 'var'], expected: `a rule variable, one of ${ruleVariables.join(', ')}`, found: JSON.stringify(name) });
      }
      return;
    }
    if ((numericOperators as readonly string[]).includes(operator)) {
      // `{ '>=': [{ var: … }, "2"] }` compares with text: JavaScript would coerce it, the author meant a number.
      (Array.isArray(argument) ? argument : [argument]).forEach((operand, index) => {
        if (operand !== null && typeof operand === 'object') return;
        if (typeof operand !== 'number') problems.push({ path: Array.isArray(argument) ? [...nodePath, operator, index] : [...nodePath, operator], expected: 'a number or an expression', found: JSON.stringify(operand) ?? String(operand) });
      });
    }
    visit(argument, [...nodePath, operator]);
  };
  visit(expression, at);
  return problems;
}

export type RuleData = {
  obligation: { level: number; daysLate: number; returns: number };
  record: { overdueCount: number; supervisionNotices: number; interviews: number; criticisms: number };
};

/** Evaluates a validated rule; the result is read as true or false. */
export function evaluateRule(expression: Record<string, unknown>, data: RuleData): boolean {
  return Boolean(jsonLogic.apply(expression as RulesLogic, data));
}
