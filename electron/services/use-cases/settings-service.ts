// Settings as the ReviewApi offers them: the view (once the store and the settings are open), changes, the API key
// and the settings history. The rules (the admin policy wins, the key is never shown) live in settings/settings.ts.
import type { SettingsPatch } from '../../../shared/ipc'
import type { SettingsView } from '../../../shared/model'
import type { ApiPart, ServiceContext } from './context'

export type SettingsApi = ApiPart<
  'getSettings' | 'updateSettings' | 'setApiKey' | 'clearApiKey' | 'getSettingsHistory'
>

export function createSettingsService({ settings, ready }: ServiceContext): SettingsApi {
  return {
    async getSettings(): Promise<SettingsView> {
      await ready
      return settings.view()
    },
    async updateSettings(patch: SettingsPatch) {
      return settings.update(patch)
    },
    async setApiKey(key: string) {
      return settings.setApiKey(key)
    },
    async clearApiKey() {
      return settings.clearApiKey()
    },
    getSettingsHistory() {
      return settings.history()
    },
  }
}
