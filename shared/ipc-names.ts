// The names in the IPC contract, without zod, so the preload bundle stays small. shared/ipc.ts checks at
// compile time that these lists match its schemas exactly.
export const REVIEW_API_METHODS = [
  'getSettings',
  'updateSettings',
  'setApiKey',
  'clearApiKey',
  'listCases',
  'getCase',
  'getImage',
  'importScans',
  'recognize',
  'recognizeAll',
  'cancelBatch',
  'getBatchProgress',
  'setFieldValue',
  'setFieldQuad',
  'moveField',
  'setVerified',
  'addField',
  'deleteField',
  'getPreview',
  'exportCsv',
  'exportJson',
  'chooseImportFolder',
  'importPicked',
  'decide',
  'getAudit',
  'exportAuditCsv',
  'setCaseParams',
  'testConnection',
  'revealExport',
  'getSettingsHistory',
  'deleteCase',
  'deleteAllData',
  'getVaultState',
  'setUpVault',
  'unlockVault',
  'setVaultPassphrase',
  'newRecoveryKey',
  'importSamples',
  'getWorkspace',
  'connectWorkspace',
  'nextCase',
  'claimCase',
  'touchClaim',
  'releaseClaim',
  'copyLocalToTeam',
  'getSummaries',
] as const
export type ReviewApiMethodName = (typeof REVIEW_API_METHODS)[number]

export const REVIEW_EVENT_NAMES = [
  'caseChanged',
  'casesChanged',
  'notice',
  'batchProgress',
  'vaultChanged',
  'workspaceChanged',
  'copyProgress',
] as const
export type ReviewEventNameLiteral = (typeof REVIEW_EVENT_NAMES)[number]

/** IPC channel names: one invoke channel per method, one event channel per event, all derived. */
export const invokeChannel = (method: ReviewApiMethodName): string => `recto:call:${method}`
export const eventChannel = (event: ReviewEventNameLiteral): string => `recto:event:${event}`
