// What a compromised renderer (calling its own window.api) or another program on this computer can try, and what
// must stay intact (issue 12): the provider's reading of a case, where the API key is sent, and which
// recognition result a case gets. Each attempt is made for real, and the case, the key and the export are then
// read back from the main side.
import { createServer } from 'node:net'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { importAndRecognise, readExportedCsv, storedCase, storedField } from './helpers'

const D01 = 'd01-utopia-passport-front.jpg'

/** A free TCP port on 127.0.0.1 (for the callback receiver). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

// The endpoint and key come from Settings here, not from the environment, so both can be attacked.
test.use({ argosEnv: {} })

test.beforeEach(async ({ app, emulator }) => {
  await app.page.evaluate(
    async ({ url, key }) => {
      await window.api.updateSettings({ argosBaseUrl: url, reviewerName: 'Ann Reviewer' })
      await window.api.setApiKey(key)
    },
    { url: emulator.url, key: emulator.apiKey },
  )
  await app.page.reload()
})

test('the renderer cannot point the stored key at a plain-http host; the key and the endpoint stay', async ({
  app,
  emulator,
}) => {
  const { page, userDataDir } = app
  const settingsFile = join(userDataDir, 'settings.json')
  const before = JSON.parse(await readFile(settingsFile, 'utf8')) as { argosBaseUrl: string }
  expect(before.argosBaseUrl).toBe(emulator.url)

  // Straight through window.api.
  const refused = await page.evaluate(async () => {
    try {
      await window.api.updateSettings({ argosBaseUrl: 'http://203.0.113.5/modules' })
      return null
    } catch (err) {
      return (err as Error).message
    }
  })
  expect(refused).toContain('https')
  const view = await page.evaluate(() => window.api.getSettings())
  expect(view).toMatchObject({ argosBaseUrl: emulator.url, apiKeySet: true })
  expect(JSON.parse(await readFile(settingsFile, 'utf8'))).toMatchObject({ argosBaseUrl: emulator.url })

  // And through the Settings dialog: refused in an alert naming https, the saved URL unchanged.
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await dialog.getByLabel('ARGOS base URL').fill('http://203.0.113.5/modules')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'https' }).first()).toBeVisible()
  await dialog.getByRole('button', { name: 'Close' }).click()
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(dialog.getByLabel('ARGOS base URL')).toHaveValue(emulator.url)
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(page.getByLabel('ARGOS endpoint')).toContainText('127.0.0.1')

  // The key still works where it was saved for: a recognition goes through with it.
  await importAndRecognise(page, [D01], 'NZL', 'passport')
  expect(emulator.requests.at(-1)).toMatchObject({ keyValid: true })
})

test('the renderer cannot rewrite the provider’s reading: OCR value, score, engine verdict and provider fields', async ({
  app,
}) => {
  const { page, exportDir } = app
  await importAndRecognise(page, [D01], 'NZL', 'passport')
  const original = (await storedField(page, D01, 'name')) as unknown as Record<string, unknown>
  expect(original.ocrValue).toBeTruthy()

  const attempts = await page.evaluate(async (name) => {
    const id = (await window.api.listCases()).find((c) => c.name === name)!.id
    const c = await window.api.getCase(id)
    const f = c.fields.find((x) => x.key === 'name')!
    const state = { side: f.side, value: f.value, quad: f.quad, verified: f.verified }
    const api = window.api as unknown as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>
    const outcome = async (run: () => Promise<unknown> | undefined) => {
      try {
        await run()
        return 'accepted'
      } catch (err) {
        return (err as Error).message
      }
    }
    return {
      // The old whole-field call is gone from the contract.
      editField: typeof api.editField,
      // A forged reading riding along an intent is refused at the boundary (strict schemas).
      forgedAdd: await outcome(() =>
        api.addField!(id, 'name_2', { ...state, ocrValue: 'MALLORY', score: 100, accepted: true }),
      ),
      forgedDelete: await outcome(() => api.deleteField!(id, 'name', { ...state, quadSource: 'drawn' })),
      // A provider's field cannot be deleted (to be re-added as the reviewer's own).
      deleteProvider: await outcome(() => api.deleteField!(id, 'name', state)),
      // Value edits are the reviewer's: allowed, and they leave the reading alone.
      value: await outcome(() => api.setFieldValue!(id, 'name', 'MALLORY EVE', f.value)),
    }
  }, D01)
  expect(attempts.editField).toBe('undefined')
  expect(attempts.forgedAdd).toContain('Invalid arguments')
  expect(attempts.forgedDelete).toContain('Invalid arguments')
  expect(attempts.deleteProvider).toContain('recognised field cannot be deleted')
  expect(attempts.value).toBe('accepted')

  const after = (await storedField(page, D01, 'name')) as unknown as Record<string, unknown>
  expect(after).toEqual({ ...original, value: 'MALLORY EVE' })
  const stored = await storedCase(page, D01)
  expect(stored.fields.some((f: { key: string }) => f.key === 'name_2')).toBe(false)

  // The export's OCR columns say what the provider read, next to the reviewer's correction.
  await page.evaluate(async (name) => {
    const id = (await window.api.listCases()).find((c) => c.name === name)!.id
    await window.api.exportCsv(
      { caseIds: [id], decidedOnly: false },
      {
        delimiter: ',',
        bom: true,
        includeOcr: true,
        normaliseDates: true,
        maskDocumentNumbers: false,
        excludeMrz: false,
      },
    )
  }, D01)
  const { rows } = await readExportedCsv(exportDir)
  const [header, line] = rows as [string[], string[]]
  expect(line[header.indexOf('name')]).toBe('MALLORY EVE')
  expect(line[header.indexOf('name__ocr')]).toBe(original.ocrValue)
  expect(line[header.indexOf('name__corrected')]).toBe('true')
})

test('forged, guessed and replayed callbacks are refused; the case gets the provider’s result', async ({
  app,
  emulator,
}) => {
  const { page } = app
  const port = await freePort()
  await page.evaluate(
    (p) => window.api.updateSettings({ recognition: { callbackMode: true, callbackPort: p } }),
    port,
  )
  const base = `http://127.0.0.1:${port}/argos/callback`
  const forged = JSON.stringify({
    statusCode: 200,
    transactionId: 'forged',
    result: { data: { ocr: { name: 'MALLORY', number: 'X0000000' } } },
  })
  const post = (url: string, headers: Record<string, string>, body = forged) =>
    fetch(url, { method: 'POST', headers, body }).then(
      (r) => r.status,
      () => 'no answer',
    )

  // The request is in flight (the emulator holds its acknowledgement, so the callback token is issued and waiting)
  // while the forgeries arrive: none may be taken for the result.
  emulator.setLatency(2000)
  const json = { 'content-type': 'application/json' }
  let statuses: Record<string, number | string> = {}
  try {
    const recognising = importAndRecognise(page, [D01], 'NZL', 'passport')
    await expect.poll(() => emulator.requests.filter((r) => r.status === null).length).toBe(1)
    statuses = {
      noToken: await post(base, json),
      guessed: await post(`${base}/${'A'.repeat(43)}`, json),
      // A web page's cross-origin "simple" request: text/plain, with its Origin.
      fromPage: await post(`${base}/${'B'.repeat(43)}`, {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
      }),
    }
    await recognising
  } finally {
    emulator.setLatency(0)
  }
  expect(statuses.noToken).toBe(404)
  expect(statuses.guessed).toBe(404)
  // Refused before its Origin or content type is even looked at: it cannot know the token either.
  expect(statuses.fromPage).toBe(404)

  await emulator.callbacksSettled()
  const delivered = emulator.callbacks.find((c) => !c.duplicate)!
  expect(delivered.receiverStatus).toBe(204)
  // Replaying the real callback URL (its token is spent) with a forged body is refused too.
  expect(await post(delivered.url, json)).toBe(404)

  const c = await storedCase(page, D01)
  expect(c.status).toBe('recognised')
  expect(c.transactionId).toBe(delivered.transactionId)
  const name = c.fields.find((f: { key: string }) => f.key === 'name') as { value: string; ocrValue: string }
  expect(name.ocrValue).not.toContain('MALLORY')
  expect(c.fields.some((f: { value: string }) => f.value.includes('MALLORY'))).toBe(false)
})
