/** The administrator's simulation before launch: its progress while it runs, then the ranking it would end with. */
import type { SimulationJob } from '../../app/simulations';
import { chineseDateTime } from '../../config/time-format';
import { html, page, type PageUser } from './html';

export function simulationPage(job: SimulationJob, user: PageUser): string {
  const isRunning = job.status === 'running';
  const progress = job.progress;
  const share = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const body = html`
    <p>《${job.title}》（${job.campaignId}）· ${job.startedBy} 于 ${chineseDateTime(job.startedAt, job.timeZone)} 开始模拟</p>
    ${isRunning
      ? html`<div class="card" role="status" aria-live="polite" id="simulation-progress" data-simulation="${job.id}">
          <p>正在时间跳跃服务器上运行整个活动周期（真实的工作流和邮件，约半分钟）……</p>
          <p id="simulation-progress-text">${progress ? html`已到方案日期 ${progress.planDate}，完成 ${progress.done}/${progress.total} 项模拟操作` : '正在启动各项任务'}</p>
          <progress id="simulation-progress-bar" max="100" value="${share}" aria-label="模拟进度">${share}%</progress>
          <p class="muted">进度每2秒更新，完成后显示结果；也可<a href="/admin/simulations/${job.id}">刷新本页</a>。</p></div>
        <script src="/assets/simulation-progress.js"></script>`
      : ''}
    ${job.status === 'failed' ? html`<div class="error" role="alert"><p>模拟失败：${job.error ?? ''}</p></div>` : ''}
    ${job.report
      ? html`<p class="notice" role="status" id="simulation-done">模拟完成：发出 ${job.report.mailCount} 封邮件${job.report.rejected.length > 0 ? html`，${job.report.rejected.length} 项模拟操作被工作流拒绝` : ''}。</p>
        <p><a href="/admin/simulations/${job.id}/report">查看完整模拟报告（排名柱状图、按时报送率、得分明细、时间线）</a></p>
        <h2>活动结束时的考核排名（模拟）</h2>
        <div class="scroll"><table id="simulation-ranking"><thead><tr><th scope="col">名次</th><th scope="col">单位</th><th scope="col">得分</th><th scope="col">按时报送率</th><th scope="col">结果</th></tr></thead><tbody>
        ${job.report.evaluation.units.map(
          (score) => html`<tr><td>${score.isTied ? `并列第${score.rank}` : `第${score.rank}`}</td><td>${score.unit.name}</td><td class="number">${score.score}</td>
            <td class="number">${score.onTimeRate === undefined ? '—' : `${Math.round(score.onTimeRate * 100)}%`}</td>
            <td>${score.isPraised ? '表扬' : ''}${score.isCriticised ? '通报批评' : ''}</td></tr>`,
        )}
        </tbody></table></div>
        ${job.report.rejected.length > 0
          ? html`<h2>被拒绝的模拟操作</h2><ul>${job.report.rejected.map((rejected) => html`<li>${chineseDateTime(rejected.at, job.timeZone)} ${rejected.workflowId}：${rejected.reason}</li>`)}</ul>`
          : ''}`
      : ''}
    <p><a href="/admin">返回活动管理</a></p>`;
  return page('启动前模拟', body, { user });
}
