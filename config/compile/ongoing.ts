/** How a task without a deadline of its own (持续推进) is followed, as people read it in the plan, the matrix and the CLI. */
import type { OngoingTask, Plan } from './plan-types';

const periodNames: Record<string, string> = { year: '每年', 'half-year': '每半年', quarter: '每季度', month: '每月', week: '每周' };

/** 每季度报送进展, 纳入“年度工作总结”报送, 按重要时间节点报送进展. */
export function howFollowed(plan: Pick<Plan, 'schedules'>, task: OngoingTask): string {
  if ('in' in task.progress) {
    const into = task.progress.in;
    return `纳入“${plan.schedules.find((schedule) => schedule.obligationId === into)?.title ?? into}”报送`;
  }
  return 'every' in task.progress ? `${periodNames[task.progress.every]}报送进展` : '按重要时间节点报送进展';
}
