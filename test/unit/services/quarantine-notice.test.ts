// A damaged case, through the service: listed cases go on, and the reviewer is told once, by name, where it went.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { serviceHarness } from '../../support/service-harness'

describe('a damaged case', () => {
  it('is quarantined with one notice per session while every other case still lists', async () => {
    const a = await serviceHarness({})
    const good = (await a.service.importScans([await a.file('d01-utopia-passport-front.jpg')])).case!.id
    const bad = (await a.service.importScans([await a.file('d02-ita-id-front.jpg')])).case!.id
    await a.service.dispose()
    await writeFile(join(a.userDataDir, 'cases', bad, 'case.json'), '{"schemaVersion": 1, "id": ')

    const b = await serviceHarness({}, { userDataDir: a.userDataDir })
    expect((await b.service.listCases()).map((c) => c.id)).toEqual([good])
    const notices = () =>
      b.events.filter((e) => e.event === 'notice').map((e) => (e.payload as { message: string }).message)
    expect(notices()).toHaveLength(1)
    expect(notices()[0]).toMatch(/could not be read .*not valid JSON.* quarantine/)
    await b.service.listCases()
    expect(notices()).toHaveLength(1)
    await expect(b.service.getCase(bad)).rejects.toThrow()
    await b.service.dispose()
  })
})
