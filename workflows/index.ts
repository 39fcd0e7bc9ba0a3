/** Every workflow the worker runs; the worker bundles this file. */
export { campaignWorkflow } from './campaign';
export { obligationWorkflow } from './obligation';
