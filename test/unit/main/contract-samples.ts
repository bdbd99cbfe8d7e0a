// One valid argument list per contract method, and a fake ReviewService generated from the contract.
// Typed as a Record over the method names, so a new method in shared/ipc.ts fails to compile here until covered.
import { vi, type Mock } from 'vitest'
import { REVIEW_API_METHODS, type ReviewApiMethod } from '../../../shared/ipc'

const CASE = 'case-0001'
const QUAD = [
  { x: 0, y: 0 },
  { x: 10, y: 0 },
  { x: 10, y: 5 },
  { x: 0, y: 5 },
]

export const VALID_ARGS: Record<ReviewApiMethod, unknown[]> = {
  getAudit: [CASE],
  getWorkspace: [],
  connectWorkspace: [{ kind: 'team', connection: 'postgres://anna@db.example.org/recto', password: null }],
  nextCase: [],
  claimCase: [CASE],
  touchClaim: [CASE],
  releaseClaim: [CASE, false],
  copyLocalToTeam: [],
  getSummaries: [[CASE]],
  importSamples: [],
  exportAuditCsv: [[CASE]],
  setCaseParams: [[CASE], { issuingCountry: 'FRA', idType: null }],
  testConnection: [],
  revealExport: ['/tmp/recto-export.csv'],
  getSettingsHistory: [],
  deleteCase: [CASE, 'Duplicate submission'],
  deleteAllData: [],
  getVaultState: [],
  setUpVault: ['correct horse battery'],
  unlockVault: [{ kind: 'passphrase', passphrase: 'correct horse battery' }],
  setVaultPassphrase: ['a new passphrase'],
  newRecoveryKey: [],
  decide: [CASE, { kind: 'rejected', reason: 'Document expired', note: 'expired 2024' }],
  getSettings: [],
  updateSettings: [{ reviewerName: 'Reviewer One' }],
  setApiKey: ['k-123456'],
  clearApiKey: [],
  listCases: [],
  getCase: [CASE],
  getImage: [CASE, 'front'],
  importScans: [[{ name: 'front.jpg', bytes: new Uint8Array([1, 2, 3]) }]],
  recognize: [[CASE], { issuingCountry: 'KOR', idType: 'passport' }],
  recognizeAll: [null],
  cancelBatch: [],
  getBatchProgress: [],
  setFieldValue: [CASE, 'name', 'ERIKSSON ANNA', null],
  setFieldQuad: [CASE, 'name', QUAD, null],
  moveField: [CASE, 'name', { side: 'back', quad: QUAD }, { side: 'front', quad: null }],
  setVerified: [CASE, 'name', true],
  addField: [CASE, 'remarks', { side: 'front', value: '', quad: QUAD, verified: false }],
  deleteField: [CASE, 'remarks', { side: 'front', value: '', quad: QUAD, verified: false }],

  getPreview: [CASE, 'front'],
  exportCsv: [
    { caseIds: [CASE], decidedOnly: false },
    {
      delimiter: ';',
      bom: true,
      includeOcr: true,
      normaliseDates: true,
      maskDocumentNumbers: false,
      excludeMrz: true,
    },
  ],
  exportJson: [{ caseIds: [CASE], decidedOnly: true }],
  chooseImportFolder: [],
  importPicked: ['0f8e2a44-1b2c-4d5e-8f90-123456789abc', 'scans/id_front.jpg', 'scans/id_back.jpg'],
}

export type FakeService = Record<ReviewApiMethod | 'dispose', Mock>

export function fakeService(): FakeService {
  const service = { dispose: vi.fn(async () => undefined) } as Partial<FakeService>
  for (const method of REVIEW_API_METHODS) service[method] = vi.fn(async () => ({ ok: method }))
  return service as FakeService
}
