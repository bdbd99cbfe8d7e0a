// The bitmap the field crops are cut from: the case's display-size preview (2560 px at most; the stored image
// when that is smaller), fetched and decoded once per case side and kept while the case is open, so selecting
// field after field never fetches anything again, and never the full-resolution scan. Opening another case closes
// the previous case's bitmaps.
import type { Side } from '../../../shared/model'
import { loadImage } from '../state/previewPrefetch'

type Entry = { promise: Promise<ImageBitmap>; bitmap: ImageBitmap | null }

const entries = new Map<string, Entry>()
let openCaseId: string | null = null

function forget(): void {
  for (const e of entries.values()) e.promise.then((b) => b.close()).catch(() => undefined)
  entries.clear()
}

/** The decoded bitmap if it is ready, else null (then call cropBitmap). */
export function peekCropBitmap(caseId: string, side: Side): ImageBitmap | null {
  return caseId === openCaseId ? (entries.get(side)?.bitmap ?? null) : null
}

/** The bitmap for crops of this case side, loaded on first use; a failed load is tried again next time. */
export function cropBitmap(caseId: string, side: Side): Promise<ImageBitmap> {
  if (caseId !== openCaseId) {
    forget()
    openCaseId = caseId
  }
  const known = entries.get(side)
  if (known) return known.promise
  const entry: Entry = { promise: loadImage(caseId, side, 'preview'), bitmap: null }
  entries.set(side, entry)
  entry.promise.then(
    (bitmap) => {
      entry.bitmap = bitmap
    },
    () => {
      if (entries.get(side) === entry) entries.delete(side)
    },
  )
  return entry.promise
}
