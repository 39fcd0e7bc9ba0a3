/**
 * A campaign: launches one obligation workflow per (unit, obligation) instance of its compiled
 * plan, in batches through an activity (campaign/launch.ts), then lives until the campaign ends
 * (campaign/continue-as-new.ts). It keeps what belongs to the campaign rather than to one
 * obligation: each unit's record and the definition's rules over it (campaign/rules.ts), the
 * supervisors' actions on a unit, and the administrator's pause, resume, cancel and amend, fanned
 * out to every obligation.
 */
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import {
  type AdminAction,
  type Amendment,
  amendCampaignUpdate,
  campaignDefinitionQuery,
  type CampaignInput,
  type CampaignProgress,
  campaignProgressQuery,
  cancelCampaignUpdate,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  type UnitAction,
  unitActionUpdate,
  type UnitRecordsPageRequest,
  unitRecordQuery,
  unitRecordsPageQuery,
  unitRecordsQuery,
} from '../contracts/campaign';
import { type UnitEvent, unitEventSignal } from '../contracts/obligation';
import { liveUntilEnd } from './campaign/continue-as-new';
import { amendAll, controlAll, launchAll } from './campaign/launch';
import { actOnUnit, recordUnitEvent } from './campaign/rules';
import { CampaignRun } from './campaign/run';
import { pageOfRecords } from './campaign/unit-records';
import { validateAdmin, validateAmendment, validateUnitAction } from './campaign/validators';

const dayMs = 24 * 60 * 60 * 1000;

export async function campaignWorkflow(input: CampaignInput): Promise<CampaignProgress> {
  const run = new CampaignRun(input);
  const { progress, records } = run;
  run.publishPending();

  setHandler(campaignProgressQuery, () => progress);
  setHandler(unitRecordsQuery, () => records.all());
  setHandler(unitRecordsPageQuery, (request: UnitRecordsPageRequest) => pageOfRecords(records.all(), request));
  setHandler(unitRecordQuery, (unitId: string) => records.get(unitId) ?? null);
  setHandler(campaignDefinitionQuery, () => ({ definition: run.definition, timeOffsetMs: input.launch.timeOffsetMs ?? 0 }));
  setHandler(unitEventSignal, (event: UnitEvent) => recordUnitEvent(run, event));
  setHandler(unitActionUpdate, (action: UnitAction) => actOnUnit(run, action), {
    validator: (action: UnitAction) => validateUnitAction(run.definition, progress, records.get(action.unitId), action),
  });
  setHandler(
    pauseCampaignUpdate,
    async (action: AdminAction) => {
      run.pausedAtMs = Date.now();
      progress.phase = 'paused';
      await controlAll(run, { action: 'pause', ...action });
      return progress;
    },
    { validator: (action: AdminAction) => validateAdmin(progress, run.busy, action, 'running', '暂停') },
  );
  setHandler(
    resumeCampaignUpdate,
    async (action: AdminAction) => {
      progress.phase = 'running';
      // Deadlines move by whole days: ten days paused move 04-15 17:30 to 04-25 17:30 (or the next working day).
      const shiftDays = Math.round((Date.now() - run.pausedAtMs) / dayMs);
      await controlAll(run, { action: 'resume', ...action, ...(run.definition.campaign.onPause.shiftDeadlines && shiftDays > 0 ? { shiftDays } : {}) });
      return progress;
    },
    { validator: (action: AdminAction) => validateAdmin(progress, run.busy, action, 'paused', '恢复') },
  );
  setHandler(
    cancelCampaignUpdate,
    async (action: AdminAction) => {
      progress.phase = 'cancelled';
      await controlAll(run, { action: 'cancel', ...action });
      return progress;
    },
    { validator: (action: AdminAction) => validateAdmin(progress, run.busy, action, ['running', 'paused'], '撤销') },
  );
  setHandler(
    amendCampaignUpdate,
    async (amendment: Amendment) => {
      await amendAll(run, amendment);
      return progress;
    },
    { validator: (amendment: Amendment) => validateAmendment(run.definition, progress, run.busy, amendment) },
  );

  if (progress.phase === 'launching') {
    await launchAll(run);
    progress.phase = 'running';
  }
  await liveUntilEnd(run);
  if (progress.phase !== 'cancelled') progress.phase = 'ended';
  await condition(allHandlersFinished);
  return progress;
}
