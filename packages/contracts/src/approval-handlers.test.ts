import { describe, expect, it } from 'vitest';
import { approvalBundleFileName, approvalHandlerNames, approvalHandlers } from './approval-handlers.js';

describe('approval handlers', () => {
  it('name each bundle after the kebab-case form of the handler', () => {
    expect(approvalHandlerNames.map(approvalBundleFileName)).toEqual([
      'notify-approver.zip',
      'decide.zip',
      'deploy.zip',
      'record-deployment.zip',
    ]);
  });

  it('map camelCase names to their kebab-case stems one to one', () => {
    for (const handler of approvalHandlerNames)
      expect(approvalHandlers[handler]).toBe(handler.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
    expect(new Set(Object.values(approvalHandlers)).size).toBe(approvalHandlerNames.length);
  });
});
