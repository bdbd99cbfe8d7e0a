// The one label function lives in shared/ so the main process's messages name fields the same way.
export { BACK_PREFIX, baseKey, fieldLabel } from '../../../shared/field-labels'
