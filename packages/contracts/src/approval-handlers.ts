/**
 * The approval Lambda handlers, in one mapping: the camelCase name is how code and logs refer to
 * a handler; the kebab-case stem names its source file (`apps/approval/src/handlers/<stem>.ts`),
 * its bundle (`<stem>.zip`) and its AWS function (`<prefix>-<stem>-<env>`).
 */
export const approvalHandlers = {
  notifyApprover: 'notify-approver',
  decide: 'decide',
  deploy: 'deploy',
  recordDeployment: 'record-deployment',
} as const;

export type ApprovalHandlerName = keyof typeof approvalHandlers;
/** The kebab-case stem of a handler's file, bundle and function names. */
export type ApprovalHandlerStem = (typeof approvalHandlers)[ApprovalHandlerName];

export const approvalHandlerNames = Object.keys(approvalHandlers) as readonly ApprovalHandlerName[];

/** The zip `approval:bundle` writes for a handler and infra deploys: `notify-approver.zip`, `decide.zip`, … */
export function approvalBundleFileName(handler: ApprovalHandlerName): string {
  return `${approvalHandlers[handler]}.zip`;
}
