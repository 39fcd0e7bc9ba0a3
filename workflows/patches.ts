/**
 * Every change to running workflow code, by the name `patched()` records in new histories.
 * Campaigns run for a year, so a change that alters the commands a workflow issues is guarded by
 * one of these, and the recorded histories in test/histories/ replay against both branches. The
 * README's patch registry says what each guards, which recorded history covers the old branch, and
 * when it can go (once no workflow started before it still runs: `temporal workflow list` with
 * `StartTime <` the release date of the patch).
 */
export const patches = {
  // obligation
  supervisorDecisionReminders: 'supervisor-decision-reminders',
  catchUpFromExecutionStart: 'catch-up-from-execution-start',
  rectificationAsOwnWorkflow: 'rectification-as-own-workflow',
  catchUpEntersLadder: 'catch-up-enters-ladder',
  decisionSurvivesPause: 'decision-survives-pause',
  resumeKeepsLateness: 'resume-keeps-lateness',
  partialRejectionNotice: 'partial-rejection-notice',
  decisionRemindersOnWorkingDays: 'decision-reminders-on-working-days',
  // campaign
  launchReadsDefinition: 'launch-reads-definition',
  continueAsNewAtHistoryLength: 'continue-as-new-at-history-length',
  campaignDeliveryFailedNotice: 'campaign-delivery-failed-notice',
  campaignPendingProposalsSearchAttribute: 'campaign-pending-proposals-search-attribute',
  campaignCompactCarriedState: 'campaign-compact-carried-state',
} as const;
