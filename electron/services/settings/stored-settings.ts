// The persisted settings, validated on every read: a missing or invalid value falls back to its default,
// so a damaged settings file never stops the app (it holds nothing that cannot be entered again).
import { z } from 'zod'
import {
  DEFAULT_ARGOS_BASE_URL,
  DEFAULT_RECOGNITION_SETTINGS,
  DEFAULT_REVIEW_SETTINGS,
  RecognitionSettingsSchema,
  ReviewSettingsSchema,
} from '../../../shared/model'
import { DEFAULT_EXPORT_SETTINGS, ExportSettingsSchema } from '../../../shared/export-options'
import { endpointProblem } from '../../../shared/endpoint'
import type { StoredSettings } from '../ports'

const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: z.infer<T>) => schema.catch(fallback)

const recognitionShape = Object.fromEntries(
  Object.entries(RecognitionSettingsSchema.shape).map(([k, schema]) => [
    k,
    withDefault(
      schema as z.ZodTypeAny,
      DEFAULT_RECOGNITION_SETTINGS[k as keyof typeof DEFAULT_RECOGNITION_SETTINGS],
    ),
  ]),
)

export const DEFAULT_WORKSPACE: StoredSettings['workspace'] = {
  kind: 'local',
  connection: null,
  encryptedPassword: null,
}

export const StoredSettingsSchema = z.object({
  // A stored URL the endpoint rule refuses (plain http: to another computer) reads as the default.
  argosBaseUrl: z
    .string()
    .url()
    .refine((u) => endpointProblem(u) === null)
    .catch(DEFAULT_ARGOS_BASE_URL),
  reviewerName: z.string().catch(''),
  encryptedApiKey: z.string().min(1).nullable().catch(null),
  apiKeyOrigin: z.string().min(1).nullable().catch(null),
  recognition: z.object(recognitionShape).catch(DEFAULT_RECOGNITION_SETTINGS),
  review: z
    .object({
      attentionScore: ReviewSettingsSchema.shape.attentionScore.catch(DEFAULT_REVIEW_SETTINGS.attentionScore),
      fourEyes: ReviewSettingsSchema.shape.fourEyes.catch(DEFAULT_REVIEW_SETTINGS.fourEyes),
      minimumAge: ReviewSettingsSchema.shape.minimumAge.catch(DEFAULT_REVIEW_SETTINGS.minimumAge),
      advanceAfterDecision: ReviewSettingsSchema.shape.advanceAfterDecision.catch(
        DEFAULT_REVIEW_SETTINGS.advanceAfterDecision,
      ),
      sideBySide: ReviewSettingsSchema.shape.sideBySide.catch(DEFAULT_REVIEW_SETTINGS.sideBySide),
      retentionDays: ReviewSettingsSchema.shape.retentionDays.catch(DEFAULT_REVIEW_SETTINGS.retentionDays),
    })
    .catch(DEFAULT_REVIEW_SETTINGS),
  export: z
    .object({
      decidedOnly: ExportSettingsSchema.shape.decidedOnly.catch(DEFAULT_EXPORT_SETTINGS.decidedOnly),
      csv: ExportSettingsSchema.shape.csv.catch(DEFAULT_EXPORT_SETTINGS.csv),
    })
    .catch(DEFAULT_EXPORT_SETTINGS),
  // The workspace (issue 16): a damaged entry reads as "on this computer" (the connection is entered again).
  workspace: z
    .object({
      kind: z.enum(['local', 'team']),
      connection: z.string().min(1).max(2000).nullable(),
      encryptedPassword: z.string().min(1).nullable(),
    })
    .catch(DEFAULT_WORKSPACE),
})

export function parseStoredSettings(raw: unknown): StoredSettings {
  const parsed = StoredSettingsSchema.safeParse(raw && typeof raw === 'object' ? raw : {})
  return parsed.success ? (parsed.data as StoredSettings) : defaultSettings()
}

export function defaultSettings(): StoredSettings {
  return {
    argosBaseUrl: DEFAULT_ARGOS_BASE_URL,
    reviewerName: '',
    encryptedApiKey: null,
    apiKeyOrigin: null,
    recognition: { ...DEFAULT_RECOGNITION_SETTINGS },
    review: { ...DEFAULT_REVIEW_SETTINGS },
    export: { ...DEFAULT_EXPORT_SETTINGS, csv: { ...DEFAULT_EXPORT_SETTINGS.csv } },
    workspace: { ...DEFAULT_WORKSPACE },
  }
}
